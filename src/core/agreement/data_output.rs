//! The results of `tandai agree --data FILE.csv` as text and JSON: the four
//! coefficients of any reliability data, alpha at the chosen level.

use super::alpha::Level;
use super::coefficients::{Coefficient, NotApplicable, Undefined};
use super::data::ReliabilityData;
use super::output::{COEFFICIENTS, cell, number};
use crate::core::display::sanitize_line;
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a coefficient of reliability data has no value.
fn data_why(data: &ReliabilityData, c: Coefficient) -> Option<String> {
    Some(match c {
        Coefficient::Value(_) => return None,
        Coefficient::NotApplicable(NotApplicable::NotTwoCoders(n)) => {
            format!("Cohen's kappa compares exactly two coders, not {n}")
        }
        Coefficient::NotApplicable(NotApplicable::UnequalRaters) => {
            "units have different numbers of values (missing values)".into()
        }
        Coefficient::Undefined(Undefined::NoPairs) => "no unit has values from two coders".into(),
        Coefficient::Undefined(Undefined::OneValue(v)) => format!(
            "every value compared is {}",
            data.labels
                .get(v as usize)
                .map_or("the same", String::as_str)
        ),
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

/// `tandai agree --data` as text.
pub fn data_to_text(data: &ReliabilityData, file: &str, level: Level) -> String {
    let mut out = format!(
        "Reliability data: {} ({} coders, {} units, {} values; {} units with values from two coders or more)\n",
        sanitize_line(file),
        data.coders.len(),
        data.units.len(),
        data.values(),
        data.pairable_units()
    );
    for (i, c) in data_coefficients(data, level).into_iter().enumerate() {
        let name = COEFFICIENTS[i].2;
        let shown = match data_why(data, c) {
            Some(why) => format!("{}: {}", cell(i, c), sanitize_line(&why)),
            None if i == 3 => format!("{} ({} level)", cell(i, c), level.name()),
            None => cell(i, c),
        };
        out.push_str(&format!("{name:<22}{shown}\n"));
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
            .filter_map(|(i, &x)| Some((COEFFICIENTS[i].0, data_why(data, x)?)))
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
