//! Antarmuka dalam Bahasa Indonesia: setiap pesan dari `en.rs`, dengan teks
//! Indonesianya. Ragam formal ("Anda"), dengan istilah yang dipakai mata kuliah metode
//! penelitian kualitatif: kode, buku kode, memo, paragraf, pengodean, koder,
//! keandalan antarpengode.

use super::Strings;

/// Words the same in both languages, so a text made only of them is not taken for a
/// forgotten translation.
pub const SAME_IN_BOTH: &[&str] = &[
    "tandai",
    "memo",
    "kappa",
    "alpha",
    "Krippendorff",
    "Cohen",
    "Fleiss",
    "REFI-QDA",
    "qdpx",
    "json",
    "csv",
    "html",
    "xlsx",
];

/// Antarmuka dalam Bahasa Indonesia.
pub const ID: Strings = Strings {
    language_name: "Bahasa Indonesia",
    // ==== Layar: src/app, src/tui, jalan pertama di main.rs ====
    language_code: "id",
    // ==== Perintah: --help, judul keluaran, pesan (src/commands, src/core) ====
};
