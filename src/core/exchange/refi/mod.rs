//! REFI-QDA (QDA-XML 1.0) codebook exchange: export a codebook as a `.qdc` file,
//! import one from a `.qdc` or from the `<CodeBook>` of a `.qdpx` project.
//!
//! REFI-QDA is what ATLAS.ti, MAXQDA, NVivo, QualCoder and others exchange, so a
//! codebook can move between tandai and those programs. The standard has one `name`
//! per code and a free-text `Description`; tandai has ids, two languages,
//! include/exclude/example texts, keys and retired or merged codes. Export therefore
//! writes one language and puts what REFI has no place for into the Description:
//!
//! ```text
//! <definition>
//!
//! Use when: <include>
//!
//! Not when: <exclude>
//!
//! Example: <example>
//!
//! [tandai id=devito.contact lang=en key=1]
//! ```
//!
//! Empty texts are left out. The last line, the *marker*, is for tandai's import;
//! other programs show it as part of the description. Its words, in this order and
//! each only when it applies:
//!
//! | word | meaning |
//! |---|---|
//! | `id=ID` | the tandai code id (always written) |
//! | `lang=en` / `lang=id` | the language of the name and texts (always written) |
//! | `key=K` | the key written in the codebook (`own_key`) |
//! | `heading` | the code is not codable; needed because `isCodable` is also false for retired and merged codes |
//! | `exclusive` | at most one of its children on one paragraph |
//! | `retired` | no longer applied |
//! | `merged_into=ID` | merged into that code |
//!
//! Values are UTF-8, percent-encoded except `A-Z a-z 0-9 . _ -`, so the marker is one
//! line of words separated by single spaces. Unknown words are ignored, so later
//! versions can add some. The `guid` of a code is derived from its id
//! ([`code_guid`]), so re-exports keep GUIDs stable. Colours are written as the RGB
//! of the code's own ANSI colour ([`ansi_rgb`]) and read back as the nearest one.
//!
//! Import reads the marker back. A code without a marker (written by another
//! program) gets its `name` as the label in both languages, its Description as the
//! definition (with any "Use when:" / "Not when:" / "Example:" paragraphs split
//! out), and an id made from its name path ([`slug`]). Texts are trimmed.
//!
//! Import is defensive: it never writes files, refuses DTDs (so entity expansion
//! cannot explode), and has size, count and depth [`Limits`].

mod archive;
mod build;
mod export;
mod ids;
mod import;
mod kept_ids;
mod marker;
mod not_taken;
mod project_export;
mod project_import;
mod project_names;
mod project_notes;
mod project_offsets;
mod project_read;
mod project_settings;
mod project_variables;
mod project_write;
mod selection_names;
mod variables_out;

pub use crate::core::codebook::{ansi_rgb, nearest_ansi};
pub use export::export_qdc;
pub use ids::{code_guid, slug};
pub use import::{import_codebook, import_codebook_with};
pub use kept_ids::{KeptIds, REFI_IDS_FILE};
pub use not_taken::NotTaken;
pub use project_export::{ExportStats, QdpxExport, QdpxOptions, export_qdpx, export_qdpx_with};
pub use project_import::{
    CoderMapping, ImportedDocument, ImportedProject, ProjectImportStats, read_qdpx, read_qdpx_with,
};
pub use project_names::safe_file_name;
pub use project_variables::{AttrType, ImportedAttribute, attribute_type};
pub use project_write::{WriteOptions, Written, write_project};
pub use selection_names::NameCheck;

use crate::core::codebook::Codebook;
use std::collections::HashMap;

/// The namespace of a REFI-QDA project document (`project.qde` in a `.qdpx`).
pub const PROJECT_NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// The namespace of a REFI-QDA codebook document (`.qdc`).
pub const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// Limits on what an import reads, so that a hostile file cannot exhaust memory or
/// time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, `.qdc` or whole `.qdpx`.
    pub max_input: u64,
    /// Largest `project.qde` accepted once unpacked: zip bombs stop here.
    pub max_unpacked: u64,
    /// Most codes in one codebook: tandai's tree code is quadratic in places.
    pub max_codes: usize,
    /// Deepest code nesting, in levels: tandai's JSON reader nests at most 128
    /// levels and each code level takes two.
    pub max_levels: usize,
}

impl Limits {
    /// The limits [`import_codebook`] uses.
    pub const DEFAULT: Limits = Limits {
        max_input: 64 * 1024 * 1024,
        max_unpacked: 256 * 1024 * 1024,
        max_codes: 10_000,
        max_levels: 32,
    };
}

/// The catalog of the process's language, for the import's errors and warnings.
pub(crate) fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

/// Why a REFI-QDA file cannot be imported. `name` is the file (and, for a `.qdpx`,
/// the entry read), as given by the caller. Shown in the process's language
/// ([`RefiError::message_in`] for another).
#[derive(Debug)]
pub enum RefiError {
    /// Over [`Limits::max_input`].
    TooLarge { name: String, size: u64, max: u64 },
    /// Starts like a zip but cannot be read as one (or uses an unsupported method).
    Zip { name: String, message: String },
    /// A zip without a top-level `project.qde`.
    NoProject { name: String },
    /// `project.qde` claims or inflates to more than [`Limits::max_unpacked`].
    Unpacked { name: String, max: u64 },
    /// Not well-formed XML, not UTF-8, not REFI-QDA, or over a count or depth limit.
    Xml {
        name: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A `<!DOCTYPE>`: refused outright, the protection against entity expansion.
    Doctype {
        name: String,
        line: usize,
        column: usize,
    },
    /// No `<CodeBook>`, or an empty one: importing would leave nothing to code with.
    NoCodes { name: String, reason: String },
    /// The result would not load as a tandai codebook (a bug if it ever happens).
    Invalid { name: String, message: String },
    /// What the import would write is larger than tandai reads back (a small,
    /// highly compressed archive can describe a huge codebook or memo).
    Output {
        name: String,
        what: String,
        size: u64,
        max: u64,
    },
    /// A project import cannot write into its folder: it is not empty, or a file
    /// cannot be written. `name` is the folder or file.
    Write { name: String, message: String },
}

impl RefiError {
    /// The message in `lang`; the file (and line and column) always come first.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::fill;
        let t = crate::i18n::strings(lang);
        match self {
            RefiError::TooLarge { name, size, max } => fill(
                t.core_refi_too_large,
                &[("name", name), ("size", size), ("max", max)],
            ),
            RefiError::Zip { name, message } => {
                fill(t.core_refi_zip, &[("name", name), ("message", message)])
            }
            RefiError::NoProject { name } => fill(t.core_refi_no_project, &[("name", name)]),
            RefiError::Unpacked { name, max } => {
                fill(t.core_refi_unpacked, &[("name", name), ("max", max)])
            }
            RefiError::Xml {
                name,
                line,
                column,
                message,
            } => fill(
                t.core_json_at,
                &[
                    ("path", name),
                    ("line", line),
                    ("column", column),
                    ("message", message),
                ],
            ),
            RefiError::Doctype { name, line, column } => fill(
                t.core_refi_doctype,
                &[("name", name), ("line", line), ("column", column)],
            ),
            RefiError::NoCodes { name, reason } => {
                fill(t.core_refi_no_codes, &[("name", name), ("reason", reason)])
            }
            RefiError::Output {
                name,
                what,
                size,
                max,
            } => fill(
                t.core_refi_output,
                &[("name", name), ("what", what), ("size", size), ("max", max)],
            ),
            RefiError::Invalid { name, message } | RefiError::Write { name, message } => {
                format!("{name}: {message}")
            }
        }
    }
}

impl std::fmt::Display for RefiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::current()))
    }
}

impl std::error::Error for RefiError {}

/// What [`import_codebook`] found.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The codebook, as tandai would load it from its own `to_json`.
    pub book: Codebook,
    /// Problems worth showing; the import went ahead anyway.
    pub warnings: Vec<String>,
    /// How many codes and levels were read.
    pub stats: ImportStats,
    /// The `origin` attribute: the program that wrote the file.
    pub origin: Option<String>,
    /// Each code's GUID in the file (without braces, lower case) and the id it got:
    /// how a project's codings find their codes.
    pub code_guids: HashMap<String, String>,
    /// The notes each code refers to (by id; GUIDs as written): its memo, filled in
    /// by a project import.
    pub code_notes: HashMap<String, Vec<String>>,
}

/// Size of an imported codebook, for a one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportStats {
    /// Codes read, at every level.
    pub codes: usize,
    /// Levels of nesting: 1 for a flat list, 0 for no codes.
    pub levels: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn import_errors_in_indonesian_name_the_file_and_place() {
        let xml = RefiError::Xml {
            name: "kode.qdc".into(),
            line: 4,
            column: 9,
            message: "x".into(),
        };
        assert_eq!(xml.message_in(Lang::Id), "kode.qdc: baris 4, kolom 9: x");
        assert_eq!(xml.message_in(Lang::En), "kode.qdc: line 4, column 9: x");
        let none = RefiError::NoProject {
            name: "proyek.qdpx".into(),
        };
        assert_eq!(
            none.message_in(Lang::Id),
            "proyek.qdpx: arsip tidak memuat project.qde, jadi berkas ini bukan proyek REFI-QDA"
        );
        let dtd = RefiError::Doctype {
            name: "kode.qdc".into(),
            line: 2,
            column: 1,
        };
        assert!(
            dtd.message_in(Lang::Id)
                .starts_with("kode.qdc: baris 2, kolom 1: DTD (<!DOCTYPE ...>) tidak diizinkan"),
            "{}",
            dtd.message_in(Lang::Id)
        );
    }
}
