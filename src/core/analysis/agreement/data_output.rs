//! The results of `tandai agree --data FILE.csv` as text and JSON: the four
//! coefficients of any reliability data, alpha at the chosen level.

use super::alpha::Level;
use super::coefficients::{Coefficient, NotApplicable, Undefined};
use super::data::ReliabilityData;
use super::output::{COEFFICIENTS, number};
use super::words::{cell_in, long_names};
use crate::core::display::sanitize_line;
use crate::i18n::{Lang, fill, strings};
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a coefficient of reliability data has no value, in `lang` (JSON: English).
fn data_why(data: &ReliabilityData, c: Coefficient, lang: Lang) -> Option<String> {
    let t = strings(lang);
    Some(match c {
        Coefficient::Value(_) => return None,
        Coefficient::NotApplicable(NotApplicable::NotTwoCoders(n)) => {
            fill(t.cmd_agree_why_not_two, &[("n", &n)])
        }
        Coefficient::NotApplicable(NotApplicable::UnequalRaters) => t.cmd_data_why_unequal.into(),
        Coefficient::Undefined(Undefined::NoPairs) => t.cmd_data_why_no_pairs.into(),
        Coefficient::Undefined(Undefined::OneValue(v)) => {
            let value = data
                .labels
                .get(v as usize)
                .map_or(t.cmd_data_the_same, String::as_str);
            fill(t.cmd_data_why_one_value, &[("value", &value)])
        }
    })
}

/// The four coefficients of reliability data, alpha at `level`.
pub fn data_coefficients(data: &ReliabilityData, level: Level) -> [Coefficient; 4] {
    let c = data.tally().coefficients();
    [
        c.percent_agreement,
        c.cohen_kappa,
        c.fleiss_kappa,
        super::alpha::alpha(data, level),
    ]
}

/// `tandai agree --data` as text, in `lang`'s words (a decimal comma in Indonesian).
pub fn data_to_text(data: &ReliabilityData, file: &str, level: Level, lang: Lang) -> String {
    let t = strings(lang);
    let file = sanitize_line(file);
    let values: [(&str, &dyn std::fmt::Display); 5] = [
        ("file", &file),
        ("coders", &data.coders.len()),
        ("units", &data.units.len()),
        ("values", &data.values()),
        ("pairable", &data.pairable_units()),
    ];
    let mut out = fill(t.cmd_data_summary, &values) + "\n";
    let names = long_names(lang);
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 2;
    for (i, c) in data_coefficients(data, level).into_iter().enumerate() {
        let cell = cell_in(lang, i, c);
        let shown = match data_why(data, c, lang) {
            Some(why) => format!("{cell}: {}", sanitize_line(&why)),
            None if i == 3 => {
                let values: [(&str, &dyn std::fmt::Display); 2] =
                    [("value", &cell), ("level", &level.name())];
                fill(t.cmd_data_level, &values)
            }
            None => cell,
        };
        let name = names[i];
        out.push_str(&format!("{name:<width$}{shown}\n"));
    }
    out
}

#[derive(Serialize)]
struct JsonData<'a> {
    file: &'a str,
    level: &'static str,
    coders: &'a [String],
    units: usize,
    pairable_units: usize,
    values: usize,
    percent_agreement: Option<f64>,
    cohen_kappa: Option<f64>,
    fleiss_kappa: Option<f64>,
    krippendorff_alpha: Option<f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    reasons: BTreeMap<&'static str, String>,
}

/// `tandai agree --data` as JSON.
pub fn data_to_json(data: &ReliabilityData, file: &str, level: Level) -> String {
    let c = data_coefficients(data, level);
    let doc = JsonData {
        file,
        level: level.name(),
        coders: &data.coders,
        units: data.units.len(),
        pairable_units: data.pairable_units(),
        values: data.values(),
        percent_agreement: number(0, c[0]),
        cohen_kappa: number(1, c[1]),
        fleiss_kappa: number(2, c[2]),
        krippendorff_alpha: number(3, c[3]),
        reasons: c
            .iter()
            .enumerate()
            .filter_map(|(i, &x)| Some((COEFFICIENTS[i].0, data_why(data, x, Lang::En)?)))
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
