//! What tandai writes to a real terminal, byte for byte (RELIABILITY H1, H3, T5):
//! hostile transcripts produce only tandai's own escape sequences; NO_COLOR means no
//! colour codes; the palette is the 16 ANSI colours.

mod common;

use common::tmux::Tmux;

/// Every escape sequence in the output: (sequence, its text).
fn sequences(out: &str) -> Vec<String> {
    let mut seqs = Vec::new();
    let mut chars = out.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\u{1b}' {
            continue;
        }
        let mut end = i + 1;
        if let Some(&(_, '[')) = chars.peek() {
            chars.next();
            for (j, d) in chars.by_ref() {
                end = j + d.len_utf8();
                if ('@'..='~').contains(&d) {
                    break;
                }
            }
        } else if let Some((j, d)) = chars.next() {
            end = j + d.len_utf8();
        }
        seqs.push(out[i..end].to_owned());
    }
    seqs
}

/// tandai's own sequences: SGR, cursor position, erase, cursor show/hide, the
/// alternate screen, bracketed paste and synchronized output. Nothing that sets a
/// title, a link, the clipboard or queries.
fn allowed(seq: &str) -> bool {
    let Some(body) = seq.strip_prefix("\u{1b}[") else {
        return false;
    };
    let (params, last) = body.split_at(body.len() - 1);
    match last {
        "m" | "H" | "J" | "K" => params.bytes().all(|b| b.is_ascii_digit() || b == b';'),
        "h" | "l" => matches!(params, "?25" | "?1049" | "?2004" | "?1004" | "?2026"),
        _ => false,
    }
}

fn sgr_params(seqs: &[String]) -> Vec<Vec<u16>> {
    seqs.iter()
        .filter_map(|s| {
            s.strip_prefix("\u{1b}[")?
                .strip_suffix('m')
                .map(str::to_owned)
        })
        .map(|p| p.split(';').filter_map(|n| n.parse().ok()).collect())
        .collect()
}

/// Runs tandai on `dir`, presses keys, quits, and returns all it wrote.
fn record(dir: &std::path::Path, env: &[(&str, &str)], keys: &[&str]) -> String {
    let (t, out) = Tmux::start_recorded(
        &[
            dir.to_str().expect("utf8"),
            "--coder",
            "b",
            "--pack",
            "devito",
        ],
        100,
        30,
        env,
    );
    t.wait_text("¶1");
    t.keys(keys);
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let bytes = Tmux::recorded_through(&out, "[exit ");
    String::from_utf8(bytes).expect("tandai writes UTF-8")
}

fn hostile_project() -> tempfile::TempDir {
    let payloads = [
        "judul \u{1b}]0;PWNED-TITLE\u{7} dan \u{1b}]2;PWNED2\u{1b}\\",
        "tautan \u{1b}]8;;https://contoh.invalid\u{1b}\\klik\u{1b}]8;;\u{1b}\\",
        "papan klip \u{1b}]52;c;ZXZpbA==\u{7}",
        "dcs \u{1b}P1$qm\u{1b}\\ dan \u{1b}P+q544e\u{1b}\\",
        "kueri \u{1b}[6n \u{1b}[c \u{1b}[>0q \u{1b}[18t \u{1b}[?1049l \u{1b}[2J",
        "c1 \u{9b}31m merah \u{9d}0;judul\u{9c} \u{90}dcs\u{9c}",
        "bidi \u{202e}kebalik\u{202c} isolat \u{2067}x\u{2069} nol\u{200b}lebar \u{feff}bom \u{61c}",
        "bel \u{7} backspace \u{8} del \u{7f} nul-ish \u{1} tab\tok",
    ];
    let text: String = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| format!("Informan {i}: {p}\n\n"))
        .collect();
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("evil.txt"), text).expect("write");
    dir
}

#[test]
fn hostile_transcripts_produce_only_tandais_own_escape_sequences() {
    let dir = hostile_project();
    let out = record(
        dir.path(),
        &[],
        &["j", "j", "j", "j", "j", "j", "j", "k", "1", "?", "?"],
    );
    let seqs = sequences(&out);
    assert!(
        seqs.len() > 50,
        "recorded the session: {} sequences",
        seqs.len()
    );
    let foreign: Vec<&String> = seqs.iter().filter(|s| !allowed(s)).collect();
    assert!(
        foreign.is_empty(),
        "foreign escape sequences reached the terminal: {foreign:?}"
    );
    for c in out.chars() {
        let c0_ok = matches!(c, '\u{1b}' | '\r' | '\n');
        assert!(
            !c.is_control() || c0_ok,
            "raw control character U+{:04X} written",
            c as u32
        );
        assert!(
            !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{61c}')
        );
    }
    for visible in [
        "␛]0;PWNED-TITLE␇",
        "‹9B›31m",
        "‹202E›kebalik‹202C›",
        "nol‹200B›lebar",
        "␇ backspace ␈ del ␡",
    ] {
        assert!(out.contains(visible), "shown visibly: {visible}");
    }
}

#[test]
fn no_color_writes_no_colour_codes_and_keeps_the_marks() {
    let dir = tempfile::tempdir().expect("tmp");
    common::tmux::copy_sample(dir.path());
    let out = record(
        dir.path(),
        &[("NO_COLOR", "1")],
        &["j", "1", "j", "?", "?", "p", "k", "C-g"],
    );
    let seqs = sequences(&out);
    for params in sgr_params(&seqs) {
        assert!(
            !params
                .iter()
                .any(|&p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107 | 58)),
            "colour code under NO_COLOR: {params:?}"
        );
    }
    assert!(
        sgr_params(&seqs).iter().any(|p| p.contains(&7)),
        "reverse video marks the selection"
    );
    assert!(
        out.contains('▌') && out.contains('✓'),
        "the current paragraph and applied codes stay marked"
    );
}

#[test]
fn term_linux_gets_the_16_ansi_colours_in_their_own_codes() {
    let dir = tempfile::tempdir().expect("tmp");
    common::tmux::copy_sample(dir.path());
    let out = record(
        dir.path(),
        &[("TERM", "linux")],
        &["j", "1", "2", "3", "4", "5", "6"],
    );
    let sgr = sgr_params(&sequences(&out));
    assert!(
        sgr.iter()
            .any(|p| p.iter().any(|c| matches!(c, 30..=37 | 90..=97))),
        "colours are used: {sgr:?}"
    );
    for p in sgr {
        assert!(
            !p.iter().any(|c| matches!(c, 38 | 48 | 58)),
            "no 256-colour or RGB form, which an 8/16-colour terminal does not read: {p:?}"
        );
    }
}

#[test]
fn a_vt100_class_terminal_gets_no_colour_and_keeps_the_marks() {
    let dir = tempfile::tempdir().expect("tmp");
    common::tmux::copy_sample(dir.path());
    let out = record(dir.path(), &[("TERM", "vt220")], &["j", "1", "j"]);
    let seqs = sequences(&out);
    for params in sgr_params(&seqs) {
        assert!(
            !params
                .iter()
                .any(|&p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107 | 58)),
            "colour code on vt220: {params:?}"
        );
    }
    assert!(
        sgr_params(&seqs)
            .iter()
            .any(|p| p.contains(&7) || p.contains(&1)),
        "reverse or bold carry the meaning"
    );
    assert!(out.contains('▌') && out.contains('✓'), "the marks stay");
}

#[test]
fn the_checker_itself_catches_raw_payloads() {
    let raw = "a\u{1b}]0;T\u{7}b\u{1b}P1$qm\u{1b}\\c\u{1b}[6nd\u{1b}[38;2;1;2;3me\u{1b}[1;31mf";
    let seqs = sequences(raw);
    let foreign: Vec<&str> = seqs
        .iter()
        .filter(|s| !allowed(s))
        .map(String::as_str)
        .collect();
    assert_eq!(foreign, ["\u{1b}]", "\u{1b}P", "\u{1b}\\", "\u{1b}[6n"]);
    let sgr = sgr_params(&seqs);
    assert_eq!(sgr, [vec![38, 2, 1, 2, 3], vec![1, 31]]);
}

/// The frames tandai wrote, each a synchronized update (DEC mode 2026).
fn frames(out: &str) -> Vec<&str> {
    out.split("\u{1b}[?2026h")
        .skip(1)
        .map(|f| f.split("\u{1b}[?2026l").next().unwrap_or(f))
        .collect()
}

#[test]
fn a_step_that_stays_on_screen_moves_the_highlight_not_the_text() {
    let dir = common::tmux::sample_copy();
    let (t, out) = Tmux::start_recorded(
        &[dir.path().to_str().expect("utf8"), "--coder", "b"],
        120,
        40,
        &[],
    );
    t.wait_text("¶1/");
    for n in 2..=4 {
        t.keys(&["j"]);
        t.wait_text(&format!("¶{n}/"));
    }
    let recorded = || String::from_utf8(std::fs::read(&out).expect("recorded")).expect("UTF-8");
    // The recording catches up with the screen on tmux's own time.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let before = frames(&recorded()).len();
    // Keys that arrive together are all applied, then one frame is drawn.
    t.send_burst(&["j", "j", "j", "j", "j", "j", "j", "j"]);
    t.wait_text("¶12/");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let burst = frames(&recorded()).len() - before;
    assert!(burst <= 2, "8 keys in one write drew {burst} frames");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let out = recorded();
    let all = frames(&out);
    let all = &all[..before];
    assert!(all.len() >= 4, "every frame is one synchronized update");
    for (i, step) in all[all.len() - 3..].iter().enumerate() {
        assert!(
            step.len() < 300,
            "step {} wrote {} bytes: {step:?}",
            i + 1,
            step.len()
        );
    }
}
