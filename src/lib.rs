//! tandai: keyboard-driven qualitative coding of interview transcripts.
//!
//! `core` holds everything that does not touch the terminal; `app` is the state and
//! the pure `update` function; `tui` draws and runs the loop.

pub mod app;
pub mod core;
pub mod i18n;
pub mod tui;
