//! The interface in English: the list of every message, with its English text. A new
//! message is added here and in `id.rs` (the compiler insists on both).

super::catalog! {
    /// The language's own name, as the interface names it.
    language_name: "English",
    // ==== Screens: src/app, src/tui, the first run in main.rs ====
    // (new screen messages go above `language_code`)
    /// The language's code, as `--lang` and the config take it.
    language_code: "en",
    // ==== Commands: --help, output headings, messages (src/commands, src/core) ====
    // (new command messages go above the closing brace)
}
