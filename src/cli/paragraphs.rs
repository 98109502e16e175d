//! `tandai paragraphs PATH`: how tandai segments a document, or every document of a
//! folder, so that a user can check a new transcript before coding it.

use super::out;
use color_eyre::eyre::Result;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use tandai::core::display::{Shown, sanitize_char, sanitize_line};
use tandai::core::project::{Content, Project};

/// The output format of `tandai paragraphs`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParagraphsFormat {
    #[value(help = super::tr().cmd_h_paragraphs_text)]
    Text,
    #[value(help = super::tr().cmd_h_paragraphs_jsonl)]
    Jsonl,
}

/// Prints every readable document's paragraphs; an unreadable one gives its error on
/// stderr and exit code 1, and the others still print.
pub fn run(path: &Path, format: ParagraphsFormat, wheres: &[String]) -> Result<ExitCode> {
    let project = Project::open(path)?;
    let keep = super::where_filter(&project, wheres)?;
    let mut out = Vec::new();
    let mut failed = false;
    for (i, doc) in project.documents.iter().enumerate() {
        if keep.as_ref().is_some_and(|k| !k[i]) {
            continue;
        }
        match &doc.content {
            Ok(content) => match format {
                ParagraphsFormat::Text => text(&mut out, &doc.name, content),
                ParagraphsFormat::Jsonl => jsonl(&mut out, &doc.name, content),
            },
            Err(e) => {
                failed = true;
                out::warn(&format!("tandai: {}", sanitize_line(e)));
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `== name (N paragraphs)`, what was left out, then `¶n  [time] Speaker` and the
/// text indented, every line through the display sanitiser (RELIABILITY H10).
fn text(out: &mut Vec<u8>, name: &str, content: &Content) {
    let t = super::tr();
    let n = super::count(
        content.paragraphs.len(),
        t.cmd_paragraphs_one,
        t.cmd_paragraphs_other,
    );
    let _ = writeln!(out, "== {} ({n})", sanitize_line(name));
    for note in &content.left_out {
        let _ = writeln!(out, "   ({})", sanitize_line(note));
    }
    for (i, p) in content.paragraphs.iter().enumerate() {
        let mut head = format!("¶{}", i + 1);
        if let Some(t) = &p.timestamp() {
            head.push_str(&format!("  [{}]", &content.text[t.clone()]));
        }
        if let Some(s) = p.speaker(&content.text) {
            head.push_str(&format!("  {}", sanitize_line(s)));
        }
        let _ = writeln!(out, "{head}");
        for line in p.body(&content.text).lines() {
            let _ = writeln!(out, "    {}", sanitize_line(line));
        }
    }
    let _ = writeln!(out);
}

/// One line of `--format jsonl`, fields in this order.
#[derive(serde::Serialize)]
struct Row<'a> {
    document: &'a str,
    /// Numbered from 1, as on screen.
    paragraph: usize,
    speaker: Option<&'a str>,
    time: Option<&'a str>,
    /// The paragraph after its speaker and time.
    text: &'a str,
}

fn jsonl(out: &mut Vec<u8>, name: &str, content: &Content) {
    for (i, p) in content.paragraphs.iter().enumerate() {
        let row = Row {
            document: name,
            paragraph: i + 1,
            speaker: p.speaker(&content.text),
            time: p.timestamp().map(|t| &content.text[t]),
            text: p.body(&content.text).trim_start(),
        };
        let json = serde_json::to_string(&row).unwrap_or_default();
        let _ = writeln!(out, "{}", escape_hidden(&json));
    }
}

/// JSON with C1 controls, bidi and invisible characters written as `\uXXXX`, which
/// any JSON reader decodes back, so that the line is safe on a terminal.
fn escape_hidden(json: &str) -> String {
    let mut s = String::with_capacity(json.len());
    for c in json.chars() {
        if matches!(sanitize_char(c), Shown::Marker(_)) || c == '\u{7f}' {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                s.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            s.push(c);
        }
    }
    s
}
