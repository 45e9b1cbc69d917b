//! Float literals and f-strings.

use super::Lower;
use crate::diag::Result;
use cranelift_codegen::ir::{InstBuilder, Value};
use ruff_python_ast::{self as ast, ConversionFlag, FStringPart, InterpolatedStringElement};
use ruff_text_size::{Ranged, TextRange};
use upyc_abi::entry;

impl Lower<'_, '_, '_> {
    /// A float literal (`text` as [`float_literal_text`](super::super::consts::float_literal_text)
    /// gives it): the address of a read-only float object the compiler made at the
    /// board's precision, shared by every literal of the same value. (Should the text
    /// not parse, the runtime parses it on first use and keeps the object in a data
    /// word, a GC root.)
    pub(super) fn float_literal(&mut self, text: &str, line: usize) -> Value {
        if let Some(k) = self.pb.float_object(text) {
            let offset = 2 * k as i64 * i64::from(self.pb.target.word_bytes());
            let gv = crate::lower::flow::import_data_at(
                self.pb,
                &mut self.b,
                upyc_abi::emitted::FLOATS,
                offset,
            );
            return self.b.ins().symbol_value(self.w, gv);
        }
        self.cached_object(&format!("float:{text}"), |l| {
            let q = l.qstr_const(text);
            l.rt_checked(entry::FLOAT_FROM_QSTR, &[q], line)
        })
    }

    /// An imaginary literal (`2j`, `1.5e3J`), parsed by the runtime from its text
    /// without the `j`.
    pub(super) fn imag_literal(&mut self, range: TextRange, line: usize) -> Value {
        let text: String = self.src().text[range].replace('_', "");
        let q = self.qstr_const(text.trim_end_matches(['j', 'J']));
        self.rt_checked(entry::COMPLEX_FROM_QSTR, &[q], line)
    }

    /// `b"..."`: built by the runtime from a qstr holding each byte as the code point
    /// of the same value (the qstr table stays UTF-8).
    pub(super) fn bytes_literal(&mut self, b: &ast::ExprBytesLiteral, line: usize) -> Value {
        let text: String = b.value.bytes().map(char::from).collect();
        let q = self.qstr_const(&text);
        self.rt_checked(entry::BYTES_FROM_QSTR, &[q], line)
    }

    /// `f"..."`: literal parts and formatted values, concatenated by the runtime.
    pub(super) fn fstring(&mut self, f: &ast::ExprFString, line: usize) -> Result<Value> {
        let mut parts = Vec::new();
        for part in f.value.iter() {
            match part {
                FStringPart::Literal(s) => parts.push(self.qstr_const(&s.value)),
                FStringPart::FString(fs) => self.interpolated(&fs.elements, &mut parts, line)?,
            }
        }
        self.concat(&parts, line)
    }

    fn concat(&mut self, parts: &[Value], line: usize) -> Result<Value> {
        let addr = self.spill_args(parts);
        let n = self.iconst(parts.len() as i64);
        Ok(self.rt_checked(entry::BUILD_STR, &[addr, n], line))
    }

    fn interpolated(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        parts: &mut Vec<Value>,
        line: usize,
    ) -> Result<()> {
        for element in elements.iter() {
            match element {
                InterpolatedStringElement::Literal(l) => parts.push(self.qstr_const(&l.value)),
                InterpolatedStringElement::Interpolation(i) => {
                    let mut conversion = i.conversion;
                    if let Some(debug) = &i.debug_text {
                        // f"{x=}" prints the expression text, then repr(x) unless a
                        // conversion or format spec says otherwise.
                        let leading = self.src().text[TextRange::new(
                            i.range.start() + ruff_text_size::TextSize::from(1),
                            i.expression.range().start(),
                        )]
                        .to_string();
                        let expr_text = self.src().text[i.expression.range()].to_string();
                        let _ = debug;
                        let trailing_start = i.expression.range().end();
                        let rest = &self.src().text[TextRange::new(trailing_start, i.range.end())];
                        let trailing: String = rest
                            .chars()
                            .take_while(|&c| c != '!' && c != ':' && c != '}')
                            .collect();
                        parts.push(self.qstr_const(&format!("{leading}{expr_text}{trailing}")));
                        if conversion == ConversionFlag::None && i.format_spec.is_none() {
                            conversion = ConversionFlag::Repr;
                        }
                    }
                    let v = self.expr(&i.expression)?;
                    let spec = match &i.format_spec {
                        Some(spec) => {
                            let mut spec_parts = Vec::new();
                            self.interpolated(&spec.elements, &mut spec_parts, line)?;
                            self.concat(&spec_parts, line)?
                        }
                        None => self.iconst(0),
                    };
                    let conv = self.iconst(match conversion {
                        ConversionFlag::None => 0,
                        ConversionFlag::Str => 1,
                        ConversionFlag::Repr => 2,
                        ConversionFlag::Ascii => 3,
                    });
                    parts.push(self.rt_checked(entry::FORMAT, &[v, spec, conv], line));
                }
            }
        }
        Ok(())
    }
}
