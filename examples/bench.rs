//! In-process benchmarks of the coding screen: load time and the cost of each
//! keystroke (update + render into a 120x40 buffer), on generated transcripts.
//!
//! cargo run --release --example bench -- gen DIR           # writes the large inputs
//! cargo run --release --example bench -- keys DIR [FILE]   # times keystrokes
//!
//! Results and the exact commands are in BENCHMARKS.md.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::{Duration, Instant};
use tandai::app::keymap::{Key, Keymap};
use tandai::app::keys::action_for;
use tandai::app::{Action, State, update};
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
    match args.first().map(String::as_str) {
        Some("gen") => generate(Path::new(
            args.get(1).map_or("/tmp/tandai-bench", String::as_str),
        )),
        Some("keys") => keys(Path::new(
            args.get(1)
                .map_or("/tmp/tandai-bench/large", String::as_str),
        )),
        Some("gen-project") => gen_project(
            Path::new(
                args.get(1)
                    .map_or("/tmp/tandai-bench/project", String::as_str),
            ),
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(2),
            args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1000),
        ),
        Some("picker") => picker(Path::new(args.get(1).map_or("sample-data", String::as_str))),
        Some("gen-huge") => gen_huge(
            Path::new(args.get(1).map_or("/tmp/tandai-bench", String::as_str)),
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(100),
        ),
        Some("gen-docx") => gen_docx(Path::new(
            args.get(1).map_or("/tmp/tandai-bench", String::as_str),
        )),
        Some("extract") => extract(Path::new(args.get(1).map_or("", String::as_str))),
        Some("team") => team(Path::new(
            args.get(1)
                .map_or("/tmp/tandai-bench/project", String::as_str),
        )),
        Some("search") => search(Path::new(
            args.get(1)
                .map_or("/tmp/tandai-bench/project", String::as_str),
        )),
        _ => eprintln!(
            "usage: bench gen DIR | bench keys DIR | bench gen-project DIR [CODERS] [DOCUMENTS] | bench gen-huge DIR [MIB] | bench gen-docx DIR | bench picker PROJECT | bench search PROJECT | bench team PROJECT"
        ),
    }
}

/// Writes DIR/large/transcript.txt (~10 MB, ~50,000 paragraphs) and
/// DIR/onepara/pasted.txt (one paragraph of 1 MB), each with the DeVito codebook.
fn generate(dir: &Path) {
    let words = [
        "saya",
        "kenal",
        "dia",
        "dari",
        "aplikasi",
        "lalu",
        "kami",
        "sepakat",
        "bertemu",
        "waktu",
        "tempat",
        "harga",
        "pelanggan",
        "tetap",
        "percaya",
        "blokir",
        "patroli",
        "jalan",
        "uang",
        "keluarga",
        "pesan",
        "profil",
        "foto",
        "ramah",
        "sopan",
        "teman",
        "kota",
        "malam",
        "pagi",
        "kerja",
    ];
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut sentence = |n: usize| -> String {
        let w: Vec<&str> = (0..n)
            .map(|_| words[(next() % words.len() as u64) as usize])
            .collect();
        w.join(" ")
    };
    let large = dir.join("large");
    std::fs::create_dir_all(&large).expect("mkdir");
    let (text, i) = turns(10 * 1024 * 1024, &mut sentence);
    std::fs::write(large.join("transcript.txt"), &text).expect("write");
    std::fs::write(
        large.join("codebook.json"),
        packs::find("devito").expect("pack").json,
    )
    .expect("write");
    let one = dir.join("onepara");
    std::fs::create_dir_all(&one).expect("mkdir");
    let mut para = String::from("Informan B: ");
    while para.len() < 1024 * 1024 {
        para.push_str(&sentence(12));
        para.push_str(". ");
    }
    std::fs::write(one.join("pasted.txt"), para + "\n").expect("write");
    std::fs::write(
        one.join("codebook.json"),
        packs::find("devito").expect("pack").json,
    )
    .expect("write");
    println!(
        "wrote {} ({} bytes, {i} paragraphs) and {}",
        large.display(),
        text.len(),
        one.display()
    );
}

/// Timestamped speaker turns (blank-line paragraphs of 25 words) until `bytes`:
/// the text and the number of turns.
fn turns(bytes: usize, sentence: &mut impl FnMut(usize) -> String) -> (String, usize) {
    let mut text = String::with_capacity(bytes + 1024);
    let mut i = 0;
    while text.len() < bytes {
        let who = if i % 2 == 0 { "Peneliti" } else { "Informan A" };
        text.push_str(&format!(
            "[{:02}:{:02}:{:02}] {who}: {}.\n\n",
            i / 3600 % 100,
            i / 60 % 60,
            i % 60,
            sentence(25)
        ));
        i += 1;
    }
    (text, i)
}

/// Writes DIR/huge/transcript.txt: `mib` MiB of speaker turns (as `gen` writes the
/// 10 MB one), with the DeVito codebook.
fn gen_huge(dir: &Path, mib: usize) {
    let words = [
        "saya", "kenal", "dia", "dari", "aplikasi", "lalu", "kami", "sepakat",
    ];
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut sentence = |n: usize| -> String {
        let w: Vec<&str> = (0..n)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                words[(rng % words.len() as u64) as usize]
            })
            .collect();
        w.join(" ")
    };
    let huge = dir.join("huge");
    std::fs::create_dir_all(&huge).expect("mkdir");
    let (text, n) = turns(mib * 1024 * 1024, &mut sentence);
    std::fs::write(huge.join("transcript.txt"), &text).expect("write");
    std::fs::write(
        huge.join("codebook.json"),
        packs::find("devito").expect("pack").json,
    )
    .expect("write");
    println!(
        "wrote {} ({} bytes, {n} paragraphs)",
        huge.display(),
        text.len()
    );
}

/// Writes DIR/docx-large/interview.docx (about 5 MB, about 2,000 pages of speaker
/// turns as Word writes them: revision ids, run properties, a bold speaker) and
/// DIR/docx-200/ (200 interviews of 80 turns each), each with the DeVito codebook.
fn gen_docx(dir: &Path) {
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let syllables = [
        "ka", "ma", "sa", "ya", "ta", "pa", "la", "ri", "ku", "ng", "an", "ber", "men", "di",
        "nya", "lah", "kan", "per", "se", "ti", "bu", "gi", "jo", "we", "ha", "ro", "du", "ke",
    ];
    let mut sentence = |words: usize| -> String {
        let mut s = String::new();
        for w in 0..words {
            if w > 0 {
                s.push(' ');
            }
            for _ in 0..1 + next() % 3 {
                s.push_str(syllables[(next() % syllables.len() as u64) as usize]);
            }
        }
        s.push('.');
        s
    };
    let mut interview = |turns: usize| -> Vec<u8> {
        let mut xml = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
        );
        for i in 0..turns {
            let who = if i % 2 == 0 { "Peneliti" } else { "Informan A" };
            let words = if i % 2 == 0 { 15 } else { 60 };
            xml.push_str(&format!(
                r#"<w:p w:rsidR="00{i:06X}" w:rsidRDefault="00{i:06X}"><w:pPr><w:spacing w:after="120"/></w:pPr><w:r><w:rPr><w:b/><w:lang w:val="id-ID"/></w:rPr><w:t>{who}:</w:t></w:r><w:r><w:rPr><w:lang w:val="id-ID"/></w:rPr><w:t xml:space="preserve"> {}</w:t></w:r></w:p>"#,
                sentence(words)
            ));
        }
        xml.push_str("<w:sectPr/></w:body></w:document>");
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, data) in [
            ("[Content_Types].xml", "<Types/>".as_bytes()),
            ("word/document.xml", xml.as_bytes()),
        ] {
            w.start_file(name, options).expect("zip");
            std::io::Write::write_all(&mut w, data).expect("zip");
        }
        w.finish().expect("zip").into_inner()
    };
    let codebook = packs::find("devito").expect("pack").json;
    let large = dir.join("docx-large");
    std::fs::create_dir_all(&large).expect("mkdir");
    let bytes = interview(56_000);
    std::fs::write(large.join("interview.docx"), &bytes).expect("write");
    std::fs::write(large.join("codebook.json"), codebook).expect("write");
    let many = dir.join("docx-200");
    std::fs::create_dir_all(&many).expect("mkdir");
    for n in 1..=200 {
        std::fs::write(many.join(format!("wawancara-{n:03}.docx")), interview(80)).expect("write");
    }
    std::fs::write(many.join("codebook.json"), codebook).expect("write");
    println!(
        "wrote {} ({} bytes) and {} (200 interviews)",
        large.display(),
        bytes.len(),
        many.display()
    );
}

/// Times the parts of opening one document: reading, inflating its XML alone, and
/// the whole extraction (inflate + parse + paragraphs).
fn extract(path: &Path) {
    use tandai::core::documents;
    let t = Instant::now();
    let bytes = std::fs::read(path).expect("read");
    let read = t.elapsed();
    let t = Instant::now();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).expect("zip");
    let mut inflated = 0;
    if let Ok(mut entry) = zip.by_name("word/document.xml") {
        inflated = std::io::copy(&mut entry, &mut std::io::sink()).expect("inflate");
    }
    let inflate = t.elapsed();
    let mut xml = Vec::new();
    if let Ok(mut entry) = zip.by_name("word/document.xml") {
        std::io::Read::read_to_end(&mut entry, &mut xml).expect("inflate");
    }
    let t = Instant::now();
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(xml.as_slice()));
    let mut buf = Vec::new();
    let mut events = 0u64;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(_) => events += 1,
        }
    }
    println!(
        "quick-xml alone: {events} events in {:.1} ms",
        ms(t.elapsed())
    );
    drop(xml);
    let t = Instant::now();
    let _ = tandai::core::coding::sidecar::document_fingerprint(&bytes);
    let hash = t.elapsed();
    let t = Instant::now();
    let (e, _) =
        documents::load(path, tandai::core::documents::fsread::Links::Follow).expect("extracts");
    let all = t.elapsed();
    println!(
        "{}: read {:.1} ms, inflate {inflated} bytes {:.1} ms, sha256 {:.1} ms, load (read + hash + inflate + parse + paragraphs) {:.1} ms; text {} bytes, {} paragraphs",
        path.display(),
        ms(read),
        ms(inflate),
        ms(hash),
        ms(all),
        e.text.len(),
        e.paragraphs.len()
    );
}

fn state(dir: &Path) -> (State, Duration) {
    let start = Instant::now();
    let project = Project::open(dir).expect("project");
    let keymap = Keymap::load(None).expect("keymap");
    let mut book = Codebook::load(&dir.join("codebook.json")).expect("codebook");
    book.assign_keys(&keymap.reserved_chars());
    let s = State::new(project, book, keymap, "bench".into());
    (s, start.elapsed())
}

fn keys(dir: &Path) {
    let (mut s, load) = state(dir);
    let sidecar = s.sidecar_path(0);
    let _ = std::fs::remove_file(&sidecar);
    let paragraphs = s.para_count();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut cache = WrapCache::default();
    let theme = Theme { color: true };
    update(&mut s, Action::Resize(120, 40));
    let draw = |s: &mut State, terminal: &mut Terminal<TestBackend>, cache: &mut WrapCache| {
        let mut fb = view::Feedback::default();
        terminal
            .draw(|f| fb = view::render(f, s, cache, theme))
            .expect("draw");
        if let Some(scroll) = fb.scroll {
            update(s, Action::ScrollShown(scroll));
        }
    };
    let first = Instant::now();
    draw(&mut s, &mut terminal, &mut cache);
    let first_frame = first.elapsed();
    println!(
        "{}: {paragraphs} paragraphs; load {:.1} ms; first frame {:.2} ms (120x40)",
        dir.display(),
        ms(load),
        ms(first_frame)
    );
    let sequences: [(&str, Vec<Key>); 5] = [
        ("j (next paragraph)", vec![Key::char('j'); 2000]),
        ("k (previous paragraph)", vec![Key::char('k'); 2000]),
        (
            "G / g (last, first)",
            [Key::char('G'), Key::char('g')].repeat(500),
        ),
        (
            "J / K (scroll in paragraph)",
            [vec![Key::char('J'); 20], vec![Key::char('K'); 20]]
                .concat()
                .repeat(25),
        ),
        (
            "1 j (code, next; saves)",
            [Key::char('1'), Key::char('j')].repeat(1000),
        ),
    ];
    let mut persister = Persister::new(&s, Saver::start(), None);
    for (name, seq) in sequences {
        let mut times = Vec::with_capacity(seq.len());
        for key in seq {
            let t = Instant::now();
            if let Some(a) = action_for(&s, key) {
                dispatch(&mut s, &mut persister, a);
            }
            draw(&mut s, &mut terminal, &mut cache);
            times.push(t.elapsed());
        }
        times.sort();
        let p = |q: f64| ms(times[((times.len() as f64 - 1.0) * q) as usize]);
        for outcome in persister.saver.outcomes() {
            dispatch(&mut s, &mut persister, Action::Saved(outcome));
        }
        println!(
            "  {name:<30} n={:<5} median {:.3} ms  p99 {:.3} ms  max {:.3} ms",
            times.len(),
            p(0.5),
            p(0.99),
            p(1.0)
        );
    }
}

/// A project for `tandai report`, exports and the scale benchmarks. Writes DIR:
/// `documents` transcripts (1,000 by default) of 60 paragraphs with the DeVito
/// codebook, each coded (a third of the paragraphs, at random) by `coders` coders (2
/// by default, at most 3: ana, budi, cici), every document marked finished by each.
fn gen_project(dir: &Path, coders: usize, documents: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(
        dir.join("codebook.json"),
        packs::find("devito").expect("pack").json,
    )
    .expect("write");
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let stages = ["1", "2", "3", "4", "5", "6"];
    for d in 0..documents {
        let text: String = (0..60)
            .map(|p| {
                format!(
                    "{}: paragraf {p} dokumen {d} tentang kontak dan kesepakatan di aplikasi.\n\n",
                    if p % 2 == 0 { "Peneliti" } else { "Informan" }
                )
            })
            .collect();
        let name = format!("wawancara-{d:04}.txt");
        std::fs::write(dir.join(&name), &text).expect("write");
        for coder in ["ana", "budi", "cici"].into_iter().take(coders.clamp(1, 3)) {
            let project = Project::open(&dir.join(&name)).expect("doc");
            let keymap = Keymap::load(None).expect("keymap");
            let mut book = Codebook::load(&dir.join("codebook.json")).expect("codebook");
            book.assign_keys(&keymap.reserved_chars());
            let mut s = State::new(project, book, keymap, coder.into());
            for p in 0..60 {
                if next(3) == 0 {
                    s.go_to(0, p);
                    if let Some(a) = action_for(
                        &s,
                        Key::char(stages[next(6) as usize].chars().next().unwrap_or('1')),
                    ) {
                        update(&mut s, a);
                    }
                }
            }
            s.docs[0].decisions.finished = true;
            std::fs::write(s.sidecar_path(0), s.sidecar_bytes(0).expect("bytes")).expect("write");
        }
    }
    println!(
        "wrote {documents} documents x 60 paragraphs with {} coders in {}",
        coders.clamp(1, 3),
        dir.display()
    );
}

/// The agreement alone after a coding change (without the check of the team's
/// sidecars on disk and the frame that opening the view adds): brought up to date
/// from the kept comparison, then computed in full with nothing kept; 21 changes.
fn agreement_alone(
    s: &mut State,
    p: &mut tandai::tui::Persister,
    updated: &mut Vec<Duration>,
    full: &mut Vec<Duration>,
) {
    use tandai::app::team::{Pair, TeamAction};
    use tandai::app::team_agreement::result;
    let contact = s.codebook.index_of("devito.contact").unwrap_or(0);
    for i in 0..21 {
        tandai::tui::dispatch(s, p, Action::Team(TeamAction::Close));
        s.go_to(10 + i, 2);
        tandai::tui::dispatch(s, p, Action::ToggleCode(contact));
        let t = Instant::now();
        let kept = result(s, Pair::Everyone);
        updated.push(t.elapsed());
        s.agreement_cache = None;
        let t = Instant::now();
        let again = result(s, Pair::Everyone);
        full.push(t.elapsed());
        assert_eq!(kept, again, "brought up to date = computed in full");
    }
    updated.sort();
    full.sort();
}

/// A codebook of 1,000 codes: 10 themes x 9 categories x 10 sub-codes (plus the
/// headings), labels in both languages.
fn big_codebook() -> String {
    let words = [
        "kontak", "percaya", "jarak", "uang", "patroli", "teman", "pesan", "harga", "tempat",
        "waktu",
    ];
    let mut themes = Vec::new();
    for t in 0..10 {
        let mut cats = Vec::new();
        for c in 0..9 {
            let subs: Vec<String> = (0..10)
                .map(|k| {
                    format!(
                        r#"{{"id":"t{t}.c{c}.s{k}","label":{{"en":"{} {} theme {t} sub {k}","id":"{} {} tema {t} sub {k}"}},"definition":"Sub-code {k}."}}"#,
                        words[k], words[c], words[c], words[k]
                    )
                })
                .collect();
            cats.push(format!(
                r#"{{"id":"t{t}.c{c}","label":{{"en":"Category {} {c}","id":"Kategori {} {c}"}},"children":[{}]}}"#,
                words[c],
                words[c],
                subs.join(",")
            ));
        }
        themes.push(format!(
            r#"{{"id":"t{t}","label":"Theme {t}","codable":false,"children":[{}]}}"#,
            cats.join(",")
        ));
    }
    format!(
        r#"{{"format":"tandai-codebook","version":1,"codes":[{}]}}"#,
        themes.join(",")
    )
}

/// Opening a project with a 1,000-code codebook, then typing in the code picker.
fn picker(dir: &Path) {
    let start = Instant::now();
    let project = Project::open(dir).expect("project");
    let keymap = Keymap::load(None).expect("keymap");
    let mut book = Codebook::parse(big_codebook().as_bytes(), "big").expect("codebook");
    book.assign_keys(&keymap.reserved_chars());
    let codes = book.codes.len();
    let mut s = State::new(project, book, keymap, "bench".into());
    let open = start.elapsed();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut cache = WrapCache::default();
    let theme = Theme { color: true };
    update(&mut s, Action::Resize(120, 40));
    let mut times = Vec::new();
    terminal
        .draw(|f| {
            view::render(f, &s, &mut cache, theme);
        })
        .expect("first frame");
    for query in [
        "percaya",
        "kategori uang",
        "t7.c3.s",
        "jarak tema 4 sub 9",
        "zzzz",
    ] {
        let t = Instant::now();
        update(&mut s, Action::CodePicker);
        terminal
            .draw(|f| {
                view::render(f, &s, &mut cache, theme);
            })
            .expect("draw");
        times.push(t.elapsed());
        if std::env::var_os("TANDAI_BENCH_VERBOSE").is_some() {
            eprintln!("{query:?} open: {:.3} ms", ms(t.elapsed()));
        }
        for c in query.chars() {
            let t = Instant::now();
            update(&mut s, Action::PickerInput(c));
            terminal
                .draw(|f| {
                    view::render(f, &s, &mut cache, theme);
                })
                .expect("draw");
            times.push(t.elapsed());
            if std::env::var_os("TANDAI_BENCH_VERBOSE").is_some() {
                eprintln!("{query:?} {c:?}: {:.3} ms", ms(t.elapsed()));
            }
        }
        update(&mut s, Action::Close);
    }
    times.sort();
    let p = |q: f64| ms(times[((times.len() as f64 - 1.0) * q) as usize]);
    println!(
        "{codes} codes: open (project + codebook + state) {:.1} ms; picker keystroke (update + render 120x40), n={}: median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(open),
        times.len(),
        p(0.5),
        p(0.99),
        p(1.0)
    );
}

/// Search as you type over a project (the 1,000-document one from `gen-project`):
/// the first `/` (which folds every paragraph once), then every keystroke of several
/// queries, typed and erased, each timed as update + a 120x40 render.
fn search(dir: &Path) {
    use tandai::app::search::SearchAction;
    let (mut s, open) = state(dir);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut cache = WrapCache::default();
    let theme = Theme { color: true };
    update(&mut s, Action::Resize(120, 40));
    let mut frame = |s: &State, terminal: &mut Terminal<TestBackend>| {
        terminal
            .draw(|f| {
                view::render(f, s, &mut cache, theme);
            })
            .expect("draw");
    };
    frame(&s, &mut terminal);
    let mut first_open = None;
    let mut times = Vec::new();
    let mut total_hits = Vec::new();
    for query in [
        "kontak",
        "Dokumen 999",
        "kesepakatan di aplikasi",
        "PARAGRAF 59",
        "zzz",
        "é",
    ] {
        let t = Instant::now();
        update(&mut s, Action::Search);
        frame(&s, &mut terminal);
        first_open.get_or_insert(t.elapsed());
        let keys = query
            .chars()
            .map(SearchAction::Input)
            .chain(query.chars().map(|_| SearchAction::Backspace));
        for (i, k) in keys.enumerate() {
            let t = Instant::now();
            update(&mut s, Action::SearchEdit(k));
            frame(&s, &mut terminal);
            times.push(t.elapsed());
            if i + 1 == query.chars().count() {
                let found = s.search.as_ref().map_or(0, |x| x.total());
                total_hits.push(format!("{query:?}: {found}"));
            }
        }
        update(&mut s, Action::SearchEdit(SearchAction::Cancel));
    }
    times.sort();
    let p = |q: f64| ms(times[((times.len() as f64 - 1.0) * q) as usize]);
    let paragraphs: usize = s.project.documents.iter().map(|d| d.len()).sum();
    println!(
        "{} documents, {paragraphs} paragraphs: open {:.0} ms; first / (folds every paragraph) {:.1} ms; search keystroke (update + render 120x40), n={}: median {:.3} ms, p99 {:.3} ms, max {:.3} ms; matches: {}",
        s.project.documents.len(),
        ms(open),
        ms(first_open.unwrap_or_default()),
        times.len(),
        p(0.5),
        p(0.99),
        p(1.0),
        total_hits.join(", ")
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The agreement view and the queue of disagreements on a project of three coders
/// (`gen-project DIR 3`): loading the other coders' sidecars, opening the view, opening
/// the queue and each step of it (a settlement or a move, each with a render at
/// 120x40). Consensus sidecars written are removed afterwards.
fn team(dir: &Path) {
    use tandai::app::team::TeamAction;
    use tandai::tui::{Persister, dispatch};
    let project = Project::open(dir).expect("project");
    let keymap = Keymap::load(None).expect("keymap");
    let mut book = Codebook::load(&dir.join("codebook.json")).expect("codebook");
    book.assign_keys(&keymap.reserved_chars());
    let mut s = State::new(project, book, keymap, "ana".into());
    let mut p = Persister::new(&s, tandai::core::coding::saver::Saver::start(), None);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut cache = WrapCache::default();
    let theme = Theme { color: true };
    update(&mut s, Action::Resize(120, 40));
    let mut frame = |s: &State, terminal: &mut Terminal<TestBackend>| {
        terminal
            .draw(|f| {
                view::render(f, s, &mut cache, theme);
            })
            .expect("draw");
    };
    let t = Instant::now();
    dispatch(&mut s, &mut p, Action::Agreement);
    frame(&s, &mut terminal);
    let load = t.elapsed();
    let mut opens = Vec::new();
    for _ in 0..10 {
        dispatch(&mut s, &mut p, Action::Team(TeamAction::Close));
        let t = Instant::now();
        dispatch(&mut s, &mut p, Action::Agreement);
        frame(&s, &mut terminal);
        opens.push(t.elapsed());
    }
    // After a coding change the agreement is computed again.
    let mut recomputes = Vec::new();
    for i in 0..5 {
        dispatch(&mut s, &mut p, Action::Team(TeamAction::Close));
        s.go_to(i, 1);
        let contact = s.codebook.index_of("devito.contact").unwrap_or(0);
        dispatch(&mut s, &mut p, Action::ToggleCode(contact));
        let t = Instant::now();
        dispatch(&mut s, &mut p, Action::Agreement);
        frame(&s, &mut terminal);
        recomputes.push(t.elapsed());
    }
    recomputes.sort();
    let (mut updated, mut full) = (Vec::new(), Vec::new());
    agreement_alone(&mut s, &mut p, &mut updated, &mut full);
    dispatch(&mut s, &mut p, Action::Agreement);
    let t = Instant::now();
    dispatch(&mut s, &mut p, Action::Team(TeamAction::OpenQueue));
    frame(&s, &mut terminal);
    let queue = t.elapsed();
    let items = match &s.mode {
        tandai::app::state::Mode::Settle(q) => q.items.len(),
        _ => 0,
    };
    let mut steps = Vec::new();
    for i in 0..200 {
        let a = if i % 2 == 0 {
            TeamAction::Take(1)
        } else {
            TeamAction::Move(1)
        };
        let t = Instant::now();
        dispatch(&mut s, &mut p, Action::Team(a));
        frame(&s, &mut terminal);
        steps.push(t.elapsed());
    }
    dispatch(&mut s, &mut p, Action::Team(TeamAction::Back));
    let t = Instant::now();
    dispatch(&mut s, &mut p, Action::Team(TeamAction::OpenQueue));
    frame(&s, &mut terminal);
    let queue_again = t.elapsed();
    p.saver.flusher().flush(Duration::from_secs(30));
    for d in &s.project.documents {
        let _ = std::fs::remove_file(tandai::core::coding::sidecar::sidecar_path(
            &d.path,
            "consensus",
        ));
    }
    let _ = std::fs::remove_file(dir.join("tandai-log/consensus.jsonl"));
    opens.sort();
    steps.sort();
    let pct = |v: &[Duration], q: f64| ms(v[((v.len() as f64 - 1.0) * q) as usize]);
    println!(
        "{} documents: first open (reads the other coders' sidecars) {:.0} ms; open again (nothing changed, 120x40 frame) median {:.1} ms, max {:.1} ms; open after a coding change (agreement computed again) median {:.1} ms; the agreement alone after a coding change, n={}: brought up to date median {:.2} ms (max {:.2}), computed in full median {:.1} ms; open the queue ({items} disagreements) {:.1} ms, again {:.1} ms; queue step (settle or move, with the frame), n={}: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        s.project.documents.len(),
        ms(load),
        pct(&opens, 0.5),
        pct(&opens, 1.0),
        pct(&recomputes, 0.5),
        updated.len(),
        pct(&updated, 0.5),
        pct(&updated, 1.0),
        pct(&full, 0.5),
        ms(queue),
        ms(queue_again),
        steps.len(),
        pct(&steps, 0.5),
        pct(&steps, 0.99),
        pct(&steps, 1.0),
    );
}
