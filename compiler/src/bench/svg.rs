//! The `upyc bench --svg` chart: horizontal bar panels stacked vertically, one bar group
//! per program (instructions per mode and for C, native speed-up over bytecode, code
//! size per mode). Plain SVG text, no dependencies.

use super::report::{grouped, speedup, vs_c};
use super::{Mode, ProgramResult};
use std::fmt::Write as _;

const WIDTH: f64 = 860.0;
const LABEL_W: f64 = 150.0;
const VALUE_W: f64 = 110.0;
const BAR_H: f64 = 11.0;
const GROUP_GAP: f64 = 8.0;
const TITLE_H: f64 = 34.0;

/// One series of bars: a legend label, a colour and one value per program.
struct Series {
    label: String,
    color: &'static str,
    values: Vec<Option<f64>>,
}

fn color(m: Mode) -> &'static str {
    match m {
        Mode::Native => "#2f6db5",
        Mode::Bytecode => "#e08a2c",
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draws one panel at height `y`; returns the height used.
fn panel(
    out: &mut String,
    y: f64,
    title: &str,
    names: &[String],
    series: &[Series],
    fmt: &dyn Fn(f64) -> String,
) -> f64 {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b));
    let span = WIDTH - LABEL_W - VALUE_W - 20.0;
    let _ = writeln!(
        out,
        "<text x=\"10\" y=\"{:.1}\" font-size=\"15\" font-weight=\"bold\">{}</text>",
        y + 18.0,
        esc(title)
    );
    let mut lx = LABEL_W;
    for s in series {
        let _ = writeln!(
            out,
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            y + 21.0,
            s.color,
            lx + 14.0,
            y + 30.0,
            esc(&s.label)
        );
        lx += 24.0 + 7.0 * s.label.len() as f64;
    }
    let mut yy = y + TITLE_H + 4.0;
    for (i, name) in names.iter().enumerate() {
        let group_h = BAR_H * series.len() as f64;
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            LABEL_W - 8.0,
            yy + group_h / 2.0 + 4.0,
            esc(name)
        );
        for s in series {
            if let Some(v) = s.values.get(i).copied().flatten() {
                let w = if max > 0.0 { v / max * span } else { 0.0 };
                let _ = writeln!(
                    out,
                    "<rect x=\"{LABEL_W:.1}\" y=\"{yy:.1}\" width=\"{w:.1}\" height=\"{:.1}\" \
                     fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
                    BAR_H - 2.0,
                    s.color,
                    LABEL_W + w + 4.0,
                    yy + BAR_H - 3.0,
                    esc(&fmt(v))
                );
            }
            yy += BAR_H;
        }
        yy += GROUP_GAP;
    }
    yy - y + 10.0
}

/// The chart for `results` on `board`; `counted` says whether instruction counts exist.
pub fn chart(results: &[ProgramResult], board: &str, modes: &[Mode], counted: bool) -> String {
    let names: Vec<String> = results.iter().map(|p| p.name.clone()).collect();
    let mut body = String::new();
    let mut y = 40.0;
    if counted {
        let mut series: Vec<Series> = modes
            .iter()
            .map(|&m| Series {
                label: format!("upyc {}", m.name()),
                color: color(m),
                values: results
                    .iter()
                    .map(|p| p.mode(m).and_then(|r| r.instructions).map(|n| n as f64))
                    .collect(),
            })
            .collect();
        if results.iter().any(|p| p.c_ref.is_some()) {
            series.push(Series {
                label: "C (gcc -O2)".into(),
                color: "#5a9e4b",
                values: results
                    .iter()
                    .map(|p| p.c_ref.as_ref().map(|c| c.instructions as f64))
                    .collect(),
            });
        }
        y += panel(
            &mut body,
            y,
            "Instructions executed (fewer is faster)",
            &names,
            &series,
            &|v| grouped(v as u64),
        );
    }
    let with_c: Vec<&ProgramResult> = results.iter().filter(|p| vs_c(p).is_some()).collect();
    if counted && !with_c.is_empty() {
        let series = [Series {
            label: "upyc native / C".into(),
            color: "#5a9e4b",
            values: with_c.iter().map(|p| vs_c(p)).collect(),
        }];
        let c_names: Vec<String> = with_c.iter().map(|p| p.name.clone()).collect();
        y += panel(
            &mut body,
            y,
            "Distance to C: native instructions over gcc -O2's",
            &c_names,
            &series,
            &|v| format!("{v:.1}x"),
        );
    }
    if modes.contains(&Mode::Native) && modes.contains(&Mode::Bytecode) {
        let series = [Series {
            label: "native over bytecode".into(),
            color: "#7b4fa6",
            values: results.iter().map(speedup).collect(),
        }];
        y += panel(
            &mut body,
            y,
            "Speed-up of native code over bytecode",
            &names,
            &series,
            &|v| format!("{v:.2}x"),
        );
    }
    let series: Vec<Series> = modes
        .iter()
        .map(|&m| Series {
            label: format!("upyc {}", m.name()),
            color: color(m),
            values: results
                .iter()
                .map(|p| p.mode(m).map(|r| r.code_bytes as f64))
                .collect(),
        })
        .collect();
    y += panel(
        &mut body,
        y,
        "Code size of the program (.text + .rodata, bytes)",
        &names,
        &series,
        &|v| grouped(v as u64),
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH:.0}\" height=\"{y:.0}\" \
         viewBox=\"0 0 {WIDTH:.0} {y:.0}\" font-family=\"sans-serif\">"
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\
         <text x=\"10\" y=\"24\" font-size=\"17\" font-weight=\"bold\">upyc bench: {}</text>",
        esc(board)
    );
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}
