//! The `upyc bench` table (for people) and JSON (for machines).

use super::{Mode, ProgramResult};
use std::fmt::Write as _;

/// `native` over `bytecode` speed-up of one program: the ratio of bytecode to native
/// instructions (QEMU boards) or wall time (host). `None` unless both modes ran.
pub fn speedup(p: &ProgramResult) -> Option<f64> {
    let (n, b) = (p.mode(Mode::Native)?, p.mode(Mode::Bytecode)?);
    match (n.instructions, b.instructions, n.wall, b.wall) {
        (Some(ni), Some(bi), _, _) if ni > 0 => Some(bi as f64 / ni as f64),
        (_, _, Some(nw), Some(bw)) if !nw.is_zero() => Some(bw.as_secs_f64() / nw.as_secs_f64()),
        _ => None,
    }
}

/// Native instructions over the C reference's, when the C reference printed the same
/// last line as the program.
pub fn vs_c(p: &ProgramResult) -> Option<f64> {
    let c = p.c_ref.as_ref()?;
    let n = p.mode(Mode::Native)?;
    if c.last_line != n.last_line || c.instructions == 0 {
        return None;
    }
    Some(n.instructions? as f64 / c.instructions as f64)
}

/// `1234567` as `1,234,567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn kib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

/// The table: one row per program, columns per mode.
pub fn table(results: &[ProgramResult], modes: &[Mode], counted: bool) -> String {
    let many = modes.len() > 1;
    let label = |what: &str, m: Mode| {
        if many {
            format!("{what} {}", m.name())
        } else {
            what.to_string()
        }
    };
    let mut headers: Vec<String> = vec!["program".into()];
    let mut rows: Vec<Vec<String>> = results.iter().map(|p| vec![p.name.clone()]).collect();
    let mut add = |header: String, cell: &dyn Fn(&ProgramResult) -> String| {
        headers.push(header);
        for (row, p) in rows.iter_mut().zip(results) {
            row.push(cell(p));
        }
    };
    if counted {
        for &m in modes {
            add(label("instructions", m), &|p| {
                p.mode(m)
                    .and_then(|r| r.instructions)
                    .map_or("-".into(), grouped)
            });
        }
    }
    if modes.contains(&Mode::Native) && modes.contains(&Mode::Bytecode) {
        add("speed-up".into(), &|p| {
            speedup(p).map_or("-".into(), |s| format!("{s:.2}x"))
        });
    }
    for &m in modes {
        add(label("code B", m), &|p| {
            p.mode(m).map_or("-".into(), |r| grouped(r.code_bytes))
        });
    }
    for &m in modes {
        add(label("heap KiB", m), &|p| {
            p.mode(m).and_then(|r| r.peak_heap).map_or("-".into(), kib)
        });
        add(label("GCs", m), &|p| {
            p.mode(m)
                .and_then(|r| r.collections)
                .map_or("-".into(), |c| c.to_string())
        });
    }
    if counted && modes.contains(&Mode::Native) && results.iter().any(|p| p.c_ref.is_some()) {
        add("C -O2".into(), &|p| {
            p.c_ref
                .as_ref()
                .map_or("-".into(), |c| grouped(c.instructions))
        });
        add("vs C".into(), &|p| match (&p.c_ref, vs_c(p)) {
            (Some(_), Some(r)) => format!("{r:.1}x"),
            (Some(_), None) => "differs".into(),
            _ => "-".into(),
        });
    }
    add("check".into(), &|p| {
        p.modes
            .iter()
            .map(|r| r.check.word())
            .collect::<Vec<_>>()
            .join("/")
    });
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].len())
                .chain([headers[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let mut s = String::new();
        for (c, cell) in cells.iter().enumerate() {
            if c == 0 {
                let _ = write!(s, "{cell:<w$}", w = widths[0]);
            } else {
                let _ = write!(s, "  {cell:>w$}", w = widths[c]);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&headers, &mut out);
    for r in &rows {
        line(r, &mut out);
    }
    out
}

/// A JSON string literal.
fn js(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn opt_num(v: Option<u64>) -> String {
    v.map_or("null".into(), |n| n.to_string())
}

fn opt_ratio(v: Option<f64>) -> String {
    v.map_or("null".into(), |r| format!("{r:.4}"))
}

/// The results as one JSON object (wall times appear only as the `speedup` ratio).
pub fn json(results: &[ProgramResult], board: &str, modes: &[Mode]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\n  \"board\": {},\n  \"modes\": [{}],\n  \"programs\": [",
        js(board),
        modes
            .iter()
            .map(|m| js(m.name()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (i, p) in results.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            out,
            "    {{\n      \"name\": {},\n      \"path\": {},",
            js(&p.name),
            js(&p.path)
        );
        for r in &p.modes {
            let _ = write!(
                out,
                "\n      {}: {{\"instructions\": {}, \"code_bytes\": {}, \"peak_heap\": {}, \
                 \"collections\": {}, \"check\": {}}},",
                js(r.mode.name()),
                opt_num(r.instructions),
                r.code_bytes,
                opt_num(r.peak_heap),
                opt_num(r.collections),
                js(r.check.word())
            );
        }
        match &p.c_ref {
            Some(c) => {
                let _ = write!(
                    out,
                    "\n      \"c_ref\": {{\"instructions\": {}, \"same_output\": {}, \"native_vs_c\": {}}},",
                    c.instructions,
                    vs_c(p).is_some(),
                    opt_ratio(vs_c(p))
                );
            }
            None => out.push_str("\n      \"c_ref\": null,"),
        }
        let _ = write!(
            out,
            "\n      \"speedup\": {}\n    }}",
            opt_ratio(speedup(p))
        );
    }
    out.push_str("\n  ]\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(12345678), "12,345,678");
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(js("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
