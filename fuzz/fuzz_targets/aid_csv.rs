//! The AidCsv importer's checks on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uprgraph_store::Format;

fuzz_target!(|bytes: &[u8]| uprgraph_fuzz::check(Format::AidCsv, bytes));
