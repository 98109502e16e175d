//! Schema validation with xmllint, for the REFI-QDA tests.

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// The REFI-QDA schemas and reference files (copies of `shared/interop/refi`).
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/refi");

/// Validates `xml` against `schema` (a file in [`FIXTURES`], e.g. `Project.xsd`);
/// the error is xmllint's report.
pub fn validate(xml: &[u8], schema: &str) -> Result<(), String> {
    let mut file = tempfile::Builder::new()
        .suffix(".xml")
        .tempfile()
        .expect("temp file");
    file.write_all(xml).expect("write");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(Path::new(FIXTURES).join(schema))
        .arg(file.path())
        .output()
        .expect("xmllint runs (apt-get install libxml2-utils)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
