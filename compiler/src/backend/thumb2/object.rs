//! ELF relocatable writer for ARM (EABI5, hard float): one section per function and per
//! data object, Thumb function symbols (bit 0 set), `$t` mapping symbols, REL relocations
//! with their addends already encoded in the instructions.

use std::collections::HashMap;

use object::write::{Object, Relocation, Symbol, SymbolId, SymbolSection};
use object::{
    elf, Architecture, BinaryFormat, Endianness, FileFlags, RelocationFlags, SectionKind,
    SymbolFlags, SymbolKind, SymbolScope,
};

use super::emit::{Asm, RelocKind};
use super::inst::SymRef;
use crate::backend::{DataKind, PoolEntry, Program};

/// Builds the object from the compiled code of every function (same order as
/// `program.functions`).
pub fn write(program: &Program, code: &[Asm]) -> Result<Vec<u8>, String> {
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::Arm, Endianness::Little);
    obj.flags = FileFlags::Elf {
        os_abi: 0,
        abi_version: 0,
        e_flags: elf::EF_ARM_EABI_VER5 | elf::EF_ARM_ABI_FLOAT_HARD,
    };
    let mut defined: HashMap<String, SymbolId> = HashMap::new();
    let scope = |exported: bool| {
        if exported {
            SymbolScope::Linkage
        } else {
            SymbolScope::Compilation
        }
    };

    // Function sections and symbols.
    let mut func_sections = Vec::new();
    for (f, asm) in program.functions.iter().zip(code) {
        let name = format!(".text.{}", f.name).into_bytes();
        let sec = obj.add_section(Vec::new(), name, SectionKind::Text);
        let off = obj.append_section_data(sec, &asm.code, 4);
        obj.add_symbol(Symbol {
            name: b"$t".to_vec(),
            value: off,
            size: 0,
            kind: SymbolKind::Label,
            scope: SymbolScope::Compilation,
            weak: false,
            section: SymbolSection::Section(sec),
            flags: SymbolFlags::None,
        });
        let id = obj.add_symbol(Symbol {
            name: f.name.clone().into_bytes(),
            value: off | 1,
            size: asm.code.len() as u64,
            kind: SymbolKind::Text,
            scope: scope(f.exported),
            weak: false,
            section: SymbolSection::Section(sec),
            flags: SymbolFlags::None,
        });
        if defined.insert(f.name.clone(), id).is_some() {
            return Err(format!("function `{}` defined twice", f.name));
        }
        func_sections.push((sec, off));
    }

    // Data sections and symbols.
    let mut data_sections = Vec::new();
    for d in &program.data {
        let (prefix, kind) = match d.kind {
            DataKind::ReadOnly => (".rodata", SectionKind::ReadOnlyData),
            DataKind::Writable => (".data", SectionKind::Data),
            DataKind::Zeroed => (".bss", SectionKind::UninitializedData),
        };
        let sec = obj.add_section(
            Vec::new(),
            format!("{prefix}.{}", d.name).into_bytes(),
            kind,
        );
        let align = d.align.max(1);
        let off = if d.kind == DataKind::Zeroed {
            obj.append_section_bss(sec, d.bytes.len() as u64, align)
        } else {
            obj.append_section_data(sec, &d.bytes, align)
        };
        data_sections.push((sec, off));
        let id = obj.add_symbol(Symbol {
            name: d.name.clone().into_bytes(),
            value: off,
            size: d.bytes.len() as u64,
            kind: SymbolKind::Data,
            scope: scope(d.exported),
            weak: false,
            section: SymbolSection::Section(sec),
            flags: SymbolFlags::None,
        });
        if defined.insert(d.name.clone(), id).is_some() {
            return Err(format!("symbol `{}` defined twice", d.name));
        }
    }

    // The bytecode symbol pool: one word per entry, filled by R_ARM_ABS32 relocations
    // (a Thumb function's address gets bit 0 from the linker).
    let pool_name = upyc_abi::bytecode::POOL;
    let pool_sec = obj.add_section(
        Vec::new(),
        format!(".rodata.{pool_name}").into_bytes(),
        SectionKind::ReadOnlyData,
    );
    let pool_off = obj.append_section_data(pool_sec, &vec![0u8; program.pool.len() * 4], 4);
    let pool_id = obj.add_symbol(Symbol {
        name: pool_name.as_bytes().to_vec(),
        value: pool_off,
        size: (program.pool.len() * 4) as u64,
        kind: SymbolKind::Data,
        scope: SymbolScope::Linkage,
        weak: false,
        section: SymbolSection::Section(pool_sec),
        flags: SymbolFlags::None,
    });
    defined.insert(pool_name.to_string(), pool_id);

    // Relocations (undefined symbols are created on first reference).
    let mut undefined: HashMap<String, SymbolId> = HashMap::new();
    let mut symbol_of = |obj: &mut Object, sym: SymRef| -> Result<SymbolId, String> {
        let (name, kind) = match sym {
            SymRef::Func(i) => (program.func_symbols.get(i as usize), SymbolKind::Text),
            SymRef::Data(i) => (program.data_symbols.get(i as usize), SymbolKind::Data),
        };
        let name = name.ok_or("symbol index out of range")?;
        Ok(match defined.get(name) {
            Some(&id) => id,
            None => *undefined.entry(name.clone()).or_insert_with(|| {
                obj.add_symbol(Symbol {
                    name: name.clone().into_bytes(),
                    value: 0,
                    size: 0,
                    kind,
                    scope: SymbolScope::Linkage,
                    weak: false,
                    section: SymbolSection::Undefined,
                    flags: SymbolFlags::None,
                })
            }),
        })
    };
    // Words holding an address: the pool's and those of data objects.
    let pool_words = program
        .pool
        .iter()
        .enumerate()
        .map(|(i, &e)| (pool_sec, pool_off + (i * 4) as u64, e));
    let data_words = program
        .data
        .iter()
        .zip(&data_sections)
        .flat_map(|(d, &(sec, off))| {
            d.relocs
                .iter()
                .map(move |&(at, e)| (sec, off + u64::from(at), e))
        });
    for (sec, offset, entry) in pool_words.chain(data_words) {
        let sym = match entry {
            PoolEntry::Func(f) | PoolEntry::Entry(f) => SymRef::Func(f),
            PoolEntry::Data(d) => SymRef::Data(d),
        };
        let symbol = symbol_of(&mut obj, sym)?;
        obj.add_relocation(
            sec,
            Relocation {
                offset,
                symbol,
                addend: 0,
                flags: RelocationFlags::Elf {
                    r_type: elf::R_ARM_ABS32,
                },
            },
        )
        .map_err(|e| e.to_string())?;
    }
    for ((sec, base), asm) in func_sections.iter().zip(code) {
        for r in &asm.relocs {
            let symbol = symbol_of(&mut obj, r.sym)?;
            let r_type = match r.kind {
                RelocKind::Call => elf::R_ARM_THM_PC22,
                RelocKind::MovwAbs => elf::R_ARM_THM_MOVW_ABS_NC,
                RelocKind::MovtAbs => elf::R_ARM_THM_MOVT_ABS,
            };
            obj.add_relocation(
                *sec,
                Relocation {
                    offset: base + u64::from(r.offset),
                    symbol,
                    addend: 0,
                    flags: RelocationFlags::Elf { r_type },
                },
            )
            .map_err(|e| e.to_string())?;
        }
    }
    obj.write().map_err(|e| e.to_string())
}
