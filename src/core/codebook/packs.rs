//! The built-in theory packs (THEORIES.md), embedded in the binary.

/// A built-in codebook.
#[derive(Debug, Clone, Copy)]
pub struct Pack {
    /// Name used on the command line (`--pack devito`).
    pub name: &'static str,
    /// One line for menus, in English.
    pub summary: &'static str,
    /// The same line in Indonesian.
    pub summary_id: &'static str,
    /// The codebook JSON, written as `codebook.json` when chosen.
    pub json: &'static str,
}

/// Every built-in pack, in menu order.
pub const PACKS: [Pack; 5] = [
    Pack {
        name: "devito",
        summary: "DeVito's stages of interpersonal relationships (communication studies)",
        summary_id: "Tahap-tahap hubungan antarpribadi menurut DeVito (ilmu komunikasi)",
        json: include_str!("packs/devito.json"),
    },
    Pack {
        name: "mead",
        summary: "Symbolic interactionism after Mead: mind, self, society (sociology)",
        summary_id: "Interaksionisme simbolik menurut Mead: pikiran, diri, masyarakat (sosiologi)",
        json: include_str!("packs/mead.json"),
    },
    Pack {
        name: "sor",
        summary: "Stimulus-Organism-Response (communication studies)",
        summary_id: "Stimulus-Organisme-Respons (ilmu komunikasi)",
        json: include_str!("packs/sor.json"),
    },
    Pack {
        name: "phenomenology",
        summary: "Phenomenology: meaning, context, identity, driving factors",
        summary_id: "Fenomenologi: makna, konteks, identitas, faktor pendorong",
        json: include_str!("packs/phenomenology.json"),
    },
    Pack {
        name: "law-enforcement",
        summary: "Law-enforcement countermeasures: pre-emptive, preventive, repressive",
        summary_id: "Upaya penegakan hukum: pre-emtif, preventif, represif",
        json: include_str!("packs/law-enforcement.json"),
    },
];

impl Pack {
    /// The menu line in `lang`.
    pub fn summary_in(&self, lang: crate::core::codebook::Lang) -> &'static str {
        match lang {
            crate::core::codebook::Lang::En => self.summary,
            crate::core::codebook::Lang::Id => self.summary_id,
        }
    }
}

/// The pack with this name.
pub fn find(name: &str) -> Option<&'static Pack> {
    PACKS.iter().find(|p| p.name == name)
}

/// The built-in pack with this name, parsed (keys not yet assigned).
pub fn codebook(name: &str) -> Option<crate::core::codebook::Codebook> {
    crate::core::codebook::Codebook::parse(find(name)?.json.as_bytes(), name).ok()
}

/// An empty codebook, for researchers who build their own.
pub const EMPTY: &str =
    "{\n  \"format\": \"tandai-codebook\",\n  \"version\": 1,\n  \"codes\": []\n}\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::codebook::{Codebook, Lang};
    use std::collections::HashSet;

    #[test]
    fn every_pack_loads_without_warnings_and_is_complete() {
        for pack in PACKS {
            let mut book = Codebook::parse(pack.json.as_bytes(), pack.name).expect(pack.name);
            assert!(
                book.warnings.is_empty(),
                "{}: {:?}",
                pack.name,
                book.warnings
            );
            book.assign_keys(&HashSet::new());
            assert!(
                book.warnings.is_empty(),
                "{}: {:?}",
                pack.name,
                book.warnings
            );
            assert!(!book.codes.is_empty());
            for code in book.codes.iter().filter(|c| c.codable) {
                for lang in [Lang::En, Lang::Id] {
                    for (what, text) in [
                        ("label", &code.label),
                        ("definition", &code.definition),
                        ("include", &code.include),
                        ("exclude", &code.exclude),
                        ("example", &code.example),
                    ] {
                        let own = match lang {
                            Lang::En => &text.en,
                            Lang::Id => &text.id,
                        };
                        assert!(!own.trim().is_empty(), "{} {what} {:?}", code.id, lang);
                    }
                }
                assert!(code.key.is_some(), "{} has a key", code.id);
            }
        }
    }

    #[test]
    fn devito_stages_are_exclusive_with_keys_1_to_6() {
        let book =
            Codebook::parse(find("devito").expect("pack").json.as_bytes(), "devito").expect("ok");
        let contact = book.index_of("devito.contact").expect("contact");
        assert_eq!(book.codes[contact].key, Some('1'));
        assert_eq!(book.codes[contact].label.get(Lang::Id), "Kontak");
        assert_eq!(book.exclusive_siblings(contact).len(), 5);
        assert_eq!(
            book.get("devito.dissolution").and_then(|c| c.key),
            Some('6')
        );
    }

    #[test]
    fn pack_files_are_in_canonical_form() {
        for pack in PACKS {
            let book = Codebook::parse(pack.json.as_bytes(), pack.name).expect(pack.name);
            assert_eq!(
                book.to_json(),
                pack.json,
                "{} is written as tandai writes codebooks",
                pack.name
            );
        }
    }

    #[test]
    fn empty_codebook_loads() {
        let book = Codebook::parse(EMPTY.as_bytes(), "empty").expect("ok");
        assert!(book.codes.is_empty());
    }
}
