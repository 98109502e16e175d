//! Import, names: REFI users to valid tandai coder names, and source names to safe,
//! portable file names.

use super::build::normal_guid;
use super::project_import::{CoderMapping, ImportedProject};
use super::project_read::RawProject;
use super::words;
use crate::core::coding::sidecar::valid_coder;
use crate::i18n::fill;
use std::collections::{HashMap, HashSet};

/// The coder for codings and memos that name no user at all.
const NO_USER_CODER: &str = "imported";

/// Users by GUID and their coder names.
pub(super) struct Users {
    by_guid: HashMap<String, String>,
    taken: HashSet<String>,
    fallback: Option<String>,
}

impl Users {
    pub(super) fn new(raw: &RawProject, out: &mut ImportedProject) -> Users {
        let mut users = Users {
            by_guid: HashMap::new(),
            taken: HashSet::new(),
            fallback: None,
        };
        for user in &raw.users {
            let shown = user
                .name
                .as_deref()
                .or(user.id.as_deref())
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(&user.guid)
                .to_owned();
            let guid = normal_guid(&user.guid);
            if users.by_guid.contains_key(&guid) {
                let name = format!("{shown:?}");
                out.warnings.push(fill(
                    words().core_qdpx_user_twice,
                    &[("name", &name), ("guid", &user.guid)],
                ));
                continue;
            }
            let coder = users.claim(&coder_name(&shown));
            users.by_guid.insert(guid, coder.clone());
            out.coders.push(CoderMapping {
                user: shown,
                guid: user.guid.clone(),
                coder,
            });
        }
        users
    }

    /// A unique coder name (case-insensitively, for case-insensitive file systems).
    fn claim(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while self.taken.contains(&name.to_lowercase()) {
            let suffix = format!("-{n}");
            let mut stem = base.to_owned();
            stem.truncate(40 - suffix.len());
            name = format!("{stem}{suffix}");
            n += 1;
        }
        self.taken.insert(name.to_lowercase());
        name
    }

    /// The coder of the first GUID given that is a user; a GUID that is not among the
    /// users gets a coder of its own; no GUID at all gives [`NO_USER_CODER`].
    pub(super) fn coder(&mut self, guids: &[Option<&str>], out: &mut ImportedProject) -> String {
        if let Some(guid) = guids.iter().flatten().next() {
            let key = normal_guid(guid);
            if let Some(coder) = self.by_guid.get(&key) {
                return coder.clone();
            }
            let prefix: String = key
                .chars()
                .filter(char::is_ascii_hexdigit)
                .take(8)
                .collect();
            let coder = self.claim(&format!("user-{prefix}"));
            self.by_guid.insert(key, coder.clone());
            out.coders.push(CoderMapping {
                user: fill(words().core_qdpx_not_among_users, &[("guid", guid)]),
                guid: (*guid).to_owned(),
                coder: coder.clone(),
            });
            return coder;
        }
        if let Some(coder) = &self.fallback {
            return coder.clone();
        }
        let coder = self.claim(NO_USER_CODER);
        self.fallback = Some(coder.clone());
        out.coders.push(CoderMapping {
            user: "(no user named)".into(),
            guid: String::new(),
            coder: coder.clone(),
        });
        coder
    }
}

/// A valid coder name for a user name: the name itself when it is one, else its
/// letters and digits (accents dropped) joined by `-`, at most 40 characters.
fn coder_name(user: &str) -> String {
    if valid_coder(user) {
        return user.to_owned();
    }
    let mut name = super::ids::slug(user);
    if name == "code" && !user.to_lowercase().contains("code") {
        name = "user".to_owned();
    }
    name.truncate(40);
    let name = name.trim_end_matches('-').to_owned();
    if valid_coder(&name) {
        name
    } else {
        "user".to_owned()
    }
}

/// A safe file name for a source: its name with path separators, control and
/// reserved characters replaced, no leading dot, at most 100 bytes, ending in `.txt`
/// (or `.md` when the name does). Another extension (`.docx`, `.pdf`) is replaced.
pub fn safe_file_name(source: &str) -> String {
    let lower = source.to_lowercase();
    let (stem, ext) = if lower.ends_with(".txt") || lower.ends_with(".md") {
        let dot = source.rfind('.').unwrap_or(source.len());
        (&source[..dot], &source[dot..])
    } else {
        let stem = match source.rfind('.') {
            Some(dot)
                if (2..=6).contains(&(source.len() - dot))
                    && source[dot + 1..].bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                &source[..dot]
            }
            _ => source,
        };
        (stem, ".txt")
    };
    let mut out = String::new();
    for c in stem.chars() {
        let bad = c.is_control()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if !bad {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut stem = out
        .trim_start_matches(['.', ' ', '_', '-'])
        .trim_end_matches(['.', ' '])
        .to_owned();
    let mut end = stem.len().min(100);
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    stem.truncate(end);
    if stem.is_empty() {
        stem = "document".to_owned();
    }
    let reserved = ["con", "prn", "aux", "nul", "com1", "lpt1"];
    if reserved.contains(&stem.to_lowercase().as_str()) {
        stem.insert(0, '_');
    }
    format!("{stem}{}", ext.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(safe_file_name("Mabel.txt"), "Mabel.txt");
        assert_eq!(safe_file_name("Simon.docx"), "Simon.txt");
        assert_eq!(safe_file_name("notes.MD"), "notes.md");
        assert_eq!(safe_file_name("../../etc/passwd"), "etc_passwd.txt");
        assert_eq!(safe_file_name("..\\a:b"), "a_b.txt");
        assert_eq!(safe_file_name(".hidden"), "hidden.txt");
        assert_eq!(safe_file_name(""), "document.txt");
        assert_eq!(safe_file_name("CON"), "_CON.txt");
        assert_eq!(safe_file_name("Mabêl 2ième.txt"), "Mabêl 2ième.txt");
        assert_eq!(safe_file_name("a\u{202E}b\nc"), "a_b_c.txt");
        assert!(safe_file_name(&"é".repeat(300)).len() <= 104);
    }

    #[test]
    fn coder_names_are_valid() {
        assert_eq!(coder_name("ana_2"), "ana_2");
        assert_eq!(coder_name("Friedrich Markgraf"), "friedrich-markgraf");
        assert_eq!(coder_name("ATLAS.ti"), "atlas-ti");
        assert_eq!(coder_name("日本"), "user");
        assert_eq!(coder_name("-x"), "x");
        assert!(valid_coder(&coder_name(&"Long Name ".repeat(20))));
    }
}
