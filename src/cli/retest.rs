//! `tandai retest`: test-retest (intra-coder) reliability. Draws a sample of this
//! coder's coded paragraphs once (kept in `tandai-retest/<coder>.json`), then opens
//! the coding screen as `<coder>-retest` on those paragraphs only, blind: the first
//! coding is in other sidecars and nothing shows it.

use super::{count, out, say, tr};
use color_eyre::eyre::{Result, eyre};
use std::path::PathBuf;
use std::process::ExitCode;
use tandai::core::analysis::retest::{self, Sample, Unit};
use tandai::core::coding::store;
use tandai::core::project::Project;

/// Options of `tandai retest`.
#[derive(clap::Args, Debug)]
pub struct RetestArgs {
    #[arg(default_value = ".", help = tr().cmd_h_project_folder)]
    path: PathBuf,
    #[arg(long, value_name = "N", help = tr().cmd_h_retest_sample)]
    sample: Option<usize>,
    #[arg(long, value_name = "S", help = tr().cmd_h_retest_seed)]
    seed: Option<u64>,
    #[arg(long, help = tr().cmd_h_retest_new)]
    new: bool,
    #[arg(long, value_name = "NAME", help = tr().cmd_h_retest_coder)]
    coder: Option<String>,
    #[arg(long, value_name = "FILE", help = tr().cmd_h_codebook_file)]
    codebook: Option<PathBuf>,
}

/// Runs `tandai retest`.
pub fn run(args: RetestArgs) -> Result<ExitCode> {
    let coder = super::open::coder_for(args.coder.as_deref())?;
    if coder.ends_with(retest::RETEST_SUFFIX) {
        return Err(eyre!(say(tr().cmd_retest_already, &[("coder", &coder)])));
    }
    let project = Project::open(&args.path)?;
    let path = retest::sample_path(&project.root, &coder);
    let sample = if path.exists() && !args.new {
        let s = load(&path, &coder)?;
        let t = tr();
        let paragraphs = count(
            s.paragraphs.len(),
            t.cmd_paragraphs_one,
            t.cmd_paragraphs_other,
        );
        let values: [(&str, &dyn std::fmt::Display); 4] = [
            ("paragraphs", &paragraphs),
            ("drawn", &s.drawn),
            ("seed", &s.seed),
            ("path", &path.display()),
        ];
        out::warn(&say(t.cmd_retest_going_on, &values));
        if args.sample.is_some_and(|n| n != s.paragraphs.len()) || args.seed.is_some() {
            out::warn(t.cmd_retest_ignored);
        }
        s
    } else {
        draw(&project, &coder, &args, &path)?
    };
    if sample.paragraphs.is_empty() {
        return Err(eyre!(say(
            tr().cmd_retest_empty,
            &[("path", &path.display())]
        )));
    }
    let plan = super::open::RetestPlan {
        units: sample
            .paragraphs
            .iter()
            .map(|u| (u.document.clone(), u.paragraph))
            .collect(),
        of: coder.clone(),
    };
    let open = crate::Open {
        path: args.path,
        coder: Some(retest::retest_coder(&coder)),
        codebook: args.codebook,
        ..crate::Open::default()
    };
    super::open::start_with(open, Some(plan))
}

/// Reads a kept sample.
fn load(path: &std::path::Path, coder: &str) -> Result<Sample> {
    let shown = path.display();
    let bytes = store::read_regular(path, 64 * 1024 * 1024)
        .map_err(|e| eyre!("{shown}: {}", store::short_io(&e)))?;
    let sample: Sample = serde_json::from_slice(&bytes)
        .map_err(|e| eyre!("{shown}: line {}, column {}: {e}", e.line(), e.column()))?;
    if sample.format != retest::FORMAT || sample.version != 1 {
        let format = format!("{:?}", sample.format);
        let values: [(&str, &dyn std::fmt::Display); 3] = [
            ("path", &shown),
            ("format", &format),
            ("version", &sample.version),
        ];
        return Err(eyre!(say(tr().cmd_retest_not_sample, &values)));
    }
    if sample.coder != coder {
        let values: [(&str, &dyn std::fmt::Display); 3] = [
            ("path", &shown),
            ("other", &sample.coder),
            ("coder", &coder),
        ];
        return Err(eyre!(say(tr().cmd_retest_other_coder, &values)));
    }
    Ok(sample)
}

/// Draws a sample of `coder`'s coded paragraphs and keeps it in the project.
fn draw(
    project: &Project,
    coder: &str,
    args: &RetestArgs,
    path: &std::path::Path,
) -> Result<Sample> {
    let (coded, problems) = tandai::core::analysis::report::collect(project, Some(coder));
    for p in &problems {
        out::warn(&say(tr().cmd_retest_left_out, &[("problem", p)]));
    }
    let population: Vec<Unit> = coded
        .iter()
        .flat_map(|c| {
            let name = &project.documents[c.document].name;
            c.decisions
                .paragraphs
                .iter()
                .filter(|(_, p)| !p.codes.is_empty())
                .map(move |(&i, _)| Unit {
                    document: name.clone(),
                    paragraph: i + 1,
                })
        })
        .collect();
    if population.is_empty() {
        let values: [(&str, &dyn std::fmt::Display); 2] =
            [("coder", &coder), ("path", &project.root.display())];
        return Err(eyre!(say(tr().cmd_retest_nothing_coded, &values)));
    }
    let Some(n) = args.sample else {
        let example = (population.len() / 7).max(1);
        let values: [(&str, &dyn std::fmt::Display); 2] =
            [("n", &population.len()), ("example", &example)];
        return Err(eyre!(say(tr().cmd_retest_how_many, &values)));
    };
    if n == 0 {
        return Err(eyre!(tr().cmd_retest_at_least_one));
    }
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() ^ u64::from(d.subsec_nanos()))
    });
    let units = retest::draw(&population, n, seed);
    let sample = Sample {
        format: retest::FORMAT.into(),
        version: 1,
        coder: coder.to_owned(),
        seed,
        drawn: tandai::core::time::Utc::of(std::time::SystemTime::now()).iso(),
        population: population.len(),
        paragraphs: units,
    };
    if path.exists() {
        let stamp = tandai::core::coding::saver::utc_stamp(std::time::SystemTime::now());
        let keep = path.with_extension(format!("before-{stamp}.json"));
        std::fs::rename(path, &keep)
            .map_err(|e| eyre!("{}: {}", path.display(), store::short_io(&e)))?;
        out::warn(&say(tr().cmd_retest_kept, &[("path", &keep.display())]));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| eyre!("{}: {}", dir.display(), store::short_io(&e)))?;
    }
    let mut bytes = serde_json::to_vec_pretty(&sample)?;
    bytes.push(b'\n');
    store::atomic_write(path, &bytes, store::Perms::Shared).map_err(|e| eyre!(e))?;
    let retest = retest::retest_coder(coder);
    let values: [(&str, &dyn std::fmt::Display); 6] = [
        ("n", &sample.paragraphs.len()),
        ("coder", &coder),
        ("total", &population.len()),
        ("seed", &seed),
        ("path", &path.display()),
        ("retest", &retest),
    ];
    out::warn(&say(tr().cmd_retest_drew, &values));
    Ok(sample)
}
