//! `const()`: `NAME = const(expr)` at module level is folded at compile time, where `expr`
//! is an int expression of literals and earlier constants. Uses of `NAME` become the
//! value; a `_NAME` is not a module attribute (no global slot is written).

use crate::diag::Result;
use crate::frontend::SourceFile;
use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Operator, Stmt, UnaryOp};
use ruff_text_size::Ranged;
use std::collections::HashMap;

/// The folded constants of a module, by name.
pub type Consts = HashMap<String, BigInt>;

/// True when `value` is a call of `const(...)` or `micropython.const(...)`.
pub fn is_const_call(value: &Expr) -> Option<&Expr> {
    let Expr::Call(c) = value else { return None };
    let named = match &*c.func {
        Expr::Name(n) => n.id.as_str() == "const",
        Expr::Attribute(a) => {
            a.attr.id.as_str() == "const"
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "micropython")
        }
        _ => false,
    };
    (named && c.arguments.args.len() == 1 && c.arguments.keywords.is_empty())
        .then(|| &c.arguments.args[0])
}

/// The text of a float literal `e`, or of a negated one (`-2.5` gives `"-2.5"`), without
/// `_` separators; `None` for any other expression.
pub fn float_literal_text(src: &SourceFile, e: &Expr) -> Option<String> {
    match e {
        Expr::NumberLiteral(n) if matches!(n.value, ast::Number::Float(_)) => {
            Some(src.text[n.range].replace('_', ""))
        }
        Expr::UnaryOp(u) if u.op == UnaryOp::USub => float_literal_text(src, &u.operand)
            .filter(|t| !t.starts_with('-'))
            .map(|t| format!("-{t}")),
        _ => None,
    }
}

/// Folds every module-level `NAME = const(expr)`, in order.
pub fn collect(src: &SourceFile, body: &[Stmt]) -> Result<Consts> {
    let mut consts = Consts::new();
    for stmt in body {
        let Stmt::Assign(a) = stmt else { continue };
        let Some(arg) = is_const_call(&a.value) else {
            continue;
        };
        let [Expr::Name(target)] = a.targets.as_slice() else {
            return Err(src.error(a.range, "const() must be assigned to a single name"));
        };
        let v = fold(src, arg, &consts)?;
        consts.insert(target.id.to_string(), v);
    }
    Ok(consts)
}

/// Evaluates an int constant expression.
pub fn fold(src: &SourceFile, e: &Expr, consts: &Consts) -> Result<BigInt> {
    let bad = || {
        src.error(
            e.range(),
            "const() needs an int expression of literals and other constants",
        )
    };
    match e {
        Expr::NumberLiteral(ast::ExprNumberLiteral {
            value: ast::Number::Int(i),
            ..
        }) => parse_int(&i.to_string()).ok_or_else(bad),
        Expr::BooleanLiteral(b) => Ok(BigInt::from(u8::from(b.value))),
        Expr::Name(n) => consts.get(n.id.as_str()).cloned().ok_or_else(bad),
        Expr::UnaryOp(u) => {
            let v = fold(src, &u.operand, consts)?;
            match u.op {
                UnaryOp::USub => Ok(-v),
                UnaryOp::UAdd => Ok(v),
                UnaryOp::Invert => Ok(-v - 1),
                UnaryOp::Not => Err(bad()),
            }
        }
        Expr::BinOp(b) => {
            let x = fold(src, &b.left, consts)?;
            let y = fold(src, &b.right, consts)?;
            let zero = BigInt::from(0);
            let small = |v: &BigInt| u32::try_from(v).ok();
            Ok(match b.op {
                Operator::Add => x + y,
                Operator::Sub => x - y,
                Operator::Mult => x * y,
                Operator::FloorDiv | Operator::Mod if y == zero => {
                    return Err(src.error(b.range, "division by zero in const()"))
                }
                Operator::FloorDiv => floor_div(&x, &y),
                Operator::Mod => &x - floor_div(&x, &y) * &y,
                Operator::Pow => x.pow(small(&y).filter(|p| *p <= 4096).ok_or_else(bad)?),
                Operator::LShift => x << small(&y).filter(|p| *p <= 4096).ok_or_else(bad)?,
                Operator::RShift => x >> small(&y).ok_or_else(bad)?,
                Operator::BitAnd => x & y,
                Operator::BitOr => x | y,
                Operator::BitXor => x ^ y,
                Operator::Div | Operator::MatMult => return Err(bad()),
            })
        }
        _ => Err(bad()),
    }
}

fn floor_div(x: &BigInt, y: &BigInt) -> BigInt {
    use num_integer::Integer;
    x.div_floor(y)
}

/// True for an int expression of int literals and `const()` names only (folded at
/// compile time: `1 << 5`, `BASE + 0x14`); `is_local` tells names that are locals.
pub fn is_int_constant(e: &Expr, consts: &Consts, is_local: &dyn Fn(&str) -> bool) -> bool {
    let again = |e: &Expr| is_int_constant(e, consts, is_local);
    match e {
        Expr::NumberLiteral(n) => matches!(n.value, ruff_python_ast::Number::Int(_)),
        Expr::Name(n) => !is_local(&n.id) && consts.contains_key(n.id.as_str()),
        Expr::UnaryOp(u) => u.op != ruff_python_ast::UnaryOp::Not && again(&u.operand),
        Expr::BinOp(b) => {
            !matches!(
                b.op,
                ruff_python_ast::Operator::Div | ruff_python_ast::Operator::MatMult
            ) && again(&b.left)
                && again(&b.right)
        }
        _ => false,
    }
}
/// Parses a Python int literal (decimal, `0x`, `0o`, `0b`, underscores).
pub fn parse_int(text: &str) -> Option<BigInt> {
    let lower = text.replace('_', "").to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d.to_string(), 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d.to_string(), 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}
