//! The floor that tandai's first frame is measured against: a bare ratatui program
//! that reads a transcript (every `.txt`/`.md` file of a folder, or one file), checks
//! that it is UTF-8, splits it into paragraphs at blank lines, draws one frame of the
//! first paragraphs in a bordered block with a status line, and exits. Nothing else:
//! no codebook, no sidecars, no hashing, no locks.
//!
//! cargo build --release --example floor
//! python3 bench/scale.py floor-frame PATH    # or bench/scale.py all
//!
//! Like `tandai --exit-after-first-frame`, it takes the terminal (raw mode, the
//! alternate screen), draws, gives it back and exits, so the two are timed alike.

use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use std::path::{Path, PathBuf};

fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)
        .expect("folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    out.sort();
    out
}

fn main() {
    let path = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let mut texts = Vec::new();
    for f in files(&path) {
        let bytes = std::fs::read(&f).expect("read");
        texts.push(String::from_utf8(bytes).expect("utf-8"));
    }
    let paragraphs: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| t.split("\n\n").filter(|p| !p.trim().is_empty()).collect())
        .collect();
    let first: Vec<Line> = paragraphs
        .first()
        .into_iter()
        .flatten()
        .take(40)
        .flat_map(|p| [Line::from(*p), Line::default()])
        .collect();
    let count: usize = paragraphs.iter().map(Vec::len).sum();
    let mut terminal = ratatui::init();
    let _ = terminal.draw(|frame| {
        let [body, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
        frame.render_widget(
            Paragraph::new(first)
                .block(Block::bordered().title(path.display().to_string()))
                .wrap(Wrap { trim: false }),
            body,
        );
        frame.render_widget(Line::from(format!("¶1/{count} · floor · q quit")), status);
    });
    ratatui::restore();
}
