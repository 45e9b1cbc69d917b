//! Host backend: Cranelift's x86-64 code generator writing an ELF object through
//! `cranelift-object`. The CLIF uses 64-bit words (D3).

use super::{BackendError, DataKind, Program};
use cranelift_codegen::ir::{self, ExternalName};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_module::{DataDescription, Linkage, Module};
use cranelift_object::{ObjectBuilder, ObjectModule};
use std::collections::HashMap;

fn err(function: &str, message: impl std::fmt::Display) -> BackendError {
    BackendError {
        function: function.to_string(),
        message: message.to_string(),
    }
}

/// Signatures of the namespace-0 symbols, taken from the functions that call or define them.
fn function_signatures(program: &Program) -> HashMap<u32, ir::Signature> {
    let mut sigs = HashMap::new();
    for f in &program.functions {
        if let ir::UserFuncName::User(name) = &f.clif.name {
            sigs.insert(name.index, f.clif.signature.clone());
        }
        for ext in f.clif.dfg.ext_funcs.values() {
            if let ExternalName::User(r) = &ext.name {
                let name = &f.clif.params.user_named_funcs()[*r];
                if name.namespace == 0 {
                    sigs.entry(name.index)
                        .or_insert_with(|| f.clif.dfg.signatures[ext.signature].clone());
                }
            }
        }
    }
    sigs
}

/// Compiles `program` for x86-64 Linux and returns the ELF relocatable.
pub fn emit_object(program: &Program) -> Result<Vec<u8>, BackendError> {
    let mut flags = settings::builder();
    for (k, v) in [
        ("opt_level", "speed"),
        ("is_pic", "false"),
        ("preserve_frame_pointers", "true"),
    ] {
        flags.set(k, v).map_err(|e| err("<settings>", e))?;
    }
    let isa = cranelift_codegen::isa::lookup_by_name("x86_64-unknown-linux-gnu")
        .map_err(|e| err("<isa>", e))?
        .finish(settings::Flags::new(flags))
        .map_err(|e| err("<isa>", e))?;
    let builder = ObjectBuilder::new(
        isa,
        "upyc_program",
        cranelift_module::default_libcall_names(),
    )
    .map_err(|e| err("<object>", e))?;
    let mut module = ObjectModule::new(builder);

    // Declare in namespace order so FuncId/DataId numbers equal our symbol indices.
    let sigs = function_signatures(program);
    let defined: HashMap<&str, bool> = program
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.exported))
        .collect();
    let mut func_ids = Vec::new();
    for (i, name) in program.func_symbols.iter().enumerate() {
        let linkage = match defined.get(name.as_str()) {
            Some(true) => Linkage::Export,
            Some(false) => Linkage::Local,
            None => Linkage::Import,
        };
        let sig = sigs
            .get(&(i as u32))
            .cloned()
            .unwrap_or_else(|| module.make_signature());
        let id = module
            .declare_function(name, linkage, &sig)
            .map_err(|e| err(name, e))?;
        if id.as_u32() != i as u32 {
            return Err(err(name, "function symbol numbering mismatch"));
        }
        func_ids.push(id);
    }
    let mut data_descs = Vec::new();
    let data_defs: HashMap<&str, &super::DataDef> =
        program.data.iter().map(|d| (d.name.as_str(), d)).collect();
    for (i, name) in program.data_symbols.iter().enumerate() {
        let (linkage, writable) = match data_defs.get(name.as_str()) {
            Some(d) => (
                if d.exported {
                    Linkage::Export
                } else {
                    Linkage::Local
                },
                d.kind != DataKind::ReadOnly,
            ),
            None => (Linkage::Import, true),
        };
        let id = module
            .declare_data(name, linkage, writable, false)
            .map_err(|e| err(name, e))?;
        if id.as_u32() != i as u32 {
            return Err(err(name, "data symbol numbering mismatch"));
        }
        if let Some(d) = data_defs.get(name.as_str()) {
            let mut desc = DataDescription::new();
            match d.kind {
                DataKind::Zeroed => desc.define_zeroinit(d.bytes.len()),
                _ => desc.define(d.bytes.clone().into_boxed_slice()),
            }
            desc.set_align(d.align);
            data_descs.push((id, desc, &d.relocs, name));
        }
    }
    // Data defined once every symbol is declared: addresses in it may name any.
    for (id, mut desc, relocs, name) in data_descs {
        for &(offset, entry) in relocs {
            address_in_data(&mut module, &func_ids, &mut desc, offset, entry)
                .map_err(|e| err(name, e))?;
        }
        module.define_data(id, &desc).map_err(|e| err(name, e))?;
    }
    // The bytecode symbol pool: one word per entry, filled by relocations.
    let pool_name = upyc_abi::bytecode::POOL;
    let pool_id = module
        .declare_data(pool_name, Linkage::Export, true, false)
        .map_err(|e| err(pool_name, e))?;
    let mut desc = DataDescription::new();
    desc.define(vec![0u8; program.pool.len().max(1) * 8].into_boxed_slice());
    desc.set_align(8);
    for (i, &entry) in program.pool.iter().enumerate() {
        address_in_data(&mut module, &func_ids, &mut desc, (i * 8) as u32, entry)
            .map_err(|e| err(pool_name, e))?;
    }
    module
        .define_data(pool_id, &desc)
        .map_err(|e| err(pool_name, e))?;
    for f in &program.functions {
        let ir::UserFuncName::User(name) = &f.clif.name else {
            return Err(err(&f.name, "function has no symbol number"));
        };
        let id = func_ids[name.index as usize];
        let mut ctx = Context::for_function(f.clif.clone());
        module
            .define_function(id, &mut ctx)
            .map_err(|e| err(&f.name, format!("{e:?}")))?;
    }
    module.finish().emit().map_err(|e| err("<object>", e))
}

/// Makes the word at `offset` of `desc` the address `entry` names.
fn address_in_data(
    module: &mut ObjectModule,
    func_ids: &[cranelift_module::FuncId],
    desc: &mut DataDescription,
    offset: u32,
    entry: super::PoolEntry,
) -> Result<(), String> {
    match entry {
        super::PoolEntry::Func(f) | super::PoolEntry::Entry(f) => {
            let id = *func_ids
                .get(f as usize)
                .ok_or("address of a function out of range")?;
            let r = module.declare_func_in_data(id, desc);
            desc.write_function_addr(offset, r);
        }
        super::PoolEntry::Data(d) => {
            let id = cranelift_module::DataId::from_u32(d);
            let gv = module.declare_data_in_data(id, desc);
            desc.write_data_addr(offset, gv, 0);
        }
    }
    Ok(())
}
