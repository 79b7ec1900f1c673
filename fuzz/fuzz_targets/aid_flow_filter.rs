//! Aid-flow filters read from any JSON, as exports read them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(json) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let _ = uprgraph_graphql::aid_flow_filter_from_json(json);
    }
});
