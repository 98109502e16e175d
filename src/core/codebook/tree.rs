//! Structural edits of the codebook: the flat list rebuilt as a tree, changed, and
//! flattened again; and the tree written back as `codebook.json`.

use super::file::{CodeFile, CodebookFile, TextFile, text_file};
use super::{Code, Codebook, Text, words};
use crate::i18n::fill;

impl Codebook {
    /// Rebuilds the codebook from an edited tree. Assigned keys are lost: call
    /// [`Codebook::assign_keys`] again.
    fn rebuild(&mut self, codes: Vec<CodeFile>) -> Result<(), String> {
        let file = CodebookFile {
            format: "tandai-codebook".into(),
            version: 1,
            id: self.id.clone(),
            title: text_file(&self.title),
            description: text_file(&self.description),
            codes,
        };
        let warnings = std::mem::take(&mut self.warnings);
        *self = Codebook::from_file(file)?;
        self.warnings = warnings;
        Ok(())
    }

    /// Adds a code with `id` and `label` as the last child of `parent` (None: top
    /// level), or right after sibling `after`. Returns its index.
    pub fn insert_code(
        &mut self,
        parent: Option<usize>,
        after: Option<usize>,
        id: &str,
        label: Text,
    ) -> Result<usize, String> {
        if self.index_of(id).is_some() {
            let id = format!("{id:?}");
            return Err(fill(words().core_codebook_id_used, &[("id", &id)]));
        }
        let new = CodeFile {
            id: id.to_owned(),
            label: text_file(&label).unwrap_or(TextFile::Plain(String::new())),
            definition: None,
            include: None,
            exclude: None,
            example: None,
            key: None,
            color: None,
            guid: None,
            memo: None,
            codable: true,
            exclusive: false,
            retired: false,
            merged_into: None,
            children: Vec::new(),
        };
        let parent_id = parent.map(|p| self.codes[p].id.clone());
        let after_id = after.map(|a| self.codes[a].id.clone());
        let mut tree = self.children_of(None);
        let siblings = match &parent_id {
            Some(pid) => {
                &mut find_mut(&mut tree, pid)
                    .ok_or(words().core_codebook_parent_not_found)?
                    .children
            }
            None => &mut tree,
        };
        let at = after_id
            .and_then(|a| siblings.iter().position(|c| c.id == a))
            .map_or(siblings.len(), |i| i + 1);
        siblings.insert(at, new);
        self.rebuild(tree)?;
        self.index_of(id)
            .ok_or_else(|| "inserted code not found".into())
    }

    /// Moves code `i` (with its sub-codes) to the end of `new_parent`'s children.
    pub fn move_code(&mut self, i: usize, new_parent: Option<usize>) -> Result<(), String> {
        if new_parent.is_some_and(|p| p == i || self.is_descendant(p, i)) {
            return Err(words().core_codebook_move_under_itself.into());
        }
        let id = self.codes[i].id.clone();
        let parent_id = new_parent.map(|p| self.codes[p].id.clone());
        let mut tree = self.children_of(None);
        let node = take(&mut tree, &id).ok_or(words().core_codebook_code_not_found)?;
        match &parent_id {
            Some(pid) => find_mut(&mut tree, pid)
                .ok_or(words().core_codebook_parent_not_found)?
                .children
                .push(node),
            None => tree.push(node),
        }
        self.rebuild(tree)
    }

    /// Swaps code `i` with its previous (`-1`) or next (`1`) sibling. Returns the
    /// code's new index, or None when it is already first or last.
    pub fn reorder(&mut self, i: usize, by: isize) -> Option<usize> {
        let id = self.codes[i].id.clone();
        let parent_id = self.codes[i].parent.map(|p| self.codes[p].id.clone());
        let mut tree = self.children_of(None);
        let siblings = match &parent_id {
            Some(pid) => &mut find_mut(&mut tree, pid)?.children,
            None => &mut tree,
        };
        let at = siblings.iter().position(|c| c.id == id)?;
        let to = at.checked_add_signed(by).filter(|&t| t < siblings.len())?;
        siblings.swap(at, to);
        self.rebuild(tree).ok()?;
        self.index_of(&id)
    }

    /// Removes code `i`; refused while it has sub-codes.
    pub fn remove_code(&mut self, i: usize) -> Result<(), String> {
        if self.codes.iter().any(|c| c.parent == Some(i)) {
            let id = &self.codes[i].id;
            return Err(fill(words().core_codebook_has_subcodes, &[("id", id)]));
        }
        let id = self.codes[i].id.clone();
        let mut tree = self.children_of(None);
        take(&mut tree, &id).ok_or(words().core_codebook_code_not_found)?;
        self.rebuild(tree)
    }

    /// True when code `i` is below code `ancestor` in the tree.
    pub fn is_descendant(&self, i: usize, ancestor: usize) -> bool {
        let mut at = self.codes[i].parent;
        while let Some(p) = at {
            if p == ancestor {
                return true;
            }
            at = self.codes[p].parent;
        }
        false
    }

    /// The codebook as `codebook.json`: the tree rebuilt from the flat list, only the
    /// keys and colours written for each code (not assigned or inherited ones), pretty
    /// JSON with a final newline.
    pub fn to_json(&self) -> String {
        let file = CodebookFile {
            format: "tandai-codebook".into(),
            version: 1,
            id: self.id.clone(),
            title: text_file(&self.title),
            description: text_file(&self.description),
            codes: self.children_of(None),
        };
        let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
        out.push('\n');
        out
    }

    fn children_of(&self, parent: Option<usize>) -> Vec<CodeFile> {
        (0..self.codes.len())
            .filter(|&i| self.codes[i].parent == parent)
            .map(|i| code_file(&self.codes[i], self.children_of(Some(i))))
            .collect()
    }
}

/// A code as written in the file, with these sub-codes: only its own key and colour.
pub(super) fn code_file(c: &Code, children: Vec<CodeFile>) -> CodeFile {
    CodeFile {
        id: c.id.clone(),
        label: text_file(&c.label).unwrap_or(TextFile::Plain(String::new())),
        definition: text_file(&c.definition),
        include: text_file(&c.include),
        exclude: text_file(&c.exclude),
        example: text_file(&c.example),
        key: c.own_key.map(String::from),
        color: c
            .hex
            .clone()
            .or_else(|| c.own_color.map(|col| col.name().to_owned())),
        guid: c.guid.clone(),
        memo: Some(c.memo.clone()).filter(|m| !m.is_empty()),
        codable: c.codable,
        exclusive: c.exclusive,
        retired: c.retired,
        merged_into: c.merged_into.clone(),
        children,
    }
}

fn find_mut<'a>(codes: &'a mut [CodeFile], id: &str) -> Option<&'a mut CodeFile> {
    for c in codes {
        if c.id == id {
            return Some(c);
        }
        if let Some(found) = find_mut(&mut c.children, id) {
            return Some(found);
        }
    }
    None
}

fn take(codes: &mut Vec<CodeFile>, id: &str) -> Option<CodeFile> {
    if let Some(at) = codes.iter().position(|c| c.id == id) {
        return Some(codes.remove(at));
    }
    codes.iter_mut().find_map(|c| take(&mut c.children, id))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, book};
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn to_json_round_trips_every_pack_exactly() {
        for pack in crate::core::codebook::packs::PACKS {
            let mut book = Codebook::parse(pack.json.as_bytes(), pack.name).expect("pack");
            book.assign_keys(&HashSet::from(['j', 'k']));
            let json = book.to_json();
            let again = Codebook::parse(json.as_bytes(), "again").expect("reparses");
            assert_eq!(
                again.codes,
                Codebook::parse(pack.json.as_bytes(), "p")
                    .expect("pack")
                    .codes,
                "{}",
                pack.name
            );
            let a: serde_json::Value = serde_json::from_str(pack.json).expect("json");
            let b: serde_json::Value = serde_json::from_str(&json).expect("json");
            assert_eq!(a, b, "{}: same JSON as the pack file", pack.name);
        }
    }

    #[test]
    fn structural_edits_keep_ids_and_tree() {
        let mut b = book(SMALL).expect("valid");
        let new = b
            .insert_code(
                Some(0),
                Some(1),
                "devito.new",
                Text {
                    en: "New".into(),
                    id: "Baru".into(),
                },
            )
            .expect("insert");
        let ids = |b: &Codebook| b.codes.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(&b),
            [
                "devito",
                "devito.contact",
                "devito.new",
                "devito.involvement",
                "other"
            ]
        );
        assert_eq!((new, b.codes[new].parent), (2, Some(0)));
        assert_eq!(
            b.codes[1].own_key,
            Some('1'),
            "explicit keys survive a rebuild"
        );
        assert!(
            b.insert_code(None, None, "other", Text::default()).is_err(),
            "ids stay unique"
        );
        assert_eq!(b.reorder(2, 1), Some(3));
        assert_eq!(ids(&b)[2..4], ["devito.involvement", "devito.new"]);
        assert_eq!(b.reorder(3, 1), None, "already last");
        b.move_code(4, Some(3))
            .expect("move other under devito.new");
        assert_eq!(
            b.codes[b.index_of("other").expect("other")].parent,
            b.index_of("devito.new")
        );
        assert!(
            b.move_code(0, b.index_of("other")).is_err(),
            "not under its own sub-code"
        );
        assert!(
            b.remove_code(b.index_of("devito.new").expect("x")).is_err(),
            "has a sub-code"
        );
        b.remove_code(b.index_of("other").expect("x"))
            .expect("leaf");
        assert!(b.get("other").is_none() && b.index_of("devito.new").is_some());
        let again = Codebook::parse(b.to_json().as_bytes(), "x").expect("valid after edits");
        assert_eq!(again.codes, b.codes);
    }
}
