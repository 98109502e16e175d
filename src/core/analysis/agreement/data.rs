//! Reliability data: a coders x units matrix of values, missing values allowed, and
//! how `tandai agree --data FILE.csv` reads it, as ReCal does: the first row names the
//! coders, each further row is a unit, a cell is a value, an empty cell is missing.

use super::alpha::Level;
use super::coefficients::Tally;
use crate::core::display::sanitize_line;
use crate::i18n::fill;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Largest reliability-data file read: far beyond any hand-made table, and small
/// enough that every coefficient is computed in well under a second.
pub const MAX_DATA_BYTES: u64 = 16 * 1024 * 1024;
/// Most coders (columns): percent agreement looks at every pair of them in every unit.
pub const MAX_CODERS: usize = 100;
/// Most distinct values at the ratio level, whose expected disagreement compares
/// every pair of values.
pub const MAX_RATIO_VALUES: usize = 10_000;

/// Values of `coders.len()` coders on each unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ReliabilityData {
    pub coders: Vec<String>,
    /// `units[u][c]`: coder c's value on unit u, as an index into `labels`; None when
    /// missing.
    pub units: Vec<Vec<Option<u32>>>,
    /// Each distinct value as first written.
    pub labels: Vec<String>,
    /// Each value's number, when read at a numeric level (ordinal, interval, ratio).
    pub numbers: Option<Vec<f64>>,
}

impl ReliabilityData {
    /// The integer counts behind percent agreement, the kappas and nominal alpha.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::new(self.coders.len());
        for unit in &self.units {
            tally.add(unit);
        }
        tally
    }

    /// Values given (cells that are not missing).
    pub fn values(&self) -> usize {
        self.units.iter().map(|u| u.iter().flatten().count()).sum()
    }

    /// Units with values from two coders or more: the ones alpha uses.
    pub fn pairable_units(&self) -> usize {
        self.units
            .iter()
            .filter(|u| u.iter().flatten().count() >= 2)
            .count()
    }
}

/// Why a reliability-data file cannot be used. Each names the file, and the line
/// where that helps. Shown in the process's language ([`DataError::message_in`] for
/// another; a `message` is in the language it was made in).
#[derive(Debug, PartialEq, Eq)]
pub enum DataError {
    Read {
        file: String,
        message: String,
    },
    TooLarge {
        file: String,
        size: u64,
    },
    Empty {
        file: String,
    },
    Line {
        file: String,
        line: u64,
        message: String,
    },
    NoUnits {
        file: String,
    },
}

impl DataError {
    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        let t = crate::i18n::strings(lang);
        match self {
            DataError::Read { file, message } => format!("{file}: {message}"),
            DataError::TooLarge { file, size } => fill(
                t.core_data_too_large,
                &[("file", file), ("size", size), ("max", &MAX_DATA_BYTES)],
            ),
            DataError::Empty { file } => fill(t.core_data_empty, &[("file", file)]),
            DataError::Line {
                file,
                line,
                message,
            } => fill(
                t.core_data_line,
                &[("file", file), ("line", line), ("message", message)],
            ),
            DataError::NoUnits { file } => fill(t.core_data_no_units, &[("file", file)]),
        }
    }
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::current()))
    }
}

impl std::error::Error for DataError {}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

/// Reads a reliability-data CSV file (see the module doc), with a size cap, refusing
/// anything that is not a regular file before opening it (a FIFO would block).
pub fn read_csv(path: &Path, level: Level) -> Result<ReliabilityData, DataError> {
    let file = path.display().to_string();
    let read = |message: String| DataError::Read {
        file: file.clone(),
        message,
    };
    let meta =
        std::fs::metadata(path).map_err(|e| read(crate::core::coding::store::short_io(&e)))?;
    if !meta.is_file() {
        return Err(read(words().core_data_not_regular.into()));
    }
    if meta.len() > MAX_DATA_BYTES {
        return Err(DataError::TooLarge {
            file,
            size: meta.len(),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_DATA_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| read(crate::core::coding::store::short_io(&e)))?;
    if bytes.len() as u64 > MAX_DATA_BYTES {
        return Err(DataError::TooLarge {
            file,
            size: bytes.len() as u64,
        });
    }
    parse_csv(bytes, &file, level)
}

/// Parses reliability data from a CSV file's bytes; `file` names it in errors.
pub fn parse_csv(bytes: Vec<u8>, file: &str, level: Level) -> Result<ReliabilityData, DataError> {
    let text =
        crate::core::documents::decode::decode_owned(bytes).map_err(|e| DataError::Read {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
    let at = |line: u64, message: String| DataError::Line {
        file: file.to_owned(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = reader.records();
    let header = match rows.next() {
        None => {
            return Err(DataError::Empty {
                file: file.to_owned(),
            });
        }
        Some(row) => row.map_err(|e| at(1, e.to_string()))?,
    };
    let coders = coder_names(&header).map_err(|m| at(line_of(&header), m))?;
    let mut values = Values::new(level);
    let mut units = Vec::new();
    for row in rows {
        let row =
            row.map_err(|e| at(e.position().map_or(0, csv::Position::line), e.to_string()))?;
        let line = line_of(&row);
        if row.len() != coders.len() {
            let quote = if row.iter().any(|c| c.contains('\n')) {
                words().core_data_unclosed_quote
            } else {
                ""
            };
            let message = fill(
                words().core_data_cells,
                &[
                    ("cells", &row.len()),
                    ("coders", &coders.len()),
                    ("quote", &quote),
                ],
            );
            return Err(at(line, message));
        }
        let unit = row
            .iter()
            .zip(&coders)
            .map(|(cell, coder)| values.index(cell.trim(), coder))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|m| at(line, m))?;
        units.push(unit);
    }
    if units.is_empty() {
        return Err(DataError::NoUnits {
            file: file.to_owned(),
        });
    }
    values.check().map_err(|m| DataError::Read {
        file: file.to_owned(),
        message: m,
    })?;
    Ok(ReliabilityData {
        coders,
        units,
        labels: values.labels,
        numbers: values.numbers,
    })
}

fn line_of(row: &csv::StringRecord) -> u64 {
    row.position().map_or(0, csv::Position::line)
}

/// A cell's text for a message: visible control characters, at most 40 characters.
fn shown(cell: &str) -> String {
    let mut s: String = sanitize_line(cell).chars().take(40).collect();
    if cell.chars().count() > 40 {
        s.push('…');
    }
    s
}

fn coder_names(header: &csv::StringRecord) -> Result<Vec<String>, String> {
    let names: Vec<String> = header.iter().map(|n| n.trim().to_owned()).collect();
    if names.len() < 2 {
        let hint = if header.iter().any(|n| n.contains(';') || n.contains('\t')) {
            words().core_data_separator_hint
        } else {
            ""
        };
        return Err(fill(
            words().core_data_few_coders,
            &[("n", &names.len()), ("hint", &hint)],
        ));
    }
    if names.len() > MAX_CODERS {
        return Err(fill(
            words().core_data_many_coders,
            &[("n", &names.len()), ("max", &MAX_CODERS)],
        ));
    }
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(fill(words().core_data_empty_coder, &[("n", &(i + 1))]));
        }
        if names[..i].contains(name) {
            let name = format!("{:?}", shown(name));
            return Err(fill(words().core_data_coder_twice, &[("name", &name)]));
        }
    }
    Ok(names)
}

/// The distinct values met so far. At a numeric level a value is its number, so `2`
/// and `2.0` are one value; at the nominal level it is its text.
struct Values {
    level: Level,
    labels: Vec<String>,
    numbers: Option<Vec<f64>>,
    by_text: HashMap<String, u32>,
    by_number: HashMap<u64, u32>,
}

impl Values {
    fn new(level: Level) -> Values {
        Values {
            level,
            labels: Vec::new(),
            numbers: (level != Level::Nominal).then(Vec::new),
            by_text: HashMap::new(),
            by_number: HashMap::new(),
        }
    }

    /// The index of a cell's value; None for an empty cell.
    fn index(&mut self, cell: &str, coder: &str) -> Result<Option<u32>, String> {
        if cell.is_empty() {
            return Ok(None);
        }
        if self.numbers.is_none() {
            let next = self.labels.len() as u32;
            let i = *self.by_text.entry(cell.to_owned()).or_insert(next);
            if i == next {
                self.labels.push(cell.to_owned());
            }
            return Ok(Some(i));
        }
        let x = self.number(cell, coder)?;
        let next = self.labels.len() as u32;
        let i = *self.by_number.entry(x.to_bits()).or_insert(next);
        if i == next {
            self.labels.push(cell.to_owned());
            self.numbers.get_or_insert_with(Vec::new).push(x);
        }
        Ok(Some(i))
    }

    fn number(&self, cell: &str, coder: &str) -> Result<f64, String> {
        let level = self.level.name();
        let x: f64 = cell
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| {
                let cell = format!("{:?}", shown(cell));
                fill(
                    words().core_data_not_number,
                    &[("coder", &shown(coder)), ("cell", &cell), ("level", &level)],
                )
            })?;
        if self.level == Level::Ratio && x < 0.0 {
            return Err(fill(
                words().core_data_negative,
                &[("coder", &shown(coder)), ("cell", &shown(cell))],
            ));
        }
        // -0 and 0 are one value.
        Ok(if x == 0.0 { 0.0 } else { x })
    }

    fn check(&self) -> Result<(), String> {
        if self.level == Level::Ratio && self.labels.len() > MAX_RATIO_VALUES {
            return Err(fill(
                words().core_data_ratio_values,
                &[("n", &self.labels.len()), ("max", &MAX_RATIO_VALUES)],
            ));
        }
        Ok(())
    }
}
