//! The two bottom rows: where you are and whether it is saved; then a message or
//! key hints drawn from the live keymap.

use super::fit;
use crate::app::action::COMMANDS;
use crate::app::state::{Mode, SaveState, State};
use crate::core::display::sanitize_line;
use crate::i18n::{self, fill};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct Status<'a> {
    pub state: &'a State,
    pub theme: Theme,
}

impl Widget for Status<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let t = i18n::strings(s.lang);
        let width = usize::from(area.width);
        let (save_text, save_style) = match s.save_summary() {
            SaveState::Clean | SaveState::Saved => (t.ui_status_saved.to_owned(), self.theme.ok()),
            SaveState::Saving => (t.ui_status_saving.to_owned(), self.theme.busy()),
            SaveState::Failed(why) => (
                fill(t.ui_status_not_saved, &[("why", &short_reason(&why))]),
                self.theme.alarm(),
            ),
        };
        let doc = s.project.documents.get(s.doc);
        let name = doc.map(|d| sanitize_line(&d.name)).unwrap_or_default();
        let position = match s.para_count() {
            0 => "¶0/0".to_owned(),
            n => format!("¶{}/{n}", s.para + 1),
        };
        let ro = if s.docs.get(s.doc).is_some_and(|d| d.readonly.is_some()) {
            format!(" · {}", t.ui_status_readonly)
        } else {
            String::new()
        };
        let review = s.docs.get(s.doc).map_or(0, |d| d.review_items().len());
        let review = if review > 0 {
            format!(" · {}", fill(t.ui_status_to_review, &[("n", &review)]))
        } else {
            String::new()
        };
        let retest = crate::app::retest::status(s)
            .map(|r| format!(" · {r}"))
            .unwrap_or_default();
        let reading = if s.all_read() {
            String::new()
        } else {
            let total = s.project.documents.len();
            let done = total - s.pending;
            format!(
                " · {}",
                fill(t.ui_status_reading, &[("done", &done), ("total", &total)])
            )
        };
        let left = format!(
            " {name} {position} · {} · {}{ro}{review}{retest}{reading} · ",
            s.coder,
            s.lang.code().to_uppercase()
        );
        // The save state keeps its room (a word longer in Indonesian: "✓ tersimpan"),
        // up to 24 columns for a failure's reason.
        let keep = crate::core::display::width(&save_text).clamp(10, 24);
        let left = fit(&left, width.saturating_sub(keep));
        let room = width.saturating_sub(crate::core::display::width(&left));
        let line = Line::from(vec![
            Span::raw(left),
            Span::styled(fit(&save_text, room), save_style),
        ]);
        buf.set_line(area.x, area.y, &line, area.width);
        if area.height < 2 {
            return;
        }
        let below = match &s.message {
            _ if s.mode == Mode::Search => vec![self.search_prompt(width)],
            Some(_) => message_lines(s, self.theme, width),
            None if s.search.is_some() => vec![self.search_prompt(width)],
            None => vec![self.hints(width)],
        };
        for (row, line) in below.iter().take(usize::from(area.height - 1)).enumerate() {
            let y = area.y + 1 + u16::try_from(row).unwrap_or(0);
            buf.set_line(area.x, y, line, area.width);
        }
    }
}

/// Lines the status line needs below the position line: two for a message too long
/// for one, else one.
pub fn message_rows(state: &State, width: u16) -> u16 {
    if state.message.is_none() || state.mode == Mode::Search {
        return 1;
    }
    let n = message_lines(state, Theme { color: false }, usize::from(width)).len();
    u16::try_from(n).unwrap_or(2)
}

/// The status message in at most two lines. One longer still ends with the key of
/// the messages screen, where it can be read whole.
fn message_lines(state: &State, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let Some(m) = &state.message else {
        return Vec::new();
    };
    let style = if m.warning {
        theme.warning()
    } else {
        ratatui::style::Style::new()
    };
    let text = format!(" {}", sanitize_line(&m.text));
    let mut lines = super::flow::paragraph(&text, style, width, 1);
    if lines.len() <= 2 {
        return lines;
    }
    let key = state.keymap.key_label("messages");
    let tail = if key.is_empty() {
        Vec::new()
    } else {
        vec![
            Span::styled(" ", style),
            Span::styled(sanitize_line(&key), theme.key()),
            Span::styled(
                format!(" {}", i18n::strings(state.lang).ui_status_shows_all),
                theme.dim(),
            ),
        ]
    };
    let tail_w: usize = tail
        .iter()
        .map(|s| crate::core::display::width(&s.content))
        .sum();
    let rest: Vec<String> = lines[1..]
        .iter()
        .map(|l| {
            let t: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            t.trim().to_owned()
        })
        .filter(|t| !t.is_empty())
        .collect();
    let mut second = vec![Span::styled(
        fit(
            &format!(" {}", rest.join(" ")),
            width.saturating_sub(tail_w),
        ),
        style,
    )];
    second.extend(tail);
    lines.truncate(1);
    lines.push(Line::from(second));
    lines
}

impl Status<'_> {
    /// The search prompt while typing, or the kept search: query, counts, keys.
    fn search_prompt(&self, width: usize) -> Line<'static> {
        let s = self.state;
        let t = i18n::strings(s.lang);
        let Some(search) = &s.search else {
            return Line::default();
        };
        let typing = s.mode == Mode::Search;
        let mut spans = vec![
            Span::styled(" /", self.theme.key()),
            Span::raw(sanitize_line(&search.query)),
        ];
        if typing {
            spans.push(Span::styled(" ", self.theme.selected()));
        }
        let mode = if search.exact {
            t.ui_search_exact
        } else {
            t.ui_search_any_case
        };
        let counts = if search.query.is_empty() {
            String::new()
        } else if search.pending {
            "  searching…".to_owned()
        } else if search.hits.is_empty() {
            format!("  {}", t.ui_search_no_match)
        } else {
            let here = search
                .position(s.doc, s.para)
                .map(|p| format!("¶ {p}/{} · ", search.hits.len()))
                .unwrap_or_default();
            let matches = i18n::count(
                search.total(),
                t.ui_search_match_one,
                t.ui_search_match_other,
            );
            let docs = i18n::count(
                search.documents(),
                t.ui_search_docs_one,
                t.ui_search_docs_other,
            );
            let counts = fill(
                t.ui_search_counts,
                &[
                    ("matches", &matches),
                    ("paras", &search.hits.len()),
                    ("docs", &docs),
                ],
            );
            format!("  {here}{counts}")
        };
        let keys = if typing {
            fill(t.ui_search_typing_keys, &[("mode", &mode)])
        } else {
            t.ui_search_kept_keys.to_owned()
        };
        let used: usize = spans
            .iter()
            .map(|sp| crate::core::display::width(&sp.content))
            .sum();
        let rest = fit(&format!("{counts}{keys}"), width.saturating_sub(used));
        spans.push(Span::raw(rest));
        Line::from(spans)
    }

    fn hints(&self, width: usize) -> Line<'static> {
        let s = self.state;
        let mut items: Vec<(String, &str, &str)> = Vec::new();
        let keys: Vec<char> = s.codebook.codes.iter().filter_map(|c| c.key).collect();
        if let (Some(first), Some(last)) = (keys.first(), keys.last()) {
            let k = if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            };
            items.push((k, "", i18n::strings(s.lang).ui_hint_code));
        }
        for c in COMMANDS {
            let hint = c.hint_in(s.lang);
            if let (Some(k), false) = (s.keymap.keys_for(c.name).first(), hint.is_empty()) {
                items.push((k.label(), c.name, hint));
            }
        }
        // Help, then quit, then undo (the way back from a wrong key) fit first, in that
        // order whatever their order in the table: with long keys bound (a keymap's
        // `ctrl-alt-pagedown`) at 50 columns undo gives way, never quit. Then the rest
        // in order while there is room.
        let width_of = |(key, _, hint): &(String, &str, &str)| {
            crate::core::display::width(key) + crate::core::display::width(hint) + 3
        };
        let priority = |name: &str| match name {
            "help" => 0,
            "quit" => 1,
            "undo" => 2,
            _ => 3,
        };
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| priority(items[i].1));
        let mut used = 1;
        let mut shown = vec![false; items.len()];
        for i in order {
            let w = width_of(&items[i]);
            if used + w <= width {
                used += w;
                shown[i] = true;
            }
        }
        let mut spans = vec![Span::raw(" ")];
        for ((key, _, hint), _) in items.into_iter().zip(shown).filter(|(_, s)| *s) {
            spans.push(Span::styled(key, self.theme.key()));
            spans.push(Span::raw(format!(" {hint}  ")));
        }
        Line::from(spans)
    }
}

/// A save error without the sidecar's path in front (the status line already names
/// the document): `/p/a.txt.ana.tandai.json: writing failed: ...` -> `writing failed: ...`.
fn short_reason(why: &str) -> &str {
    why.split_once(".tandai.json: ")
        .map_or(why, |(_, rest)| rest)
}
