//! The interface in English: the list of every message, with its English text. A new
//! message is added here and in `id.rs` (the compiler insists on both).

super::catalog! {
    /// The language's own name, as the interface names it.
    language_name: "English",
    // ==== Screens: src/app, src/tui, the first run in main.rs ====
    // (new screen messages go above `language_code`)
    // -- ui: commands (help screen, status hints) --
    ui_cmd_next_paragraph: "Next paragraph",
    ui_hint_next_paragraph: "next",
    ui_cmd_prev_paragraph: "Previous paragraph",
    ui_hint_prev_paragraph: "prev",
    ui_cmd_page_down: "Forward a page of paragraphs",
    ui_cmd_page_up: "Back a page of paragraphs",
    ui_cmd_first_paragraph: "First paragraph",
    ui_cmd_last_paragraph: "Last paragraph",
    ui_cmd_next_uncoded: "Next paragraph without codes; during a search, the next match",
    ui_hint_next_uncoded: "uncoded",
    ui_cmd_prev_uncoded: "Previous paragraph without codes; during a search, previous match",
    ui_cmd_next_document: "Next document, at the paragraph where you left it",
    ui_hint_next_document: "doc",
    ui_cmd_prev_document: "Previous document, at the paragraph where you left it",
    ui_cmd_toggle_documents: "Show or hide the documents pane (it hides itself when the terminal is narrow)",
    ui_cmd_scroll_down: "Scroll down inside a long paragraph",
    ui_cmd_scroll_up: "Scroll up inside a long paragraph",
    ui_cmd_next_code: "Codebook cursor to the next code",
    ui_cmd_prev_code: "Codebook cursor to the previous code",
    ui_cmd_toggle_selected_code: "Apply or remove the code under the codebook cursor",
    ui_cmd_code_picker: "Find a code by typing part of its label or id",
    ui_hint_code_picker: "pick",
    ui_cmd_undo: "Undo the last coding change (in any document)",
    ui_hint_undo: "undo",
    ui_cmd_redo: "Redo what was undone",
    ui_cmd_switch_language: "Switch English / Indonesian (remembered in the config)",
    ui_cmd_load_other_version: "Load the sidecar or codebook version changed on disk (yours is kept)",
    ui_cmd_review: "Codings to review after the transcript changed (near matches, detached)",
    ui_cmd_codebook_screen: "Codebook screen: usage per code; add, edit, move, merge, split, retire codes",
    ui_hint_codebook_screen: "codebook",
    ui_cmd_memo: "Memo on this paragraph (Ctrl-s saves, Ctrl-o: $EDITOR)",
    ui_hint_memo: "memo",
    ui_cmd_document_memo: "Memo on this document",
    ui_cmd_search: "Search all documents as you type; n/N jump, Esc clears",
    ui_hint_search: "search",
    ui_cmd_retrieve: "Retrieval: paragraphs with a code, or codes and/or/but not",
    ui_hint_retrieve: "retrieve",
    ui_cmd_overview: "Overview: counts per code, coverage, code x document table",
    ui_hint_overview: "overview",
    ui_cmd_finish_document: "Mark this document finished (again: unmark it); agreement compares finished ones",
    ui_cmd_agreement: "Agreement with the other coders; Enter there: settle disagreements",
    ui_cmd_attributes: "Attributes of this document (role, city, date...): see, edit, add",
    ui_cmd_messages: "The last messages of this session, newest first (what the status line cut short)",
    ui_cmd_help: "Help: every key, the code keys, where the files are",
    ui_hint_help: "help",
    ui_cmd_quit: "Quit (every decision is already saved)",
    ui_hint_quit: "quit",
    // -- ui: the help screen --
    ui_help_title: " tandai help ",
    ui_help_keys: "Keys (from your keymap)",
    ui_help_code_keys: "Code keys (from the codebook): press to apply, again to remove",
    ui_help_keyless_one: "{n} more code without a key: open the code picker and type.",
    ui_help_keyless_other: "{n} more codes without a key: open the code picker and type.",
    ui_help_files: "Files",
    /// A heading over what was left out of the current document when it was read.
    ui_help_this_document: "This document ({name})",
    ui_help_notes: "Notes from loading",
    /// The help screen's paragraphs on how each other screen works.
    ui_help_picker: "In the code picker: type to filter (label in either language, or id), Up/Down or Ctrl-n/Ctrl-p move, Enter applies or removes the code, Esc or Ctrl-g closes.",
    ui_help_review: "Review screen (r), after a transcript changed: it shows where each coding was (as the sidecar kept it) and the paragraph it is on or would go to now. j/k move, Enter confirms a near match or attaches a detached coding to the current paragraph, x detaches / discards (twice), g goes there, u / Ctrl-r undo and redo (saved like any change), Esc closes.",
    ui_help_codebook: "Codebook screen (b): a add, A sub-code, n/e/i/x/E edit texts, c key, o colour, J/K reorder, m move, M merge, s split, R retire, X one-per-paragraph, D delete, u undo, Esc back. A code other coders applied is retired by Enter in the delete question; D there deletes it anyway.",
    ui_help_memo: "Memo editor (m, M): type; Enter new line; arrows, Home/End move; Alt-Backspace or Ctrl-w delete a word; Ctrl-s or Esc saves and closes; Ctrl-o hands it to $VISUAL / $EDITOR; Ctrl-g discards (twice when changed). u undoes memo changes.",
    ui_help_search: "Search (/): type to search every document, ignoring case and accents (Ctrl-t: exact); Enter keeps it, then n/N jump between matching paragraphs and Esc or Ctrl-g clears; Esc or Ctrl-g while typing goes back.",
    ui_help_retrieve: "Retrieval (f): paragraphs with the code under the cursor; / types a new query, e edits it, e.g. Kontak and Keterlibatan, 1 or 2, \"Mind and Self\" but not Society (dan, atau, kecuali work too); j/k move, Enter shows one in context, f comes back to the list, c another coder's, Esc or q closes.",
    ui_help_attributes: "Attributes (@): j/k move, Enter edits the value (checked by type), x clears, a adds an attribute, t changes a type, ]/[ next/previous document, u/Ctrl-r undo/redo, Esc closes. Saved to project.json.",
    ui_help_overview: "Overview (o): Tab switches tables (codes, coverage, code x document, code x attribute), j/k scroll, h/l documents or values, a the next attribute, d documents or paragraphs, c another coder's codings or everyone's (blind: on documents you finished), Esc closes.",
    ui_help_team: "Team (F, A): F marks a document finished. A compares you with the other coders on the documents you all finished (blind: nothing of theirs shows before); Tab picks other coders, Enter or d opens the disagreements: a/b/c/d take that coder's codes, + union, & intersection, x none, e by hand (code keys, then Enter), j/k move, s shows settled ones, u undoes; saved as the consensus coder.",
    ui_help_messages: "Messages (!): the last 50 messages of the session, newest first and whole (a message too long for the status line ends there with the key); j/k scroll, Esc closes.",
    ui_help_paste: "Pasting: a paste is text, never keys: into a memo with its line breaks; into the search, code picker, retrieval query and codebook fields as one line (at most 2,000 characters); elsewhere it is ignored.",
    ui_help_esc: "Esc and a key that arrive together (a slow link) read as Alt+key: unbound, that is Esc and then the key.",
    ui_help_help: "This help: j/k scroll, g/G (Home/End) go to the top and the end, ? or q or Esc or Enter closes.",
    ui_help_saving: "Every change is saved at once; the status line says saved / saving / NOT SAVED.",
    // -- ui: the status line --
    ui_status_saved: "✓ saved",
    ui_status_saving: "… saving",
    ui_status_not_saved: "✗ NOT SAVED: {why}",
    ui_status_readonly: "READ-ONLY",
    /// Codings of this document to review after its transcript changed; r opens them.
    ui_status_to_review: "{n} to review (r)",
    /// After a status message cut short: "! shows all" (the messages screen's key).
    ui_status_shows_all: "shows all",
    /// The hint for the codebook's code keys ("a-h code").
    ui_hint_code: "code",
    ui_search_exact: "exact",
    ui_search_any_case: "any case/accents",
    ui_search_no_match: "no match",
    ui_search_match_one: "{n} match",
    ui_search_match_other: "{n} matches",
    ui_search_docs_one: "{n} doc",
    ui_search_docs_other: "{n} docs",
    /// "10 matches in 10 ¶, 4 docs".
    ui_search_counts: "{matches} in {paras} ¶, {docs}",
    ui_search_typing_keys: " · {mode} (Ctrl-t) · Enter keeps · Esc back",
    ui_search_kept_keys: " · n/N next/prev · Esc clears",
    // -- ui: the coding screen's panes, picker, memo editor, messages --
    /// Below the minimum size; {min} and {now} are sizes like 50x12.
    ui_too_small: "tandai needs at least {min} (now {now}). Enlarge the terminal.",
    ui_documents_title: "Documents",
    /// A document's coverage column when it cannot be read.
    ui_documents_error: "error",
    ui_codebook_title: "Codebook",
    ui_codebook_empty: "The codebook is empty. Add codes to codebook.json (see docs/codebook-format.md).",
    ui_code_use_when: "Use when:",
    ui_code_not_when: "Not when:",
    ui_code_example: "Example:",
    /// After the document's name in the transcript's title, once it is marked finished.
    ui_transcript_finished: "finished",
    ui_transcript_no_text: "This document has no text to code.",
    ui_transcript_cannot_open: "Cannot open this document.\n\n{why}",
    /// Beside the key that shows the hidden documents pane: "\ documents".
    ui_transcript_documents: "documents",
    /// Inside a long paragraph: the first line shown.
    ui_transcript_line: "line {n}",
    ui_transcript_more_scroll: "more (scroll)",
    ui_transcript_more: "more",
    ui_messages_title: "Messages, newest first ({n}; the last {kept} are kept)",
    ui_messages_from: "from message {n} of {total}",
    ui_messages_newest: "newest",
    ui_messages_oldest: "oldest",
    /// After a key in a screen's foot: "j/k scroll".
    ui_key_scroll: "scroll",
    /// After a key in a screen's foot: "Esc closes".
    ui_key_closes: "closes",
    ui_picker_title: " Find a code (Enter apply · Esc close) ",
    ui_picker_none: "no code matches",
    ui_memo_on_paragraph: "Memo on {name} ¶{n}",
    ui_memo_on_document: "Memo on the document {name}",
    ui_memo_keys: " Ctrl-s saves · Enter new line · Ctrl-o $EDITOR · Ctrl-g discards ",
    ui_memo_armed_keys: " Ctrl-g again discards the changes · Ctrl-s saves ",
    // -- ui: coding messages on the status line --
    /// The config file could not be written (the documents pane or L's choice).
    ui_session_only: "This choice lasts for this session only: {why}",
    ui_all_coded: "Every paragraph of every document has a code.",
    ui_code_merged: "{label} was merged into {into}; apply that code instead.",
    ui_code_retired: "{label} is retired: it is kept for old codings but no longer applied.",
    ui_code_heading: "{label} is a category heading, not a code to apply.",
    ui_read_only: "Read-only: {why}",
    ui_no_paragraphs: "This document has no paragraphs to code.",
    ui_nothing_to_undo: "Nothing to undo.",
    ui_nothing_to_redo: "Nothing to redo.",
    /// {what} is one of the ui_did_ texts: "Undone: +Contact on ¶4".
    ui_undone: "Undone: {what}",
    ui_redone: "Redone: {what}",
    ui_did_memo: "memo on ¶{n}",
    ui_did_document_memo: "document memo",
    ui_did_finish: "{name} marked finished",
    ui_did_unfinish: "{name} no longer marked finished",
    /// {codes}: "+Contact −Intimacy on ¶4" (ui_did_codes).
    ui_did_settle: "consensus {codes} of {name}",
    ui_did_unsettle: "consensus {codes} of {name} (not settled)",
    ui_did_review: "review: {note}",
    ui_did_no_change: "no change of codes",
    /// {codes}: "+Contact −Intimacy".
    ui_did_codes: "{codes} on ¶{n}",
    ui_no_code_matches: "No code matches.",
    ui_audit_failed: "Audit log not written: {why}. The lines are kept and tried again with the next change.",
    ui_audit_again: "The audit log is written again.",
    /// {doc}: the document; {name}: the kept copy's file name; {key}: load_other_version's key.
    ui_sidecar_conflict: "{doc}: the sidecar was changed outside tandai; that version is kept as {name}. Press {key} to load it instead.",
    ui_consensus_conflict: "{doc}: the consensus sidecar was changed outside tandai; that version is kept as {name}.",
    ui_no_other_version: "Neither this document nor the codebook has another version to load.",
    ui_quit_unsaved: "Press quit again to quit with edits NOT SAVED (they are in the recovery journal if it could be written): {why}",
    /// A note on loading: codings of a document whose transcript changed.
    ui_note_transcript_changed: "{name}: the transcript changed since it was coded: {near} codings moved by a near match, {detached} without a paragraph; press r there to review",
    ui_note_merged_one: "{n} coding of merged codes now uses the code it was merged into.",
    ui_note_merged_other: "{n} codings of merged codes now use the code they were merged into.",
    /// The first note on loading, when there are more: they are in the help screen.
    ui_note_more: "{first} (+{n} more: see help)",
    ui_history_not_saved: "NOT SAVED: {why}",
    ui_no_messages: "No messages yet in this session.",
    ui_memo_no_paragraphs: "This document has no paragraphs.",
    ui_memo_discard_ask: "Discard the changes to this memo? Press Ctrl-g again; Ctrl-s saves.",
    ui_memo_discarded: "Memo changes discarded.",
    ui_editor_failed: "The external editor failed: {why}",
    ui_memo_updated: "Memo updated.",
    /// {query} comes quoted: No match for "michat".
    ui_search_none_for: "No match for {query}.",
    /// {matches}, {paras}, {docs}: counted ("3 matches", "2 paragraphs", "1 document").
    ui_search_summary: "{matches} in {paras} of {docs} for {query}: n/N next/previous, Esc clears.",
    ui_search_paras_one: "{n} paragraph",
    ui_search_paras_other: "{n} paragraphs",
    ui_search_documents_one: "{n} document",
    ui_search_documents_other: "{n} documents",
    ui_search_at: "Match {pos} of {n} paragraphs.",
    ui_search_at_top: "Match {pos} of {n} paragraphs (from the top).",
    ui_search_at_bottom: "Match {pos} of {n} paragraphs (from the bottom).",
    ui_search_cleared: "Search cleared.",
    /// A retrieval with only a `where` clause on attributes.
    ui_retrieve_any_code: "any code",
    ui_retrieve_where: "{codes} where {filter}",
    ui_retrieve_opened: "Retrieved passage {pos} of {n}: {key} goes back to the list.",
    ui_book_unreadable: "{name} was merged but cannot be read back: {why}",
    ui_book_changes_one: "{n} change",
    ui_book_changes_other: "{n} changes",
    ui_book_merged: "Merged {name}: {changes} from another coder/program.",
    /// {why} is empty or ": the reason" (it follows "yours" directly).
    ui_book_conflict: "Kept the other version of {name} as {copy} ({key} on the coding screen loads it; yours is saved): it cannot be merged with yours{why}.",
    /// The codebook when it has no file name.
    ui_book_the_codebook: "the codebook",
    /// The status line in a retest session: "retest 3/20, 2 coded".
    ui_retest_status: "retest {at}, {n} coded",
    ui_retest_done: "Every sampled paragraph has a code: the retest is done.",
    ui_retest_no_more: "No more documents in the sample.",
    ui_retest_outside: "Not in the retest sample: this session codes only the {n} sampled paragraphs (j/k go to them).",
    ui_paste_key: "Paste ignored: type the key for this code.",
    ui_paste_editor: "Paste ignored: this screen takes keys, not text (a, n, e... open a field to type in).",
    ui_paste_keys: "Paste ignored: this screen takes keys, not text. Paste into a memo (m) or a search (/).",
    ui_paste_too_long: "Paste ignored: {n} characters is more than this one-line prompt takes ({limit}).",
    ui_paste_cut: "The paste was too long: its last {n} bytes were left out.",
    ui_documents_no_room: "The documents pane needs a terminal {need} columns wide (this one has {now}); it shows when there is room.",
    // -- ui: retrieval screen --
    /// Whose codings a view shows, when it is everyone's.
    ui_all_coders: "all coders",
    ui_retrieve_key_open: "shows one in context",
    ui_retrieve_key_new: "new query",
    ui_retrieve_key_edit: "edits it",
    /// After the key c in a screen's foot.
    ui_key_another_coder: "another coder",
    /// {whose}: a coder or "all coders"; {passages}: "3 passages".
    ui_retrieve_title: " Retrieval ({whose}): {passages} ",
    ui_retrieve_passages_one: "{n} passage",
    ui_retrieve_passages_other: "{n} passages",
    /// Before the query the user types.
    ui_retrieve_codes: "Codes:",
    ui_retrieve_invalid: "{why} (showing the last valid query)",
    /// The query words stay English and Indonesian both (and/dan, or/atau, but not/kecuali).
    ui_retrieve_about: "{query} · and, or, but not combine codes; where role=polisi narrows",
    ui_retrieve_none: "No paragraph carries these codes (for the coder shown; c shows another).",
    // -- ui: overview screen --
    /// {whose}: a coder or "all coders".
    ui_overview_title: "Overview ({whose})",
    ui_overview_tab_codes: "Codes",
    ui_overview_tab_coverage: "Coverage",
    ui_overview_tab_matrix: "Code x document",
    ui_overview_tab_by: "Code x attribute",
    /// A column heading: keep it within 9 columns.
    ui_overview_documents: "documents",
    ui_overview_paragraphs: "paragraphs",
    ui_overview_code: "Code",
    ui_overview_document: "Document",
    /// In the corner of the code x document table: "Code \ document".
    ui_overview_document_lower: "document",
    /// A column heading: keep it within 7 columns.
    ui_overview_coded: "coded",
    /// An attribute value not given: keep it within 8 columns.
    ui_overview_none: "(none)",
    ui_overview_all: "(all)",
    ui_overview_no_attributes: "No attributes: @ on the coding screen adds them.",
    ui_overview_rows: "rows {from}-{to} of {n}",
    ui_overview_tab_key: "Tab switches tables",
    ui_overview_next_attribute: "a: next attribute ({n}/{total})",
    ui_overview_values: "values {from}-{to} of {n}, h/l",
    ui_overview_documents_range: "documents {from}-{to} of {n}, h/l",
    /// After the key c: whose codings the view shows.
    ui_overview_coder: "coder",
    // -- ui: review screen --
    ui_review_title: " Needs review: {name} ({n}) ",
    /// A list row: a coding re-attached by a near match; {codes}: its code labels.
    ui_review_near: "¶{n} near match: {codes}",
    ui_review_detached: "was ¶{n}, detached: {codes}",
    ui_review_detached_memo: "was ¶{n}, detached: {codes} + memo",
    ui_review_was_near: "Was: ¶{n}, characters {start}-{end}, in words close to these (the sidecar keeps no transcript text)",
    ui_review_was_unknown: "Was: not known any more (the sidecar was saved since; it keeps no transcript text)",
    /// {memo} is empty or "; memo: first line".
    ui_review_was_detached: "Was: ¶{n}, characters {start}-{end}: {codes}{memo}; its text is gone or changed beyond matching",
    ui_review_now: "Now:",
    ui_review_number_now: "Its number now:",
    ui_review_would_go: "Would go to:",
    ui_review_no_codes: "no codes",
    ui_review_key_attach: "attaches to ¶{n}",
    ui_review_key_confirm: "confirms",
    ui_review_key_detach: "detaches",
    ui_review_key_show: "shows it in the text",
    ui_review_key_discard: "discards",
    /// After a key in a screen's foot.
    ui_key_move: "move",
    ui_key_undo: "undo",
    ui_key_redo: "redo",
    ui_review_nothing: "Nothing to review in this document.",
    ui_review_discard_ask: "Press x again to discard these codings (u brings them back).",
    // -- ui: agreement and settle screens --
    /// "ana vs budi, citra".
    ui_agree_vs: "{first} vs {others}",
    ui_agree_alone: "{first}, no other coder yet",
    ui_agree_title: " Agreement · {pair} · Tab: other coders · Esc closes ",
    /// Column headings: keep within 5 and 6 columns.
    ui_agree_units: "units",
    ui_agree_agree: "agree",
    /// Column heading (both coders applied the code): keep within 5 columns.
    ui_agree_both: "both",
    ui_agree_codes: "Codes (present or absent on each paragraph)",
    ui_agree_groups: "Exclusive groups (which code, or none)",
    ui_agree_overall: "Overall (each paragraph x pooled code)",
    /// A coefficient of 0/0: keep within 9 columns.
    ui_agree_undefined: "undefined",
    /// A coefficient that does not apply: keep within 9 columns.
    ui_agree_not_applicable: "n/a",
    ui_agree_undefined_note: "undefined: 0/0, e.g. no coder used the code (tandai agree says why for each)",
    ui_agree_docs_one: "{n} document",
    ui_agree_docs_other: "{n} documents",
    ui_agree_compared: "{docs} compared; {left} left out (not finished by everyone, or unreadable).",
    ui_agree_more_left: "... and {n} more (tandai agree lists them all)",
    ui_agree_settle_key: "Enter or d: settle the disagreements",
    ui_agree_foot: " {queue} · {n} settled so far by {consensus} · j/k scroll",
    ui_agree_all_pooled: "all pooled codes",
    ui_settle_title: " Settle · {pair} · {name} ¶{para} · {n} of {total} settled ",
    ui_settle_no_code: "(no code)",
    /// {who}: the consensus coder's name.
    ui_settle_as_none: "{who}: settled as none of the codes",
    ui_settle_as: "{who}: settled as {codes}",
    ui_settle_not_yet: "{who}: not settled yet",
    ui_settle_by_hand: "By hand: the code keys toggle codes on the consensus; Enter or Esc when done.",
    /// {last}: the last coder's key (a-b, a-c...).
    ui_settle_keys_show: "a-{last} take that coder's codes · + union · & intersection · x none · e by hand · j/k next/previous · s show settled · u undo · Esc back",
    ui_settle_keys_hide: "a-{last} take that coder's codes · + union · & intersection · x none · e by hand · j/k next/previous · s hide settled · u undo · Esc back",
    // -- ui: team messages --
    /// {key}: the finish_document key.
    ui_team_unfinished: "{name}: no longer marked finished. Press {key} to mark it again.",
    ui_team_finished: "{name}: marked finished; it counts in agreement and can be compared (A). Press {key} to take the mark back.",
    /// {first}: the coder whose first coding is retested; {coder}: the retest's coder.
    ui_team_retest: "Not during a retest: {first}'s first coding stays hidden. Compare afterwards with tandai agree --coders {first},{coder}.",
    ui_team_blind: "Blind coding: other coders' codes show only for documents you have finished. Press {key} on a document you have finished coding.",
    ui_team_as_consensus: "You are coding as the consensus coder ({consensus}); open tandai as yourself (--coder NAME) to compare and settle.",
    ui_team_unreadable: "{n} sidecars of other coders cannot be read; their documents are not compared (see help).",
    ui_team_not_loaded: "the other coders' sidecars are not loaded",
    ui_team_no_other_consensus: "No other coder has a sidecar in this project yet (the consensus coder {consensus} is not compared).",
    /// Why a document is left out of agreement.
    ui_team_cannot_read: "cannot be read: {why}",
    ui_team_not_finished: "not finished by you ({coder})",
    ui_team_settled_shown: "Settled paragraphs are shown.",
    ui_team_settled_hidden: "Settled paragraphs are hidden.",
    ui_team_nothing_compared: "Nothing is compared, so there is nothing to settle.",
    ui_team_all_agree: "The compared coders agree on every paragraph: nothing to settle.",
    ui_team_all_settled: "Every disagreement is settled; they are shown to revisit.",
    /// How a paragraph was settled (ui_team_settled's {how}).
    ui_how_take: "{who}'s codes",
    ui_how_union: "every code any coder applied",
    ui_how_intersection: "the codes all coders applied",
    ui_how_none: "none of the codes",
    ui_how_by_hand: "codes chosen by hand",
    ui_team_union_clash: "The union would put {a} and {b} on one paragraph, and their group takes one per paragraph: take one coder's codes, or e to code it by hand.",
    ui_team_inactive: "{label} cannot be applied (a heading, retired or merged code).",
    ui_team_settled: "{name} ¶{para}: settled with {how}. {n} of {total} settled.",
    ui_team_no_other: "No other coder has a sidecar in this project yet.",
    ui_team_showing_mine: "Showing your own codings.",
    ui_team_showing_blind: "Showing the codings of {who} (documents you have finished).",
    ui_team_showing: "Showing the codings of {who}.",
    /// The language's code, as `--lang` and the config take it.
    language_code: "en",
    // ==== Commands: --help, output headings, messages (src/commands, src/core) ====
    // (new command messages go above the closing brace)
}
