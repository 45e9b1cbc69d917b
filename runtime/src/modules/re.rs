//! `re` (alias `ure`): regular expressions by a backtracking matcher with an explicit
//! stack (no recursion while matching, so the pyboard's small stack is safe).
//!
//! Syntax: literals, `.`, `[...]` classes (ranges, negation, `\d\w\s\D\W\S`), `\d \w
//! \s \D \W \S \b \B`, escapes, `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}` and their lazy
//! forms, `^`, `$`, `|`, groups `(...)` and `(?:...)`. Functions: `compile`, `match`,
//! `search`, `sub` (string with `\1`/`\g<1>` references, or a function), `split`,
//! `findall`, `finditer`; match objects have `group`, `groups`, `start`, `end`,
//! `span`. Empty matches follow CPython 3.7+. Bad patterns raise `ValueError: Error
//! in regex` (MicroPython's).

use alloc::vec::Vec;

use crate::callable::{self, BuiltinFn};
use crate::exc;
use crate::list;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE};
use crate::sort::kwarg;
use crate::str as pystr;

/// Deepest group nesting a pattern may have (the parser recurses per level).
const MAX_NEST: usize = 32;

#[derive(Clone)]
enum Inst {
    Char(u32),
    Any,
    Class(Vec<(u32, u32)>, bool),
    Bol,
    Eol,
    WordB(bool),
    /// Try the first target, then the second.
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    /// Records the position in a loop register.
    Mark(usize),
    /// Leaves the loop (jumps to the target) when its body matched nothing since its
    /// `Mark`, keeping what that iteration captured (as CPython does).
    Check(usize, usize),
    Match,
}

enum Node {
    Inst(Inst),
    Group(usize, Vec<Vec<Node>>),
    NonCap(Vec<Vec<Node>>),
    Repeat(alloc::boxed::Box<Node>, usize, Option<usize>, bool),
}

fn bad<T>() -> PyResult<T> {
    fail(&exc::VALUE_ERROR, "Error in regex")
}

fn decode(s: &[u8], i: usize) -> Option<(u32, usize)> {
    let b = *s.get(i)?;
    let n = match b {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    };
    let n = n.min(s.len() - i);
    let c = core::str::from_utf8(&s[i..i + n])
        .ok()
        .and_then(|t| t.chars().next())
        .map_or(b as u32, |c| c as u32);
    Some((c, n))
}

const DIGIT: &[(u32, u32)] = &[(b'0' as u32, b'9' as u32)];
const WORD: &[(u32, u32)] = &[
    (b'0' as u32, b'9' as u32),
    (b'A' as u32, b'Z' as u32),
    (b'_' as u32, b'_' as u32),
    (b'a' as u32, b'z' as u32),
];
const SPACE: &[(u32, u32)] = &[(9, 13), (32, 32)];

fn is_word(c: u32) -> bool {
    WORD.iter().any(|&(a, b)| a <= c && c <= b)
}

/// All code points outside `ranges` (sorted, disjoint).
fn negate(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut next = 0u32;
    for &(a, b) in ranges {
        if a > next {
            out.push((next, a - 1));
        }
        next = b + 1;
    }
    out.push((next, 0x10ffff));
    out
}

/// What an escape stands for: one character, or a class (ranges, negated).
type Escape = Result<u32, (&'static [(u32, u32)], bool)>;

struct Parser<'a> {
    p: &'a [u8],
    i: usize,
    groups: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.p.get(self.i).copied()
    }

    fn next_char(&mut self) -> PyResult<u32> {
        match decode(self.p, self.i) {
            Some((c, n)) => {
                self.i += n;
                Ok(c)
            }
            None => bad(),
        }
    }

    /// An escape after `\`: a class (for `\d` and friends) or one character.
    fn escape(&mut self) -> PyResult<Escape> {
        let c = self.next_char()?;
        Ok(match char::from_u32(c).unwrap_or('\0') {
            'd' => Err((DIGIT, false)),
            'D' => Err((DIGIT, true)),
            'w' => Err((WORD, false)),
            'W' => Err((WORD, true)),
            's' => Err((SPACE, false)),
            'S' => Err((SPACE, true)),
            'n' => Ok(10),
            't' => Ok(9),
            'r' => Ok(13),
            'f' => Ok(12),
            'v' => Ok(11),
            '0' => Ok(0),
            c if c.is_ascii_alphanumeric() => return bad(),
            _ => Ok(c),
        })
    }

    fn class(&mut self) -> PyResult<Inst> {
        let mut neg = false;
        if self.peek() == Some(b'^') {
            neg = true;
            self.i += 1;
        }
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut first = true;
        loop {
            let Some(b) = self.peek() else {
                return bad();
            };
            if b == b']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            let lo = if b == b'\\' {
                self.i += 1;
                match self.escape()? {
                    Ok(c) => c,
                    Err((set, n)) => {
                        if n {
                            ranges.extend(negate(set));
                        } else {
                            ranges.extend_from_slice(set);
                        }
                        continue;
                    }
                }
            } else {
                self.next_char()?
            };
            let mut hi = lo;
            if self.peek() == Some(b'-') && self.p.get(self.i + 1).is_some_and(|&c| c != b']') {
                self.i += 1;
                hi = if self.peek() == Some(b'\\') {
                    self.i += 1;
                    match self.escape()? {
                        Ok(c) => c,
                        Err(_) => return bad(),
                    }
                } else {
                    self.next_char()?
                };
                if hi < lo {
                    return bad();
                }
            }
            ranges.push((lo, hi));
        }
        Ok(Inst::Class(ranges, neg))
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.i;
        let mut v: usize = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            v = v.saturating_mul(10).saturating_add((d - b'0') as usize);
            self.i += 1;
        }
        (self.i > start).then_some(v.min(10_000))
    }

    /// `{m}`, `{m,}`, `{m,n}` after the `{`; `None` (position restored) when this is
    /// not a repeat count, which makes the `{` a literal.
    fn braces(&mut self) -> Option<(usize, Option<usize>)> {
        let save = self.i;
        self.i += 1;
        let r = (|| {
            let m = self.number()?;
            if self.peek() == Some(b'}') {
                self.i += 1;
                return Some((m, Some(m)));
            }
            if self.peek() != Some(b',') {
                return None;
            }
            self.i += 1;
            let n = self.number();
            if self.peek() != Some(b'}') {
                return None;
            }
            self.i += 1;
            Some((m, n))
        })();
        if r.is_none() {
            self.i = save;
        }
        r
    }

    fn alt(&mut self, depth: usize) -> PyResult<Vec<Vec<Node>>> {
        if depth > MAX_NEST {
            return bad();
        }
        let mut alts = Vec::new();
        loop {
            alts.push(self.concat(depth)?);
            if self.peek() == Some(b'|') {
                self.i += 1;
            } else {
                return Ok(alts);
            }
        }
    }

    fn concat(&mut self, depth: usize) -> PyResult<Vec<Node>> {
        let mut seq: Vec<Node> = Vec::new();
        while let Some(b) = self.peek() {
            let atom = match b {
                b'|' | b')' => break,
                b'(' => {
                    self.i += 1;
                    let node = if self.p[self.i..].starts_with(b"?:") {
                        self.i += 2;
                        Node::NonCap(self.alt(depth + 1)?)
                    } else if self.peek() == Some(b'?') {
                        return bad();
                    } else {
                        self.groups += 1;
                        let g = self.groups;
                        Node::Group(g, self.alt(depth + 1)?)
                    };
                    if self.peek() != Some(b')') {
                        return bad();
                    }
                    self.i += 1;
                    node
                }
                b'.' => {
                    self.i += 1;
                    Node::Inst(Inst::Any)
                }
                b'^' => {
                    self.i += 1;
                    Node::Inst(Inst::Bol)
                }
                b'$' => {
                    self.i += 1;
                    Node::Inst(Inst::Eol)
                }
                b'[' => {
                    self.i += 1;
                    Node::Inst(self.class()?)
                }
                b'\\' => {
                    self.i += 1;
                    match self.peek() {
                        Some(b'b') => {
                            self.i += 1;
                            Node::Inst(Inst::WordB(true))
                        }
                        Some(b'B') => {
                            self.i += 1;
                            Node::Inst(Inst::WordB(false))
                        }
                        _ => match self.escape()? {
                            Ok(c) => Node::Inst(Inst::Char(c)),
                            Err((set, n)) => Node::Inst(Inst::Class(set.to_vec(), n)),
                        },
                    }
                }
                b'*' | b'+' | b'?' => return bad(),
                b'{' if self.braces().is_some() => return bad(),
                _ => Node::Inst(Inst::Char(self.next_char()?)),
            };
            let atom = self.repeat(atom)?;
            seq.push(atom);
        }
        Ok(seq)
    }

    fn repeat(&mut self, mut atom: Node) -> PyResult<Node> {
        loop {
            let (min, max) = match self.peek() {
                Some(b'*') => {
                    self.i += 1;
                    (0, None)
                }
                Some(b'+') => {
                    self.i += 1;
                    (1, None)
                }
                Some(b'?') => {
                    self.i += 1;
                    (0, Some(1))
                }
                Some(b'{') => match self.braces() {
                    Some((m, n)) => {
                        if n.is_some_and(|n| n < m) {
                            return bad();
                        }
                        (m, n)
                    }
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            if matches!(atom, Node::Inst(Inst::Bol | Inst::Eol | Inst::WordB(_)))
                || matches!(atom, Node::Repeat(..))
            {
                return bad();
            }
            let greedy = if self.peek() == Some(b'?') {
                self.i += 1;
                false
            } else {
                true
            };
            atom = Node::Repeat(alloc::boxed::Box::new(atom), min, max, greedy);
        }
    }
}

struct Compiler {
    prog: Vec<Inst>,
    loops: usize,
}

impl Compiler {
    fn emit(&mut self, i: Inst) -> usize {
        self.prog.push(i);
        self.prog.len() - 1
    }

    fn alts(&mut self, alts: &[Vec<Node>]) {
        let mut jumps = Vec::new();
        for (k, seq) in alts.iter().enumerate() {
            if k + 1 < alts.len() {
                let split = self.emit(Inst::Split(0, 0));
                self.seq(seq);
                jumps.push(self.emit(Inst::Jmp(0)));
                let next = self.prog.len();
                self.prog[split] = Inst::Split(split + 1, next);
            } else {
                self.seq(seq);
            }
        }
        let end = self.prog.len();
        for j in jumps {
            self.prog[j] = Inst::Jmp(end);
        }
    }

    fn seq(&mut self, seq: &[Node]) {
        for n in seq {
            self.node(n);
        }
    }

    fn node(&mut self, n: &Node) {
        match n {
            Node::Inst(i) => {
                self.emit(i.clone());
            }
            Node::Group(g, alts) => {
                self.emit(Inst::Save(2 * g));
                self.alts(alts);
                self.emit(Inst::Save(2 * g + 1));
            }
            Node::NonCap(alts) => self.alts(alts),
            Node::Repeat(e, min, max, greedy) => {
                for _ in 0..*min {
                    self.node(e);
                }
                match max {
                    None => {
                        let k = self.loops;
                        self.loops += 1;
                        let top = self.emit(Inst::Split(0, 0));
                        self.emit(Inst::Mark(k));
                        self.node(e);
                        let check = self.emit(Inst::Check(k, 0));
                        self.emit(Inst::Jmp(top));
                        let out = self.prog.len();
                        self.prog[check] = Inst::Check(k, out);
                        self.prog[top] = if *greedy {
                            Inst::Split(top + 1, out)
                        } else {
                            Inst::Split(out, top + 1)
                        };
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.emit(Inst::Split(0, 0)));
                            self.node(e);
                        }
                        let out = self.prog.len();
                        for s in splits {
                            self.prog[s] = if *greedy {
                                Inst::Split(s + 1, out)
                            } else {
                                Inst::Split(out, s + 1)
                            };
                        }
                    }
                }
            }
        }
    }
}

/// A compiled pattern.
#[repr(C)]
pub struct RegexObj {
    ty: &'static Type,
    pattern: Obj,
    prog: Vec<Inst>,
    groups: usize,
    loops: usize,
}

fn compile_pattern(pat: Obj) -> PyResult<Obj> {
    if obj::is_type(pat, &REGEX_TYPE) {
        return Ok(pat);
    }
    let p = support::str_arg(pat)?;
    let mut parser = Parser { p, i: 0, groups: 0 };
    let alts = parser.alt(0)?;
    if parser.i != p.len() {
        return bad();
    }
    let mut c = Compiler {
        prog: Vec::new(),
        loops: 0,
    };
    c.alts(&alts);
    c.emit(Inst::Match);
    obj::check(obj::new_obj(RegexObj {
        ty: &REGEX_TYPE,
        pattern: pat,
        prog: c.prog,
        groups: parser.groups,
        loops: c.loops,
    }))
}

fn regex<'a>(o: Obj) -> &'a RegexObj {
    // SAFETY: callers pass objects of REGEX_TYPE.
    unsafe { &*(o as *const RegexObj) }
}

enum Frame {
    Branch(usize, usize),
    Restore(usize, usize),
}

/// Unset capture position.
const UNSET: usize = usize::MAX;

/// Runs the program at `start`; the capture registers on success. An empty match at
/// `no_empty_at` is rejected (CPython's rule after an empty match).
fn run_at(
    r: &RegexObj,
    s: &[u8],
    start: usize,
    no_empty_at: Option<usize>,
) -> PyResult<Option<Vec<usize>>> {
    let ncap = 2 * (r.groups + 1);
    let mut regs = alloc::vec![UNSET; ncap + r.loops];
    let mut stack: Vec<Frame> = Vec::new();
    let (mut pc, mut sp) = (0usize, start);
    regs[0] = start;
    loop {
        let ok = match &r.prog[pc] {
            Inst::Char(c) => match decode(s, sp) {
                Some((x, n)) if x == *c => {
                    sp += n;
                    true
                }
                _ => false,
            },
            Inst::Any => match decode(s, sp) {
                Some((x, n)) if x != 10 => {
                    sp += n;
                    true
                }
                _ => false,
            },
            Inst::Class(ranges, neg) => match decode(s, sp) {
                Some((x, n)) if ranges.iter().any(|&(a, b)| a <= x && x <= b) != *neg => {
                    sp += n;
                    true
                }
                _ => false,
            },
            Inst::Bol => sp == 0,
            Inst::Eol => sp == s.len() || (sp + 1 == s.len() && s[sp] == b'\n'),
            Inst::WordB(want) => {
                let before = sp > 0 && is_word(s[sp - 1] as u32);
                let after = sp < s.len() && is_word(s[sp] as u32);
                (before != after) == *want
            }
            Inst::Split(a, b) => {
                if stack.try_reserve(1).is_err() {
                    exc::raise_memory_error();
                    return Err(Raised);
                }
                stack.push(Frame::Branch(*b, sp));
                pc = *a;
                continue;
            }
            Inst::Jmp(a) => {
                pc = *a;
                continue;
            }
            Inst::Save(k) | Inst::Mark(k) => {
                let k = if matches!(r.prog[pc], Inst::Mark(_)) {
                    ncap + k
                } else {
                    *k
                };
                if stack.try_reserve(1).is_err() {
                    exc::raise_memory_error();
                    return Err(Raised);
                }
                stack.push(Frame::Restore(k, regs[k]));
                regs[k] = sp;
                true
            }
            Inst::Check(k, out) => {
                if regs[ncap + k] == sp {
                    pc = *out;
                    continue;
                }
                true
            }
            Inst::Match => {
                if sp == start && no_empty_at == Some(start) {
                    false
                } else {
                    regs[1] = sp;
                    regs.truncate(ncap);
                    return Ok(Some(regs));
                }
            }
        };
        if ok {
            pc += 1;
            continue;
        }
        loop {
            match stack.pop() {
                None => return Ok(None),
                Some(Frame::Restore(k, v)) => regs[k] = v,
                Some(Frame::Branch(p, q)) => {
                    pc = p;
                    sp = q;
                    break;
                }
            }
        }
    }
}

/// The first match at or after `pos` (only at `pos` when `anchored`).
fn find(
    r: &RegexObj,
    s: &[u8],
    pos: usize,
    anchored: bool,
    no_empty_at: Option<usize>,
) -> PyResult<Option<Vec<usize>>> {
    let mut i = pos;
    loop {
        if let Some(m) = run_at(r, s, i, no_empty_at)? {
            return Ok(Some(m));
        }
        if anchored || i >= s.len() {
            return Ok(None);
        }
        i += decode(s, i).map_or(1, |(_, n)| n);
    }
}

// ---------------------------------------------------------------------------------
// Match objects

/// A match.
#[repr(C)]
pub struct MatchObj {
    ty: &'static Type,
    string: Obj,
    regs: Vec<usize>,
}

fn new_match(string: Obj, regs: Vec<usize>) -> PyResult<Obj> {
    obj::check(obj::new_obj(MatchObj {
        ty: &MATCH_TYPE,
        string,
        regs,
    }))
}

fn mobj<'a>(o: Obj) -> PyResult<&'a MatchObj> {
    if obj::is_type(o, &MATCH_TYPE) {
        // SAFETY: a match object.
        Ok(unsafe { &*(o as *const MatchObj) })
    } else {
        fail(&exc::TYPE_ERROR, "expected a match object")
    }
}

fn group_index(m: &MatchObj, g: Obj) -> PyResult<usize> {
    match crate::int::to_isize(g) {
        Some(i) if i >= 0 && (i as usize) < m.regs.len() / 2 => Ok(i as usize),
        _ => fail(&exc::INDEX_ERROR, "no such group"),
    }
}

fn group_obj(m: &MatchObj, i: usize, default: Obj) -> PyResult<Obj> {
    let (a, b) = (m.regs[2 * i], m.regs[2 * i + 1]);
    if a == UNSET || b == UNSET {
        return Ok(default);
    }
    let s = pystr::bytes(m.string).unwrap_or(b"");
    obj::check(pystr::new(&s[a..b]))
}

fn m_group(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, usize::MAX)?;
        let m = mobj(p[0])?;
        if p.len() <= 2 {
            let i = match p.get(1) {
                Some(&g) => group_index(m, g)?,
                None => 0,
            };
            return group_obj(m, i, NONE);
        }
        let mut v = Vec::new();
        for &g in &p[1..] {
            v.push(group_obj(m, group_index(m, g)?, NONE)?);
        }
        obj::check(crate::tuple::new(&v))
    })())
}

fn m_groups(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        crate::builtins::argc(p, 1, 2)?;
        let default = p
            .get(1)
            .copied()
            .or_else(|| kwarg(k, "default"))
            .unwrap_or(NONE);
        let m = mobj(p[0])?;
        let mut v = Vec::new();
        for i in 1..m.regs.len() / 2 {
            v.push(group_obj(m, i, default)?);
        }
        obj::check(crate::tuple::new(&v))
    })())
}

/// Char index of byte offset `b` in `s`.
fn char_index(s: &[u8], b: usize) -> isize {
    s[..b.min(s.len())]
        .iter()
        .filter(|&&c| c & 0xc0 != 0x80)
        .count() as isize
}

fn bounds(p: &[Obj], k: &[Obj]) -> PyResult<(isize, isize)> {
    support::args(p, k, 1, 2)?;
    let m = mobj(p[0])?;
    let i = match p.get(1) {
        Some(&g) => group_index(m, g)?,
        None => 0,
    };
    let (a, b) = (m.regs[2 * i], m.regs[2 * i + 1]);
    if a == UNSET || b == UNSET {
        return Ok((-1, -1));
    }
    let s = pystr::bytes(m.string).unwrap_or(b"");
    Ok((char_index(s, a), char_index(s, b)))
}

fn m_start(p: &[Obj], k: &[Obj]) -> Obj {
    ret(bounds(p, k).map(|(a, _)| obj::new_small_int(a)))
}

fn m_end(p: &[Obj], k: &[Obj]) -> Obj {
    ret(bounds(p, k).map(|(_, b)| obj::new_small_int(b)))
}

fn m_span(p: &[Obj], k: &[Obj]) -> Obj {
    ret(bounds(p, k).and_then(|(a, b)| {
        obj::check(crate::tuple::new(&[
            obj::new_small_int(a),
            obj::new_small_int(b),
        ]))
    }))
}

fn m_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let m = mobj(o)?;
    let s = pystr::bytes(m.string).unwrap_or(b"");
    let mut b = [0u8; 24];
    w.write(b"<re.Match object; span=(");
    w.write(crate::console::fmt_int(char_index(s, m.regs[0]), &mut b));
    w.write(b", ");
    w.write(crate::console::fmt_int(char_index(s, m.regs[1]), &mut b));
    w.write(b"), match=");
    crate::print::write_str_repr(w, &s[m.regs[0]..m.regs[1]]);
    w.write(b">");
    Ok(())
}

static M_GROUP: BuiltinFn = BuiltinFn::new("group", m_group);
static M_GROUPS: BuiltinFn = BuiltinFn::new("groups", m_groups);
static M_START: BuiltinFn = BuiltinFn::new("start", m_start);
static M_END: BuiltinFn = BuiltinFn::new("end", m_end);
static M_SPAN: BuiltinFn = BuiltinFn::new("span", m_span);

/// Match objects.
pub static MATCH_TYPE: Type = Type {
    print: Some(m_print),
    methods: &[&M_GROUP, &M_GROUPS, &M_START, &M_END, &M_SPAN],
    ..Type::new("Match")
};

// ---------------------------------------------------------------------------------
// Operations

fn do_match(re: Obj, string: Obj, anchored: bool) -> PyResult<Obj> {
    let s = support::str_arg(string)?;
    match find(regex(re), s, 0, anchored, None)? {
        Some(regs) => new_match(string, regs),
        None => Ok(NONE),
    }
}

/// Every match, left to right, with CPython's empty-match rule.
fn all_matches(
    re: Obj,
    s: &[u8],
    limit: usize,
    mut f: impl FnMut(Vec<usize>) -> PyResult<()>,
) -> PyResult<()> {
    let r = regex(re);
    let mut pos = 0;
    let mut no_empty_at = None;
    let mut n = 0;
    while pos <= s.len() && (limit == 0 || n < limit) {
        let Some(m) = find(r, s, pos, false, no_empty_at)? else {
            break;
        };
        let (a, b) = (m[0], m[1]);
        f(m)?;
        n += 1;
        no_empty_at = (a == b).then_some(b);
        pos = b;
    }
    Ok(())
}

fn expand(m: &[usize], s: &[u8], repl: &[u8], out: &mut Vec<u8>) -> PyResult<()> {
    let mut i = 0;
    let group = |g: usize, out: &mut Vec<u8>| -> PyResult<()> {
        if 2 * g + 1 >= m.len() {
            return fail(&exc::INDEX_ERROR, "no such group");
        }
        if m[2 * g] != UNSET && m[2 * g + 1] != UNSET {
            out.extend_from_slice(&s[m[2 * g]..m[2 * g + 1]]);
        }
        Ok(())
    };
    while i < repl.len() {
        let c = repl[i];
        i += 1;
        if c != b'\\' || i >= repl.len() {
            out.push(c);
            continue;
        }
        let e = repl[i];
        i += 1;
        match e {
            b'0'..=b'9' => {
                let mut g = (e - b'0') as usize;
                if let Some(&d @ b'0'..=b'9') = repl.get(i) {
                    g = g * 10 + (d - b'0') as usize;
                    i += 1;
                }
                group(g, out)?;
            }
            b'g' if repl.get(i) == Some(&b'<') => {
                let Some(close) = repl[i..].iter().position(|&c| c == b'>') else {
                    return bad();
                };
                let name = &repl[i + 1..i + close];
                i += close + 1;
                let Some(g) = core::str::from_utf8(name).ok().and_then(|t| t.parse().ok()) else {
                    return bad();
                };
                group(g, out)?;
            }
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'\\' => out.push(b'\\'),
            _ => {
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    Ok(())
}

fn do_sub(re: Obj, repl: Obj, string: Obj, count: usize) -> PyResult<Obj> {
    let s = support::str_arg(string)?;
    let mut out: Vec<u8> = Vec::new();
    let mut last = 0;
    let func = pystr::bytes(repl).is_none();
    all_matches(re, s, count, |m| {
        out.extend_from_slice(&s[last..m[0]]);
        last = m[1];
        if func {
            let mo = new_match(string, m)?;
            let r = obj::check(callable::call(repl, &[mo], &[]))?;
            out.extend_from_slice(support::str_arg(r)?);
        } else {
            expand(&m, s, pystr::bytes(repl).unwrap_or(b""), &mut out)?;
        }
        Ok(())
    })?;
    out.extend_from_slice(&s[last..]);
    obj::check(pystr::new(&out))
}

fn substr(s: &[u8], a: usize, b: usize) -> PyResult<Obj> {
    if a == UNSET || b == UNSET {
        return Ok(NONE);
    }
    obj::check(pystr::new(&s[a..b]))
}

fn do_split(re: Obj, string: Obj, maxsplit: usize) -> PyResult<Obj> {
    let s = support::str_arg(string)?;
    let l = obj::check(list::new(&[]))?;
    let mut last = 0;
    all_matches(re, s, maxsplit, |m| {
        list::push(l, substr(s, last, m[0])?)?;
        for g in 1..m.len() / 2 {
            list::push(l, substr(s, m[2 * g], m[2 * g + 1])?)?;
        }
        last = m[1];
        Ok(())
    })?;
    list::push(l, substr(s, last, s.len())?)?;
    Ok(l)
}

fn do_findall(re: Obj, string: Obj) -> PyResult<Obj> {
    let s = support::str_arg(string)?;
    let l = obj::check(list::new(&[]))?;
    all_matches(re, s, 0, |m| {
        let groups = m.len() / 2 - 1;
        let item = match groups {
            0 => substr(s, m[0], m[1])?,
            1 => {
                let v = substr(s, m[2], m[3])?;
                if v == NONE {
                    obj::check(pystr::new(b""))?
                } else {
                    v
                }
            }
            _ => {
                let mut v = Vec::new();
                for g in 1..=groups {
                    let x = substr(s, m[2 * g], m[2 * g + 1])?;
                    v.push(if x == NONE {
                        obj::check(pystr::new(b""))?
                    } else {
                        x
                    });
                }
                obj::check(crate::tuple::new(&v))?
            }
        };
        list::push(l, item)
    })?;
    Ok(l)
}

fn do_finditer(re: Obj, string: Obj) -> PyResult<Obj> {
    let s = support::str_arg(string)?;
    let l = obj::check(list::new(&[]))?;
    all_matches(re, s, 0, |m| list::push(l, new_match(string, m)?))?;
    obj::check(crate::iter::seq_iter(l))
}

fn count_arg(p: Option<&Obj>, k: &[Obj], name: &str) -> PyResult<usize> {
    match p.copied().or_else(|| kwarg(k, name)) {
        Some(c) => Ok(support::int_arg(c)?.max(0) as usize),
        None => Ok(0),
    }
}

// Methods (`self` first) and module functions (pattern first) share the bodies.

fn meth(p: &[Obj], min: usize, max: usize) -> PyResult<Obj> {
    crate::builtins::argc(p, min, max)?;
    compile_pattern(p[0])
}

fn f_match(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 2, 2).and_then(|_| do_match(compile_pattern(p[0])?, p[1], true)))
}
fn f_search(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 2, 2).and_then(|_| do_match(compile_pattern(p[0])?, p[1], false)))
}
fn f_sub(p: &[Obj], k: &[Obj]) -> Obj {
    ret(meth(p, 3, 4).and_then(|re| do_sub(re, p[1], p[2], count_arg(p.get(3), k, "count")?)))
}
fn f_split(p: &[Obj], k: &[Obj]) -> Obj {
    ret(meth(p, 2, 3).and_then(|re| do_split(re, p[1], count_arg(p.get(2), k, "maxsplit")?)))
}
fn f_findall(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 2, 2).and_then(|_| do_findall(compile_pattern(p[0])?, p[1])))
}
fn f_finditer(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 2, 2).and_then(|_| do_finditer(compile_pattern(p[0])?, p[1])))
}
fn f_compile(p: &[Obj], k: &[Obj]) -> Obj {
    let _ = k;
    ret(meth(p, 1, 2))
}

fn r_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"re.compile(");
    crate::print::print(w, regex(o).pattern, PrintKind::Repr)?;
    w.write(b")");
    Ok(())
}

static R_MATCH: BuiltinFn = BuiltinFn::new("match", f_match);
static R_SEARCH: BuiltinFn = BuiltinFn::new("search", f_search);
static R_SUB: BuiltinFn = BuiltinFn::new("sub", f_sub);
static R_SPLIT: BuiltinFn = BuiltinFn::new("split", f_split);
static R_FINDALL: BuiltinFn = BuiltinFn::new("findall", f_findall);
static R_FINDITER: BuiltinFn = BuiltinFn::new("finditer", f_finditer);
static COMPILE: BuiltinFn = BuiltinFn::new("compile", f_compile);

/// Compiled patterns (methods take the pattern as `self`).
pub static REGEX_TYPE: Type = Type {
    print: Some(r_print),
    methods: &[
        &R_MATCH,
        &R_SEARCH,
        &R_SUB,
        &R_SPLIT,
        &R_FINDALL,
        &R_FINDITER,
    ],
    ..Type::new("Pattern")
};

/// `re`.
#[no_mangle]
pub static upy_module_re: ModuleDef = ModuleDef {
    name: "re",
    members: &[
        ("compile", Member::Fn(&COMPILE)),
        ("match", Member::Fn(&R_MATCH)),
        ("search", Member::Fn(&R_SEARCH)),
        ("sub", Member::Fn(&R_SUB)),
        ("split", Member::Fn(&R_SPLIT)),
        ("findall", Member::Fn(&R_FINDALL)),
        ("finditer", Member::Fn(&R_FINDITER)),
    ],
};
