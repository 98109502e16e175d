//! The interface in English: the list of every message, with its English text. A new
//! message is added here and in `id.rs` (the compiler insists on both).

super::catalog! {
    /// The language's own name, as the interface names it.
    language_name: "English",
}
