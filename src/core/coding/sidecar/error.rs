//! Why a sidecar cannot be read, in the interface's language.

use super::VERSION;
use crate::i18n::{self, Lang};

/// Why a sidecar cannot be read. Shown in the process's language
/// ([`SidecarError::message_in`] for another); the path always comes first.
#[derive(Debug, PartialEq, Eq)]
pub enum SidecarError {
    TooLarge {
        path: String,
        size: u64,
        max: u64,
    },
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    NewerVersion {
        path: String,
        version: u32,
    },
    /// `message` is in the language the file was parsed in ([`SidecarFile::parse_in`]).
    Invalid {
        path: String,
        message: String,
    },
    Io {
        path: String,
        message: String,
    },
}

impl SidecarError {
    /// The message in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        let t = i18n::strings(lang);
        match self {
            SidecarError::TooLarge { path, size, max } => i18n::fill(
                t.core_sidecar_too_large,
                &[("path", path), ("size", size), ("max", max)],
            ),
            SidecarError::Json {
                path,
                line,
                column,
                message,
            } => json_at(lang, path, *line, *column, message),
            SidecarError::NewerVersion { path, version } => i18n::fill(
                t.core_sidecar_newer,
                &[("path", path), ("version", version), ("max", &VERSION)],
            ),
            SidecarError::Invalid { path, message } | SidecarError::Io { path, message } => {
                format!("{path}: {message}")
            }
        }
    }
}

impl std::fmt::Display for SidecarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(i18n::current()))
    }
}

impl std::error::Error for SidecarError {}

/// "PATH: line L, column C: MESSAGE" in `lang`. In English serde's message is
/// kept as it is; in another language its usual messages are translated and the
/// place it repeats ("at line L column C") is dropped.
pub fn json_at(lang: Lang, path: &str, line: usize, column: usize, message: &str) -> String {
    let message = if lang == Lang::En {
        message.to_owned()
    } else {
        let place = format!(" at line {line} column {column}");
        serde_words(lang, message.strip_suffix(&place).unwrap_or(message))
    };
    i18n::fill(
        i18n::strings(lang).core_json_at,
        &[
            ("path", &path),
            ("line", &line),
            ("column", &column),
            ("message", &message),
        ],
    )
}

/// serde_json's message in `lang`, for the messages a hand-edited file gets; any
/// other stays as serde wrote it. The quoted names and types after them are kept.
fn serde_words(lang: Lang, message: &str) -> String {
    let t = i18n::strings(lang);
    let whole: [(&str, &str); 3] = [
        ("EOF while parsing", t.core_json_eof),
        ("expected value", t.core_json_expected_value),
        ("trailing comma", t.core_json_trailing_comma),
    ];
    if let Some((_, text)) = whole.iter().find(|(p, _)| message.starts_with(p)) {
        return (*text).to_owned();
    }
    let heads: [(&str, &str); 5] = [
        ("unknown field ", t.core_json_unknown_field),
        ("missing field ", t.core_json_missing_field),
        ("duplicate field ", t.core_json_duplicate_field),
        ("invalid type: ", t.core_json_invalid_type),
        ("expected ", t.core_json_expected),
    ];
    for (head, text) in heads {
        if let Some(rest) = message.strip_prefix(head) {
            let one_of = format!(", {} {} ", expected_word(t), t.core_json_one_of);
            let rest = rest
                .replace(", expected one of ", &one_of)
                .replace(", expected ", &format!(", {} ", expected_word(t)));
            return i18n::fill(text, &[("rest", &rest)]);
        }
    }
    message.to_owned()
}

/// "expected" alone, as the catalog's `core_json_expected` has it before `{rest}`.
fn expected_word(t: &i18n::Strings) -> &str {
    t.core_json_expected.trim_end_matches("{rest}").trim_end()
}

#[cfg(test)]
mod tests {
    use super::super::SidecarFile;
    use super::*;

    fn fail_in(bytes: &[u8], lang: Lang) -> String {
        SidecarFile::parse_in(bytes, "x.ana.tandai.json", lang)
            .expect_err("must fail")
            .message_in(lang)
    }

    #[test]
    fn indonesian_errors_still_name_the_file_and_line() {
        let cut = fail_in(b"{\"format\": \"tandai-sidecar\", \"vers", Lang::Id);
        assert!(
            cut.starts_with("x.ana.tandai.json: baris 1, kolom "),
            "{cut}"
        );
        let newer = fail_in(br#"{"format":"tandai-sidecar","version":7}"#, Lang::Id);
        assert!(
            newer.starts_with("x.ana.tandai.json: versi format 7 lebih baru"),
            "{newer}"
        );
        let bom = fail_in(b"\xEF\xBB\xBF{}", Lang::Id);
        assert!(bom.contains("penanda urutan bait (BOM)"), "{bom}");
        let other = fail_in(br#"{"format":"other","version":1}"#, Lang::Id);
        assert_eq!(
            other,
            "x.ana.tandai.json: \"format\" bernilai Some(\"other\"), seharusnya \"tandai-sidecar\""
        );
        let twice = br#"{"format":"tandai-sidecar","version":1,"document":"d","document_fingerprint":"sha256:00","coder":"ana","paragraphs":[{"paragraph":2,"fingerprint":"","start":0,"end":1,"codes":["a"]},{"paragraph":2,"fingerprint":"","start":0,"end":1,"codes":["b"]}]}"#;
        let twice = fail_in(twice, Lang::Id);
        let comma = fail_in(b"{\"format\": \"tandai-sidecar\",}", Lang::Id);
        assert_eq!(
            comma,
            "x.ana.tandai.json: baris 1, kolom 29: ada koma berlebih sebelum penutup"
        );
        let unknown = br#"{"format":"tandai-sidecar","version":1,"document":"d","document_fingerprint":"sha256:00","coder":"ana","paragraphs":[],"kode":1}"#;
        let unknown = fail_in(unknown, Lang::Id);
        assert!(
            unknown.contains(": bidang tidak dikenal `kode`, seharusnya salah satu dari `format`"),
            "{unknown}"
        );
        assert!(twice.ends_with("paragraf 2 tercantum dua kali"), "{twice}");
        let english = fail_in(br#"{"format":"tandai-sidecar","version":7}"#, Lang::En);
        assert!(english.contains("version 7 is newer"), "{english}");
    }
}
