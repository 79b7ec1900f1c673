//! Decoding any bytes, detected or declared as UTF-8: text, or a refusal with a place.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uprgraph_store::decode_text;

fuzz_target!(|bytes: &[u8]| {
    for declared in [None, Some(encoding_rs::UTF_8)] {
        match decode_text(bytes, declared) {
            Ok((text, encoding)) => {
                if encoding == "UTF-8" && !bytes.starts_with(b"\xef\xbb\xbf") {
                    assert_eq!(text.as_bytes(), bytes);
                }
            }
            Err(reason) => assert!(reason.starts_with("line "), "{reason}"),
        }
    }
});
