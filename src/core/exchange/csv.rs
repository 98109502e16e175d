//! CSV fields (RFC 4180) for every CSV tandai writes, exact by default or safe for
//! spreadsheets.
//!
//! A field that starts with `=`, `+`, `-` or `@` is a formula to a spreadsheet: a
//! transcript line `=HYPERLINK("http://...")` opened in LibreOffice or Excel runs.
//! R and pandas want the text exactly as it is, so the default is exact; with
//! [`Csv::SpreadsheetSafe`] such a field (and one starting with a tab or carriage
//! return, as OWASP lists) gets a `'` in front, as OWASP advises.

/// How text goes into a CSV field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Csv {
    /// The text exactly as it is (for R, pandas, scripts).
    #[default]
    Exact,
    /// `'` before a field a spreadsheet would read as a formula (`--spreadsheet-safe`).
    SpreadsheetSafe,
}

/// First characters that make a spreadsheet read a cell as a formula (OWASP).
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

impl Csv {
    /// One field: made safe if asked, then quoted when it holds a comma, a quote or a
    /// line end.
    pub fn field(self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        self.field_into(&mut out, s);
        out
    }

    /// [`Csv::field`], written at the end of `out`.
    pub fn field_into(self, out: &mut String, s: &str) {
        let safe = matches!(self, Csv::SpreadsheetSafe) && s.starts_with(FORMULA_START);
        if !s.contains([',', '"', '\n', '\r']) {
            if safe {
                out.push('\'');
            }
            out.push_str(s);
            return;
        }
        out.push('"');
        if safe {
            out.push('\'');
        }
        let mut run = 0;
        for (i, _) in s.match_indices('"') {
            out.push_str(&s[run..=i]);
            out.push('"');
            run = i + 1;
        }
        out.push_str(&s[run..]);
        out.push('"');
    }

    /// One record: the fields joined by commas, ended by CRLF.
    pub fn record<'s>(self, fields: impl IntoIterator<Item = &'s str>) -> String {
        let mut out = String::new();
        self.record_into(&mut out, fields);
        out
    }

    /// [`Csv::record`], written at the end of `out`.
    pub fn record_into<'s>(self, out: &mut String, fields: impl IntoIterator<Item = &'s str>) {
        for (n, f) in fields.into_iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            self.field_into(out, f);
        }
        out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_quotes_only_what_rfc_4180_needs() {
        let c = Csv::Exact;
        assert_eq!(c.field("a,b"), "\"a,b\"");
        assert_eq!(c.field("say \"hi\"\nok"), "\"say \"\"hi\"\"\nok\"");
        assert_eq!(c.field("plain"), "plain");
        assert_eq!(c.field("=1+1"), "=1+1");
        assert_eq!(c.record(["a", "b,c"]), "a,\"b,c\"\r\n");
    }

    #[test]
    fn spreadsheet_safe_defuses_formulas() {
        let c = Csv::SpreadsheetSafe;
        assert_eq!(c.field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for s in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(c.field(s).trim_start_matches('"').starts_with('\''), "{s}");
        }
        assert_eq!(c.field("harga = 5"), "harga = 5");
        assert_eq!(c.field("12"), "12");
    }
}
