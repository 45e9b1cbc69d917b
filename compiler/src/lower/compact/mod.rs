//! Compact bytecode: a function body compiled straight from the syntax tree to
//! Python-level stack operations (format in [`upyc_abi::pybc`]), one operation per
//! Python operation like MicroPython's bytecode. `--emit bytecode` uses it for every
//! function whose body stays inside the statements and expressions below; any other
//! function becomes register bytecode from its optimised IR (`crate::bytecode`), so a
//! build never fails because of this form.
//!
//! The function's CLIF is lowered as usual first (it reports the located errors, and
//! its symbols, qstrs and global slots exist either way); the bytecode conversion then
//! replaces the body with a stub entering the runtime's stack VM.

mod exprs;
mod stmts;

use super::ProgramBuilder;
use crate::backend::PoolEntry;
use crate::bytecode::uleb;
use crate::frontend::scope::FunctionScope;
use ruff_python_ast::{Expr, Parameters, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashMap, HashSet};
use upyc_abi::pybc as op;

/// A function compiled to compact bytecode.
#[derive(Debug, Clone)]
pub struct CompactCode {
    /// The code object (header, operations, line table).
    pub bytes: Vec<u8>,
    /// Words of the frame: locals, then the operand stack.
    pub frame_words: u32,
    /// Frame slots the stub stores its parameters in: the closure tuple first for a
    /// function with free variables, then the arguments (one slot holding the pointer
    /// to them when the body takes them by pointer).
    pub params: Vec<u32>,
}

/// Why a function is not compact: a construct the stack compiler does not cover.
type Res<T> = std::result::Result<T, String>;

/// The body of a function: statements, or a lambda's expression; or the main
/// module's body (every name global; `def` statements allowed).
pub(crate) enum CompactBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
    Module(&'a [Stmt]),
}

/// Compiles the body of function `symbol` to compact bytecode, recording the code, or
/// the construct that keeps it register bytecode (then nothing it added to the symbol
/// pool stays).
pub(crate) fn compile_into(
    pb: &mut ProgramBuilder<'_>,
    symbol: &str,
    name: &str,
    params: &Parameters,
    body: CompactBody<'_>,
    free: &[String],
    def_line: usize,
) {
    let pool_len = pb.pool.entries.len();
    match compile(pb, name, params, body, free, def_line) {
        Ok(code) => {
            pb.compact_code.insert(symbol.to_string(), code);
        }
        Err(why) => {
            pb.pool.truncate(pool_len);
            pb.not_compact.push((symbol.to_string(), why));
        }
    }
}

/// Compiles a function body (not a generator) whose free variables are `free` (closure
/// order) to compact bytecode; `Err` names the first construct it does not cover.
///
/// Frame slots: the parameters, the cells of the free variables (copied from the
/// closure on entry), the other locals. A captured local's slot holds its cell.
fn compile(
    pb: &mut ProgramBuilder<'_>,
    name: &str,
    params: &Parameters,
    body: CompactBody<'_>,
    free: &[String],
    def_line: usize,
) -> Res<CompactCode> {
    let (stmts, expr): (&[Stmt], Option<&Expr>) = match body {
        CompactBody::Stmts(s) => (s, None),
        CompactBody::Expr(e) => (&[], Some(e)),
        CompactBody::Module(_) => (&[], None),
    };
    let module = matches!(body, CompactBody::Module(_));
    let scope = FunctionScope::of_parts(params, stmts);
    if let Some(n) = scope.nonlocals.iter().find(|n| !free.contains(n)) {
        return Err(format!(
            "'nonlocal {n}' of a variable no enclosing function has"
        ));
    }
    let cells = if module {
        Default::default()
    } else {
        crate::frontend::scope::cell_names(params, stmts, expr)
    };
    let mut locals = HashMap::new();
    let named = scope.params.iter().chain(free).chain(scope.locals.iter());
    for (i, n) in named.enumerate() {
        locals.insert(n.clone(), i as u32);
    }
    let n_args = scope.params.len();
    let n_locals = locals.len();
    let derefs: HashSet<String> = free.iter().chain(cells.iter()).cloned().collect();
    let file = pb.src.path.clone();
    let file_q = pb.qstr(&file);
    let func_q = pb.qstr(name);
    let globals_symbol = pb.globals_symbol.clone();
    let globals = pb.data_symbol(&globals_symbol);
    let globals = pb.pool.index(PoolEntry::Data(globals));
    let mut c = Compiler {
        pb,
        scope,
        locals,
        code: Vec::new(),
        depth: 0,
        max_depth: 0,
        lines: vec![(0, def_line)],
        line: def_line,
        loops: Vec::new(),
        module,
        class_ns: None,
        hidden: 0,
        hidden_max: 0,
        comp_vars: Vec::new(),
        derefs,
    };
    // Captured locals (parameters included) get their cells first.
    for n in &cells {
        if let Some(&k) = c.locals.get(n) {
            c.op(op::MAKE_CELL, 0);
            c.uleb(k as usize);
        }
    }
    match body {
        CompactBody::Module(s) => {
            c.op(op::LOAD_QSTR, 1);
            c.qstr(upyc_abi::qstr::MAIN);
            c.store_name("__name__")?;
            c.suite(s)?;
            c.op(op::RETURN_NONE, 0);
        }
        CompactBody::Stmts(s) => {
            c.suite(s)?;
            c.op(op::RETURN_NONE, 0);
        }
        CompactBody::Expr(e) => {
            c.expr(e)?;
            c.op(op::RETURN, -1);
        }
    }
    if c.code.len() > u16::MAX as usize {
        return Err("a body of more than 64 KiB of bytecode".into());
    }
    let n_locals = n_locals + c.hidden_max;
    let frame_words = (n_locals + c.max_depth as usize).max(1);
    let closure = !free.is_empty();
    let by_pointer = super::function::body_uses_pointer(n_args, closure);
    let mut bytes = Vec::new();
    let first_line = c.lines.first().map_or(def_line, |l| l.1);
    for v in [
        n_args << 2 | usize::from(closure) << 1 | usize::from(by_pointer),
        n_locals,
        frame_words,
        op::qstr_code(file_q),
        op::qstr_code(func_q),
        globals as usize,
        first_line,
        c.code.len(),
    ] {
        uleb(&mut bytes, v as u64);
    }
    bytes.extend_from_slice(&c.code);
    // The line table, from (0, first line); every later step advances the pc, so no
    // step is (0, 0) and a zero byte ends it.
    let (mut pc, mut line) = (0usize, first_line as i64);
    for &(p, l) in c.lines.iter().skip(1) {
        let (d_pc, d_line) = (p - pc, l as i64 - line);
        if d_pc < 32 && (0..4).contains(&d_line) {
            bytes.push(d_pc as u8 | (d_line as u8) << 5);
        } else if d_pc < 16 && (1..8).contains(&d_line) {
            bytes.push(0x80 | (d_line as u8) << 4 | d_pc as u8);
        } else {
            bytes.push(op::LINE_LONG);
            uleb(&mut bytes, d_pc as u64);
            sleb(&mut bytes, d_line);
        }
        pc = p;
        line = l as i64;
    }
    bytes.push(0);
    // The stub's parameters: the closure tuple (into the first free variable's slot,
    // where the VM unpacks it), then the arguments or the pointer to them.
    let closure_slot = closure.then_some(n_args as u32);
    let params = if by_pointer {
        closure_slot.into_iter().chain([0]).collect()
    } else {
        closure_slot.into_iter().chain(0..n_args as u32).collect()
    };
    Ok(CompactCode {
        bytes,
        frame_words: frame_words as u32,
        params,
    })
}

/// A loop being compiled: where `continue` goes and the `break` jumps to patch.
struct Loop {
    continue_pc: usize,
    breaks: Vec<usize>,
    /// A `for` loop keeps its iterator on the stack: `break` pops it.
    has_iter: bool,
}

/// A forward jump's operand, patched by [`Compiler::land`].
struct Fixup(usize);

struct Compiler<'p, 's> {
    pb: &'p mut ProgramBuilder<'s>,
    scope: FunctionScope,
    locals: HashMap<String, u32>,
    code: Vec<u8>,
    depth: i32,
    max_depth: i32,
    /// (pc, line) from which operations belong to `line`.
    lines: Vec<(usize, usize)>,
    /// The line of the operations emitted next.
    line: usize,
    loops: Vec<Loop>,
    /// Compiling the main module's body.
    module: bool,
    /// In a class body: the local holding its namespace and the names it assigns.
    class_ns: Option<(u32, std::collections::HashSet<String>)>,
    /// Locals beyond the named ones (class namespaces, comprehensions' accumulators
    /// and variables) in use, taken and given back in stack order.
    hidden: usize,
    /// The most hidden locals in use at once.
    hidden_max: usize,
    /// The variables of the comprehensions being compiled (name → hidden local),
    /// innermost last.
    comp_vars: Vec<HashMap<String, u32>>,
    /// Names whose slot holds a cell: free variables and captured locals.
    derefs: HashSet<String>,
}

impl Compiler<'_, '_> {
    fn line_of(&self, r: TextRange) -> usize {
        self.pb.src.line(r)
    }

    /// Sets the line of what follows to the start of `node`.
    fn at(&mut self, node: &impl Ranged) {
        self.line = self.line_of(node.range());
    }

    /// Emits opcode `o`, which changes the stack depth by `delta`.
    fn op(&mut self, o: u8, delta: i32) {
        if self.lines.last().map(|l| l.1) != Some(self.line) {
            let pc = self.code.len();
            match self.lines.last_mut() {
                Some(last) if last.0 == pc => last.1 = self.line,
                _ => self.lines.push((pc, self.line)),
            }
        }
        self.code.push(o);
        self.depth += delta;
        self.max_depth = self.max_depth.max(self.depth);
    }

    fn uleb(&mut self, v: usize) {
        uleb(&mut self.code, v as u64);
    }

    /// A qstr operand (qstr number `q`, coded by [`op::qstr_code`]).
    fn qstr(&mut self, q: usize) {
        self.uleb(op::qstr_code(q));
    }

    fn byte(&mut self, b: u8) {
        self.code.push(b);
    }

    /// A forward jump `o` (depth change `delta`) to a label set later.
    fn jump_fwd(&mut self, o: u8, delta: i32) -> Fixup {
        self.op(o, delta);
        let at = self.code.len();
        self.code.extend_from_slice(&[0, 0]);
        Fixup(at)
    }

    /// A jump `o` back to `pc`.
    fn jump_to(&mut self, o: u8, delta: i32, pc: usize) {
        self.op(o, delta);
        self.code.extend_from_slice(&(pc as u16).to_le_bytes());
    }

    /// Points a forward jump at the current position.
    fn land(&mut self, f: Fixup) {
        let pc = (self.code.len() as u16).to_le_bytes();
        self.code[f.0] = pc[0];
        self.code[f.0 + 1] = pc[1];
    }

    fn land_all(&mut self, fs: Vec<Fixup>) {
        for f in fs {
            self.land(f);
        }
    }

    fn load_fast(&mut self, slot: u32) {
        if slot < 16 {
            self.op(op::LOAD_FAST_0 + slot as u8, 1);
        } else {
            self.op(op::LOAD_FAST, 1);
            self.uleb(slot as usize);
        }
    }

    fn store_fast(&mut self, slot: u32) {
        if slot < 16 {
            self.op(op::STORE_FAST_0 + slot as u8, -1);
        } else {
            self.op(op::STORE_FAST, -1);
            self.uleb(slot as usize);
        }
    }

    fn local(&self, name: &str) -> Option<u32> {
        if let Some(&k) = self.comp_vars.iter().rev().find_map(|m| m.get(name)) {
            return Some(k);
        }
        if self.scope.is_local(name) || self.derefs.contains(name) {
            self.locals.get(name).copied()
        } else {
            None
        }
    }

    /// The slot of `name` when it holds a cell (and no comprehension variable hides it).
    fn deref(&self, name: &str) -> Option<u32> {
        if self.comp_vars.iter().any(|m| m.contains_key(name)) || !self.derefs.contains(name) {
            return None;
        }
        self.locals.get(name).copied()
    }

    /// The closure (cell slots, in closure order) of a function nested here whose body
    /// uses `free`; `Err` when it captures what compact code keeps no cell for.
    fn closure_of(&self, free: &std::collections::BTreeSet<String>) -> Res<Vec<u32>> {
        let mut slots = Vec::new();
        for n in free {
            if n == "__class__" {
                return Err("'super'".into());
            }
            if self.comp_vars.iter().any(|m| m.contains_key(n)) {
                return Err("a closure over a comprehension variable".into());
            }
            if let Some(k) = self.deref(n) {
                slots.push(k);
            } else if self.local(n).is_some() {
                return Err("a closure over a variable without a cell".into());
            }
        }
        Ok(slots)
    }

    /// Takes a hidden local (give it back by restoring `hidden`).
    fn hidden_local(&mut self) -> u32 {
        let k = (self.locals.len() + self.hidden) as u32;
        self.hidden += 1;
        self.hidden_max = self.hidden_max.max(self.hidden);
        k
    }

    /// Global slot of `name` (the module's array, shared with native code).
    fn global_slot(&mut self, name: &str) -> usize {
        self.pb.global_slot(name)
    }
}

fn sleb(out: &mut Vec<u8>, v: i64) {
    uleb(out, crate::bytecode::zigzag(v));
}
