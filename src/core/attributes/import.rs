//! `tandai attributes import FILE.csv`: attributes in bulk from a spreadsheet of
//! informants. A header row; the first column the document's file name, then one
//! column per attribute. Comma-, semicolon- or tab-separated (what the header row
//! uses most), UTF-8 with or without a byte-order mark (as Excel writes it).
//!
//! New attributes get the type `--type NAME=TYPE` gives, or the one every value fits
//! (date, then number, then yes/no, else text). An empty cell clears the value. The
//! plan is all or nothing: any unknown document, bad value or bad column is an error
//! with its line, and then nothing is changed. Pure: the caller reads and writes.

use super::values::check_name;
use super::{AttrType, Attributes};
use crate::core::display::sanitize_line;
use crate::i18n::fill;
use std::collections::{BTreeMap, HashSet};

/// Largest spreadsheet tandai imports attributes from.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// The rows of the file: the header's attribute names and each row's line number,
/// document and cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub file: String,
    pub names: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub document: String,
    pub cells: Vec<String>,
}

/// What an import changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The attributes after the import.
    pub attributes: Attributes,
    /// Documents the file gives values for.
    pub documents: usize,
    /// Values that were not set before, changed, cleared, and already so.
    pub set: usize,
    pub changed: usize,
    pub cleared: usize,
    pub unchanged: usize,
    /// Attributes declared by this import, with their types.
    pub declared: Vec<(String, AttrType)>,
    /// Declared attributes whose type `--type` changed.
    pub retyped: Vec<(String, AttrType)>,
    /// Documents of the project the file does not mention.
    pub not_in_file: Vec<String>,
    /// New attributes read as text because of a few values: which, and where.
    pub hints: Vec<String>,
}

/// Reads the table from the file's bytes; `file` names it in errors.
pub fn read_table(bytes: Vec<u8>, file: &str) -> Result<Table, String> {
    let text =
        crate::core::documents::decode::decode_owned(bytes).map_err(|e| format!("{file}: {e}"))?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let at = |line: u64, m: &str| format!("{file}:{line}: {m}");
    let header = match records.next() {
        None => return Err(fill(words().core_import_empty, &[("file", &file)])),
        Some(r) => r.map_err(|e| at(1, &e.to_string()))?,
    };
    if header.len() < 2 {
        return Err(at(1, words().core_import_header));
    }
    let names: Vec<String> = header.iter().skip(1).map(|n| n.trim().to_owned()).collect();
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            at(line, &e.to_string())
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            let message = fill(
                words().core_import_cells,
                &[("cells", &record.len()), ("columns", &header.len())],
            );
            return Err(at(line, &message));
        }
        let mut cells = record.iter().map(|c| c.trim().to_owned());
        rows.push(Row {
            line,
            document: cells.next().unwrap_or_default(),
            cells: cells.collect(),
        });
    }
    Ok(Table {
        file: file.to_owned(),
        names,
        rows,
    })
}

/// Plans the import of `table` into `attrs` for a project with these documents;
/// `types` are the `--type NAME=TYPE` given. Errors name file and line.
pub fn plan(
    attrs: &Attributes,
    documents: &[String],
    table: &Table,
    types: &[(String, AttrType)],
) -> Result<Plan, Vec<String>> {
    let mut errors = check_columns(attrs, table, types);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Plan {
        attributes: attrs.clone(),
        documents: 0,
        set: 0,
        changed: 0,
        cleared: 0,
        unchanged: 0,
        declared: Vec::new(),
        retyped: Vec::new(),
        not_in_file: Vec::new(),
        hints: Vec::new(),
    };
    declare(&mut out, table, types);
    let rows = match_documents(documents, table, &mut errors);
    for (row, doc) in &rows {
        for (name, cell) in table.names.iter().zip(&row.cells) {
            let ty = out.attributes.type_of(name);
            let new = if cell.is_empty() {
                None
            } else {
                match ty.check(cell) {
                    Ok(v) => Some(v),
                    Err(why) => {
                        errors.push(format!(
                            "{}:{}: {doc}: {name}: {}",
                            table.file,
                            row.line,
                            sanitize_line(&why)
                        ));
                        continue;
                    }
                }
            };
            count(&mut out, doc, name, new);
        }
    }
    errors.extend(check_retyped(&out));
    if !errors.is_empty() {
        return Err(errors);
    }
    let mentioned: HashSet<&str> = rows.iter().map(|(_, d)| d.as_str()).collect();
    out.documents = mentioned.len();
    out.not_in_file = documents
        .iter()
        .filter(|d| !mentioned.contains(d.as_str()))
        .cloned()
        .collect();
    Ok(out)
}

/// Errors in the header and the `--type` options.
fn check_columns(attrs: &Attributes, table: &Table, types: &[(String, AttrType)]) -> Vec<String> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for name in &table.names {
        if !seen.insert(name.as_str()) {
            let name = format!("{name:?}");
            let why = fill(words().core_import_column_twice, &[("name", &name)]);
            errors.push(format!("{}:1: {why}", table.file));
        } else if !attrs.has(name)
            && let Err(why) = check_name(name)
        {
            let why = fill(words().core_import_column, &[("why", &sanitize_line(&why))]);
            errors.push(format!("{}:1: {why}", table.file));
        }
    }
    for (name, _) in types {
        if !table.names.contains(name) && !attrs.has(name) {
            let quoted = format!("{name:?}");
            errors.push(fill(
                words().core_import_no_column,
                &[("name", name), ("quoted", &quoted), ("file", &table.file)],
            ));
        }
    }
    errors
}

/// Declares the new attributes (with the type given or inferred) and changes the
/// types `--type` gives for declared ones.
fn declare(out: &mut Plan, table: &Table, types: &[(String, AttrType)]) {
    let given: BTreeMap<&str, AttrType> = types.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    for (i, name) in table.names.iter().enumerate() {
        if out.attributes.declared(name).is_some() || given.contains_key(name.as_str()) {
            continue;
        }
        // Values the project has already count too: they must fit as well.
        let mut cells: Vec<&str> = table
            .rows
            .iter()
            .map(|r| r.cells[i].as_str())
            .filter(|c| !c.is_empty())
            .collect();
        cells.extend(
            out.attributes
                .by_document
                .values()
                .filter_map(|v| v.get(name).map(String::as_str)),
        );
        let ty = infer(&cells);
        if ty == AttrType::Text {
            out.hints.extend(near_miss(name, i, table));
        }
        out.attributes.define(name, Some(ty));
        out.declared.push((name.clone(), ty));
    }
    for (name, ty) in &given {
        match out.attributes.declared(name) {
            Some(old) if old == *ty => {}
            Some(_) => out.retyped.push(((*name).to_owned(), *ty)),
            None => out.declared.push(((*name).to_owned(), *ty)),
        }
        out.attributes.define(name, Some(*ty));
    }
}

/// The type every value fits: date, number, yes/no, else text (also with no value).
pub fn infer(values: &[&str]) -> AttrType {
    [AttrType::Date, AttrType::Number, AttrType::YesNo]
        .into_iter()
        .find(|t| !values.is_empty() && values.iter().all(|v| t.fits_inferred(v)))
        .unwrap_or(AttrType::Text)
}

/// When most values of a column fit a stricter type than text: which value made it
/// text, and how to have them all checked.
fn near_miss(name: &str, column: usize, table: &Table) -> Option<String> {
    let cells: Vec<(u64, &str)> = table
        .rows
        .iter()
        .map(|r| (r.line, r.cells[column].as_str()))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    [AttrType::Date, AttrType::Number, AttrType::YesNo]
        .into_iter()
        .find_map(|t| {
            let fit = cells.iter().filter(|(_, c)| t.fits_inferred(c)).count();
            let (line, odd) = cells.iter().find(|(_, c)| !t.fits_inferred(c))?;
            (fit * 2 >= cells.len()).then(|| {
                let odd = format!("{:?}", sanitize_line(odd));
                fill(
                    words().core_import_read_as_text,
                    &[
                        ("name", &name),
                        ("fit", &fit),
                        ("total", &cells.len()),
                        ("type", &t.name()),
                        ("file", &table.file),
                        ("line", line),
                        ("odd", &odd),
                    ],
                )
            })
        })
}

/// Each row with the project document it names (by file name, or a path ending in
/// it); unknown and repeated documents are errors.
fn match_documents<'t>(
    documents: &[String],
    table: &'t Table,
    errors: &mut Vec<String>,
) -> Vec<(&'t Row, String)> {
    let mut out = Vec::new();
    let mut first_line: BTreeMap<String, u64> = BTreeMap::new();
    let known: HashSet<&str> = documents.iter().map(String::as_str).collect();
    for row in &table.rows {
        let given = row.document.as_str();
        let file = std::path::Path::new(given)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned());
        let Some(doc) = [Some(given), file.as_deref()]
            .into_iter()
            .flatten()
            .find(|d| known.contains(d))
            .map(str::to_owned)
        else {
            let what = format!("{:?}", sanitize_line(given));
            let why = fill(words().core_import_not_document, &[("what", &what)]);
            errors.push(format!("{}:{}: {why}", table.file, row.line));
            continue;
        };
        if let Some(line) = first_line.insert(doc.clone(), row.line) {
            let why = fill(
                words().core_import_second_time,
                &[("doc", &doc), ("line", &line)],
            );
            errors.push(format!("{}:{}: {why}", table.file, row.line));
            continue;
        }
        out.push((row, doc.clone()));
    }
    out
}

/// Counts and applies one value.
fn count(out: &mut Plan, doc: &str, name: &str, new: Option<String>) {
    let old = out.attributes.value(doc, name).map(str::to_owned);
    match (&old, &new) {
        (a, b) if a == b => out.unchanged += 1,
        (None, Some(_)) => out.set += 1,
        (Some(_), Some(_)) => out.changed += 1,
        (Some(_), None) => out.cleared += 1,
        (None, None) => {}
    }
    out.attributes.set_value(doc, name, new);
}

/// Values of a retyped attribute (in the file or already in the project) that do
/// not fit the new type.
fn check_retyped(out: &Plan) -> Vec<String> {
    let mut errors = Vec::new();
    for (name, ty) in out.retyped.iter().chain(&out.declared) {
        let mut docs: Vec<(&String, &String)> = out
            .attributes
            .by_document
            .iter()
            .filter_map(|(d, v)| v.get(name).map(|x| (d, x)))
            .collect();
        docs.sort();
        for (doc, v) in docs {
            if let Err(why) = ty.check(v) {
                errors.push(fill(
                    words().core_import_retyped,
                    &[
                        ("name", name),
                        ("type", &ty.name()),
                        ("doc", doc),
                        ("why", &sanitize_line(&why)),
                    ],
                ));
            }
        }
    }
    errors
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<String> {
        ["informan-a.txt", "informan-b.txt", "informan-c.txt"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    fn table(csv: &str) -> Table {
        read_table(csv.as_bytes().to_vec(), "inf.csv").expect("reads")
    }

    #[test]
    fn types_are_inferred_and_values_set() {
        let t = table(
            "\u{feff}dokumen;umur;tanggal;bertemu;kota\n\
             informan-a.txt;34;2026-03-14;ya;Kendari\n\
             ./x/informan-b.txt;41.5;2026-03-20;tidak;\n",
        );
        assert_eq!(t.names, ["umur", "tanggal", "bertemu", "kota"]);
        let mut a = Attributes::default();
        a.set_value("informan-b.txt", "kota", Some("Bitung".into()));
        let p = plan(&a, &docs(), &t, &[]).expect("plans");
        let types: Vec<(&str, AttrType)> =
            p.declared.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        assert_eq!(
            types,
            [
                ("umur", AttrType::Number),
                ("tanggal", AttrType::Date),
                ("bertemu", AttrType::YesNo),
                ("kota", AttrType::Text),
            ]
        );
        assert_eq!(p.attributes.value("informan-b.txt", "umur"), Some("41.5"));
        assert_eq!(p.attributes.value("informan-a.txt", "bertemu"), Some("yes"));
        assert_eq!(
            p.attributes.value("informan-b.txt", "kota"),
            None,
            "cleared"
        );
        assert_eq!((p.set, p.changed, p.cleared), (7, 0, 1));
        assert_eq!(p.documents, 2);
        assert_eq!(p.not_in_file, ["informan-c.txt"]);
        assert!(p.hints.is_empty(), "{:?}", p.hints);
    }

    #[test]
    fn a_few_odd_values_are_pointed_at() {
        assert!(
            read_table(b"d,umur\nx,29,5\n".to_vec(), "f").is_err(),
            "a comma splits"
        );
        let t2 = table("d;umur\ninforman-a.txt;34\ninforman-b.txt;29,5\ninforman-c.txt;40\n");
        let p = plan(&Attributes::default(), &docs(), &t2, &[]).expect("plans");
        assert_eq!(p.declared, [("umur".to_owned(), AttrType::Text)]);
        assert_eq!(
            p.hints,
            [
                "umur is read as text: 2 of its 3 values are numbers, but inf.csv:3 has \"29,5\"; --type \"umur=number\" checks them all"
            ]
        );
    }

    #[test]
    fn errors_name_line_document_and_value() {
        let t = table(
            "document,age,role\n\
             informan-a.txt,34,polisi\n\
             informan-z.txt,30,pekerja\n\
             informan-b.txt,tiga puluh,pekerja\n\
             informan-a.txt,35,polisi\n",
        );
        let given = [("age".to_owned(), AttrType::Number)];
        let e = plan(&Attributes::default(), &docs(), &t, &given).expect_err("errors");
        assert_eq!(
            e,
            [
                "inf.csv:3: \"informan-z.txt\" is not a document of the project",
                "inf.csv:5: informan-a.txt is given a second time (first on line 2)",
                "inf.csv:4: informan-b.txt: age: \"tiga puluh\" is not a number, e.g. 34 or 2.5 (a point, not a comma)",
            ]
        );
    }

    #[test]
    fn columns_and_types_are_checked() {
        let t = table("d,role,role,x=y\ninforman-a.txt,a,b,c\n");
        let e = plan(&Attributes::default(), &docs(), &t, &[]).expect_err("bad");
        assert_eq!(e.len(), 2, "{e:?}");
        let t = table("d,age\ninforman-a.txt,x\n");
        let mut a = Attributes::default();
        a.set_value("informan-b.txt", "age", Some("40".into()));
        let retype = [("age".to_owned(), AttrType::Number)];
        let e = plan(&a, &docs(), &t, &retype).expect_err("x is no number");
        assert!(e[0].starts_with("inf.csv:2: informan-a.txt: age:"), "{e:?}");
        let t = table("d,age\ninforman-a.txt,\n");
        let p = plan(&a, &docs(), &t, &retype).expect("fits");
        assert_eq!(p.declared, [("age".to_owned(), AttrType::Number)]);
    }

    #[test]
    fn short_rows_are_errors_with_their_line() {
        let e = read_table(b"d,a,b\nx,1\n".to_vec(), "f.csv").expect_err("short");
        assert_eq!(e, "f.csv:2: 2 cells, but the first row has 3 columns");
        assert!(read_table(Vec::new(), "f.csv").is_err());
        assert!(read_table(vec![0xff, 0xfe, 0x00], "f.csv").is_err());
    }
}
