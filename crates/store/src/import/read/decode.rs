//! Turning a file's bytes into text: a declared encoding, or one detected from the
//! bytes, with a byte-order mark removed.

use encoding_rs::{DecoderResult, Encoding, MACINTOSH, UTF_8, WINDOWS_1252};

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

/// Decodes `bytes`. With no declared encoding, valid UTF-8 is UTF-8, and so is a file
/// that is mostly UTF-8 (it is refused with the place of its first bad byte rather
/// than read as mojibake); anything else is read as Windows-1252 or Mac OS Roman,
/// whichever reads as more plausible text (UPR Info's older exports are Mac OS Roman
/// with CR line ends). A byte-order mark names the encoding, declared or not.
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return strict(&bytes[bom..], encoding, declared.is_none());
    }
    if let Some(encoding) = declared {
        return strict(bytes, encoding, false);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: UTF_8,
            detected: true,
        });
    }
    if mostly_utf8(bytes) {
        // `strict` fails here, at the first bad byte.
        return strict(bytes, UTF_8, true).map_err(|reason| {
            format!("{reason} (most of the file reads as UTF-8: correct that byte, or name the file's encoding with --encoding)")
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

/// Decodes `bytes` (without a byte-order mark) in `encoding`, refusing the first
/// malformed sequence with its line and column.
fn strict(bytes: &[u8], encoding: &'static Encoding, detected: bool) -> Result<Decoded, String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or("the file is too large to decode")?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(Decoded {
            text,
            encoding,
            detected,
        }),
        DecoderResult::Malformed(bad, after) => {
            // The decoder has read the malformed bytes and `after` bytes beyond them.
            let end = read - usize::from(after);
            let start = end - usize::from(bad);
            let (line, column) = place(&text);
            Err(format!(
                "line {line}, column {column}: byte {} is not valid {}",
                bytes[start..end]
                    .iter()
                    .map(|b| format!("0x{b:02X}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                encoding.name()
            ))
        }
        DecoderResult::OutputFull => unreachable!("the buffer is sized for the whole input"),
    }
}

/// The line (from 1) and column (in characters, from 1) just after `text`, counting
/// `\r\n`, `\n` and a lone `\r` as one line end each, as the CSV reader does.
pub(crate) fn place(text: &str) -> (u64, u64) {
    let mut line = 1;
    let mut column = 1;
    let mut after_cr = false;
    for c in text.chars() {
        match c {
            '\n' if after_cr => {}
            '\r' | '\n' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
        after_cr = c == '\r';
    }
    (line, column)
}

/// Whether bytes that are not valid UTF-8 are still mostly UTF-8: more valid
/// multi-byte sequences than invalid ones. A file in a single-byte legacy encoding
/// has an invalid sequence at nearly every non-ASCII letter (an accented letter is a
/// lead byte followed by ASCII) and valid multi-byte sequences only by accident (two
/// rare symbols in a row), so it has many more invalid sequences than valid ones; a
/// UTF-8 file with a stray byte has the opposite.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(tail) => {
                valid += tail.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(error) => {
                let good = &rest[..error.valid_up_to()];
                valid += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                invalid += 1;
                match error.error_len() {
                    Some(len) => rest = &rest[error.valid_up_to() + len..],
                    None => break,
                }
            }
        }
    }
    valid > invalid
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
        let declared = decode("\u{feff}Türkiye".as_bytes(), Some(UTF_8)).unwrap();
        assert_eq!(declared.text, "Türkiye");
        assert!(!declared.detected);
    }

    #[test]
    fn a_bad_byte_in_a_utf8_file_is_placed_not_read_as_mojibake() {
        // Valid accented letters and dashes, then one Windows-1252 byte on line 3.
        let mut bytes = "a,b\r\nCôte d’Ivoire — é,x\r\nun".as_bytes().to_vec();
        bytes.extend(b"\xe9t\xe9 ok,\xc3\xa9\r\n");
        let error = decode(&bytes, None).unwrap_err();
        assert!(
            error.starts_with("line 3, column 3: byte 0xE9 is not valid UTF-8"),
            "{error}"
        );
        // Declared, the same place, and no remark about detection.
        let error = decode(&bytes, Some(UTF_8)).unwrap_err();
        assert_eq!(error, "line 3, column 3: byte 0xE9 is not valid UTF-8");
        let error = decode(b"T\xfcrkiye", Some(UTF_8)).unwrap_err();
        assert_eq!(error, "line 1, column 2: byte 0xFC is not valid UTF-8");
        // A truncated sequence at the very end.
        let error = decode(b"ok\n\xe2\x80", Some(UTF_8)).unwrap_err();
        assert_eq!(error, "line 2, column 1: byte 0xE2 0x80 is not valid UTF-8");
    }

    #[test]
    fn places_count_every_line_end_style() {
        assert_eq!(place(""), (1, 1));
        assert_eq!(place("ab"), (1, 3));
        assert_eq!(place("a\r\nb\rc\nd"), (4, 2));
        assert_eq!(place("é\r"), (2, 1));
    }
}
