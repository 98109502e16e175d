//! The odt reader: any input (the XML of `content.xml`, wrapped into an archive here, or
//! a whole archive when it starts with `PK`) gives a clear error or well-formed
//! paragraphs (see extracted.rs), the same twice.
#![no_main]

#[path = "extracted.rs"]
mod extracted;

use libfuzzer_sys::fuzz_target;
use tandai::core::documents::formats::Format;

fuzz_target!(|data: &[u8]| {
    extracted::check(Format::Odt, &extracted::archive(data, "content.xml"));
});
