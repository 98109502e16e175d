//! Code queries for retrieval: which paragraphs carry a code, or a combination.
//!
//! A query names codes joined by operators, read left to right:
//!
//! ```text
//! Kontak                      paragraphs coded Kontak (or one of its sub-codes)
//! Kontak and Keterlibatan     both
//! Kontak or Keterlibatan      either
//! Kontak but not Keterlibatan the first without the second ("and not" too)
//! ```
//!
//! Indonesian works too: `dan`, `atau`, `tetapi bukan` / `kecuali` / `bukan`. A code is
//! named by its id, its label in either language (any case) or its key. A label that
//! itself contains an operator word goes in double quotes: `"Mind and Self" or Self`.

use crate::core::codebook::{Codebook, Lang};
use std::collections::BTreeSet;

/// How a term combines with what comes before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    And,
    Or,
    AndNot,
}

/// A parsed query: the first term, then operators and terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Each term's code ids: the named code and its sub-codes.
    pub first: BTreeSet<String>,
    pub rest: Vec<(Op, BTreeSet<String>)>,
    /// The query in canonical words (labels in the language asked for).
    pub shown: String,
}

/// Why a query cannot be read. Shown in the process's language
/// ([`QueryError::message_in`] for another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    Empty,
    Unknown(String),
    MissingTerm(String),
    MissingOp(String),
    Unclosed,
    Ambiguous(String, String),
}

impl QueryError {
    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::fill;
        let t = crate::i18n::strings(lang);
        let q = |s: &str| format!("{s:?}");
        match self {
            QueryError::Empty => t.core_query_empty.to_owned(),
            QueryError::Unknown(name) => fill(t.core_query_unknown, &[("name", &q(name))]),
            QueryError::MissingTerm(word) => fill(t.core_query_missing_term, &[("word", &q(word))]),
            QueryError::MissingOp(word) => fill(t.core_query_missing_op, &[("word", &q(word))]),
            QueryError::Unclosed => t.core_query_unclosed.to_owned(),
            QueryError::Ambiguous(name, ids) => {
                fill(t.core_query_ambiguous, &[("name", &q(name)), ("ids", ids)])
            }
        }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::current()))
    }
}

impl std::error::Error for QueryError {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
}

fn tokens(s: &str) -> Result<Vec<Token>, QueryError> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut q = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => q.push(c),
                    None => return Err(QueryError::Unclosed),
                }
            }
            out.push(Token::Quoted(q));
        } else {
            let mut w = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                w.push(c);
                chars.next();
            }
            out.push(Token::Word(w));
        }
    }
    Ok(out)
}

fn op_word(w: &str) -> Option<&'static str> {
    match w.to_lowercase().as_str() {
        "and" | "dan" | "&" => Some("and"),
        "or" | "atau" | "|" => Some("or"),
        "not" | "bukan" | "kecuali" | "-" => Some("not"),
        "but" | "tetapi" | "tapi" => Some("but"),
        _ => None,
    }
}

/// The index of the code a term names: id, label in either language (ignoring case),
/// or key. A label that several codes share is an error naming their ids.
fn resolve(book: &Codebook, name: &str) -> Result<usize, QueryError> {
    if let Some(i) = book.index_of(name) {
        return Ok(i);
    }
    let folded = crate::core::analysis::search::fold(name);
    let labelled: Vec<usize> = (0..book.codes.len())
        .filter(|&i| {
            [Lang::En, Lang::Id]
                .iter()
                .any(|&l| crate::core::analysis::search::fold(book.codes[i].label.get(l)) == folded)
        })
        .collect();
    match labelled.as_slice() {
        [i] => return Ok(*i),
        [] => {}
        many => {
            let ids: Vec<&str> = many.iter().map(|&i| book.codes[i].id.as_str()).collect();
            return Err(QueryError::Ambiguous(name.to_owned(), ids.join(", ")));
        }
    }
    let mut cs = name.chars();
    match (cs.next(), cs.next()) {
        (Some(k), None) => book.by_key(k),
        _ => None,
    }
    .ok_or_else(|| QueryError::Unknown(name.to_owned()))
}

/// The ids a term stands for: the code and every code below it.
fn with_descendants(book: &Codebook, i: usize) -> BTreeSet<String> {
    let mut out = BTreeSet::from([book.codes[i].id.clone()]);
    let mut frontier = vec![i];
    while let Some(p) = frontier.pop() {
        for (j, c) in book.codes.iter().enumerate() {
            if c.parent == Some(p) && out.insert(c.id.clone()) {
                frontier.push(j);
            }
        }
    }
    // Codes merged into any of these count as them.
    for c in &book.codes {
        if let Some(into) = &c.merged_into
            && out.contains(book.resolve(into))
        {
            out.insert(c.id.clone());
        }
    }
    out
}

/// Parses a query against the codebook; `lang` is for the canonical form shown.
pub fn parse(book: &Codebook, input: &str, lang: Lang) -> Result<Query, QueryError> {
    let toks = tokens(input)?;
    if toks.is_empty() {
        return Err(QueryError::Empty);
    }
    // Group the tokens: operator words, and runs of other words forming a name.
    let mut terms: Vec<(Option<Op>, usize)> = Vec::new();
    let mut pending: Vec<&'static str> = Vec::new();
    let mut name: Vec<String> = Vec::new();
    let mut shown = String::new();
    let mut flush =
        |name: &mut Vec<String>, pending: &mut Vec<&'static str>| -> Result<(), QueryError> {
            if name.is_empty() {
                return Ok(());
            }
            let joined = name.join(" ");
            let i = resolve(book, &joined)?;
            let op = match (terms.is_empty(), pending.as_slice()) {
                (true, []) => None,
                (false, ["and"]) => Some(Op::And),
                (false, ["or"]) => Some(Op::Or),
                (false, ["and", "not"] | ["but", "not"] | ["not"]) => Some(Op::AndNot),
                (true, words) => {
                    return Err(QueryError::MissingTerm(words.join(" ")));
                }
                (false, []) => return Err(QueryError::MissingOp(joined)),
                (false, words) => return Err(QueryError::MissingTerm(words.join(" "))),
            };
            if let Some(op) = op {
                shown.push_str(match op {
                    Op::And => " and ",
                    Op::Or => " or ",
                    Op::AndNot => " but not ",
                });
            }
            shown.push_str(book.codes[i].label.get(lang));
            terms.push((op, i));
            pending.clear();
            name.clear();
            Ok(())
        };
    for t in toks {
        match t {
            Token::Quoted(q) => {
                flush(&mut name, &mut pending)?;
                name.push(q);
                flush(&mut name, &mut pending)?;
            }
            Token::Word(w) => match op_word(&w) {
                Some(op) => {
                    flush(&mut name, &mut pending)?;
                    pending.push(op);
                }
                None => name.push(w),
            },
        }
    }
    flush(&mut name, &mut pending)?;
    if !pending.is_empty() {
        return Err(QueryError::MissingTerm(pending.join(" ")));
    }
    let mut terms = terms.into_iter();
    let Some((_, first)) = terms.next() else {
        return Err(QueryError::Empty);
    };
    Ok(Query {
        first: with_descendants(book, first),
        rest: terms
            .map(|(op, i)| (op.unwrap_or(Op::And), with_descendants(book, i)))
            .collect(),
        shown,
    })
}

impl Query {
    /// Whether a paragraph with these codes matches.
    pub fn matches(&self, codes: &BTreeSet<String>) -> bool {
        let has = |ids: &BTreeSet<String>| !ids.is_disjoint(codes);
        let mut acc = has(&self.first);
        for (op, ids) in &self.rest {
            acc = match op {
                Op::And => acc && has(ids),
                Op::Or => acc || has(ids),
                Op::AndNot => acc && !has(ids),
            };
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Codebook {
        let json = r#"{"format":"tandai-codebook","version":1,"codes":[
          {"id":"s","label":{"en":"Stages","id":"Tahap"},"children":[
            {"id":"s.contact","label":{"en":"Contact","id":"Kontak"},"key":"1"},
            {"id":"s.inv","label":{"en":"Involvement","id":"Keterlibatan"},"key":"2"},
            {"id":"s.other","label":{"en":"Other","id":"Lainnya"}}]},
          {"id":"x.other","label":{"en":"Other","id":"Lainnya"}},
          {"id":"ms","label":{"en":"Mind and Self","id":"Pikiran dan Diri"},"key":"3"}
        ]}"#;
        Codebook::parse(json.as_bytes(), "test").expect("codebook")
    }

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn names_operators_and_quotes() {
        let b = book();
        let q = parse(&b, "kontak and Involvement", Lang::En).expect("parse");
        assert_eq!(q.shown, "Contact and Involvement");
        assert!(q.matches(&set(&["s.contact", "s.inv"])));
        assert!(!q.matches(&set(&["s.contact"])));
        let q = parse(&b, "1 but not 2", Lang::Id).expect("parse");
        assert_eq!(q.shown, "Kontak but not Keterlibatan");
        assert!(q.matches(&set(&["s.contact"])));
        assert!(!q.matches(&set(&["s.contact", "s.inv"])));
        let q = parse(&b, "Kontak atau Keterlibatan", Lang::En).expect("parse");
        assert!(q.matches(&set(&["s.inv"])));
        let q = parse(&b, "\"Mind and Self\" or kontak", Lang::En).expect("parse");
        assert!(q.matches(&set(&["ms"])));
        assert!(q.matches(&set(&["s.contact"])));
        // A parent stands for its sub-codes.
        let q = parse(&b, "Stages kecuali Keterlibatan", Lang::En).expect("parse");
        assert!(q.matches(&set(&["s.contact"])));
        assert!(!q.matches(&set(&["s.inv"])));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let b = book();
        assert_eq!(parse(&b, "  ", Lang::En), Err(QueryError::Empty));
        assert_eq!(
            parse(&b, "Kontak and Nothing", Lang::En),
            Err(QueryError::Unknown("Nothing".into()))
        );
        assert_eq!(
            parse(&b, "Kontak and", Lang::En),
            Err(QueryError::MissingTerm("and".into()))
        );
        assert_eq!(
            parse(&b, "and Kontak", Lang::En),
            Err(QueryError::MissingTerm("and".into()))
        );
        assert_eq!(parse(&b, "\"Kontak", Lang::En), Err(QueryError::Unclosed));
        assert_eq!(
            parse(&b, "Mind and Self", Lang::En),
            Err(QueryError::Unknown("Mind".into()))
        );
        assert_eq!(
            parse(&b, "lainnya", Lang::En),
            Err(QueryError::Ambiguous(
                "lainnya".into(),
                "s.other, x.other".into()
            ))
        );
        assert!(parse(&b, "x.other", Lang::En).is_ok());
        // "but" alone reads as "and" to most people: it must be "but not".
        assert_eq!(
            parse(&b, "Kontak tapi Keterlibatan", Lang::En),
            Err(QueryError::MissingTerm("but".into()))
        );
    }

    #[test]
    fn query_errors_read_in_indonesian() {
        use crate::i18n::Lang;
        assert_eq!(
            QueryError::Unknown("Kontk".into()).message_in(Lang::Id),
            "tidak ada kode bernama \"Kontk\" (label yang memuat and/or/not atau dan/atau/bukan ditulis dalam tanda kutip ganda)"
        );
        assert_eq!(
            QueryError::MissingTerm("and".into()).message_in(Lang::En),
            "a code is missing after \"and\""
        );
        assert_eq!(
            QueryError::Unclosed.message_in(Lang::Id),
            "tanda \" penutup tidak ada"
        );
    }
}
