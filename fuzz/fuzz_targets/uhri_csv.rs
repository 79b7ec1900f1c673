//! The UHRI importer's checks on any bytes (seeded with CSV files).
#![no_main]

use libfuzzer_sys::fuzz_target;
use uprgraph_store::Format;

fuzz_target!(|bytes: &[u8]| uprgraph_fuzz::check(Format::Uhri, bytes));
