//! The search query language on any text: a query, or a refusal with a position; and
//! the highlights of a parsed query on the same text stay within it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uprgraph_domain::search::SearchQuery;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(query) = SearchQuery::parse(text) {
        for range in query.highlights(text) {
            assert!(range.start <= range.end && range.end <= text.len());
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
    }
});
