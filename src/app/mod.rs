//! The coding screen's state and its pure update function, free of terminal crates.

pub mod action;
pub mod attributes;
pub mod audit;
pub mod codebook_sync;
pub mod editor;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod loading;
pub mod memo;
pub mod messages;
pub mod overview;
pub mod paste;
pub mod picker;
pub mod retest;
pub mod retrieve;
pub mod review;
pub mod search;
pub mod state;
pub mod team;
pub mod team_agreement;
pub mod update;

pub use action::Action;
pub use state::{Effect, State};
pub use update::update;
