//! CSV fields (RFC 4180) for every CSV tandai writes, exact by default or safe for
//! spreadsheets.
//!
//! A field that starts with `=`, `+`, `-` or `@` is a formula to a spreadsheet: a
//! transcript line `=HYPERLINK("http://...")` opened in LibreOffice or Excel runs.
//! R and pandas want the text exactly as it is, so the default is exact; with
//! [`Csv::SpreadsheetSafe`] such a field (and one starting with a tab or carriage
//! return, as OWASP lists) gets a `'` in front, as OWASP advises.

use std::borrow::Cow;

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
        let text: Cow<str> = match self {
            Csv::SpreadsheetSafe if s.starts_with(FORMULA_START) => Cow::Owned(format!("'{s}")),
            _ => Cow::Borrowed(s),
        };
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.into_owned()
        }
    }

    /// One record: the fields joined by commas, ended by CRLF.
    pub fn record<'s>(self, fields: impl IntoIterator<Item = &'s str>) -> String {
        let mut out = fields
            .into_iter()
            .map(|f| self.field(f))
            .collect::<Vec<_>>()
            .join(",");
        out.push_str("\r\n");
        out
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
