//! How the coding screen shares its room: the one place the widths of the documents,
//! transcript and codebook panes and the height of the status lines are decided.
//!
//! The transcript is what is being coded, so it gets its room first: [`TEXT_GOAL`]
//! columns of text when the terminal has them. The codebook narrows towards keys and
//! short labels before the transcript shrinks, and the documents pane (which `]`/`[`
//! make optional) hides itself before either. Pure: sizes in, widths out, so that
//! `update` (the documents key) and the view agree, and tests need no terminal.

use crate::core::config::DocumentsPane;

/// Columns of transcript text wanted before the side panes get more than their least.
pub const TEXT_GOAL: u16 = 40;
/// The transcript pane's columns that are not text: two borders, and the bar that
/// marks the current paragraph with the space after it.
pub const TEXT_CHROME: u16 = 4;
/// The codebook at its narrowest: a key, a colour, a short label and the applied mark.
pub const BOOK_MIN: u16 = 20;
/// The codebook's widest.
pub const BOOK_MAX: u16 = 44;
/// The documents pane at its narrowest: a mark, a name of about eight columns, a count.
pub const DOCS_MIN: u16 = 16;
/// The documents pane's widest.
pub const DOCS_MAX: u16 = 30;
/// Status lines when the message (or the key hints) fits one line.
pub const STATUS_ROWS: u16 = 2;

/// What the screen shows that changes how its room is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// The coder's choice for the documents pane.
    pub documents: DocumentsPane,
    /// Lines the status message needs below the position line (1 or 2).
    pub message_rows: u16,
}

/// Widths of the three panes (left to right; they add up to the terminal's width)
/// and heights of the body and the status lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// 0 when the documents pane is hidden.
    pub documents: u16,
    pub transcript: u16,
    pub codebook: u16,
    pub body_rows: u16,
    pub status_rows: u16,
    /// The documents pane is hidden although the coder wants it: too little room.
    pub documents_squeezed: bool,
}

impl Panes {
    /// Columns of transcript text (the width paragraphs are wrapped to).
    pub fn text_columns(&self) -> u16 {
        self.transcript.saturating_sub(TEXT_CHROME)
    }

    pub fn documents_shown(&self) -> bool {
        self.documents > 0
    }
}

/// The layout rules. With the codebook at full width (about 3/10 of the screen), the
/// documents pane (about 1/4) shows when the transcript keeps [`TEXT_GOAL`] columns,
/// narrowing to [`DOCS_MIN`] first. When the coder asked for it, the codebook also
/// narrows (to [`BOOK_MIN`]) to make room for it. Otherwise, or when even that leaves
/// the transcript short, it hides, and the codebook takes what the transcript does not
/// need, down to [`BOOK_MIN`].
pub fn panes(size: (u16, u16), shown: Shown) -> Panes {
    let (w, h) = size;
    let status_rows = STATUS_ROWS + shown.message_rows.clamp(1, 2) - 1;
    let body_rows = h.saturating_sub(status_rows);
    let full_book = u16::try_from(u32::from(w) * 3 / 10)
        .unwrap_or(u16::MAX)
        .clamp(24, BOOK_MAX);
    let natural_docs = (w / 4).clamp(18, DOCS_MAX);
    // The most the side panes may take together with the transcript at its goal.
    let spare = w.saturating_sub(TEXT_GOAL + TEXT_CHROME);
    let with_docs = match shown.documents {
        DocumentsPane::Hidden => None,
        DocumentsPane::Auto => {
            let docs = natural_docs.min(spare.saturating_sub(full_book));
            (docs >= DOCS_MIN).then_some((docs, full_book))
        }
        DocumentsPane::Shown => {
            let docs = natural_docs.min(spare.saturating_sub(full_book));
            if docs >= DOCS_MIN {
                Some((docs, full_book))
            } else {
                let book = spare.saturating_sub(DOCS_MIN).min(full_book);
                (book >= BOOK_MIN).then_some((DOCS_MIN, book))
            }
        }
    };
    let (documents, codebook) =
        with_docs.unwrap_or_else(|| (0, spare.clamp(BOOK_MIN, full_book).min(w)));
    Panes {
        documents,
        transcript: w.saturating_sub(documents + codebook),
        codebook,
        body_rows,
        status_rows,
        documents_squeezed: documents == 0 && shown.documents != DocumentsPane::Hidden,
    }
}

/// Whether the documents pane shows now.
pub fn documents_shown(state: &super::State) -> bool {
    panes(
        state.size,
        Shown {
            documents: state.documents_pane,
            message_rows: 1,
        },
    )
    .documents_shown()
}

/// The narrowest terminal that shows the documents pane when the coder asks for it.
pub const DOCUMENTS_FROM: u16 = DOCS_MIN + BOOK_MIN + TEXT_GOAL + TEXT_CHROME;

/// The documents key: hides the pane when it shows, shows it otherwise (saying when
/// the terminal is too narrow for it now), and keeps the choice in the config.
pub fn toggle_documents(state: &mut super::State) -> Vec<super::Effect> {
    state.documents_pane = if documents_shown(state) {
        DocumentsPane::Hidden
    } else {
        DocumentsPane::Shown
    };
    if state.documents_pane == DocumentsPane::Shown && !documents_shown(state) {
        let text = crate::i18n::fill(
            super::update::tr(state).ui_documents_no_room,
            &[("need", &DOCUMENTS_FROM), ("now", &state.size.0)],
        );
        super::update::info(state, text);
    }
    vec![super::Effect::KeepSetting(
        "documents",
        state.documents_pane.name(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(w: u16, h: u16, documents: DocumentsPane) -> Panes {
        panes(
            (w, h),
            Shown {
                documents,
                message_rows: 1,
            },
        )
    }

    #[test]
    fn panes_add_up_and_the_transcript_keeps_its_room_at_every_width() {
        for w in 50..=300 {
            for choice in [
                DocumentsPane::Auto,
                DocumentsPane::Shown,
                DocumentsPane::Hidden,
            ] {
                let p = at(w, 24, choice);
                assert_eq!(p.documents + p.transcript + p.codebook, w, "{w} {choice:?}");
                let least = (w - BOOK_MIN - TEXT_CHROME).min(TEXT_GOAL);
                assert!(p.text_columns() >= least, "{w} {choice:?}: {p:?}");
                assert!(p.codebook >= BOOK_MIN, "{w} {choice:?}: {p:?}");
                assert!(p.documents == 0 || p.documents >= DOCS_MIN, "{w}: {p:?}");
            }
        }
    }

    #[test]
    fn a_long_message_takes_a_second_status_line() {
        let one = at(80, 24, DocumentsPane::Auto);
        let two = panes(
            (80, 24),
            Shown {
                documents: DocumentsPane::Auto,
                message_rows: 2,
            },
        );
        assert_eq!((one.body_rows, one.status_rows), (22, 2));
        assert_eq!((two.body_rows, two.status_rows), (21, 3));
    }
}
