//! Turning a file's bytes into text: a declared encoding, or one detected from the
//! bytes, with a byte-order mark removed.

use encoding_rs::{Encoding, MACINTOSH, UTF_8, WINDOWS_1252};

/// The text of a file and the encoding it was read in.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub detected: bool,
}

/// Looks up an encoding by any of its WHATWG labels (`utf-8`, `windows-1252`,
/// `latin1`, `macintosh`, ...).
pub fn encoding_by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes`. With no declared encoding, valid UTF-8 is UTF-8; anything else
/// is read as Windows-1252 or Mac OS Roman, whichever reads as more plausible text
/// (UPR Info's older exports are Mac OS Roman with CR line ends).
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, String> {
    if let Some(encoding) = declared {
        let (text, _, had_errors) = encoding.decode(bytes);
        if had_errors {
            return Err(format!("the file is not valid {}", encoding.name()));
        }
        return Ok(Decoded {
            text: strip_bom(text.into_owned()),
            encoding,
            detected: false,
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: strip_bom(text.to_owned()),
            encoding: UTF_8,
            detected: true,
        });
    }
    let mac_line_ends = bytes.contains(&b'\r') && !bytes.contains(&b'\n');
    let (encoding, text) = [WINDOWS_1252, MACINTOSH]
        .into_iter()
        .map(|encoding| {
            let text = encoding.decode_without_bom_handling(bytes).0.into_owned();
            let bonus = i64::from(encoding == MACINTOSH && mac_line_ends);
            (plausibility(&text) + bonus, encoding, text)
        })
        .max_by_key(|(score, encoding, _)| (*score, *encoding == WINDOWS_1252))
        .map(|(_, encoding, text)| (encoding, text))
        .expect("two candidates");
    Ok(Decoded {
        text,
        encoding,
        detected: true,
    })
}

fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// Scores how much the non-ASCII characters of a text look like European text:
/// lower-case letters inside words score, control characters and capitals in the
/// middle of lower-case words (the mark of a wrong code page) cost.
fn plausibility(text: &str) -> i64 {
    let mut score = 0;
    let mut before: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii() {
            let after = chars.peek().copied();
            let next_to_lower =
                before.is_some_and(char::is_lowercase) || after.is_some_and(char::is_lowercase);
            score += if c.is_control() {
                -10
            } else if c.is_lowercase() && next_to_lower {
                2
            } else if c.is_uppercase() && before.is_some_and(char::is_lowercase) {
                -2
            } else {
                0
            };
        }
        before = Some(c);
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_roman_is_told_from_windows_1252() {
        // "Equité" and "Hissène" as Mac OS Roman, with CR line ends.
        let mac = b"a,b\rEquit\x8e,Hiss\x8fne\r";
        let decoded = decode(mac, None).unwrap();
        assert_eq!(decoded.encoding, MACINTOSH);
        assert_eq!(decoded.text, "a,b\rEquité,Hissène\r");
        // The same words in Windows-1252.
        let windows = b"a,b\r\nEquit\xe9,Hiss\xe8ne\r\n";
        assert_eq!(decode(windows, None).unwrap().encoding, WINDOWS_1252);
    }

    #[test]
    fn utf8_and_its_byte_order_mark() {
        let decoded = decode("\u{feff}Türkiye".as_bytes(), None).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            (UTF_8, "Türkiye")
        );
        assert!(decode(b"T\xfcrkiye", Some(UTF_8)).is_err());
    }
}
