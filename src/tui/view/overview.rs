//! The overview: counts per code, coverage per document, and the code x document
//! table shaded by count, one table at a time (Tab switches), scrollable both ways.

use super::{fit, pad, rpad};
use crate::app::overview::{
    BY_TABLE, FOOT_LINES, Overview, TABLES, matrix_cell, name_width, short_names, shown_columns,
    value_cell,
};
use crate::app::state::State;
use crate::core::attributes::crosstab::CrossTab;
use crate::core::display::sanitize_line;
use crate::i18n::fill;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct OverviewView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub overview: &'a Overview,
}

impl OverviewView<'_> {
    /// The code column: the label indented by its depth in the tree.
    fn code_label(&self, id: &str, label: &str) -> String {
        let depth = self.state.codebook.get(id).map_or(0, |c| c.depth);
        format!("{}{}", "  ".repeat(depth), sanitize_line(label))
    }

    /// The code x attribute-value table: a column per value, the first row the
    /// totals; cells shaded by their share of the column's total.
    fn by_table(&self, t: &CrossTab, width: usize) -> (Line<'static>, Vec<Line<'static>>) {
        let o = self.overview;
        let tr = crate::i18n::strings(self.state.lang);
        let name_w = name_width(width);
        let cell = value_cell(t);
        let shown: Vec<usize> = (o.column..t.values.len())
            .take(shown_columns(o, width))
            .collect();
        let (what, totals, counts) = if o.by_documents {
            (tr.ui_overview_documents, &t.documents, &t.coded_documents)
        } else {
            ("¶", &t.paragraphs, &t.coded_paragraphs)
        };
        let corner = format!(
            "{} \\ {} ({what})",
            tr.ui_overview_code,
            sanitize_line(&t.attribute)
        );
        let mut header = vec![Span::raw(pad(&corner, name_w))];
        for &c in &shown {
            header.push(Span::styled(
                rpad(
                    &sanitize_line(t.values[c].as_deref().unwrap_or(tr.ui_overview_none)),
                    cell - 1,
                ) + " ",
                self.theme.heading(),
            ));
        }
        let cells = |row: &[usize], style: &dyn Fn(usize, usize) -> ratatui::style::Style| {
            let mut spans = Vec::new();
            for &c in &shown {
                spans.push(Span::styled(
                    rpad(&row[c].to_string(), cell - 1),
                    style(row[c], c),
                ));
                spans.push(Span::raw(" "));
            }
            spans
        };
        let mut total = vec![Span::styled(
            pad(tr.ui_overview_all, name_w),
            self.theme.dim(),
        )];
        total.extend(cells(totals, &|_, _| self.theme.dim()));
        let mut rows = vec![Line::from(total)];
        for (i, id) in t.codes.iter().enumerate() {
            let label = self
                .state
                .codebook
                .get(id)
                .map_or(id.as_str(), |c| c.label.get(self.state.lang));
            let mut spans = vec![Span::raw(pad(&self.code_label(id, label), name_w))];
            spans.extend(cells(&counts[i], &|n, c| {
                let level = if n == 0 {
                    0
                } else {
                    1 + u8::try_from(3 * n / totals[c].max(1)).unwrap_or(2).min(2)
                };
                self.theme.shade(level)
            }));
            rows.push(Line::from(spans));
        }
        (Line::from(header), rows)
    }

    /// Header and rows of the table shown.
    fn table(&self, width: usize) -> (Line<'static>, Vec<Line<'static>>) {
        let o = self.overview;
        let r = &o.report;
        let tr = crate::i18n::strings(self.state.lang);
        match o.table {
            BY_TABLE => match &o.by {
                Some(t) => self.by_table(t, width),
                None => (Line::from(tr.ui_overview_no_attributes), Vec::new()),
            },
            0 => {
                let name_w = width.saturating_sub(22).max(10);
                let header = format!(
                    "{}{:>10}{:>10}",
                    pad(tr.ui_overview_code, name_w),
                    "¶",
                    tr.ui_overview_documents
                );
                let rows = r
                    .codes
                    .iter()
                    .map(|c| {
                        Line::from(format!(
                            "{}{:>10}{:>10}",
                            pad(&self.code_label(&c.id, &c.label), name_w),
                            c.paragraphs,
                            c.documents
                        ))
                    })
                    .collect();
                (Line::from(header), rows)
            }
            1 => {
                let name_w = width.saturating_sub(40).clamp(10, 40);
                let bar_w = width.saturating_sub(name_w + 24).max(4);
                let header = format!(
                    "{}{:>8}{:>8}{:>7}  ",
                    pad(tr.ui_overview_document, name_w),
                    tr.ui_overview_coded,
                    "¶",
                    "%"
                );
                let rows = r
                    .coverage
                    .iter()
                    .map(|c| {
                        let pct = if c.paragraphs == 0 {
                            0.0
                        } else {
                            100.0 * c.coded as f64 / c.paragraphs as f64
                        };
                        let filled = ((pct / 100.0) * bar_w as f64).round() as usize;
                        Line::from(vec![
                            Span::raw(format!(
                                "{}{:>8}{:>8}{:>6.0}%  ",
                                pad(&sanitize_line(&c.document), name_w),
                                c.coded,
                                c.paragraphs,
                                pct
                            )),
                            Span::styled("█".repeat(filled), self.theme.ok()),
                            Span::styled("·".repeat(bar_w - filled.min(bar_w)), self.theme.dim()),
                        ])
                    })
                    .collect();
                (Line::from(header), rows)
            }
            _ => {
                let name_w = name_width(width);
                let cell = matrix_cell(&r.documents, width);
                let cols = (width.saturating_sub(name_w) / cell).max(1);
                let shown: Vec<usize> = (o.column..r.documents.len()).take(cols).collect();
                let corner = format!(
                    "{} \\ {}",
                    tr.ui_overview_code, tr.ui_overview_document_lower
                );
                let mut header = vec![Span::raw(pad(&corner, name_w))];
                let names = short_names(&r.documents, cell);
                for &d in &shown {
                    let name = &names[d];
                    header.push(Span::styled(
                        rpad(&sanitize_line(name), cell - 1) + " ",
                        self.theme.heading(),
                    ));
                }
                let max = r.matrix.iter().flatten().copied().max().unwrap_or(0).max(1);
                let rows = r
                    .codes
                    .iter()
                    .enumerate()
                    .map(|(c, code)| {
                        let mut spans = vec![Span::raw(pad(
                            &self.code_label(&code.id, &code.label),
                            name_w,
                        ))];
                        for &d in &shown {
                            let n = r.matrix[c][d];
                            let level = if n == 0 {
                                0
                            } else {
                                1 + u8::try_from((2 * n) / max).unwrap_or(2).min(2)
                            };
                            let text = if n == 0 {
                                "·".to_owned()
                            } else {
                                n.to_string()
                            };
                            spans
                                .push(Span::styled(rpad(&text, cell - 1), self.theme.shade(level)));
                            spans.push(Span::raw(" "));
                        }
                        Line::from(spans)
                    })
                    .collect();
                (Line::from(header), rows)
            }
        }
    }
}

impl Widget for OverviewView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.inner(Margin {
            horizontal: 1,
            vertical: 1,
        });
        Clear.render(area, buf);
        let o = self.overview;
        let title = self.title(usize::from(area.width.saturating_sub(2)));
        let block = Block::bordered().title(Span::styled(title, self.theme.title()));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 4 || inner.width < 20 {
            return;
        }
        let width = usize::from(inner.width);
        let (header, rows) = self.table(width);
        buf.set_line(
            inner.x,
            inner.y,
            &header.style(self.theme.title()),
            inner.width,
        );
        let foot_lines = usize::from(FOOT_LINES).min(usize::from(inner.height) - 2);
        let body_rows = usize::from(inner.height) - 1 - foot_lines;
        let n = rows.len();
        let first = o.scroll.min(n.saturating_sub(body_rows));
        for (i, line) in rows.into_iter().skip(first).take(body_rows).enumerate() {
            let y = inner.y + 1 + u16::try_from(i).unwrap_or(0);
            buf.set_line(inner.x, y, &line, inner.width);
        }
        let foot = self.foot(width, first, body_rows, n);
        let shown = foot.len().min(foot_lines);
        let top = inner.y + inner.height - u16::try_from(shown).unwrap_or(0);
        for (k, line) in foot.iter().take(shown).enumerate() {
            let y = top + u16::try_from(k).unwrap_or(0);
            buf.set_line(inner.x, y, line, inner.width);
        }
    }
}

impl OverviewView<'_> {
    /// Whose codings and the tables, the one shown in brackets; in a narrow terminal
    /// only the one shown, with its place among them.
    fn title(&self, width: usize) -> String {
        let o = self.overview;
        let whose = o.whose.label(self.state);
        let tr = crate::i18n::strings(self.state.lang);
        let names = [
            tr.ui_overview_tab_codes,
            tr.ui_overview_tab_coverage,
            tr.ui_overview_tab_matrix,
            tr.ui_overview_tab_by,
        ];
        debug_assert_eq!(names.len(), TABLES.len());
        let tabs: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i == o.table {
                    format!("[{t}]")
                } else {
                    (*t).to_owned()
                }
            })
            .collect();
        let title = fill(tr.ui_overview_title, &[("whose", &whose)]);
        let full = format!(" {title} · {} ", tabs.join(" "));
        if crate::core::display::width(&full) <= width {
            return full;
        }
        let short = format!(
            " {title} · [{}] {}/{} ",
            names.get(o.table).unwrap_or(&""),
            o.table + 1,
            names.len()
        );
        fit(&short, width)
    }

    /// Where the table is and the keys, flowed into the foot's lines; the last line
    /// shown ends with … when they need more.
    fn foot(&self, width: usize, first: usize, body_rows: usize, n: usize) -> Vec<Line<'static>> {
        let o = self.overview;
        let tr = crate::i18n::strings(self.state.lang);
        let range = |what: &str, from: usize, to: usize, of: usize| {
            fill(what, &[("from", &from), ("to", &to), ("n", &of)])
        };
        let mut items = vec![
            range(
                tr.ui_overview_rows,
                (first + 1).min(n),
                (first + body_rows).min(n),
                n,
            ),
            format!("j/k {}", tr.ui_key_scroll),
            tr.ui_overview_tab_key.to_owned(),
        ];
        if o.table == BY_TABLE
            && let Some(t) = &o.by
        {
            let names = self.state.project.attributes.all_names().len();
            let values = t.values.len();
            items.push(fill(
                tr.ui_overview_next_attribute,
                &[("n", &(o.attribute + 1)), ("total", &names)],
            ));
            items.push(format!(
                "d: {}",
                if o.by_documents {
                    tr.ui_overview_paragraphs
                } else {
                    tr.ui_overview_documents
                }
            ));
            items.push(range(
                tr.ui_overview_values,
                (o.column + 1).min(values),
                (o.column + shown_columns(o, width)).min(values),
                values,
            ));
        }
        if o.table == 2 {
            let docs = o.report.documents.len();
            items.push(range(
                tr.ui_overview_documents_range,
                (o.column + 1).min(docs),
                (o.column + shown_columns(o, width)).min(docs),
                docs,
            ));
        }
        items.push(format!("c {}", tr.ui_overview_coder));
        items.push(format!("Esc {}", tr.ui_key_closes));
        let mut f = super::flow::Flow::new(width.saturating_sub(1), 0);
        for item in items {
            f.item(vec![Span::styled(item, self.theme.dim())], " · ");
        }
        let mut lines: Vec<Line<'static>> = f
            .finish()
            .into_iter()
            .map(|l| {
                let mut spans = vec![Span::raw(" ")];
                spans.extend(l.spans);
                Line::from(spans)
            })
            .collect();
        let keep = usize::from(FOOT_LINES);
        if lines.len() > keep {
            let rest: String = lines[keep - 1..]
                .iter()
                .map(|l| {
                    let t: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                    t.trim().to_owned()
                })
                .collect::<Vec<_>>()
                .join(" · ");
            lines.truncate(keep - 1);
            lines.push(Line::from(Span::styled(
                fit(&format!(" {rest}"), width),
                self.theme.dim(),
            )));
        }
        lines
    }
}
