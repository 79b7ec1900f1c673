//! The UHRI importer's checks on any bytes that start as a ZIP archive, as XLSX
//! workbooks do (seeded with workbooks).
#![no_main]

use libfuzzer_sys::fuzz_target;
use uprgraph_store::Format;

fuzz_target!(|bytes: &[u8]| {
    let mut file = b"PK\x03\x04".to_vec();
    file.extend_from_slice(bytes.strip_prefix(b"PK\x03\x04").unwrap_or(bytes));
    uprgraph_fuzz::check(Format::Uhri, &file);
});
