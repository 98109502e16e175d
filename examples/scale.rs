//! In-process measurements for large projects (issue 12), run by `bench/scale.py`:
//!
//! cargo run --release --example scale -- search PROJECT      # search as you type, on its thread
//! cargo run --release --example scale -- gen-para DIR MIB    # one paragraph of MIB MiB
//! cargo run --release --example scale -- first-key DIR       # the first code key on it
//!
//! Results and the exact commands are in BENCHMARKS.md.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::{Duration, Instant};
use tandai::app::keymap::Keymap;
use tandai::app::search::SearchAction;
use tandai::app::{Action, State};
use tandai::core::codebook::Codebook;
use tandai::core::codebook::packs;
use tandai::core::coding::saver::Saver;
use tandai::core::project::Project;
use tandai::tui::theme::Theme;
use tandai::tui::view;
use tandai::tui::wrap_cache::WrapCache;
use tandai::tui::{Persister, dispatch};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map_or("", String::as_str);
    match arg(0) {
        "search" => search(Path::new(arg(1))),
        "gen-para" => gen_para(Path::new(arg(1)), arg(2).parse().unwrap_or(10)),
        "first-key" => first_key(Path::new(arg(1))),
        _ => {
            eprintln!("usage: scale search PROJECT | scale gen-para DIR MIB | scale first-key DIR")
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Percentile `q` of sorted durations, in ms.
fn pct(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    ms(sorted[((sorted.len() as f64 - 1.0) * q).round() as usize])
}

/// Resident memory now and at its peak, in MiB (from /proc).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn state(dir: &Path) -> State {
    let project = Project::open(dir).expect("project");
    let keymap = Keymap::load(None).expect("keymap");
    let mut book = Codebook::load(&dir.join("codebook.json")).expect("codebook");
    book.assign_keys(&keymap.reserved_chars());
    State::new(project, book, keymap, "ana".into())
}

struct Screen {
    terminal: Terminal<TestBackend>,
    cache: WrapCache,
}

impl Screen {
    fn new() -> Screen {
        Screen {
            terminal: Terminal::new(TestBackend::new(120, 40)).expect("terminal"),
            cache: WrapCache::default(),
        }
    }

    fn draw(&mut self, s: &State) {
        let cache = &mut self.cache;
        self.terminal
            .draw(|f| {
                view::render(f, s, cache, Theme { color: true });
            })
            .expect("draw");
    }
}

/// Search as you type the way the coding screen runs it: each key is the update,
/// the request handed to the search thread and a frame; answers are taken (and
/// drawn) between keys, typed 40 ms apart. Times the keys, the answers' frames, the
/// wait from the last key of a query to its answer, and the memory the search holds.
fn search(dir: &Path) {
    let mut s = state(dir);
    s.search_async = true;
    let mut p = Persister::new(&s, Saver::start(), None);
    let mut screen = Screen::new();
    dispatch(&mut s, &mut p, Action::Resize(120, 40));
    screen.draw(&s);
    let corpus: usize = s
        .project
        .documents
        .iter()
        .filter_map(|d| d.content.as_ref().ok())
        .map(|c| c.text.len())
        .sum();
    let (before, _) = memory();
    let (mut keys, mut answers, mut waits) = (Vec::new(), Vec::new(), Vec::new());
    for query in [
        "kontak",
        "dokumen 9999",
        "kesepakatan di aplikasi",
        "PARAGRAF 59",
        "zzz",
    ] {
        let t = Instant::now();
        dispatch(&mut s, &mut p, Action::Search);
        screen.draw(&s);
        keys.push(t.elapsed());
        let mut last_key = Instant::now();
        for c in query.chars() {
            let t = Instant::now();
            dispatch(&mut s, &mut p, Action::SearchEdit(SearchAction::Input(c)));
            screen.draw(&s);
            keys.push(t.elapsed());
            last_key = Instant::now();
            take_answers(
                &mut s,
                &mut p,
                &mut screen,
                Duration::from_millis(40),
                &mut answers,
            );
        }
        while s.search.as_ref().is_some_and(|x| x.pending) {
            take_answers(
                &mut s,
                &mut p,
                &mut screen,
                Duration::from_millis(1),
                &mut answers,
            );
        }
        waits.push(last_key.elapsed());
        dispatch(&mut s, &mut p, Action::SearchEdit(SearchAction::Cancel));
    }
    let (after, peak) = memory();
    keys.sort();
    answers.sort();
    waits.sort();
    println!(
        "search keystroke (update, request, frame at 120x40), n={}: median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        keys.len(),
        pct(&keys, 0.5),
        pct(&keys, 0.99),
        pct(&keys, 1.0)
    );
    println!(
        "answer shown (update, frame), n={}: median {:.3} ms, p99 {:.3} ms; last key to its answer: median {:.1} ms, max {:.1} ms",
        answers.len(),
        pct(&answers, 0.5),
        pct(&answers, 0.99),
        pct(&waits, 0.5),
        pct(&waits, 1.0)
    );
    println!(
        "search memory: {:.1} MiB more resident after searching ({:.1} -> {:.1} MiB, peak {peak:.1}); corpus text {:.1} MiB; ratio {:.2}",
        after - before,
        before,
        after,
        corpus as f64 / 1048576.0,
        (after - before) / (corpus as f64 / 1048576.0)
    );
}

/// Waits up to `limit` for the search thread's answer; takes and draws it.
fn take_answers(
    s: &mut State,
    p: &mut Persister,
    screen: &mut Screen,
    limit: Duration,
    answers: &mut Vec<Duration>,
) {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if let Some(found) = p.found() {
            let t = Instant::now();
            dispatch(s, p, Action::SearchFound(found));
            screen.draw(s);
            answers.push(t.elapsed());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Writes DIR/para/pasted.txt: one paragraph of `mib` MiB (no line breaks), with the
/// DeVito codebook.
fn gen_para(dir: &Path, mib: usize) {
    let words = [
        "saya", "kenal", "dia", "dari", "aplikasi", "lalu", "kami", "sepakat",
    ];
    let mut text = String::from("Informan B: ");
    let mut i = 0usize;
    while text.len() < mib << 20 {
        text.push_str(words[i * 7 % words.len()]);
        text.push(if i % 12 == 11 { '.' } else { ' ' });
        i += 1;
    }
    text.push('\n');
    let out = dir.join("para");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("pasted.txt"), &text).expect("write");
    std::fs::write(
        out.join("codebook.json"),
        packs::find("devito").expect("pack").json,
    )
    .expect("write");
    println!(
        "wrote {} ({} bytes, one paragraph)",
        out.display(),
        text.len()
    );
}

/// The first code key on a document of one huge paragraph: the key (update, the save
/// handed to the saver, a frame) and, apart, the save itself on the saver thread.
fn first_key(dir: &Path) {
    let mut s = state(dir);
    let _ = std::fs::remove_file(s.sidecar_path(0));
    let mut p = Persister::new(&s, Saver::start(), None);
    let mut screen = Screen::new();
    dispatch(&mut s, &mut p, Action::Resize(120, 40));
    screen.draw(&s);
    let code = s.codebook.by_key('1').expect("code key 1");
    let t = Instant::now();
    dispatch(&mut s, &mut p, Action::ToggleCode(code));
    screen.draw(&s);
    let key = t.elapsed();
    let flushed = p.saver.flusher().flush(Duration::from_secs(60));
    let saved = t.elapsed();
    let len = s.project.documents[0]
        .content
        .as_ref()
        .map_or(0, |c| c.text.len());
    println!(
        "first code key on a paragraph of {len} bytes: {:.3} ms on the key (update, save handed over, frame); on disk after {:.1} ms ({})",
        ms(key),
        ms(saved),
        if flushed { "saved" } else { "NOT SAVED" }
    );
    let _ = std::fs::remove_file(s.sidecar_path(0));
}
