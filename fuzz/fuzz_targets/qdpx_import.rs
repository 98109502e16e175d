//! The REFI-QDA importer: any bytes give a project or a clear error, never a panic;
//! what it reads is consistent; and what it writes is a project tandai opens again
//! with exactly the imported texts and codings, with nothing else left behind.
//!
//! The first byte chooses what the rest is:
//! - `% 3 == 0`: a whole `.qdpx` archive, as given (zip structure and CRCs fuzzed);
//! - `% 3 == 1`: a `.qdc` codebook (XML);
//! - `% 3 == 2`: the parts of an archive the harness zips (stored, so libFuzzer
//!   mutates the XML itself, not compressed bytes): parts separated by
//!   `\n@@@\n`; the first is `project.qde`, each other `NAME\nCONTENT` is
//!   `sources/NAME`. Such a project, when it imports, is also written to a folder
//!   and opened again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::path::{Path, PathBuf};
use tandai::core::codebook::Codebook;
use tandai::core::project::{Project, load_sidecar};
use tandai::core::exchange::refi::{
    ImportedProject, Limits, WriteOptions, import_codebook_with, read_qdpx_with, write_project,
};
use tandai::core::documents::segment::segment;
use tandai::core::coding::sidecar::valid_coder;

/// Small limits, so that a bomb is refused fast and the limits themselves are fuzzed.
const LIMITS: Limits = Limits {
    max_input: 1 << 20,
    max_unpacked: 1 << 20,
    max_codes: 300,
    max_levels: 32,
};

const SEPARATOR: &[u8] = b"\n@@@\n";

fn split<'a>(mut data: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(at) = data.windows(sep.len()).position(|w| w == sep) {
        out.push(&data[..at]);
        data = &data[at + sep.len()..];
    }
    out.push(data);
    out
}

/// A stored (uncompressed) zip of `project.qde` and the sources.
fn archive(parts: &[&[u8]]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, bytes: &[u8]| {
        if zip.start_file(name, stored).is_ok() {
            let _ = zip.write_all(bytes);
        }
    };
    add("project.qde", parts[0]);
    for part in &parts[1..] {
        let (name, content) = match part.iter().position(|&b| b == b'\n') {
            Some(at) => (&part[..at], &part[at + 1..]),
            None => (*part, &[][..]),
        };
        add(
            &format!("sources/{}", String::from_utf8_lossy(name)),
            content,
        );
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// What is true of any imported project, before it is written.
fn check_read(p: &ImportedProject) {
    for doc in &p.documents {
        let name = &doc.file_name;
        assert!(!name.is_empty() && name.len() <= 255, "file name {name:?}");
        assert!(!name.contains(['/', '\\', '\0']) && !name.starts_with('.'), "{name:?}");
        let paragraphs = segment(&doc.text).len();
        for (coder, d) in &doc.decisions {
            assert!(valid_coder(coder), "coder {coder:?}");
            assert!(
                d.paragraphs.keys().all(|&i| i < paragraphs),
                "a coding past the last paragraph ({paragraphs}) of {name:?}"
            );
        }
    }
    for c in &p.coders {
        assert!(valid_coder(&c.coder), "coder {:?}", c.coder);
    }
    if let Some(book) = &p.codebook {
        check_codebook(&book.book);
    }
}

fn check_codebook(book: &Codebook) {
    assert!(book.codes.len() <= LIMITS.max_codes);
    let again = Codebook::parse(book.to_json().as_bytes(), "again")
        .unwrap_or_else(|e| panic!("the imported codebook does not load: {e}"));
    assert_eq!(again.to_json(), book.to_json(), "to_json is not stable");
}

fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("tandai-fuzz-qdpx-{}", std::process::id()))
}

/// Writes the project, opens it again, and compares.
fn check_written(p: &ImportedProject, root: &Path) {
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root).expect("scratch folder");
    let dir = root.join("project");
    let written = match write_project(p, &dir, &WriteOptions::default()) {
        Ok(w) => w,
        Err(e) => {
            // A refused write leaves nothing at all.
            assert!(!dir.exists(), "a failed import left {dir:?}: {e}");
            let left: Vec<_> = std::fs::read_dir(root).expect("ls").collect();
            assert!(left.is_empty(), "a failed import left {left:?}: {e}");
            return;
        }
    };
    let left: Vec<_> = std::fs::read_dir(root).expect("ls").flatten().collect();
    assert_eq!(left.len(), 1, "staging left behind: {left:?}");
    assert_eq!(written.documents.len(), p.documents.len());
    if p.documents.is_empty() {
        return;
    }
    let opened = Project::open(&dir).unwrap_or_else(|e| panic!("written project: {e}"));
    for (doc, (_, path)) in p.documents.iter().zip(&written.documents) {
        let here = opened
            .documents
            .iter()
            .find(|d| &d.path == path)
            .unwrap_or_else(|| panic!("{path:?} is not a document of the written project"));
        let content = here.content.as_ref().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(content.text, doc.text, "{path:?} reads back different");
        for (coder, d) in &doc.decisions {
            let loaded = load_sidecar(here, coder);
            assert!(loaded.readonly.is_none(), "{:?}", loaded.readonly);
            assert_eq!(loaded.decisions.paragraphs, d.paragraphs, "{path:?} {coder}");
            assert_eq!(loaded.decisions.memo, d.memo);
        }
    }
    check_forced_again(p, &dir);
}

/// Every file in a folder with its bytes.
fn files(dir: &Path) -> Vec<(std::ffi::OsString, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| (e.file_name(), std::fs::read(e.path()).unwrap_or_default()))
        .collect();
    out.sort();
    out
}

/// Importing again with `force` into the written project adds files and changes
/// none (the codebook is kept under another name), and leaves no staging folder.
fn check_forced_again(p: &ImportedProject, dir: &Path) {
    let before = files(dir);
    let options = WriteOptions {
        force: true,
        stamp: "again".into(),
    };
    let result = write_project(p, dir, &options);
    let after = files(dir);
    for (name, bytes) in &before {
        let kept = if name == "codebook.json" && result.is_ok() {
            "codebook.json.before-import-again".into()
        } else {
            name.clone()
        };
        let now = after.iter().find(|(n, _)| *n == kept);
        assert_eq!(now.map(|(_, b)| b), Some(bytes), "{name:?} changed: {result:?}");
    }
    if result.is_err() {
        assert_eq!(after.len(), before.len(), "a failed import added files");
    }
    let staging = after.iter().filter(|(n, _)| n.to_string_lossy().starts_with(".tandai-import"));
    assert_eq!(staging.count(), 0, "a staging folder was left: {result:?}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        0 => {
            if let Ok(p) = read_qdpx_with(rest, "f.qdpx", &LIMITS) {
                check_read(&p);
            }
            if let Ok(book) = import_codebook_with(rest, "f.qdpx", &LIMITS) {
                check_codebook(&book.book);
            }
        }
        1 => {
            if let Ok(book) = import_codebook_with(rest, "f.qdc", &LIMITS) {
                check_codebook(&book.book);
            }
        }
        _ => {
            let bytes = archive(&split(rest, SEPARATOR));
            match read_qdpx_with(&bytes, "f.qdpx", &LIMITS) {
                Ok(p) => {
                    check_read(&p);
                    check_written(&p, &scratch());
                }
                Err(e) => assert!(e.to_string().starts_with("f.qdpx"), "{e}"),
            }
        }
    }
});
