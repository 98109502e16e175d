//! The agreement coefficients against published worked examples (the source next to
//! each), properties that must hold for any data, and reading reliability data
//! from CSV.

use proptest::prelude::*;
use tandai::core::analysis::agreement::{
    Coefficient, Level, NotApplicable, ReliabilityData, Tally, Undefined, alpha, parse_csv,
};

fn csv(text: &str, level: Level) -> ReliabilityData {
    parse_csv(text.as_bytes().to_vec(), "test.csv", level).expect("parses")
}

fn value(c: Coefficient) -> f64 {
    c.value().unwrap_or_else(|| panic!("no value: {c:?}"))
}

/// Rounded to three decimals, as the sources print them.
fn three(c: Coefficient) -> f64 {
    (value(c) * 1000.0).round() / 1000.0
}

/// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg
/// School for Communication, University of Pennsylvania,
/// https://repository.upenn.edu/asc_papers/43, section "C. Nominal data, any number
/// of observers, missing values" and the following sections: 4 observers x 12 units,
/// "." for a missing value there, an empty cell here.
const KRIPPENDORFF_2011: &str = "A,B,C,D
1,1,,1
2,2,3,2
3,3,3,3
3,3,3,3
2,2,2,2
1,2,3,4
4,4,4,4
1,1,2,1
2,2,2,2
,5,5,5
,,1,1
,3,,
";

#[test]
fn krippendorff_2011_all_four_levels() {
    // Published: nominal .743, ordinal .815, interval .849, ratio .797.
    for (level, published) in [
        (Level::Nominal, 0.743),
        (Level::Ordinal, 0.815),
        (Level::Interval, 0.849),
        (Level::Ratio, 0.797),
    ] {
        let data = csv(KRIPPENDORFF_2011, level);
        assert_eq!(three(alpha(&data, level)), published, "{level:?}");
    }
    // Unit 12 has a single value and is left out: 11 pairable units, 40 values in
    // them (n = 40 in the paper's coincidence matrix).
    let data = csv(KRIPPENDORFF_2011, Level::Nominal);
    assert_eq!(data.pairable_units(), 11);
    assert_eq!(data.values(), 41);
}

/// Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard
/// reliability measure for coding data. Communication Methods and Measures, 1(1),
/// 77-89. Table 1: 40 newspaper articles rated 0-3 by 5 observers, missing values
/// (the paper's "."). The paper's KALPHA output: ordinal alpha = .7598.
const HAYES_KRIPPENDORFF_2007: &str = "obs1,obs2,obs3,obs4,obs5
1,1,2,,2
1,1,0,1,
2,3,3,3,
,0,0,,0
0,0,0,,0
0,0,0,,0
1,0,2,,1
1,,2,0,
2,2,2,,2
2,1,1,1,
,1,0,0,
0,0,0,0,
1,2,2,2,
3,3,2,2,3
1,1,1,,1
1,1,1,,1
2,1,2,,2
1,2,3,3,
1,1,0,1,
0,0,0,,0
0,0,1,1,
0,0,,0,0
2,3,3,3,
0,0,0,0,
1,2,,2,2
0,1,1,1,
0,0,0,1,0
1,2,1,2,
1,1,2,2,
1,1,2,,2
1,1,0,,0
2,1,2,1,
2,2,,2,2
3,2,2,2,
2,2,2,,2
2,2,3,,2
2,2,2,,2
2,2,,1,2
2,2,2,2,
1,1,1,,1
";

#[test]
fn hayes_krippendorff_2007_table_1() {
    let ordinal = csv(HAYES_KRIPPENDORFF_2007, Level::Ordinal);
    assert_eq!(
        (value(alpha(&ordinal, Level::Ordinal)) * 10_000.0).round() / 10_000.0,
        0.7598
    );
    // Not printed in the paper; the same data in Thomas Grill's implementation
    // (github.com/grrrr/krippendorff-alpha, as reported in
    // github.com/raoulbia/nltk-krippendorff-validation): nominal 0.477, interval 0.757.
    assert_eq!(three(alpha(&ordinal, Level::Interval)), 0.757);
    let nominal = csv(HAYES_KRIPPENDORFF_2007, Level::Nominal);
    assert_eq!(three(alpha(&nominal, Level::Nominal)), 0.477);
}

/// Two coders' yes/no decisions as units: (yes, yes), (yes, no), (no, yes), (no, no).
fn two_by_two(yy: u64, yn: u64, ny: u64, nn: u64) -> Tally {
    let mut t = Tally::new(2);
    t.add_times(&[Some(1), Some(1)], yy);
    t.add_times(&[Some(1), Some(0)], yn);
    t.add_times(&[Some(0), Some(1)], ny);
    t.add_times(&[Some(0), Some(0)], nn);
    t
}

/// Wikipedia, "Cohen's kappa", section "Examples": 50 grant proposals read by A and
/// B: both yes 20, A yes B no 5, A no B yes 10, both no 15: p_o = 0.7, p_e = 0.5,
/// kappa = 0.4. And "Same percentages but different numbers": 45/15/25/15 gives
/// 0.1304, 25/35/5/35 gives 0.2593.
#[test]
fn wikipedia_cohen_examples() {
    let t = two_by_two(20, 5, 10, 15);
    assert_eq!(three(t.cohen_kappa()), 0.4);
    assert_eq!(three(t.percent_agreement()), 0.7);
    let round4 = |c: Coefficient| (value(c) * 10_000.0).round() / 10_000.0;
    assert_eq!(round4(two_by_two(45, 15, 25, 15).cohen_kappa()), 0.1304);
    assert_eq!(round4(two_by_two(25, 35, 5, 35).cohen_kappa()), 0.2593);
}

/// Wikipedia, "Fleiss' kappa", section "Worked example": 10 subjects, 14 raters, 5
/// categories; the table gives how many raters put each subject in each category.
/// P̄ = 0.378, P̄e = 0.213, kappa = 0.210.
#[test]
fn wikipedia_fleiss_example() {
    let table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];
    let mut t = Tally::new(14);
    for row in table {
        // Fleiss' raters need not be the same people for each subject: any order.
        let unit: Vec<Option<u32>> = row
            .iter()
            .enumerate()
            .flat_map(|(category, &n)| std::iter::repeat_n(Some(category as u32), n))
            .collect();
        t.add(&unit);
    }
    assert_eq!(three(t.fleiss_kappa()), 0.210);
    assert_eq!(
        t.cohen_kappa(),
        Coefficient::NotApplicable(NotApplicable::NotTwoCoders(14))
    );
}

#[test]
fn zero_over_zero_is_undefined_never_zero_or_one() {
    // Both coders always say no: every chance-corrected coefficient is 0/0.
    let t = two_by_two(0, 0, 0, 7);
    assert_eq!(value(t.percent_agreement()), 1.0);
    for c in [t.cohen_kappa(), t.fleiss_kappa(), t.krippendorff_alpha()] {
        assert_eq!(c, Coefficient::Undefined(Undefined::OneValue(0)));
    }
    // Nothing to pair.
    let mut t = Tally::new(3);
    t.add(&[Some(1), None, None]);
    assert_eq!(
        t.krippendorff_alpha(),
        Coefficient::Undefined(Undefined::NoPairs)
    );
    assert_eq!(
        t.percent_agreement(),
        Coefficient::Undefined(Undefined::NoPairs)
    );
    assert_eq!(
        Tally::new(2).cohen_kappa(),
        Coefficient::Undefined(Undefined::NoPairs)
    );
    // One coder always yes, the other always no: kappa is defined (0/…), not n/a.
    assert_eq!(value(two_by_two(0, 5, 0, 0).cohen_kappa()), 0.0);
    // Units with different numbers of values: Fleiss does not apply.
    let mut t = Tally::new(3);
    t.add(&[Some(1), Some(1), None]);
    t.add(&[Some(1), Some(0), Some(1)]);
    assert_eq!(
        t.fleiss_kappa(),
        Coefficient::NotApplicable(NotApplicable::UnequalRaters)
    );
    // All values the same at a numeric level: undefined, with the value named.
    let data = csv("a,b\n2,2\n2,2\n", Level::Interval);
    assert_eq!(
        alpha(&data, Level::Interval),
        Coefficient::Undefined(Undefined::OneValue(0))
    );
}

/// Nominal alpha straight from the definition: coincidence matrix in f64.
fn reference_alpha(units: &[Vec<Option<u32>>]) -> Option<f64> {
    let mut o: std::collections::BTreeMap<(u32, u32), f64> = Default::default();
    for u in units {
        let v: Vec<u32> = u.iter().flatten().copied().collect();
        if v.len() < 2 {
            continue;
        }
        for i in 0..v.len() {
            for j in 0..v.len() {
                if i != j {
                    *o.entry((v[i], v[j])).or_default() += 1.0 / (v.len() - 1) as f64;
                }
            }
        }
    }
    let mut n_c: std::collections::BTreeMap<u32, f64> = Default::default();
    for (&(c, _), &x) in &o {
        *n_c.entry(c).or_default() += x;
    }
    let n: f64 = n_c.values().sum();
    let observed: f64 = o.iter().filter(|((c, k), _)| c != k).map(|(_, x)| x).sum();
    let expected: f64 = n * n - n_c.values().map(|x| x * x).sum::<f64>();
    (expected.abs() > 1e-9).then(|| 1.0 - (n - 1.0) * observed / expected)
}

fn tally(units: &[Vec<Option<u32>>], coders: usize) -> Tally {
    let mut t = Tally::new(coders);
    for u in units {
        t.add(u);
    }
    t
}

fn same(a: Coefficient, b: Coefficient) -> bool {
    match (a, b) {
        (Coefficient::Value(x), Coefficient::Value(y)) => (x - y).abs() < 1e-9,
        (x, y) => x == y,
    }
}

/// Up to 6 coders x 30 units, values 0-3, about a quarter missing.
fn matrix() -> impl Strategy<Value = (usize, Vec<Vec<Option<u32>>>)> {
    (2usize..=6).prop_flat_map(|m| {
        let cell = prop_oneof![1 => Just(None), 3 => (0u32..4).prop_map(Some)];
        (
            Just(m),
            prop::collection::vec(prop::collection::vec(cell, m), 1..30),
        )
    })
}

fn data(m: usize, units: &[Vec<Option<u32>>]) -> ReliabilityData {
    ReliabilityData {
        coders: (0..m).map(|i| format!("c{i}")).collect(),
        units: units.to_vec(),
        labels: (0..4).map(|v| v.to_string()).collect(),
        numbers: Some(vec![0.0, 1.0, 2.0, 3.0]),
    }
}

proptest! {
    #[test]
    fn nominal_alpha_matches_the_coincidence_matrix((m, units) in matrix()) {
        match (tally(&units, m).krippendorff_alpha(), reference_alpha(&units)) {
            (Coefficient::Value(a), Some(r)) => prop_assert!((a - r).abs() < 1e-9, "{a} {r}"),
            (Coefficient::Undefined(_), None) => {}
            (a, r) => prop_assert!(false, "{a:?} vs reference {r:?}"),
        }
    }

    #[test]
    fn identical_coders_with_variation_agree_perfectly(
        values in prop::collection::vec(0u32..4, 2..40),
        m in 2usize..6,
    ) {
        prop_assume!(values.iter().any(|&v| v != values[0]));
        let units: Vec<Vec<Option<u32>>> = values.iter().map(|&v| vec![Some(v); m]).collect();
        let t = tally(&units, m);
        prop_assert_eq!(t.percent_agreement(), Coefficient::Value(1.0));
        prop_assert_eq!(t.fleiss_kappa(), Coefficient::Value(1.0));
        prop_assert_eq!(t.krippendorff_alpha(), Coefficient::Value(1.0));
        if m == 2 {
            prop_assert_eq!(t.cohen_kappa(), Coefficient::Value(1.0));
        }
        for level in [Level::Ordinal, Level::Interval, Level::Ratio] {
            let a = value(alpha(&data(m, &units), level));
            prop_assert!((a - 1.0).abs() < 1e-12, "{level:?}: {a}");
        }
    }

    #[test]
    fn reordering_coders_or_units_changes_nothing(
        (m, units) in matrix(),
        seed in any::<u64>(),
    ) {
        let mut rng = seed | 1;
        let mut next = |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        let mut order: Vec<usize> = (0..m).collect();
        for i in (1..m).rev() {
            order.swap(i, next(i + 1));
        }
        let mut shuffled: Vec<Vec<Option<u32>>> = units
            .iter()
            .map(|u| order.iter().map(|&c| u[c]).collect())
            .collect();
        for i in (1..shuffled.len()).rev() {
            let j = next(i + 1);
            shuffled.swap(i, j);
        }
        let (a, b) = (tally(&units, m).coefficients(), tally(&shuffled, m).coefficients());
        prop_assert!(same(a.percent_agreement, b.percent_agreement));
        prop_assert!(same(a.cohen_kappa, b.cohen_kappa));
        prop_assert!(same(a.fleiss_kappa, b.fleiss_kappa));
        prop_assert!(same(a.krippendorff_alpha, b.krippendorff_alpha));
        for level in [Level::Ordinal, Level::Interval, Level::Ratio] {
            prop_assert!(same(alpha(&data(m, &units), level), alpha(&data(m, &shuffled), level)));
        }
    }

    #[test]
    fn undefined_exactly_when_the_denominator_is_zero((m, units) in matrix()) {
        let t = tally(&units, m);
        // Alpha: expected disagreement n² − Σ n_c² over pairable values.
        let mut counts = [0i64; 4];
        for u in units.iter().filter(|u| u.iter().flatten().count() >= 2) {
            for &v in u.iter().flatten() {
                counts[v as usize] += 1;
            }
        }
        let n: i64 = counts.iter().sum();
        let expected = n * n - counts.iter().map(|c| c * c).sum::<i64>();
        prop_assert_eq!(matches!(t.krippendorff_alpha(), Coefficient::Undefined(_)), expected == 0);
        for level in [Level::Ordinal, Level::Interval, Level::Ratio] {
            let a = alpha(&data(m, &units), level);
            prop_assert_eq!(matches!(a, Coefficient::Undefined(_)), expected == 0);
        }
        // Cohen (two coders): n² − Σ r_c s_c over the units both coded.
        if m == 2 {
            let both: Vec<(u32, u32)> = units
                .iter()
                .filter_map(|u| Some((u[0]?, u[1]?)))
                .collect();
            let n = both.len() as i64;
            let chance: i64 = (0..4)
                .map(|v| {
                    let r = both.iter().filter(|p| p.0 == v).count() as i64;
                    let s = both.iter().filter(|p| p.1 == v).count() as i64;
                    r * s
                })
                .sum();
            prop_assert_eq!(matches!(t.cohen_kappa(), Coefficient::Undefined(_)), n * n == chance);
        }
    }

    #[test]
    fn binary_data_give_one_alpha_at_every_level((m, units) in matrix()) {
        let binary: Vec<Vec<Option<u32>>> = units
            .iter()
            .map(|u| u.iter().map(|v| v.map(|v| v % 2)).collect())
            .collect();
        let d = data(m, &binary);
        let nominal = alpha(&d, Level::Nominal);
        for level in [Level::Ordinal, Level::Interval, Level::Ratio] {
            prop_assert!(same(nominal, alpha(&d, level)), "{level:?}");
        }
    }
}

fn error(text: &[u8], level: Level) -> String {
    parse_csv(text.to_vec(), "data.csv", level)
        .expect_err("must fail")
        .to_string()
}

#[test]
fn bad_reliability_data_names_file_and_line() {
    let cases: [(&[u8], Level, &str); 12] = [
        (
            b"a,b\n\"1,2\n3,4\n",
            Level::Nominal,
            "line 2: 1 cells, but the first row names 2 coders (a quote opened here is never closed?)",
        ),
        (b"", Level::Nominal, "data.csv: no rows"),
        (
            b"a,b\n",
            Level::Nominal,
            "data.csv: only the coder row, no units",
        ),
        (
            b"solo\n1\n",
            Level::Nominal,
            "data.csv: line 1: the first row names 1 coder; agreement needs two or more",
        ),
        (
            b"a;b\n1;2\n",
            Level::Nominal,
            "separated by semicolons or tabs?",
        ),
        (
            b"a,b\n1,2\n3\n",
            Level::Nominal,
            "data.csv: line 3: 1 cells, but the first row names 2 coders",
        ),
        (
            b"a,b\n1,2\n3,x\n",
            Level::Interval,
            "data.csv: line 3: coder b: \"x\" is not a number; the interval level needs numbers",
        ),
        (
            b"a,b\n1,NaN\n",
            Level::Ordinal,
            "line 2: coder b: \"NaN\" is not a number",
        ),
        (
            b"a,b\n1,-2\n",
            Level::Ratio,
            "line 2: coder b: -2 is negative",
        ),
        (
            b"a,a\n1,2\n",
            Level::Nominal,
            "line 1: coder \"a\" is named twice",
        ),
        (
            b"a,\n1,2\n",
            Level::Nominal,
            "line 1: column 2: empty coder name",
        ),
        (
            b"a,b\n1,\xff\n",
            Level::Nominal,
            "data.csv: not valid UTF-8 at byte 6 (line 2)",
        ),
    ];
    for (text, level, expected) in cases {
        let e = error(text, level);
        assert!(
            e.contains(expected),
            "{:?}: {e}",
            String::from_utf8_lossy(text)
        );
    }
    let e = error(b"a,b\n1,\x1b]0;owned\x07\n", Level::Interval);
    assert!(!e.contains('\u{1b}') && !e.contains('\u{7}'), "{e:?}");
}

#[test]
fn reliability_data_reads_quotes_bom_crlf_and_numbers_by_value() {
    let data = csv(
        "\u{feff}\"coder, one\",b\r\n1,\"1.0\"\r\n2, 2 \r\n,3\r\n",
        Level::Interval,
    );
    assert_eq!(data.coders, ["coder, one", "b"]);
    assert_eq!(
        data.units,
        [
            vec![Some(0), Some(0)],
            vec![Some(1), Some(1)],
            vec![None, Some(2)]
        ]
    );
    assert_eq!(
        value(data.tally().percent_agreement()),
        1.0,
        "1 and 1.0 are one value"
    );
    let nominal = csv("a,b\n1,1.0\n", Level::Nominal);
    assert_eq!(
        value(nominal.tally().percent_agreement()),
        0.0,
        "as names they differ"
    );
    let ratio = (0..20_000)
        .map(|i| format!("{i},{i}\n"))
        .collect::<String>();
    let e = error(format!("a,b\n{ratio}").as_bytes(), Level::Ratio);
    assert!(e.contains("20000 different values; the ratio level"), "{e}");
}

#[test]
fn files_are_capped_and_must_be_regular() {
    let dir = tempfile::tempdir().expect("tmp");
    let big = dir.path().join("big.csv");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(tandai::core::analysis::agreement::data::MAX_DATA_BYTES + 1)
        .expect("sparse");
    let e = tandai::core::analysis::agreement::read_csv(&big, Level::Nominal)
        .expect_err("too big")
        .to_string();
    assert!(
        e.contains("big.csv: 16777217 bytes is larger than the 16777216-byte limit"),
        "{e}"
    );
    let fifo = dir.path().join("fifo.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let e = tandai::core::analysis::agreement::read_csv(&fifo, Level::Nominal)
        .expect_err("fifo")
        .to_string();
    assert!(e.contains("fifo.csv: not a regular file"), "{e}");
    let missing =
        tandai::core::analysis::agreement::read_csv(&dir.path().join("none.csv"), Level::Nominal);
    assert!(
        missing
            .expect_err("missing")
            .to_string()
            .contains("none.csv: No such file")
    );
}

use std::process::Command;

#[test]
fn interval_alpha_does_not_overflow_or_vanish_with_extreme_scales() {
    let plain = csv("a,b\n1,-1\n1,1\n-1,-1\n2,1\n", Level::Interval);
    let expected = value(alpha(&plain, Level::Interval));
    for scale in ["e300", "e-300"] {
        let text = format!(
            "a,b\n1{scale},-1{scale}\n1{scale},1{scale}\n-1{scale},-1{scale}\n2{scale},1{scale}\n"
        );
        let data = csv(&text, Level::Interval);
        let got = value(alpha(&data, Level::Interval));
        assert!(
            (got - expected).abs() < 1e-12,
            "{scale}: {got} vs {expected}"
        );
    }
}

#[test]
fn a_tiny_negative_value_prints_as_zero() {
    use tandai::core::analysis::agreement::output::cell;
    assert_eq!(cell(1, Coefficient::Value(-0.0004)), "0.000");
    assert_eq!(cell(1, Coefficient::Value(-0.0006)), "-0.001");
    assert_eq!(cell(0, Coefficient::Value(0.5)), "50.0%");
    assert_eq!(
        cell(3, Coefficient::Undefined(Undefined::NoPairs)),
        "undefined"
    );
    assert_eq!(
        cell(
            1,
            Coefficient::NotApplicable(NotApplicable::NotTwoCoders(3))
        ),
        "n/a"
    );
}
