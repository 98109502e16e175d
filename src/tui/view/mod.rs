//! Drawing the coding screen. Views borrow the state and never change it.

mod attributes;
mod codebook;
mod documents;
mod editor;
pub mod flow;
mod help;
mod memo;
mod messages;
mod overview;
mod picker;
mod retrieve;
mod review;
mod status;
mod team;
mod transcript;

use super::theme::Theme;
use super::wrap_cache::WrapCache;
use crate::app::layout;
use crate::app::state::{Mode, State};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Smallest terminal the coding screen is drawn in; below it, a short message.
pub const MIN_SIZE: (u16, u16) = (50, 12);

/// What the view learnt while drawing that the state should know.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Feedback {
    /// The scroll offset actually shown, when it differs from the state's.
    pub scroll: Option<usize>,
    /// The help screen's first line actually shown, when it differs from the state's
    /// (G or End asked for the end).
    pub help_scroll: Option<usize>,
}

/// Draws the whole screen.
pub fn render(frame: &mut Frame, state: &State, cache: &mut WrapCache, theme: Theme) -> Feedback {
    let area = frame.area();
    draw(area, frame.buffer_mut(), state, cache, theme)
}

/// Draws into a buffer (the same as [`render`], for tests and benchmarks).
pub fn draw(
    area: Rect,
    buf: &mut Buffer,
    state: &State,
    cache: &mut WrapCache,
    theme: Theme,
) -> Feedback {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small(area, buf, state.lang);
        return Feedback::default();
    }
    let panes = layout::panes(
        (area.width, area.height),
        layout::Shown {
            documents: state.documents_pane,
            message_rows: status::message_rows(state, area.width),
        },
    );
    let [body, status_area] = Layout::vertical([
        Constraint::Length(panes.body_rows),
        Constraint::Length(panes.status_rows),
    ])
    .areas(area);
    let [docs_area, text_area, book_area] = Layout::horizontal([
        Constraint::Length(panes.documents),
        Constraint::Length(panes.transcript),
        Constraint::Length(panes.codebook),
    ])
    .areas(body);
    if panes.documents_shown() {
        documents::Documents { state, theme }.render(docs_area, buf);
    }
    let mut feedback = transcript::Transcript {
        state,
        cache,
        theme,
        documents_hidden: !panes.documents_shown(),
    }
    .draw(text_area, buf);
    codebook::CodebookPane { state, theme }.render(book_area, buf);
    status::Status { state, theme }.render(status_area, buf);
    match &state.mode {
        Mode::Coding | Mode::Search => {}
        Mode::Memo(e) => memo::MemoView {
            state,
            theme,
            editor: e,
        }
        .render(area, buf),
        Mode::Retrieve => {
            if let Some(r) = &state.retrieval {
                retrieve::RetrieveView {
                    state,
                    theme,
                    retrieval: r,
                }
                .render(body, buf);
            }
        }
        Mode::Attributes(screen) => attributes::AttributesView {
            state,
            theme,
            screen,
        }
        .render(body, buf),
        Mode::Overview(o) => overview::OverviewView {
            state,
            theme,
            overview: o,
        }
        .render(body, buf),
        Mode::Help { scroll } => {
            let shown = help::Help {
                state,
                theme,
                scroll: *scroll,
            }
            .draw(area, buf);
            if shown != *scroll {
                feedback.help_scroll = Some(shown);
            }
        }
        // Over the panes, not the status line: the codebook's save state and what
        // happened to it (merged, kept as a conflict copy) stay in sight.
        Mode::Editor(e) => editor::EditorView {
            state,
            theme,
            editor: e,
        }
        .render(body, buf),
        Mode::Review { selected, .. } => review::ReviewView {
            state,
            theme,
            selected: *selected,
        }
        .render(area, buf),
        Mode::Agreement(v) => team::AgreementTable {
            state,
            theme,
            view: v,
        }
        .render(body, buf),
        Mode::Settle(q) => team::SettleView {
            state,
            theme,
            queue: q,
        }
        .render(body, buf),
        Mode::Picker(p) => picker::PickerView {
            state,
            theme,
            picker: p,
        }
        .render(area, buf),
        Mode::Messages { scroll } => messages::MessagesView {
            state,
            theme,
            scroll: *scroll,
        }
        .render(area, buf),
    }
    feedback
}

fn too_small(area: Rect, buf: &mut Buffer, lang: crate::i18n::Lang) {
    let text = crate::i18n::fill(
        crate::i18n::strings(lang).ui_too_small,
        &[
            ("min", &format!("{}x{}", MIN_SIZE.0, MIN_SIZE.1)),
            ("now", &format!("{}x{}", area.width, area.height)),
        ],
    );
    Paragraph::new(Line::from(text))
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// A `w` x `h` rectangle in the middle of `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Left-aligned in `w` columns, cut with … when longer.
pub(crate) fn pad(s: &str, w: usize) -> String {
    let s = fit(s, w);
    let n = w.saturating_sub(crate::core::display::width(&s));
    format!("{s}{}", " ".repeat(n))
}

/// Right-aligned in `w` columns, cut with … when longer.
pub(crate) fn rpad(s: &str, w: usize) -> String {
    let s = fit(s, w);
    let n = w.saturating_sub(crate::core::display::width(&s));
    format!("{}{s}", " ".repeat(n))
}

/// Cuts `s` to at most `width` display columns, marking a cut with `…`.
pub(crate) fn fit(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if crate::core::display::width(s) <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
