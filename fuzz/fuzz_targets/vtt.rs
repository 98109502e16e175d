//! The vtt reader: any bytes give a clear error or well-formed paragraphs (see
//! extracted.rs), the same twice.
#![no_main]

#[path = "extracted.rs"]
mod extracted;

use libfuzzer_sys::fuzz_target;
use tandai::core::documents::formats::Format;

fuzz_target!(|data: &[u8]| {
    extracted::check(Format::Vtt, data);
});
