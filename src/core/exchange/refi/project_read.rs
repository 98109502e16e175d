//! Import, `project.qde` text to raw project parts: the project's name, description
//! and notes, users, text sources with their selections, codings and note
//! references, variables and cases ([`super::project_variables`]), and a count of
//! what tandai cannot use (selections on pictures, PDFs, audio and video, sets,
//! links, graphs). Same safety as the codebook reader: DTDs refused, only predefined
//! entities, bounded nesting.

use super::import::{Failure, MAX_XML_DEPTH, XmlHandler, attributes, read_xml};
use super::project_variables::{RawCase, RawValue, RawVariable, ValueOwner};
use super::words;
use crate::i18n::fill;
use quick_xml::events::BytesStart;
use quick_xml::reader::Reader;

#[derive(Debug, Default)]
pub(super) struct RawProject {
    /// `Project@name`.
    pub(super) name: Option<String>,
    /// `Project/Description`.
    pub(super) description: String,
    /// `Project/NoteRef`: notes on the project as a whole.
    pub(super) note_refs: Vec<String>,
    pub(super) variables: Vec<RawVariable>,
    pub(super) cases: Vec<RawCase>,
    /// `Set`, `Link` and `Graph` elements: nothing in tandai to hold them.
    pub(super) sets: usize,
    pub(super) links: usize,
    pub(super) graphs: usize,
    pub(super) origin: Option<String>,
    pub(super) creating_user: Option<String>,
    pub(super) users: Vec<RawUser>,
    pub(super) sources: Vec<RawSource>,
    pub(super) notes: Vec<RawNote>,
    /// Selections in picture, PDF, audio and video sources (and their transcripts).
    pub(super) non_text_selections: usize,
    /// Non-text sources, by element name and source name, for the report.
    pub(super) non_text_sources: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub(super) struct RawUser {
    pub(super) guid: String,
    pub(super) name: Option<String>,
    pub(super) id: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct RawSource {
    pub(super) guid: String,
    pub(super) name: Option<String>,
    pub(super) plain_path: Option<String>,
    pub(super) rich_path: Option<String>,
    pub(super) creating_user: Option<String>,
    /// `<PlainTextContent>`, when the text is in the XML itself.
    pub(super) content: Option<String>,
    pub(super) description: String,
    pub(super) selections: Vec<RawSelection>,
    pub(super) note_refs: Vec<String>,
    /// Codings of the whole source (not of a selection).
    pub(super) source_codings: usize,
    /// `VariableValue`s given to the source itself (not through a case).
    pub(super) values: Vec<RawValue>,
}

#[derive(Debug, Default)]
pub(super) struct RawSelection {
    /// `name`: often the selected text itself (ATLAS.ti, NVivo), sometimes a label.
    pub(super) name: Option<String>,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) creating_user: Option<String>,
    pub(super) description: String,
    pub(super) codings: Vec<RawCoding>,
    pub(super) note_refs: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct RawCoding {
    pub(super) code: Option<String>,
    pub(super) creating_user: Option<String>,
    /// Notes on this coding.
    pub(super) note_refs: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct RawNote {
    pub(super) guid: String,
    pub(super) name: Option<String>,
    pub(super) creating_user: Option<String>,
    pub(super) content: String,
    pub(super) description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    Project,
    ProjectDescription,
    Variables,
    Variable,
    Cases,
    Case(usize),
    /// Inside a `VariableValue` (the value's index in its owner's list).
    Value(ValueOwner, usize),
    /// Inside `TextValue`, `IntegerValue`...: the text is the value.
    ValueText(ValueOwner, usize),
    Sets,
    Links,
    Graphs,
    Users,
    Sources,
    Source(usize),
    SourceContent(usize),
    SourceDescription(usize),
    Selection(usize, usize),
    SelectionDescription(usize, usize),
    Coding(usize, usize),
    Notes,
    Note(usize),
    NoteContent(usize),
    NoteDescription(usize),
    /// Inside a picture, PDF, audio or video source.
    NonText,
    Other,
}

/// Reads the whole `project.qde`.
pub(super) fn parse_project(text: &str) -> Result<RawProject, Failure> {
    let mut reader = Reader::from_str(text);
    let mut parser = Parser::default();
    read_xml(text, &mut reader, &mut parser)?;
    Ok(parser.project)
}

#[derive(Default)]
struct Parser {
    stack: Vec<Ctx>,
    project: RawProject,
    seen_root: bool,
}

impl XmlHandler for Parser {
    type Ctx = Ctx;
    fn open(&mut self, e: &BytesStart<'_>) -> Result<Ctx, Option<String>> {
        Parser::open(self, e)
    }
    fn text(&mut self, text: &str) {
        Parser::text(self, text);
    }
    fn stack(&mut self) -> &mut Vec<Ctx> {
        &mut self.stack
    }
    fn seen_root(&self) -> bool {
        self.seen_root
    }
}

impl Parser {
    fn text(&mut self, text: &str) {
        let p = &mut self.project;
        let target = match self.stack.last() {
            Some(&Ctx::SourceContent(s)) => p.sources[s].content.get_or_insert_with(String::new),
            Some(&Ctx::SourceDescription(s)) => &mut p.sources[s].description,
            Some(&Ctx::SelectionDescription(s, i)) => &mut p.sources[s].selections[i].description,
            Some(&Ctx::NoteContent(n)) => &mut p.notes[n].content,
            Some(&Ctx::NoteDescription(n)) => &mut p.notes[n].description,
            Some(&Ctx::ProjectDescription) => &mut p.description,
            Some(&Ctx::ValueText(owner, v)) => &mut p.value_mut(owner, v).value,
            _ => return,
        };
        target.push_str(text);
    }

    fn open(&mut self, e: &BytesStart<'_>) -> Result<Ctx, Option<String>> {
        if self.stack.len() >= MAX_XML_DEPTH {
            return Err(Some(fill(
                words().core_refi_too_deep_xml,
                &[("max", &MAX_XML_DEPTH)],
            )));
        }
        let local = e.local_name();
        let local: &str = local.as_ref();
        let Some(&parent) = self.stack.last() else {
            return self.open_root(e, local);
        };
        let p = &mut self.project;
        Ok(match (parent, local) {
            (Ctx::Project, "Users") => Ctx::Users,
            (Ctx::Project, "Sources") => Ctx::Sources,
            (Ctx::Project, "Notes") => Ctx::Notes,
            (Ctx::Project, "Description") => Ctx::ProjectDescription,
            (Ctx::Project, "NoteRef") => {
                p.note_refs.extend(get(&attributes(e)?, "targetGUID"));
                Ctx::Other
            }
            (Ctx::Project, "Variables") => Ctx::Variables,
            (Ctx::Project, "Cases") => Ctx::Cases,
            (Ctx::Project, "Sets") => Ctx::Sets,
            (Ctx::Project, "Links") => Ctx::Links,
            (Ctx::Project, "Graphs") => Ctx::Graphs,
            (Ctx::Sets, "Set") => {
                p.sets += 1;
                Ctx::Other
            }
            (Ctx::Links, "Link") => {
                p.links += 1;
                Ctx::Other
            }
            (Ctx::Graphs, "Graph") => {
                p.graphs += 1;
                Ctx::Other
            }
            (Ctx::Variables | Ctx::Variable | Ctx::Cases | Ctx::Case(_), _)
            | (Ctx::Value(..), _) => self.open_variable_part(parent, e, local)?,
            (Ctx::Users, "User") => {
                let a = attributes(e)?;
                p.users.push(RawUser {
                    guid: get(&a, "guid").unwrap_or_default(),
                    name: get(&a, "name"),
                    id: get(&a, "id"),
                });
                Ctx::Other
            }
            (Ctx::Sources, "TextSource") => {
                let a = attributes(e)?;
                p.sources.push(RawSource {
                    guid: get(&a, "guid").unwrap_or_default(),
                    name: get(&a, "name"),
                    plain_path: get(&a, "plainTextPath"),
                    rich_path: get(&a, "richTextPath"),
                    creating_user: get(&a, "creatingUser"),
                    ..RawSource::default()
                });
                Ctx::Source(p.sources.len() - 1)
            }
            (Ctx::Sources, kind) => {
                let name = get(&attributes(e)?, "name").unwrap_or_default();
                p.non_text_sources.push((kind.to_owned(), name));
                Ctx::NonText
            }
            (Ctx::NonText, kind) => {
                p.non_text_selections += usize::from(kind.ends_with("Selection"));
                Ctx::NonText
            }
            (Ctx::Source(s), _) => self.open_in_source(s, e, local)?,
            (Ctx::Selection(s, i), _) => self.open_in_selection(s, i, e, local)?,
            (Ctx::Coding(s, i), "CodeRef" | "NoteRef") => {
                let target = get(&attributes(e)?, "targetGUID");
                if let Some(coding) = p.sources[s].selections[i].codings.last_mut() {
                    if local == "CodeRef" {
                        coding.code = target;
                    } else {
                        coding.note_refs.extend(target);
                    }
                }
                Ctx::Other
            }
            (Ctx::Notes, "Note") => {
                let a = attributes(e)?;
                p.notes.push(RawNote {
                    guid: get(&a, "guid").unwrap_or_default(),
                    name: get(&a, "name"),
                    creating_user: get(&a, "creatingUser"),
                    ..RawNote::default()
                });
                Ctx::Note(p.notes.len() - 1)
            }
            (Ctx::Note(n), "PlainTextContent") => Ctx::NoteContent(n),
            (Ctx::Note(n), "Description") => Ctx::NoteDescription(n),
            _ => Ctx::Other,
        })
    }

    /// A child of `<TextSource>`: its text, description, selections, notes, codings.
    fn open_in_source(
        &mut self,
        s: usize,
        e: &BytesStart<'_>,
        local: &str,
    ) -> Result<Ctx, Option<String>> {
        let source = &mut self.project.sources[s];
        Ok(match local {
            "PlainTextContent" => Ctx::SourceContent(s),
            "Description" => Ctx::SourceDescription(s),
            "NoteRef" => {
                source.note_refs.extend(get(&attributes(e)?, "targetGUID"));
                Ctx::Other
            }
            "Coding" => {
                source.source_codings += 1;
                Ctx::Other
            }
            "VariableValue" => {
                source.values.push(RawValue::default());
                Ctx::Value(ValueOwner::Source(s), source.values.len() - 1)
            }
            "PlainTextSelection" => {
                let a = attributes(e)?;
                source.selections.push(RawSelection {
                    name: get(&a, "name"),
                    start: get(&a, "startPosition").unwrap_or_default(),
                    end: get(&a, "endPosition").unwrap_or_default(),
                    creating_user: get(&a, "creatingUser"),
                    ..RawSelection::default()
                });
                Ctx::Selection(s, source.selections.len() - 1)
            }
            _ => Ctx::Other,
        })
    }

    /// A child of `<PlainTextSelection>`: its description, codings and notes.
    fn open_in_selection(
        &mut self,
        s: usize,
        i: usize,
        e: &BytesStart<'_>,
        local: &str,
    ) -> Result<Ctx, Option<String>> {
        let selection = &mut self.project.sources[s].selections[i];
        Ok(match local {
            "Description" => Ctx::SelectionDescription(s, i),
            "NoteRef" => {
                selection
                    .note_refs
                    .extend(get(&attributes(e)?, "targetGUID"));
                Ctx::Other
            }
            "Coding" => {
                selection.codings.push(RawCoding {
                    code: None,
                    creating_user: get(&attributes(e)?, "creatingUser"),
                    note_refs: Vec::new(),
                });
                Ctx::Coding(s, i)
            }
            _ => Ctx::Other,
        })
    }

    /// Inside `Variables` or `Cases`, or a `VariableValue` of a case or source.
    fn open_variable_part(
        &mut self,
        parent: Ctx,
        e: &BytesStart<'_>,
        local: &str,
    ) -> Result<Ctx, Option<String>> {
        super::project_variables::open(&mut self.project, parent, &attributes(e)?, local)
    }

    fn open_root(&mut self, e: &BytesStart<'_>, local: &str) -> Result<Ctx, Option<String>> {
        if self.seen_root {
            return Ok(Ctx::Other);
        }
        self.seen_root = true;
        if local != "Project" {
            return Err(Some(fill(words().core_qdpx_root, &[("local", &local)])));
        }
        for (key, value) in attributes(e)? {
            match key.as_str() {
                "origin" => self.project.origin = Some(value),
                "name" => self.project.name = Some(value),
                "creatingUserGUID" => self.project.creating_user = Some(value),
                _ => {}
            }
        }
        Ok(Ctx::Project)
    }
}

/// The value of attribute `key`.
pub(super) fn get(attrs: &[(String, String)], key: &str) -> Option<String> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}
