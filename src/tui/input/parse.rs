//! Bytes from the terminal to keys and pastes: UTF-8 characters, control keys,
//! xterm's CSI and SS3 sequences for the named keys, Alt as a leading ESC, and
//! bracketed pastes (`ESC [200~` ... `ESC [201~`). Pure, so every sequence is tested
//! without a terminal; the reader in `input` feeds it whatever it read.

use crate::app::keymap::{Key, KeyCode};
use crate::app::paste::Paste;

/// The most a paste keeps (bytes): a memo of 16 MiB is already far past any use,
/// and memory stays bounded however long the paste.
pub const PASTE_LIMIT: usize = 16 << 20;
/// A CSI sequence longer than this is noise, not a key: it is dropped.
const CSI_LIMIT: usize = 64;
const PASTE_END: &[u8] = b"\x1b[201~";

/// A key or a paste, as read from the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    Paste(Paste),
}

/// Bytes of a sequence not complete yet, and a paste under way.
#[derive(Debug, Default)]
pub struct Parser {
    pending: Vec<u8>,
    paste: Option<Vec<u8>>,
    cut: usize,
}

/// What the bytes at the start of the pending input are.
enum Token {
    Key(Key, usize),
    PasteStart(usize),
    /// Bytes that mean nothing to tandai (focus reports, unknown sequences).
    Skip(usize),
    Incomplete,
}

impl Parser {
    /// Parses `bytes` after what came before; returns the inputs completed.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            if self.paste.is_some() {
                match self.paste_bytes(at) {
                    Some((used, done)) => {
                        at += used;
                        out.extend(done);
                    }
                    None => {
                        // The end marker may have begun: keep its possible start.
                        let keep = partial_end(&self.pending[at..]);
                        let body = self.pending.len() - keep;
                        self.keep_paste(at, body);
                        at = body;
                        break;
                    }
                }
                continue;
            }
            match token(&self.pending[at..]) {
                Token::Key(k, n) => {
                    out.push(Input::Key(k));
                    at += n;
                }
                Token::PasteStart(n) => {
                    self.paste = Some(Vec::new());
                    self.cut = 0;
                    at += n;
                }
                Token::Skip(n) => at += n,
                Token::Incomplete => break,
            }
        }
        self.pending.drain(..at);
        out
    }

    /// No more input is available now: a lone ESC is the Esc key (there is no
    /// timer; a terminal sends a sequence in one write). Anything else incomplete
    /// (a sequence split by a slow link, a paste under way) waits for more.
    pub fn idle(&mut self) -> Vec<Input> {
        if self.lone_esc() {
            self.pending.clear();
            return vec![Input::Key(Key::plain(KeyCode::Esc))];
        }
        Vec::new()
    }

    /// Whether all that is pending is an ESC: the Esc key, or the start of a
    /// sequence whose rest is still on its way.
    pub fn lone_esc(&self) -> bool {
        self.paste.is_none() && self.pending == [0x1b]
    }

    /// Inside a paste: the bytes up to the end marker, if it is there, as the
    /// finished paste. Returns how many bytes were used.
    fn paste_bytes(&mut self, at: usize) -> Option<(usize, Option<Input>)> {
        let rest = &self.pending[at..];
        let end = rest.windows(PASTE_END.len()).position(|w| w == PASTE_END)?;
        self.keep_paste(at, at + end);
        let bytes = self.paste.take().unwrap_or_default();
        let paste = Paste {
            text: String::from_utf8_lossy(&bytes).into_owned(),
            cut: std::mem::take(&mut self.cut),
        };
        Some((end + PASTE_END.len(), Some(Input::Paste(paste))))
    }

    /// Adds `pending[from..to]` to the paste, up to [`PASTE_LIMIT`].
    fn keep_paste(&mut self, from: usize, to: usize) {
        let Some(paste) = &mut self.paste else { return };
        let room = PASTE_LIMIT.saturating_sub(paste.len());
        let n = (to - from).min(room);
        paste.extend_from_slice(&self.pending[from..from + n]);
        self.cut += to - from - n;
    }
}

/// How many bytes at the end of `b` could begin the paste end marker.
fn partial_end(b: &[u8]) -> usize {
    (1..PASTE_END.len())
        .rev()
        .find(|&n| b.len() >= n && b[b.len() - n..] == PASTE_END[..n])
        .unwrap_or(0)
}

const fn key(code: KeyCode) -> Key {
    Key::plain(code)
}

/// The first key (or paste start, or noise) of `b`, which is not empty.
fn token(b: &[u8]) -> Token {
    let k = |k: Key| Token::Key(k, 1);
    match b[0] {
        0x1b => escape(b),
        b'\r' => k(key(KeyCode::Enter)),
        b'\t' => k(key(KeyCode::Tab)),
        // Ctrl-h is Backspace on terminals that send BS for it.
        0x7f | 0x08 => k(key(KeyCode::Backspace)),
        0x00 => k(Key::ctrl(' ')),
        c @ 0x01..=0x1a => k(Key::ctrl(char::from(c - 1 + b'a'))),
        c @ 0x1c..=0x1f => k(Key::ctrl(char::from(c - 0x1c + b'4'))),
        _ => utf8(b),
    }
}

/// One UTF-8 character; an invalid byte is skipped.
fn utf8(b: &[u8]) -> Token {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Token::Skip(1),
    };
    if b.len() < len {
        // Incomplete, unless what is there is already invalid.
        return match std::str::from_utf8(b) {
            Err(e) if e.error_len().is_some() => Token::Skip(1),
            _ => Token::Incomplete,
        };
    }
    match std::str::from_utf8(&b[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => Token::Key(Key::char(c), len),
        None => Token::Skip(1),
    }
}

/// After ESC: a CSI or SS3 sequence, ESC itself, or Alt and the next key.
fn escape(b: &[u8]) -> Token {
    match b.get(1) {
        None => Token::Incomplete,
        Some(b'[') => csi(b),
        Some(b'O') => match b.get(2) {
            None => Token::Incomplete,
            Some(&f) => match final_key(f) {
                Some(k) => Token::Key(k, 3),
                None => Token::Key(alt(Key::char('O')), 2),
            },
        },
        Some(0x1b) => Token::Key(key(KeyCode::Esc), 1),
        Some(_) => match token(&b[1..]) {
            Token::Key(k, n) => Token::Key(alt(k), n + 1),
            Token::Skip(n) => Token::Skip(n + 1),
            other => other,
        },
    }
}

const fn alt(k: Key) -> Key {
    Key { alt: true, ..k }
}

/// `ESC [ params final`: arrows, Home/End, Shift-Tab, `n~` keys, the paste start.
fn csi(b: &[u8]) -> Token {
    let Some(end) = b.iter().skip(2).position(|c| !(0x20..=0x3f).contains(c)) else {
        return if b.len() > CSI_LIMIT {
            Token::Skip(b.len())
        } else {
            Token::Incomplete
        };
    };
    let end = end + 2;
    let len = end + 1;
    if !(0x40..=0x7e).contains(&b[end]) {
        // Not a final byte: drop what came before it and read it afresh.
        return Token::Skip(end);
    }
    if len > CSI_LIMIT {
        return Token::Skip(len);
    }
    let params = std::str::from_utf8(&b[2..end]).unwrap_or("");
    let mut nums = params.split(';').map(|p| {
        let p = p.split(':').next().unwrap_or("");
        p.parse::<u16>().ok()
    });
    let first = nums.next().flatten().unwrap_or(1);
    let mods = nums.next().flatten().unwrap_or(1).saturating_sub(1);
    let found = match b[end] {
        b'~' if first == 200 => return Token::PasteStart(len),
        b'~' => tilde_key(first),
        b'Z' => Some(key(KeyCode::BackTab)),
        // `ESC [ 1 ; mods A`; other numbers before a letter are reports, not keys.
        f if first == 1 => final_key(f),
        _ => None,
    };
    match found {
        Some(k) => Token::Key(modified(k, mods), len),
        None => Token::Skip(len),
    }
}

/// The key of a CSI or SS3 final byte (arrows, Home, End, F1-F4).
fn final_key(f: u8) -> Option<Key> {
    Some(key(match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(1 + f - b'P'),
        _ => return None,
    }))
}

/// The key of `ESC [ n ~`.
fn tilde_key(n: u16) -> Option<Key> {
    Some(key(match n {
        1 | 7 => KeyCode::Home,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F(u8::try_from(n - 10).ok()?),
        17..=21 => KeyCode::F(u8::try_from(n - 11).ok()?),
        23 | 24 => KeyCode::F(u8::try_from(n - 12).ok()?),
        _ => return None,
    }))
}

/// Adds xterm's modifier bits (1 Shift, 2 Alt, 4 Ctrl, 8 Meta) to a key; Shift
/// has no place in tandai's keys (shifted letters are capitals).
fn modified(mut k: Key, bits: u16) -> Key {
    k.alt |= bits & (2 | 8) != 0;
    k.ctrl |= bits & 4 != 0;
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Input> {
        let mut p = Parser::default();
        let mut out = p.feed(bytes);
        out.extend(p.idle());
        out
    }

    fn k(code: KeyCode) -> Input {
        Input::Key(Key::plain(code))
    }

    #[test]
    fn characters_and_control_keys() {
        assert_eq!(
            keys("añ😀\r\t\x7f\x13 ".as_bytes()),
            [
                Input::Key(Key::char('a')),
                Input::Key(Key::char('ñ')),
                Input::Key(Key::char('😀')),
                k(KeyCode::Enter),
                k(KeyCode::Tab),
                k(KeyCode::Backspace),
                Input::Key(Key::ctrl('s')),
                Input::Key(Key::char(' ')),
            ]
        );
    }

    #[test]
    fn named_keys_in_csi_and_ss3() {
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[3~\x1b[Z\x1b[H\x1b[4~\x1bOP\x1b[15~\x1b[24~"),
            [
                k(KeyCode::Up),
                k(KeyCode::Down),
                k(KeyCode::PageUp),
                k(KeyCode::PageDown),
                k(KeyCode::Delete),
                k(KeyCode::BackTab),
                k(KeyCode::Home),
                k(KeyCode::End),
                k(KeyCode::F(1)),
                k(KeyCode::F(5)),
                k(KeyCode::F(12)),
            ]
        );
        let ctrl_right = Key {
            ctrl: true,
            ..Key::plain(KeyCode::Right)
        };
        assert_eq!(keys(b"\x1b[1;5C"), [Input::Key(ctrl_right)]);
    }

    #[test]
    fn esc_alone_at_the_end_of_input_is_esc_and_esc_before_a_key_is_alt() {
        assert_eq!(keys(b"\x1b"), [k(KeyCode::Esc)]);
        assert_eq!(keys(b"\x1bq"), [Input::Key(alt(Key::char('q')))]);
        assert_eq!(
            keys(b"\x1b\x1bq"),
            [k(KeyCode::Esc), Input::Key(alt(Key::char('q')))]
        );
        let mut p = Parser::default();
        assert_eq!(p.feed(b"\x1b"), []);
        assert_eq!(
            p.feed(b"[B"),
            [k(KeyCode::Down)],
            "a sequence split by a slow link"
        );
    }

    #[test]
    fn a_paste_is_one_input_whatever_it_holds_and_however_it_is_split() {
        let body = "Kendari\r1j2j3 \x1b[A ñ";
        let all = format!("\x1b[200~{body}\x1b[201~q");
        let expect = [Input::Paste(Paste::from(body)), Input::Key(Key::char('q'))];
        assert_eq!(keys(all.as_bytes()), expect);
        // Split at every byte, even inside the markers and a character, with a
        // pause at the split (except after the first ESC, which the reader waits
        // out: see `Parser::lone_esc`).
        for cut in 1..all.len() {
            let mut p = Parser::default();
            let mut out = p.feed(&all.as_bytes()[..cut]);
            assert_eq!(p.lone_esc(), cut == 1);
            if cut > 1 {
                out.extend(p.idle());
            }
            out.extend(p.feed(&all.as_bytes()[cut..]));
            assert_eq!(out, expect, "split at {cut}");
        }
    }

    #[test]
    fn a_paste_past_the_limit_keeps_the_limit_and_counts_the_rest() {
        let mut p = Parser::default();
        assert!(p.feed(b"\x1b[200~").is_empty());
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..17 {
            assert!(p.feed(&chunk).is_empty());
        }
        let out = p.feed(b"\x1b[201~");
        let [Input::Paste(paste)] = out.as_slice() else {
            panic!("one paste: {out:?}");
        };
        assert_eq!(paste.text.len(), PASTE_LIMIT);
        assert_eq!(paste.cut, 1 << 20);
    }

    #[test]
    fn noise_is_skipped_and_invalid_bytes_never_stop_input() {
        assert_eq!(
            keys(b"\x1b[I\x1b[?1;2c\xffa\x1b[999~b"),
            [Input::Key(Key::char('a')), Input::Key(Key::char('b'))]
        );
        let long = [b"\x1b[".as_slice(), &[b'1'; 100], b"A".as_slice(), b"z"].concat();
        assert_eq!(keys(&long), [Input::Key(Key::char('z'))]);
    }
}
