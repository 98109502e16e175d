//! A zip entry deflated on a thread of its own while its text is still being
//! written: the large parts of an export (a `.qdpx`'s `project.qde`, an `.xlsx`'s
//! codings sheet) are written in batches on every core, and each batch is
//! compressed while the next is made, instead of all of it after.

use std::io::Write as _;
use std::sync::mpsc::SyncSender;
use zip::PreparedZipFile;
use zip::result::ZipResult;
use zip::write::{SimpleFileOptions, ZipFileBuilder};

/// Where the pieces of the entry's text go, in order.
pub(crate) struct Parts {
    to_zip: Option<SyncSender<Vec<String>>>,
}

impl Parts {
    /// Hands `pieces` to the compressing thread; false once that thread has stopped
    /// (its error is what [`deflated_while`] returns), and every later call is then
    /// a no-op, so the writer can stop early.
    pub(crate) fn send(&mut self, pieces: Vec<String>) -> bool {
        let Some(to_zip) = &self.to_zip else {
            return false;
        };
        if to_zip.send(pieces).is_err() {
            self.to_zip = None;
            return false;
        }
        true
    }

    /// Ends the text, so the entry is finished while the writer does other work.
    pub(crate) fn close(&mut self) {
        self.to_zip = None;
    }
}

/// The entry `name`, its text the pieces `write` sends (a few batches in flight at
/// most); and what `write` returned.
pub(crate) fn deflated_while<R>(
    name: &str,
    options: SimpleFileOptions,
    write: impl FnOnce(&mut Parts) -> R,
) -> (ZipResult<PreparedZipFile>, R) {
    std::thread::scope(|scope| {
        let (to_zip, pieces) = std::sync::mpsc::sync_channel::<Vec<String>>(4);
        let deflater = scope.spawn(move || -> ZipResult<PreparedZipFile> {
            let mut file = ZipFileBuilder::new(name, options)?;
            for piece in pieces.iter().flatten() {
                file.write_all(piece.as_bytes())?;
            }
            file.finish()
        });
        let mut parts = Parts {
            to_zip: Some(to_zip),
        };
        let out = write(&mut parts);
        drop(parts);
        let file = deflater.join().unwrap_or_else(|_| {
            Err(std::io::Error::other("the compressing thread stopped").into())
        });
        (file, out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn the_pieces_make_the_entry_in_order() {
        let (file, sent) = deflated_while("a.txt", SimpleFileOptions::default(), |parts| {
            let mut sent = 0;
            for n in 0..100 {
                sent += usize::from(parts.send(vec![format!("{n},"), "x\n".into()]));
            }
            parts.close();
            assert!(!parts.send(vec!["after".into()]), "closed");
            sent
        });
        assert_eq!(sent, 100);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.add_prepared_file(file.expect("entry")).expect("add");
        let bytes = zip.finish().expect("zip").into_inner();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("read");
        let mut text = String::new();
        archive
            .by_name("a.txt")
            .expect("entry")
            .read_to_string(&mut text)
            .expect("utf-8");
        let want: String = (0..100).map(|n| format!("{n},x\n")).collect();
        assert_eq!(text, want);
    }
}
