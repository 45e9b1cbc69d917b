//! `--emit bytecode`: turns optimised functions into upyc bytecode (format in
//! [`upyc_abi::bytecode`]) run by the runtime's VM. Each converted function keeps its
//! symbol and signature as a small native stub that enters the VM, so native code,
//! function objects, closures and generators call it exactly as before.

mod encode;
mod regs;

pub use encode::Pool;
pub(crate) use encode::{uleb, zigzag};

use crate::backend::{DataDef, DataKind, PoolEntry, Program};
use crate::lower::CompactCode;
use crate::lower::Target;
use cranelift_codegen::ir::{
    self, immediates::Imm64, AbiParam, ExtFuncData, ExternalName, GlobalValueData, InstBuilder,
    MemFlagsData, StackSlotData, StackSlotKind, UserExternalName,
};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use std::collections::{HashMap, HashSet};
use upyc_abi::bytecode as bc;

/// What the conversion did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Functions now in bytecode.
    pub converted: usize,
    /// Of those, functions in compact (Python-level) bytecode.
    pub compact: usize,
    /// Bytes of bytecode (code objects and the symbol pool).
    pub bytes: usize,
    /// Functions that stayed native although bytecode was asked for, with the reason
    /// (a form the VM does not run, e.g. a frame above its largest size).
    pub kept_native: Vec<(String, String)>,
}

/// Symbol of the code object of function `name`.
fn code_symbol(name: &str) -> String {
    format!("upy_bc_{name}")
}

/// Converts the functions named in `names` to bytecode: compact bytecode for those in
/// `compact` (compiled while lowering, their symbols already in `pool`), register
/// bytecode for the others.
pub fn convert(
    program: &mut Program,
    names: &HashSet<String>,
    mut compact: HashMap<String, CompactCode>,
    mut pool: Pool,
    target: Target,
) -> Report {
    let mut report = Report::default();
    let word_bits = target.word_bits;
    let mut blobs = Vec::new();
    // The body symbols of compact functions whose code objects are in their
    // descriptors.
    let mut code_objects = HashSet::new();
    let mut main_in_entry = false;
    for f in program.functions.iter_mut() {
        if !names.contains(&f.name) {
            continue;
        }
        // A compact frame above the VMs' largest size falls back to register bytecode,
        // which applies the same limit (and stays native above it).
        let (code, frame_words, params, exec) = match compact
            .remove(&f.name)
            .filter(|c| c.frame_words as usize <= MAX_FRAME_WORDS)
        {
            Some(c) => {
                report.compact += 1;
                (c.bytes, c.frame_words, c.params, upyc_abi::pybc::EXEC)
            }
            None => {
                // (A function that fails half-way may leave unused pool words behind.)
                let encoded = regs::allocate(&f.clif, word_bits)
                    .and_then(|alloc| encode::encode(&f.clif, &alloc, &mut pool, word_bits))
                    .and_then(|enc| {
                        if enc.frame_words as usize > MAX_FRAME_WORDS {
                            return Err(format!(
                                "a frame of {} words (the VM runs frames of up to {MAX_FRAME_WORDS})",
                                enc.frame_words
                            ));
                        }
                        Ok(enc)
                    });
                match encoded {
                    Ok(enc) => (enc.code, enc.frame_words, enc.params, bc::VM_EXEC),
                    Err(reason) => {
                        report.kept_native.push((f.name.clone(), reason));
                        continue;
                    }
                }
            }
        };
        if std::env::var_os("UPYC_DUMP_BYTECODE").is_some() {
            let form = if exec == upyc_abi::pybc::EXEC {
                "compact"
            } else {
                "register"
            };
            eprintln!(
                "; {}: {form}, {} bytes, frame {frame_words} words, parameters in {params:?}",
                f.name,
                code.len(),
            );
        }
        report.converted += 1;
        report.bytes += code.len();
        // A compact function's code object follows the names in its descriptor (one
        // block of data); any other code object (register bytecode, a module body) is a
        // symbol of its own.
        let compact = exec == upyc_abi::pybc::EXEC;
        if compact && f.name == upyc_abi::emitted::MAIN {
            // The main module's body follows the start-up word, which names the VM's
            // entry: no machine code.
            if let Some(d) = program
                .data
                .iter_mut()
                .find(|d| d.name == upyc_abi::emitted::ENTRY)
            {
                d.bytes.extend_from_slice(&code);
                let run = intern(&mut program.func_symbols, upyc_abi::pybc::MAIN_ENTRY);
                d.relocs = vec![(0, PoolEntry::Func(run))];
                main_in_entry = true;
                continue;
            }
        }
        let desc = crate::lower::Symbols::of(&f.name).desc;
        let in_desc = if compact {
            program.data.iter_mut().find(|d| d.name == desc)
        } else {
            None
        };
        let (data_index, offset) = match in_desc {
            Some(d) => {
                let offset = compact_descriptor(d, &code, target);
                code_objects.insert(f.name.clone());
                let index = program.data_symbols.iter().position(|n| *n == desc);
                let index = index.unwrap_or_else(|| unreachable!("descriptor {desc} has a symbol"));
                (index as u32, offset as i64)
            }
            None => {
                let sym = code_symbol(&f.name);
                let index = program.data_symbols.len() as u32;
                program.data_symbols.push(sym.clone());
                blobs.push(DataDef {
                    name: sym,
                    exported: false,
                    kind: DataKind::ReadOnly,
                    align: 1,
                    bytes: code,
                    relocs: Vec::new(),
                });
                (index, 0)
            }
        };
        // The entry symbol is interned only when used, so an image links only the VMs
        // its functions enter.
        let exec = intern(&mut program.func_symbols, exec);
        f.clif = stub(
            &f.clif,
            frame_words,
            &params,
            exec,
            (data_index, offset),
            target,
        );
    }
    if main_in_entry {
        program
            .functions
            .retain(|f| f.name != upyc_abi::emitted::MAIN);
    }
    report.bytes += pool.entries.len() * target.word_bytes() as usize;
    program.data.extend(blobs);
    program.pool = pool.entries;
    resolve_entries(program, &code_objects);
    report
}

/// Turns descriptor `d` (see `upyc_abi::fun_desc`) into a compact bytecode function's:
/// the compact flag in its shape, no name (the code object's header has it) and no
/// entry word, the code object after the parameter names. Returns the code object's
/// offset.
fn compact_descriptor(d: &mut DataDef, code: &[u8], target: Target) -> usize {
    let shape = u16::from_le_bytes([d.bytes[0], d.bytes[1]]);
    let flag = (upyc_abi::FUN_COMPACT << upyc_abi::fun_desc::SHAPE_FLAGS_SHIFT) as u16;
    let entry_word = d.bytes.len() - target.word_bytes() as usize;
    let mut bytes = (shape | flag).to_le_bytes().to_vec();
    // The parameter names: after the shape and the name, before the padding.
    let (shape_n, max) = (shape as usize, upyc_abi::fun_desc::MAX_PARAMS);
    let n_names = (shape_n & max) + (shape_n >> upyc_abi::fun_desc::SHAPE_KWONLY_SHIFT & max);
    let names = &d.bytes[4..(4 + 2 * n_names).min(entry_word)];
    bytes.extend_from_slice(names);
    let offset = bytes.len();
    bytes.extend_from_slice(code);
    d.bytes = bytes;
    d.relocs.clear();
    d.align = 2;
    offset
}

/// Names the VM's entry in the program's compact-call word when it has compact bytecode
/// functions, then drops the machine code nothing calls any more (the generic entries
/// of compact functions, and their stubs when no native code calls them directly).
fn resolve_entries(program: &mut Program, code_objects: &HashSet<String>) {
    if !code_objects.is_empty() {
        let vm_call = intern(&mut program.func_symbols, upyc_abi::pybc::CALL_ENTRY);
        if let Some(d) = program
            .data
            .iter_mut()
            .find(|d| d.name == upyc_abi::emitted::COMPACT_CALL)
        {
            d.relocs = vec![(0, PoolEntry::Func(vm_call))];
        }
    }
    for d in 0..program.data.len() {
        for r in 0..program.data[d].relocs.len() {
            if let (at, PoolEntry::Entry(f)) = program.data[d].relocs[r] {
                program.data[d].relocs[r] = (at, PoolEntry::Func(f));
            }
        }
    }
    // Non-exported functions no code refers to (directly or through the pool) go, until
    // none is left: a generic entry first, then the stub it called.
    loop {
        let mut used: HashSet<u32> = HashSet::new();
        let data_words = program
            .data
            .iter()
            .flat_map(|d| d.relocs.iter().map(|r| &r.1));
        for e in program.pool.iter().chain(data_words) {
            if let PoolEntry::Func(f) = e {
                used.insert(*f);
            }
        }
        for f in &program.functions {
            for (_, ext) in f.clif.dfg.ext_funcs.iter() {
                if let ExternalName::User(r) = ext.name {
                    let n = &f.clif.params.user_named_funcs()[r];
                    if n.namespace == 0 {
                        used.insert(n.index);
                    }
                }
            }
        }
        let before = program.functions.len();
        program.functions.retain(|f| match &f.clif.name {
            ir::UserFuncName::User(n) => f.exported || used.contains(&n.index),
            ir::UserFuncName::Testcase(_) => true,
        });
        if program.functions.len() == before {
            break;
        }
    }
}

/// The largest frame (registers plus stack-slot words) a bytecode function may have:
/// the stub allocates it on the stack before the function's own stack check, inside
/// the margin the runtime leaves below its stack limit (8 KiB on the boards).
const MAX_FRAME_WORDS: usize = 1024;

fn intern(list: &mut Vec<String>, name: &str) -> u32 {
    match list.iter().position(|n| n == name) {
        Some(i) => i as u32,
        None => {
            list.push(name.to_string());
            (list.len() - 1) as u32
        }
    }
}

/// A native function with `f`'s name and signature that allocates the bytecode
/// function's frame on the stack, stores each argument in its register and returns
/// `upy_vm_exec(code, frame)`.
fn stub(
    f: &ir::Function,
    frame_words: u32,
    param_regs: &[u32],
    vm_exec: u32,
    (code, code_offset): (u32, i64),
    target: Target,
) -> ir::Function {
    let w = target.word();
    let wb = target.word_bytes();
    let mut func = ir::Function::with_name_signature(f.name.clone(), f.signature.clone());
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fctx);
    let block = b.create_block();
    b.append_block_params_for_function_params(block);
    b.switch_to_block(block);
    b.seal_block(block);
    let params = b.block_params(block).to_vec();
    let slot = b.create_sized_stack_slot(StackSlotData::new(
        StackSlotKind::ExplicitSlot,
        frame_words.max(1) * wb,
        wb.trailing_zeros() as u8,
    ));
    let frame = b.ins().stack_addr(w, slot, 0);
    for (&p, &reg) in params.iter().zip(param_regs) {
        let p = if b.func.dfg.value_type(p) == w {
            p
        } else {
            b.ins().uextend(w, p)
        };
        b.ins()
            .store(MemFlagsData::trusted(), p, frame, (reg * wb) as i32);
    }
    let code_name = b
        .func
        .declare_imported_user_function(UserExternalName::new(1, code));
    let gv = b.create_global_value(GlobalValueData::Symbol {
        name: ExternalName::user(code_name),
        offset: Imm64::new(code_offset),
        colocated: false,
        tls: false,
    });
    let code_addr = b.ins().symbol_value(w, gv);
    let mut sig = ir::Signature::new(f.signature.call_conv);
    sig.params.push(AbiParam::new(w));
    sig.params.push(AbiParam::new(w));
    sig.returns.push(AbiParam::new(w));
    let sig = b.import_signature(sig);
    let vm_name = b
        .func
        .declare_imported_user_function(UserExternalName::new(0, vm_exec));
    let callee = b.import_function(ExtFuncData {
        name: ExternalName::user(vm_name),
        signature: sig,
        colocated: false,
        patchable: false,
    });
    let call = b.ins().call(callee, &[code_addr, frame]);
    let r = b.inst_results(call)[0];
    match f.signature.returns.first().map(|p| p.value_type) {
        None => {
            b.ins().return_(&[]);
        }
        Some(t) if t == w => {
            b.ins().return_(&[r]);
        }
        Some(t) => {
            let r = b.ins().ireduce(t, r);
            b.ins().return_(&[r]);
        }
    }
    b.finalize(cranelift_codegen::isa::TargetFrontendConfig {
        default_call_conv: f.signature.call_conv,
        pointer_width: if target.word_bits == 64 {
            target_lexicon::PointerWidth::U64
        } else {
            target_lexicon::PointerWidth::U32
        },
        page_size_align_log2: 12,
    });
    func
}
