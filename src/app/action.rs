//! Everything a key can make tandai do.

use crate::core::saver::Outcome;

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
    SearchFound(crate::core::searcher::Found),
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
    ReplaceDecisions(usize, crate::core::sidecar::Decisions, String),
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
    pub help: &'static str,
    /// A short word for the status-line hints; empty for none.
    pub hint: &'static str,
}

macro_rules! commands {
    ($($variant:ident, $name:literal, $hint:literal, $help:literal;)*) => {
        /// The keymap's actions, in help-screen order.
        pub const COMMANDS: &[Command] = &[
            $(Command { action: || Action::$variant, name: $name, help: $help, hint: $hint },)*
        ];
    };
}

commands! {
    NextParagraph, "next_paragraph", "next", "Next paragraph";
    PrevParagraph, "prev_paragraph", "prev", "Previous paragraph";
    PageDown, "page_down", "", "Forward a page of paragraphs";
    PageUp, "page_up", "", "Back a page of paragraphs";
    FirstParagraph, "first_paragraph", "", "First paragraph";
    LastParagraph, "last_paragraph", "", "Last paragraph";
    NextUncoded, "next_uncoded", "uncoded", "Next paragraph without codes; during a search, the next match";
    PrevUncoded, "prev_uncoded", "", "Previous paragraph without codes; during a search, previous match";
    NextDocument, "next_document", "doc", "Next document, at the paragraph where you left it";
    PrevDocument, "prev_document", "", "Previous document, at the paragraph where you left it";
    ToggleDocuments, "toggle_documents", "", "Show or hide the documents pane (it hides itself when the terminal is narrow)";
    ScrollDown, "scroll_down", "", "Scroll down inside a long paragraph";
    ScrollUp, "scroll_up", "", "Scroll up inside a long paragraph";
    NextCode, "next_code", "", "Codebook cursor to the next code";
    PrevCode, "prev_code", "", "Codebook cursor to the previous code";
    ToggleSelectedCode, "toggle_selected_code", "", "Apply or remove the code under the codebook cursor";
    CodePicker, "code_picker", "pick", "Find a code by typing part of its label or id";
    Undo, "undo", "undo", "Undo the last coding change (in any document)";
    Redo, "redo", "", "Redo what was undone";
    SwitchLanguage, "switch_language", "", "Switch English / Indonesian (remembered in the config)";
    LoadOtherVersion, "load_other_version", "", "Load the sidecar or codebook version changed on disk (yours is kept)";
    Review, "review", "", "Codings to review after the transcript changed (near matches, detached)";
    CodebookScreen, "codebook_screen", "codebook", "Codebook screen: usage per code; add, edit, move, merge, split, retire codes";
    Memo, "memo", "memo", "Memo on this paragraph (Ctrl-s saves, Ctrl-o: $EDITOR)";
    DocumentMemo, "document_memo", "", "Memo on this document";
    Search, "search", "search", "Search all documents as you type; n/N jump, Esc clears";
    Retrieve, "retrieve", "retrieve", "Retrieval: paragraphs with a code, or codes and/or/but not";
    Overview, "overview", "overview", "Overview: counts per code, coverage, code x document table";
    FinishDocument, "finish_document", "", "Mark this document finished (again: unmark it); agreement compares finished ones";
    Agreement, "agreement", "", "Agreement with the other coders; Enter there: settle disagreements";
    Attributes, "attributes", "", "Attributes of this document (role, city, date...): see, edit, add";
    Messages, "messages", "", "The last messages of this session, newest first (what the status line cut short)";
    Help, "help", "help", "Help: every key, the code keys, where the files are";
    Quit, "quit", "quit", "Quit (every decision is already saved)";
}

/// The command with this keymap name.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}
