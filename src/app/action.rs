//! Everything a key can make tandai do.

use crate::core::coding::saver::Outcome;
use crate::i18n::en::EN;
use crate::i18n::{Lang, Strings, strings};

/// An action: keys map to these (through the keymap), and only `update` acts on them.
/// The snake_case names in [`COMMANDS`] are the names used in keymap files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Go to the next paragraph.
    NextParagraph,
    /// Go to the previous paragraph.
    PrevParagraph,
    /// Go forward a page of paragraphs.
    PageDown,
    /// Go back a page of paragraphs.
    PageUp,
    /// Go to the first paragraph.
    FirstParagraph,
    /// Go to the last paragraph.
    LastParagraph,
    /// Go to the next paragraph without codes (on to later documents).
    NextUncoded,
    /// Go to the previous paragraph without codes.
    PrevUncoded,
    /// Open the next document.
    NextDocument,
    /// Open the previous document.
    PrevDocument,
    /// Show or hide the documents pane.
    ToggleDocuments,
    /// Scroll down inside a paragraph taller than the pane.
    ScrollDown,
    /// Scroll up inside a paragraph taller than the pane.
    ScrollUp,
    /// Move the codebook cursor to the next code.
    NextCode,
    /// Move the codebook cursor to the previous code.
    PrevCode,
    /// Apply or remove the code under the codebook cursor.
    ToggleSelectedCode,
    /// Find a code by typing part of its name or id.
    CodePicker,
    /// Undo the last coding change (in any document).
    Undo,
    /// Redo what was undone.
    Redo,
    /// Show labels and definitions in English or Indonesian.
    SwitchLanguage,
    /// Load the other version of this document's sidecar (or else of the codebook),
    /// kept aside when it was found changed on disk.
    LoadOtherVersion,
    /// Open the list of codings that need review after the transcript changed.
    Review,
    /// Open the codebook screen: the code tree with usage, and editing.
    CodebookScreen,
    /// Write or edit the memo on the current paragraph.
    Memo,
    /// Write or edit the memo on the current document.
    DocumentMemo,
    /// What the memo editor does.
    MemoEdit(super::memo::MemoAction),
    /// Search all documents as you type.
    Search,
    /// What the search prompt does.
    SearchEdit(super::search::SearchAction),
    /// The search thread's answer to a query (see `search`).
    SearchFound(crate::core::analysis::searcher::Found),
    /// Drop the search kept after Enter (its highlights and n/N).
    ClearSearch,
    /// List every paragraph with a code or a combination of codes.
    Retrieve,
    /// What the retrieval list does.
    RetrieveEdit(super::retrieve::RetrieveAction),
    /// Counts per code, coverage per document and the code x document table.
    Overview,
    /// What the overview does.
    OverviewEdit(super::overview::OverviewAction),
    /// Mark this document finished (again: take the mark back).
    FinishDocument,
    /// Agreement with the other coders on finished documents, and the queue of
    /// disagreements to settle.
    Agreement,
    /// What the agreement view and the queue do.
    Team(super::team::TeamAction),
    /// See and edit the current document's attributes (role, city, date...).
    Attributes,
    /// What the attributes screen does.
    AttributesEdit(super::attributes::AttrAction),
    /// In retrieval and the overview: another coder's codings, or everyone's.
    ShowCoder,
    /// The other coders' sidecars have been read.
    TeamLoaded(Box<super::team::Team>),
    /// The team's sidecars have not changed since they were read.
    TeamFresh,
    /// The consensus coder's lock: None when held, else why settling is not possible.
    ConsensusLock(Option<String>),
    /// What the codebook screen does.
    Editor(super::editor::EditorAction),
    /// Move the review selection by this many rows.
    ReviewMove(isize),
    /// Confirm a near match, or attach a detached coding to the current paragraph.
    ReviewAccept,
    /// Detach a near match, or discard a detached coding (asks twice).
    ReviewReject,
    /// Close the review and go to the selected near match's paragraph.
    ReviewGoTo,
    /// Show the last messages of the session, newest first (again: close).
    Messages,
    /// Scroll the messages screen by this many messages.
    MessagesScroll(isize),
    /// The config file was written (the documents pane choice), or why not.
    ConfigWritten(Result<(), String>),
    /// Show or hide this help.
    Help,
    /// Quit (everything is already saved).
    Quit,
    /// Apply or remove code number N of the codebook (a code's own key).
    ToggleCode(usize),
    /// Typing in the code picker.
    PickerInput(char),
    /// Delete the last character of the picker's query (closes it when empty).
    PickerBackspace,
    /// Move the picker's selection by this many rows.
    PickerMove(isize),
    /// Apply or remove the selected code and close the picker.
    PickerAccept,
    /// Close the picker or the help screen.
    Close,
    /// Scroll the help screen by this many rows.
    HelpScroll(isize),
    /// The first help line the view showed (the scroll kept within the text).
    HelpScrollShown(usize),
    /// The terminal now has this size (columns, rows).
    Resize(u16, u16),
    /// What the view showed of the current paragraph: it clamps the scroll offset.
    ScrollShown(usize),
    /// A save finished.
    Saved(Outcome),
    /// Replace a document's decisions (after loading another version), with a note.
    ReplaceDecisions(usize, crate::core::coding::sidecar::Decisions, String),
    /// Text the terminal marked as pasted: text in prompts and editors, never keys.
    Paste(super::paste::Paste),
    /// Replace the codebook with another version of it (loaded from a conflict copy),
    /// with a note to show.
    ReplaceCodebook(Box<crate::core::codebook::Codebook>, String),
}

/// A named action of the keymap, with its help text.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    pub action: fn() -> Action,
    pub name: &'static str,
    /// The help text in English: the README's key table is generated from it.
    pub help: &'static str,
    /// A short word for the status-line hints in English; empty for none.
    pub hint: &'static str,
    /// The help text and hint in a language's catalog (the hint empty for none).
    texts: fn(&'static Strings) -> (&'static str, &'static str),
}

impl Command {
    /// What the command does, in `lang`: the help screen shows this.
    pub fn help_in(&self, lang: Lang) -> &'static str {
        (self.texts)(strings(lang)).0
    }

    /// The command's status-line hint in `lang`; empty for none.
    pub fn hint_in(&self, lang: Lang) -> &'static str {
        (self.texts)(strings(lang)).1
    }
}

/// Builds [`COMMANDS`]: a variant, its keymap name, its help message in the catalog
/// and, for the few shown as status-line hints, its hint message.
macro_rules! commands {
    ($($variant:ident, $name:literal, $help:ident $(, $hint:ident)?;)*) => {
        /// The keymap's actions, in help-screen order.
        pub const COMMANDS: &[Command] = &[
            $(Command {
                action: || Action::$variant,
                name: $name,
                help: EN.$help,
                hint: commands!(@hint EN $($hint)?),
                texts: |t| (t.$help, commands!(@hint t $($hint)?)),
            },)*
        ];
    };
    (@hint $t:ident) => { "" };
    (@hint $t:ident $hint:ident) => { $t.$hint };
}

commands! {
    NextParagraph, "next_paragraph", ui_cmd_next_paragraph, ui_hint_next_paragraph;
    PrevParagraph, "prev_paragraph", ui_cmd_prev_paragraph, ui_hint_prev_paragraph;
    PageDown, "page_down", ui_cmd_page_down;
    PageUp, "page_up", ui_cmd_page_up;
    FirstParagraph, "first_paragraph", ui_cmd_first_paragraph;
    LastParagraph, "last_paragraph", ui_cmd_last_paragraph;
    NextUncoded, "next_uncoded", ui_cmd_next_uncoded, ui_hint_next_uncoded;
    PrevUncoded, "prev_uncoded", ui_cmd_prev_uncoded;
    NextDocument, "next_document", ui_cmd_next_document, ui_hint_next_document;
    PrevDocument, "prev_document", ui_cmd_prev_document;
    ToggleDocuments, "toggle_documents", ui_cmd_toggle_documents;
    ScrollDown, "scroll_down", ui_cmd_scroll_down;
    ScrollUp, "scroll_up", ui_cmd_scroll_up;
    NextCode, "next_code", ui_cmd_next_code;
    PrevCode, "prev_code", ui_cmd_prev_code;
    ToggleSelectedCode, "toggle_selected_code", ui_cmd_toggle_selected_code;
    CodePicker, "code_picker", ui_cmd_code_picker, ui_hint_code_picker;
    Undo, "undo", ui_cmd_undo, ui_hint_undo;
    Redo, "redo", ui_cmd_redo;
    SwitchLanguage, "switch_language", ui_cmd_switch_language;
    LoadOtherVersion, "load_other_version", ui_cmd_load_other_version;
    Review, "review", ui_cmd_review;
    CodebookScreen, "codebook_screen", ui_cmd_codebook_screen, ui_hint_codebook_screen;
    Memo, "memo", ui_cmd_memo, ui_hint_memo;
    DocumentMemo, "document_memo", ui_cmd_document_memo;
    Search, "search", ui_cmd_search, ui_hint_search;
    Retrieve, "retrieve", ui_cmd_retrieve, ui_hint_retrieve;
    Overview, "overview", ui_cmd_overview, ui_hint_overview;
    FinishDocument, "finish_document", ui_cmd_finish_document;
    Agreement, "agreement", ui_cmd_agreement;
    Attributes, "attributes", ui_cmd_attributes;
    Messages, "messages", ui_cmd_messages;
    Help, "help", ui_cmd_help, ui_hint_help;
    Quit, "quit", ui_cmd_quit, ui_hint_quit;
}

/// The command with this keymap name.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}
