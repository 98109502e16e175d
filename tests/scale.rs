//! Behaviour that the work for large projects must keep (issue 12): what is computed
//! later or elsewhere gives the same result as before.

use std::sync::Arc;
use tandai::core::fsread::Links;
use tandai::core::project::Document;
use tandai::core::sidecar::document_fingerprint;

#[test]
fn the_document_fingerprint_is_of_the_file_bytes_whether_computed_at_once_or_later() {
    let dir = tempfile::tempdir().expect("tmp");
    let plain = b"Peneliti: satu\r\n\r\nInforman: dua\n".to_vec();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&plain);
    for (name, bytes) in [("plain.txt", &plain), ("bom.txt", &bom)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let doc = Document::load(&path, Links::Follow);
        let content: Arc<_> = doc.content.expect("reads");
        assert_eq!(content.fingerprint(), document_fingerprint(bytes), "{name}");
        assert_eq!(content.paragraphs.len(), 2, "{name}");
    }
}
