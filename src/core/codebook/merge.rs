//! Three-way merge of codebooks, code by code (RELIABILITY C4).
//!
//! Two coders edit one `codebook.json`; each edit is small and about one code. With
//! the version both started from (base), a code added, removed or changed on one side
//! only is taken from that side; a code both sides changed differently, or a result
//! that is not a valid codebook (a sub-code under a code the other side removed, a
//! loop, one key on two codes), refuses the merge with the reason. Sibling order comes
//! from the side that reordered it (theirs when neither did), and codes only the other
//! side has are placed after the sibling they follow there. Pure: no I/O.

use super::file::{CodebookFile, text_file};
use super::tree::code_file;
use super::{Code, Codebook, words};
use crate::i18n::fill;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A merged codebook and how many of its changes came from theirs.
#[derive(Debug, Clone)]
pub struct Merged {
    pub book: Codebook,
    pub changes: usize,
}

/// A code as the merge compares it: what the file holds for it, and its parent's id.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    code: Code,
    parent: Option<String>,
}

/// Where each side of the merge stands.
struct Side {
    entries: BTreeMap<String, Entry>,
    /// Children ids, in order, of each parent id (None: the top level).
    order: HashMap<Option<String>, Vec<String>>,
}

impl Side {
    fn of(book: &Codebook) -> Side {
        let mut entries = BTreeMap::new();
        let mut order: HashMap<Option<String>, Vec<String>> = HashMap::new();
        for c in &book.codes {
            let parent = c.parent.map(|p| book.codes[p].id.clone());
            let mut code = c.clone();
            // Only what is written in the file counts: not assigned keys, inherited
            // colours or the place in the flat list.
            code.key = None;
            code.color = code.own_color;
            code.parent = None;
            code.depth = 0;
            order.entry(parent.clone()).or_default().push(c.id.clone());
            entries.insert(c.id.clone(), Entry { code, parent });
        }
        Side { entries, order }
    }
}

/// Merges `ours` and `theirs`, both edited from `base`.
pub fn merge(base: &Codebook, ours: &Codebook, theirs: &Codebook) -> Result<Merged, String> {
    let (b, o, t) = (Side::of(base), Side::of(ours), Side::of(theirs));
    let mut changes = 0;
    let id = pick(
        "the codebook's id",
        &base.id,
        &ours.id,
        &theirs.id,
        &mut changes,
    )?
    .clone();
    let title = pick(
        "the title",
        &base.title,
        &ours.title,
        &theirs.title,
        &mut changes,
    )?
    .clone();
    let description = pick(
        "the description",
        &base.description,
        &ours.description,
        &theirs.description,
        &mut changes,
    )?
    .clone();
    let mut merged = BTreeMap::new();
    let ids: BTreeSet<&String> = b
        .entries
        .keys()
        .chain(o.entries.keys())
        .chain(t.entries.keys())
        .collect();
    for code in ids {
        let what = fill(words().core_merge_what_code, &[("id", code)]);
        let sides = (
            b.entries.get(code),
            o.entries.get(code),
            t.entries.get(code),
        );
        if let Some(entry) = pick(&what, &sides.0, &sides.1, &sides.2, &mut changes)? {
            merged.insert(code.clone(), Entry::clone(entry));
        }
    }
    check(&merged)?;
    let (order, reordered) = order_all(&merged, &b, &o, &t);
    changes += reordered;
    let file = CodebookFile {
        format: "tandai-codebook".into(),
        version: 1,
        id,
        title: text_file(&title),
        description: text_file(&description),
        codes: tree(None, &merged, &order),
    };
    let book = Codebook::from_file(file)?;
    Ok(Merged { book, changes })
}

/// Merges three `codebook.json` files; `base` is None when there was no file. Returns
/// the merged file and the number of changes taken from theirs.
pub fn merge_json(
    base: Option<&[u8]>,
    ours: &[u8],
    theirs: &[u8],
) -> Result<(Vec<u8>, usize), String> {
    let max = super::MAX_CODEBOOK_BYTES;
    if let Some(len) = [base.unwrap_or_default(), ours, theirs]
        .iter()
        .map(|b| b.len())
        .find(|&len| len as u64 > max)
    {
        return Err(fill(
            words().core_merge_too_large,
            &[("len", &len), ("max", &max)],
        ));
    }
    let t = words();
    let parse = |bytes: &[u8], whose: &str| {
        Codebook::parse(bytes, whose).map_err(|e| fill(t.core_merge_not_codebook, &[("error", &e)]))
    };
    let base = match base {
        Some(bytes) => parse(bytes, t.core_merge_base)?,
        None => Codebook::default(),
    };
    let ours = parse(ours, t.core_merge_ours)?;
    let theirs = parse(theirs, t.core_merge_theirs)?;
    let merged = merge(&base, &ours, &theirs)?;
    Ok((merged.book.to_json().into_bytes(), merged.changes))
}

/// The value of one side when only that side changed it; an error when both did.
/// Every three-way merge of a project file (`codebook.json`, `project.json`) takes
/// its fields this way.
pub(crate) fn pick<'a, T: PartialEq>(
    what: &str,
    base: &'a T,
    ours: &'a T,
    theirs: &'a T,
    changes: &mut usize,
) -> Result<&'a T, String> {
    if ours == theirs || theirs == base {
        Ok(ours)
    } else if ours == base {
        *changes += 1;
        Ok(theirs)
    } else {
        Err(fill(words().core_merge_both_changed, &[("what", &what)]))
    }
}

/// Refuses a merge that is not a valid tree: a parent removed, a loop, a merge into a
/// removed code, one key on two codes.
fn check(merged: &BTreeMap<String, Entry>) -> Result<(), String> {
    let mut keys: HashMap<char, &str> = HashMap::new();
    for (id, e) in merged {
        if let Some(p) = e.parent.as_ref().filter(|p| !merged.contains_key(*p)) {
            return Err(fill(
                words().core_merge_parent_removed,
                &[("id", id), ("parent", p)],
            ));
        }
        if let Some(into) = e
            .code
            .merged_into
            .as_ref()
            .filter(|m| !merged.contains_key(*m))
        {
            return Err(fill(
                words().core_merge_into_removed,
                &[("id", id), ("into", into)],
            ));
        }
        if let Some(k) = e.code.own_key
            && let Some(other) = keys.insert(k, id)
        {
            let key = format!("{k:?}");
            return Err(fill(
                words().core_merge_key_twice,
                &[("key", &key), ("other", &other), ("id", id)],
            ));
        }
        let mut at = e.parent.as_ref();
        for _ in 0..=merged.len() {
            match at {
                Some(p) if p == id => {
                    return Err(fill(words().core_merge_under_itself, &[("id", id)]));
                }
                Some(p) => at = merged.get(p).and_then(|e| e.parent.as_ref()),
                None => break,
            }
        }
    }
    Ok(())
}

/// The children of each parent in the merged order, and how many parents got their
/// order from theirs where ours differed.
fn order_all(
    merged: &BTreeMap<String, Entry>,
    base: &Side,
    ours: &Side,
    theirs: &Side,
) -> (HashMap<Option<String>, Vec<String>>, usize) {
    let mut children: HashMap<Option<String>, BTreeSet<String>> = HashMap::new();
    for (id, e) in merged {
        children
            .entry(e.parent.clone())
            .or_default()
            .insert(id.clone());
    }
    let mut out = HashMap::new();
    let mut from_theirs = 0;
    for (parent, ids) in children {
        let side = |s: &Side| -> Vec<String> {
            s.order
                .get(&parent)
                .map(|v| v.iter().filter(|i| ids.contains(*i)).cloned().collect())
                .unwrap_or_default()
        };
        let (b, o, t) = (side(base), side(ours), side(theirs));
        let ours_reordered = common_order(&o, &b) != common_order(&b, &o);
        let (first, second) = if ours_reordered { (&o, &t) } else { (&t, &o) };
        let placed = place(first, second, &ids);
        if !ours_reordered && common_order(&placed, &o) != common_order(&o, &placed) {
            from_theirs += 1;
        }
        out.insert(parent, placed);
    }
    (out, from_theirs)
}

/// The items of `a` that are also in `b`, in `a`'s order.
fn common_order(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|x| b.contains(x)).cloned().collect()
}

/// `first`'s order, with what only `second` has placed after the item it follows
/// there (or first), and anything left at the end.
fn place(first: &[String], second: &[String], all: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = first.to_vec();
    for (i, id) in second.iter().enumerate() {
        if out.contains(id) {
            continue;
        }
        let after = second[..i]
            .iter()
            .rev()
            .find_map(|prev| out.iter().position(|x| x == prev));
        out.insert(after.map_or(0, |p| p + 1), id.clone());
    }
    out.extend(
        all.iter()
            .filter(|id| !out.contains(id))
            .cloned()
            .collect::<Vec<_>>(),
    );
    out
}

/// The codes under `parent`, as written in the file.
fn tree(
    parent: Option<&String>,
    merged: &BTreeMap<String, Entry>,
    order: &HashMap<Option<String>, Vec<String>>,
) -> Vec<super::file::CodeFile> {
    order
        .get(&parent.cloned())
        .into_iter()
        .flatten()
        .filter_map(|id| merged.get(id).map(|e| (id, e)))
        .map(|(id, e)| code_file(&e.code, tree(Some(id), merged, order)))
        .collect()
}

#[cfg(test)]
mod tests;
