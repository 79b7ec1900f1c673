//! The checks every field of every format passes before a format reads it, the same
//! for SQLite and PostgreSQL: no NUL bytes or control characters (PostgreSQL refuses
//! NUL in text, SQLite stores it, and neither is text), and a size limit per kind of
//! field (an index entry must fit PostgreSQL's B-tree pages, a text its `tsvector`).
//! A record that fails any of them is refused as a whole, with its place, and the
//! format never sees it. Recommendation texts are checked once more as the search
//! index will hold them ([`search_text`]).

use uprgraph_domain::search::{search_text as fold, SearchText};

use crate::import::{
    formats::spec::FormatSpec, on_every_core, read::decode::place, read::sheet::Sheet,
    read::table::Table,
};

/// What a column holds, which sets what may stand in it and how long it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// A recommendation's text: several lines, up to the import's text limit.
    Text,
    /// A remark: several lines, up to [`MAX_NOTE_BYTES`].
    Note,
    /// One value a line (UHRI's multi-valued cells): up to [`MAX_NOTE_BYTES`], and
    /// each line a name that is indexed, up to [`MAX_LINE_BYTES`].
    Lines,
    /// One line: a code, a name, a number or a date, up to [`MAX_LINE_BYTES`].
    Line,
    /// A column the format does not read: several lines, up to the text limit.
    Unread,
}

/// The longest one-line value. Names become keys of unique indexes (themes, affected
/// persons), and a PostgreSQL B-tree entry must fit in a third of a page (2,704 bytes).
pub(crate) const MAX_LINE_BYTES: usize = 1024;
/// The longest remark or multi-valued cell.
pub(crate) const MAX_NOTE_BYTES: usize = 16 * 1024;
/// The most words a recommendation's text may have: PostgreSQL's `tsvector` keeps
/// word positions up to 16,383 only, so phrases further on would match differently.
pub(crate) const MAX_WORDS: usize = 16_383;
// The longest word once folded is the search's own bound, so that no search looks for a
// word no text can hold. PostgreSQL leaves words over 2,047 bytes out of a `tsvector`
// (SQLite's index keeps them), and each stem is a key of the B-tree of stored
// relevances.
pub(crate) use uprgraph_domain::search::MAX_WORD_BYTES;
/// The most bytes of index text (stems, or distinct words) a text may fold to: a
/// `tsvector` holds at most 1 MiB.
pub(crate) const MAX_INDEX_BYTES: usize = 1_000_000;

/// Checks every field of every record, refusing the records that fail and taking them
/// out of the table.
pub(crate) fn check(spec: &FormatSpec, table: &mut Table, sheet: &mut Sheet) {
    let kinds = spec.kinds(&table.header);
    let mut problems = std::mem::take(&mut table.problems).into_iter().peekable();
    let mut index = 0;
    table.records.retain(|record| {
        let errors_before = sheet.errors.len();
        while let Some(problem) = problems.next_if(|p| p.record == index) {
            sheet.reject_value(record, problem.column, &problem.value, problem.reason);
        }
        let mut lines_before = 0;
        for (column, field) in record.fields.iter().enumerate() {
            let kind = kinds.get(column).copied().unwrap_or(FieldKind::Unread);
            if let Err(reason) = check_field(field, kind, sheet.max_text_bytes) {
                let reason = match (reason, &sheet.sheet) {
                    (Problem::Character { at, what }, None) => {
                        let line = record.line + lines_before + place(&field[..at]).0 - 1;
                        let n = field[..at].chars().count() + 1;
                        format!("{what}, on line {line} at character {n} of the field")
                    }
                    (Problem::Character { at, what }, Some(_)) => {
                        let n = field[..at].chars().count() + 1;
                        format!("{what}, at character {n} of the cell")
                    }
                    (Problem::Other(reason), _) => reason,
                };
                sheet.reject(record, column, reason);
            }
            if sheet.sheet.is_none() {
                lines_before += place(field).0 - 1;
            }
        }
        index += 1;
        sheet.errors.len() == errors_before
    });
}

/// Why a field is refused.
enum Problem {
    /// A character that may not stand in the field, at a byte of it.
    Character {
        at: usize,
        what: String,
    },
    Other(String),
}

fn check_field(field: &str, kind: FieldKind, max_text_bytes: usize) -> Result<(), Problem> {
    let multi_line = !matches!(kind, FieldKind::Line);
    // A one-line field is read trimmed, so line breaks at its ends do no harm.
    let checked = if multi_line { field } else { field.trim() };
    let offset = checked.as_ptr() as usize - field.as_ptr() as usize;
    if let Some((at, c)) = checked
        .char_indices()
        .find(|&(_, c)| c.is_control() && !(multi_line && matches!(c, '\t' | '\n' | '\r')))
    {
        let what = match c {
            '\0' => "a NUL byte (U+0000): the file is not text there".to_owned(),
            '\t' | '\n' | '\r' => format!(
                "a {} (U+{:04X}) in a column that holds one line",
                if c == '\t' { "tab" } else { "line break" },
                u32::from(c)
            ),
            c => format!("a control character (U+{:04X})", u32::from(c)),
        };
        return Err(Problem::Character {
            at: offset + at,
            what,
        });
    }
    let max = match kind {
        FieldKind::Text | FieldKind::Unread => max_text_bytes,
        FieldKind::Note | FieldKind::Lines => MAX_NOTE_BYTES,
        FieldKind::Line => MAX_LINE_BYTES,
    };
    if field.len() > max {
        let hint = if kind == FieldKind::Text {
            " (--max-text-bytes sets this limit)"
        } else {
            ""
        };
        return Err(Problem::Other(format!(
            "the field has {} bytes; this column takes at most {max}{hint}",
            field.len()
        )));
    }
    if kind == FieldKind::Lines {
        if let Some(line) = field.lines().find(|l| l.trim().len() > MAX_LINE_BYTES) {
            return Err(Problem::Other(format!(
                "a value of {} bytes; each value of this column takes at most {MAX_LINE_BYTES}",
                line.trim().len()
            )));
        }
    }
    Ok(())
}

/// Folds a recommendation's text for the search index, refusing a text the index of
/// either database could not hold alike (see [`MAX_WORDS`], [`MAX_WORD_BYTES`] and
/// [`MAX_INDEX_BYTES`]). The distinct words, and so the rows of stored relevances, of
/// one text are bounded by these and by the text limit.
pub(crate) fn search_text(text: &str) -> Result<SearchText, String> {
    let folded = fold(text);
    let words = folded.stems.split_whitespace().count();
    if words > MAX_WORDS {
        return Err(format!(
            "the text has {words} words; the search index takes at most {MAX_WORDS} words a text"
        ));
    }
    if let Some(long) = folded.words.split(' ').find(|w| w.len() > MAX_WORD_BYTES) {
        let start: String = long.chars().take(20).collect();
        return Err(format!(
            "the text has a word of {} bytes once folded (`{start}…`); the search index takes words of at most {MAX_WORD_BYTES} bytes",
            long.len()
        ));
    }
    let index_bytes = folded.stems.len().max(folded.words.len());
    if index_bytes > MAX_INDEX_BYTES {
        return Err(format!(
            "the text folds to {index_bytes} bytes of index text; the search index takes at most {MAX_INDEX_BYTES}"
        ));
    }
    Ok(folded)
}

/// Texts fewer than this are folded on the calling thread: starting threads would cost
/// more than it saves.
const FOLD_ALONE_BELOW: usize = 4_096;

/// [`search_text`] of each of `texts`, in their order, folded on every core: folding
/// and stemming is most of the time a large file's reading takes.
pub(crate) fn search_texts(texts: &[&str]) -> Vec<Result<SearchText, String>> {
    on_every_core(texts, FOLD_ALONE_BELOW, |part| {
        part.iter()
            .map(|text| search_text(text))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(field: &str, kind: FieldKind) -> Option<String> {
        check_field(field, kind, 100).err().map(|p| match p {
            Problem::Character { at, what } => format!("{at}: {what}"),
            Problem::Other(reason) => reason,
        })
    }

    #[test]
    fn controls_are_refused_and_line_breaks_only_where_lines_are() {
        assert_eq!(problem("a\tb\r\nc", FieldKind::Text), None);
        assert_eq!(problem(" Israel\r\n", FieldKind::Line), None);
        assert_eq!(
            problem("ab\0", FieldKind::Text).as_deref(),
            Some("2: a NUL byte (U+0000): the file is not text there")
        );
        assert_eq!(
            problem(" Isr\nael", FieldKind::Line).as_deref(),
            Some("4: a line break (U+000A) in a column that holds one line")
        );
        assert_eq!(
            problem("é\u{7}", FieldKind::Note).as_deref(),
            Some("2: a control character (U+0007)")
        );
        assert_eq!(
            problem("\u{85}", FieldKind::Unread).as_deref(),
            Some("0: a control character (U+0085)")
        );
    }

    #[test]
    fn each_kind_has_its_size() {
        assert_eq!(problem(&"a".repeat(100), FieldKind::Text), None);
        assert!(problem(&"a".repeat(101), FieldKind::Text)
            .unwrap()
            .contains("at most 100 (--max-text-bytes"));
        assert_eq!(problem(&"a".repeat(MAX_LINE_BYTES), FieldKind::Line), None);
        assert!(problem(&"a".repeat(MAX_LINE_BYTES + 1), FieldKind::Line).is_some());
        let cell = format!("- {}\n- b", "a".repeat(MAX_LINE_BYTES));
        assert!(problem(&cell, FieldKind::Lines)
            .unwrap()
            .starts_with("a value of 1026 bytes"));
    }

    #[test]
    fn texts_the_index_cannot_hold_alike_are_refused() {
        assert!(search_text("Test record: a text of ordinary words").is_ok());
        let long_word = "x".repeat(MAX_WORD_BYTES + 1);
        assert!(search_text(&long_word)
            .unwrap_err()
            .contains("a word of 256 bytes"));
        let many = "a ".repeat(MAX_WORDS + 1);
        assert!(search_text(&many).unwrap_err().contains("16384 words"));
        assert!(search_text(&"a ".repeat(MAX_WORDS)).is_ok());
    }

    #[test]
    fn texts_folded_side_by_side_come_back_in_their_order() {
        let texts: Vec<String> = (0..FOLD_ALONE_BELOW * 3 + 7)
            .map(|i| match i % 1_000 {
                999 => "x".repeat(MAX_WORD_BYTES + 1),
                _ => format!("Recommendation {i} on the rights of children"),
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let together = search_texts(&texts);
        assert_eq!(together.len(), texts.len());
        for (text, folded) in texts.iter().zip(together) {
            assert_eq!(folded, search_text(text));
        }
    }
}
