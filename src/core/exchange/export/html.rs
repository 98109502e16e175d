//! The HTML export: one self-contained file (inline CSS, no scripts, no external
//! assets) with the codebook, the code frequencies, the code x document matrix as a
//! shaded heat map, a code x attribute-value heat map per `--by` attribute, the
//! quotes of each code (cited by the project's citation template) and the document
//! memos. It prints well: light backgrounds,
//! shades kept in print, the heat map and the quotes starting on a new page, quotes
//! never split.
//!
//! Every text from transcripts, the codebook, memos, file names and project.json goes
//! through [`escape`]; nothing else reaches the page but fixed markup and numbers.

use super::{Counts, Export, quotes_by_code};
use crate::core::attributes::crosstab::CrossTab;
use crate::i18n::{Lang, Strings, fill, strings};
use std::fmt::Write as _;

const STYLE: &str = "
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; background: #fff;
  max-width: 60em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; margin-top: 2em; }
h3 { font-size: 1.1em; margin: 1.6em 0 .3em; }
.summary, .definition, .memo, cite { color: #333; }
.id { font-family: monospace; font-size: .9em; color: #444; }
table { border-collapse: collapse; margin: .5em 0; font-size: .9em; }
th, td { border: 1px solid #bbb; padding: .2em .45em; vertical-align: top; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
.heat td.n { min-width: 2.2em; text-align: center; }
.heat th.doc { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-weight: normal; }
.heat td, .heat th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
blockquote { margin: .8em 0 .8em 1.2em; padding-left: .8em; border-left: 3px solid #999; }
blockquote p { margin: 0; }
cite { display: block; font-style: normal; font-size: .9em; margin-top: .2em; }
.memo { font-style: italic; margin: .2em 0 .8em 2em; font-size: .9em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  #matrix, #quotes { break-before: page; }
  h2, h3 { break-after: avoid; }
  blockquote, tr, .memo { break-inside: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
}
";

/// Escapes text for HTML content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s);
    out
}

/// [`escape`], written at the end of `out`: the runs between markup characters are
/// copied whole.
fn escape_into(out: &mut String, s: &str) {
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let with = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        out.push_str(with);
        run = i + 1;
    }
    out.push_str(&s[run..]);
}

/// Escaped text with its line breaks kept (`<br>`).
fn lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    lines_into(&mut out, s);
    out
}

/// [`lines`], written at the end of `out`.
fn lines_into(out: &mut String, s: &str) {
    for (n, l) in s
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if n > 0 {
            out.push_str("<br>\n");
        }
        escape_into(out, l);
    }
}

/// The whole page.
pub fn to_html(e: &Export) -> String {
    let t = strings(e.lang);
    let title = if e.project.attributes.title.trim().is_empty() {
        t.cmd_export_title.to_owned()
    } else {
        fill(
            t.cmd_export_title_of,
            &[("title", &e.project.attributes.title)],
        )
    };
    let counts = e.counts();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n\
         <p class=\"summary\">{}</p>\n",
        e.lang.code(),
        escape(&title),
        escape(&title),
        escape(&e.summary())
    );
    codebook(e, &mut out);
    frequencies(e, &counts, &mut out);
    heat_map(e, &counts, &mut out);
    for by in &e.by {
        by_heat_map(by, e.lang, &mut out);
    }
    quotes(e, &mut out);
    document_memos(e, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

fn codebook(e: &Export, out: &mut String) {
    let t = strings(e.lang);
    let _ = write!(
        out,
        "<h2 id=\"codebook\">{}</h2>\n<table class=\"codebook\">\n<thead><tr>\
         <th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        t.cmd_export_codebook,
        t.cmd_export_col_code,
        t.cmd_export_col_label,
        t.cmd_export_col_definition
    );
    for c in &e.codes {
        let (label, def, depth) = c.code.map_or((t.cmd_not_in_codebook, "", 0), |k| {
            (k.label.get(e.lang), k.definition.get(e.lang), k.depth)
        });
        let _ = writeln!(
            out,
            "<tr><td class=\"id\" style=\"padding-left:{:.1}em\">{}</td><td>{}</td>\
             <td class=\"definition\">{}</td></tr>",
            0.45 + 1.2 * depth.min(6) as f64,
            escape(&c.id),
            escape(label),
            lines(def)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn frequencies(e: &Export, counts: &Counts, out: &mut String) {
    let t = strings(e.lang);
    let _ = write!(
        out,
        "<h2 id=\"frequencies\">{}</h2>\n<p class=\"summary\">{}</p>\n\
         <table class=\"freq\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\
         </thead>\n<tbody>\n",
        t.cmd_report_frequencies,
        t.cmd_export_freq_note,
        t.cmd_export_col_code,
        t.cmd_export_col_label,
        t.cmd_export_col_codings,
        t.cmd_export_col_documents
    );
    for (i, c) in e.codes.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td class=\"id\">{}</td><td>{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td></tr>",
            escape(&c.id),
            escape(e.label(i).unwrap_or(t.cmd_not_in_codebook)),
            counts.codings(i),
            counts.documents(i)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Background and text colour of a heat-map cell: white for 0, deepening blue up to
/// the largest count, white text on the darkest shades.
fn shade(n: usize, max: usize) -> String {
    if n == 0 || max == 0 {
        return "background:#fff;color:#999".into();
    }
    let t = n as f64 / max as f64;
    let light = 92.0 - 57.0 * t;
    let text = if light < 58.0 { "#fff" } else { "#111" };
    format!("background:hsl(210,65%,{light:.0}%);color:{text}")
}

fn heat_map(e: &Export, counts: &Counts, out: &mut String) {
    let t = strings(e.lang);
    let _ = write!(
        out,
        "<h2 id=\"matrix\">{}</h2>\n<p class=\"summary\">{}</p>\n<div class=\"scroll\">\n\
         <table class=\"heat\">\n<thead><tr><th>{}</th>",
        t.cmd_export_matrix, t.cmd_export_matrix_note, t.cmd_export_col_code
    );
    for &d in &e.documents {
        let _ = write!(out, "<th class=\"doc\">{}</th>", escape(e.document_name(d)));
    }
    let _ = write!(
        out,
        "<th>{}</th></tr></thead>\n<tbody>\n",
        t.cmd_export_col_all
    );
    let max = counts.matrix.iter().flatten().copied().max().unwrap_or(0);
    for (i, c) in e.codes.iter().enumerate() {
        let _ = write!(out, "<tr><th class=\"id\">{}</th>", escape(&c.id));
        for &n in &counts.matrix[i] {
            let _ = write!(out, "<td class=\"n\" style=\"{}\">{n}</td>", shade(n, max));
        }
        let _ = writeln!(out, "<td class=\"n\">{}</td></tr>", counts.codings(i));
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The code x attribute-value heat map: paragraphs with the code in the documents
/// of each value, shaded by their share of those documents' paragraphs (so that a
/// group of two interviews and one of ten compare); the first row gives the totals.
fn by_heat_map(t: &CrossTab, lang: Lang, out: &mut String) {
    let words = strings(lang);
    let attribute = escape(&t.attribute);
    let _ = write!(
        out,
        "<h2 id=\"by-{}\">{}</h2>\n<p class=\"summary\">{}</p>\n<div class=\"scroll\">\n\
         <table class=\"heat\">\n<thead><tr><th>{}</th>",
        escape(&anchor(&t.attribute)),
        fill(words.cmd_export_by_heading, &[("attribute", &attribute)]),
        fill(words.cmd_export_by_html_note, &[("attribute", &attribute)]),
        words.cmd_export_col_code
    );
    for c in 0..t.values.len() {
        let heading = escape(t.heading_in(c, lang));
        let _ = write!(out, "<th class=\"doc\">{heading}</th>");
    }
    let _ = write!(
        out,
        "</tr></thead>\n<tbody>\n<tr><th>{}</th>",
        words.cmd_export_by_totals
    );
    for (p, d) in t.paragraphs.iter().zip(&t.documents) {
        let _ = write!(out, "<td class=\"n\">{p} / {d}</td>");
    }
    out.push_str("</tr>\n");
    for (i, id) in t.codes.iter().enumerate() {
        let _ = write!(out, "<tr><th class=\"id\">{}</th>", escape(id));
        for (c, &n) in t.coded_paragraphs[i].iter().enumerate() {
            let share = n * 1000 / t.paragraphs[c].max(1);
            let title = cell_title(words, n, t, i, c);
            let style = shade(share, 1000);
            let _ = write!(
                out,
                "<td class=\"n\" style=\"{style}\" title=\"{title}\">{n}</td>"
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The tooltip of a code x attribute cell: "3 of 10 paragraphs, in 1 of 2 documents".
fn cell_title(words: &Strings, n: usize, t: &CrossTab, code: usize, value: usize) -> String {
    let values: [(&str, &dyn std::fmt::Display); 4] = [
        ("n", &n),
        ("paragraphs", &t.paragraphs[value]),
        ("coded", &t.coded_documents[code][value]),
        ("documents", &t.documents[value]),
    ];
    escape(&fill(words.cmd_export_by_cell, &values))
}

/// An attribute name as part of an element id: letters and digits, the rest `-`.
fn anchor(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// Each selected document's memos, under its name and attribute values.
fn document_memos(e: &Export, out: &mut String) {
    if e.document_memos.is_empty() {
        return;
    }
    let t = strings(e.lang);
    let _ = writeln!(
        out,
        "<h2 id=\"document-memos\">{}</h2>",
        t.cmd_export_document_memos
    );
    let mut last = None;
    for (doc, coder, memo) in &e.document_memos {
        if last != Some(*doc) {
            let about = e.described(*doc);
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"summary\">({})</span>", escape(&about))
            };
            let _ = writeln!(out, "<h3>{}{about}</h3>", escape(e.document_name(*doc)));
            last = Some(*doc);
        }
        let said = fill(t.cmd_export_memo, &[("coder", &escape(coder))]);
        let _ = writeln!(out, "<p class=\"memo\">{said} {}</p>", lines(memo));
    }
}

fn quotes(e: &Export, out: &mut String) {
    let t = strings(e.lang);
    let _ = writeln!(out, "<h2 id=\"quotes\">{}</h2>", t.cmd_export_quotes);
    let by_code = quotes_by_code(e);
    if by_code.iter().all(Vec::is_empty) {
        let none = t.cmd_export_no_codings_yet;
        let _ = writeln!(out, "<p class=\"summary\">{none}</p>");
    }
    for (c, quotes) in by_code.iter().enumerate() {
        if quotes.is_empty() {
            continue;
        }
        let code = &e.codes[c];
        let _ = writeln!(
            out,
            "<section class=\"code\">\n<h3>{} <span class=\"id\">{}</span></h3>",
            escape(e.label(c).unwrap_or(t.cmd_not_in_codebook)),
            escape(&code.id)
        );
        if let Some(def) = code.code.map(|k| k.definition.get(e.lang))
            && !def.trim().is_empty()
        {
            let _ = writeln!(out, "<p class=\"definition\">{}</p>", lines(def));
        }
        out.push_str(&super::in_parallel(quotes, |q, s| quote(e, q, s)));
        out.push_str("</section>\n");
    }
}

fn quote(e: &Export, rows: &[usize], out: &mut String) {
    let first = &e.rows[rows[0]];
    out.push_str("<blockquote>\n<p>");
    if let Some(s) = first.speaker {
        out.push_str("<strong>");
        escape_into(out, s);
        out.push_str(":</strong> ");
    }
    lines_into(out, first.text);
    out.push_str("</p>\n<cite>— ");
    escape_into(out, &e.cite(rows));
    out.push_str("</cite>\n</blockquote>\n");
    for &i in rows {
        let r = &e.rows[i];
        if !r.memo.trim().is_empty() {
            let said = fill(
                strings(e.lang).cmd_export_memo,
                &[("coder", &escape(&r.coder))],
            );
            let _ = writeln!(out, "<p class=\"memo\">{said} {}</p>", lines(&r.memo));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_breaks_and_drop_blank_lines() {
        assert_eq!(
            lines(" a<b \n\n  \n'c'\r\nd"),
            "a&lt;b<br>\n&#39;c&#39;<br>\nd"
        );
        assert_eq!(lines(" \n "), "");
        assert_eq!(escape("é日本&"), "é日本&amp;");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        assert_eq!(lines("satu\r\n  dua <b>\n\n"), "satu<br>\ndua &lt;b&gt;");
    }

    #[test]
    fn shades_deepen_with_the_count() {
        assert_eq!(shade(0, 5), "background:#fff;color:#999");
        assert_eq!(shade(5, 5), "background:hsl(210,65%,35%);color:#fff");
        assert!(shade(1, 5).ends_with("color:#111"));
    }
}
