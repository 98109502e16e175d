//! Subtitle files in the layouts that Zoom (speaker as `Name: text`), Teams (WebVTT
//! voice tags) and Whisper (no speakers) write, as `tandai paragraphs` segments them:
//! one paragraph per turn of one speaker, timed by its first cue. Expected paragraphs
//! written out by hand.

mod common;

use common::tmux::BIN;
use std::path::Path;
use std::process::Command;

type Row = (Option<String>, Option<String>, String);

fn run(path: &Path) -> (i32, String, String) {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .args(["paragraphs", "--format", "jsonl"])
        .arg(path)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn paragraphs(name: &str, content: &str) -> Vec<Row> {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write");
    let (code, out, err) = run(&path);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            let s = |k: &str| v[k].as_str().map(str::to_owned);
            (s("speaker"), s("time"), s("text").expect("text"))
        })
        .collect()
}

fn rows(expected: &[(Option<&str>, &str, &str)]) -> Vec<Row> {
    expected
        .iter()
        .map(|(s, t, x)| (s.map(str::to_owned), Some((*t).to_owned()), (*x).to_owned()))
        .collect()
}

const ZOOM: &str = "WEBVTT

1
00:00:02.310 --> 00:00:05.120
Ana Peneliti: Selamat pagi, Bu. Terima kasih sudah bergabung.

2
00:00:05.500 --> 00:00:08.000
Ana Peneliti: Boleh saya rekam percakapan ini?

3
00:00:08.900 --> 00:00:10.250
Informan C: Boleh, silakan.

4
00:00:10.400 --> 00:00:14.000
Informan C: Saya sudah lama bekerja di sini.

5
00:01:02.000 --> 00:01:04.500
Ana Peneliti: Sejak kapan?
";

#[test]
fn zoom_vtt_one_paragraph_per_turn() {
    assert_eq!(
        paragraphs("zoom.vtt", ZOOM),
        rows(&[
            (
                Some("Ana Peneliti"),
                "00:00:02",
                "Selamat pagi, Bu. Terima kasih sudah bergabung. Boleh saya rekam percakapan ini?"
            ),
            (
                Some("Informan C"),
                "00:00:08",
                "Boleh, silakan. Saya sudah lama bekerja di sini."
            ),
            (Some("Ana Peneliti"), "00:01:02", "Sejak kapan?"),
        ])
    );
}

const TEAMS: &str = "WEBVTT

NOTE Rekaman rapat, dibuat otomatis.

STYLE
::cue { color: yellow }

3f8a2b1c-1d2e-4f5a-9b8c-7d6e5f4a3b2c/12-0
00:00:01.000 --> 00:00:03.500
<v Ana Putri>Halo semuanya, bisa dengar saya?</v>

3f8a2b1c-1d2e-4f5a-9b8c-7d6e5f4a3b2c/13-0
00:00:03.600 --> 00:00:06.000 align:start position:10%
<v Ana Putri>Kita mulai saja.</v>

3f8a2b1c-1d2e-4f5a-9b8c-7d6e5f4a3b2c/14-0
00:00:06.200 --> 00:00:09.000
<v Budi Santoso>Bisa, <i>jelas</i> sekali &amp; lancar.</v>

00:00:09.100 --> 00:00:11.000
<v.loud Ana Putri>Baik.</v>
";

#[test]
fn teams_vtt_voice_tags_are_speakers_and_notes_and_styles_are_dropped() {
    assert_eq!(
        paragraphs("teams.vtt", TEAMS),
        rows(&[
            (
                Some("Ana Putri"),
                "00:00:01",
                "Halo semuanya, bisa dengar saya? Kita mulai saja."
            ),
            (
                Some("Budi Santoso"),
                "00:00:06",
                "Bisa, jelas sekali & lancar."
            ),
            (Some("Ana Putri"), "00:00:09", "Baik."),
        ])
    );
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("teams.vtt");
    std::fs::write(&path, TEAMS).expect("write");
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("paragraphs")
        .arg(&path)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(
            "== teams.vtt (3 paragraphs)\n   (2 NOTE, STYLE and REGION blocks left out)\n¶1  [00:00:01]  Ana Putri\n    Halo semuanya"
        ),
        "{text}"
    );
}

const WHISPER_VTT: &str = "WEBVTT

00:00.000 --> 00:04.000
 Jadi waktu itu saya baru pindah ke kota ini.

00:04.000 --> 00:07.500
 Belum punya banyak teman.
";

const WHISPER_SRT: &str = "1
00:00:00,000 --> 00:00:04,000
 Jadi waktu itu saya baru pindah ke kota ini.

2
00:00:04,000 --> 00:00:07,500
 Belum punya banyak teman.
";

#[test]
fn whisper_cues_without_speakers_are_one_paragraph_each() {
    let expected = rows(&[
        (
            None,
            "00:00:00",
            "Jadi waktu itu saya baru pindah ke kota ini.",
        ),
        (None, "00:00:04", "Belum punya banyak teman."),
    ]);
    assert_eq!(paragraphs("whisper.vtt", WHISPER_VTT), expected);
    assert_eq!(paragraphs("whisper.srt", WHISPER_SRT), expected);
    let crlf = WHISPER_SRT.replace('\n', "\r\n");
    assert_eq!(paragraphs("whisper-crlf.srt", &crlf), expected);
}

#[test]
fn srt_speakers_tags_and_numbers() {
    let srt = "1
00:00:01,000 --> 00:00:03,000
Peneliti: <i>Sudah siap?</i>

2
00:00:03,500 --> 00:00:05,000
{\\an8}Informan D: Sudah.
Mari mulai.

3
00:00:05,100 --> 00:00:06,000
<font color=\"#ffffff\">Informan D:</font> Kapan saja.
";
    assert_eq!(
        paragraphs("otter.srt", srt),
        rows(&[
            (Some("Peneliti"), "00:00:01", "Sudah siap?"),
            (
                Some("Informan D"),
                "00:00:03",
                "Sudah. Mari mulai. Kapan saja."
            ),
        ])
    );
}

#[test]
fn broken_timestamps_are_errors_naming_the_file_and_line() {
    let cases = [
        (
            "a.vtt",
            "WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\nhalo\n",
            "a.vtt: line 3: broken cue timing",
        ),
        (
            "b.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nhalo\n\n2\n00:00:03,000 -> 00:00:04,000\nlagi\n",
            "b.srt: line 6: expected a cue timing line",
        ),
        (
            "c.vtt",
            "00:00:01.000 --> 00:00:02.000\nhalo\n",
            "c.vtt: line 1: a WebVTT file starts with the line WEBVTT",
        ),
        (
            "d.srt",
            "1\n00:00:01,000 --> 00:61:02,000\nhalo\n",
            "d.srt: line 2: broken cue timing",
        ),
    ];
    for (name, content, expected) in cases {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join(name), content).expect("write");
        std::fs::write(dir.path().join("ok.txt"), "Peneliti: halo\n").expect("write");
        let (code, out, err) = run(dir.path());
        assert_eq!(code, 1, "{name}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(out.contains("\"document\":\"ok.txt\""), "{out}");
    }
}
