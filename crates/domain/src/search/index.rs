//! How text is cut into words and folded into index terms: one folding for the index,
//! for queries and for highlights, so that SQLite and PostgreSQL are asked about the
//! same words and find the same rows.

use std::{ops::Range, sync::OnceLock};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use super::{fold, Rule};

pub(super) fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// A word of a text: where it stands (bytes of the text) and how it is indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The bytes of the text the word spans.
    pub span: Range<usize>,
    /// The word in lower case without diacritics (`turkiye`); prefixes match this.
    pub folded: String,
    /// The index term: the Snowball English stem of `folded` (`discrimin`), folded
    /// further by the vocabularies (`women` and `woman` are `woman`); words and phrases
    /// match this. A closed compound (`nondiscrimination`) is one word of the text but
    /// one `Word` per part, each with the whole word's span and `folded`.
    pub stem: String,
    /// The vocabulary that made `stem` differ from the word's own stem, if one did.
    pub rule: Option<Rule>,
}

/// A word is a run of letters and ASCII digits once folded. Everything else separates
/// words. (Digits of other scripts are left out because PostgreSQL's parser, which
/// reads the index text on that side, does not take them for word characters.)
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit()
}

/// Cuts `text` into its words, folded and stemmed.
pub fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    let mut finish = |current: &mut Option<(usize, usize, String)>| {
        if let Some((start, end, folded)) = current.take() {
            match fold::compound_parts(&folded) {
                Some(parts) => {
                    for part in parts {
                        let (stem, _) = fold::term(stemmer().stem(part).into_owned());
                        words.push(Word {
                            span: start..end,
                            folded: folded.clone(),
                            stem,
                            rule: Some(Rule::Compound),
                        });
                    }
                }
                None => {
                    let (stem, rule) = fold::term(stemmer().stem(&folded).into_owned());
                    words.push(Word {
                        span: start..end,
                        folded,
                        stem,
                        rule,
                    });
                }
            }
        }
    };
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        let mut folded = c
            .to_lowercase()
            .nfkd()
            .filter(|f| !is_combining_mark(*f))
            .peekable();
        if folded.peek().is_none() {
            // A combining mark of a decomposed letter: part of the word it follows.
            if let Some(word) = current.as_mut() {
                word.1 = end;
            }
            continue;
        }
        for f in folded {
            if is_word_char(f) {
                let word = current.get_or_insert_with(|| (at, end, String::new()));
                word.1 = end;
                word.2.push(f);
            } else {
                finish(&mut current);
            }
        }
    }
    finish(&mut current);
    words
}

/// What the index holds for one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    /// The stems of the words in text order, each between two spaces (` a  b  c `): the
    /// index of words and phrases. The spaces cost nothing to the indexes, and let SQL
    /// count a stem's occurrences with one `replace` of ` stem `, since no two
    /// occurrences share a space.
    pub stems: String,
    /// The distinct folded words, separated by one space: the index of prefixes.
    pub words: String,
}

/// Each distinct stem of `stems` (a [`SearchText::stems`]) with its relevance: its
/// occurrences per character of `stems` (plus 100), times a million, rounded down. This
/// is the relevance the store computes in SQL for a search of that one stem, stored
/// ahead so that the best matches of a stem can be read from an index in order.
pub fn relevances(stems: &str) -> Vec<(&str, i64)> {
    let mut occurrences: Vec<(&str, i64)> = Vec::new();
    let mut at = std::collections::HashMap::new();
    for stem in stems.split_whitespace() {
        let i = *at.entry(stem).or_insert_with(|| {
            occurrences.push((stem, 0));
            occurrences.len() - 1
        });
        occurrences[i].1 += 1;
    }
    let length = stems.chars().count() as i64 + 100;
    for (_, n) in &mut occurrences {
        *n = *n * 1_000_000 / length;
    }
    occurrences
}

/// The index text of a recommendation's text.
pub fn search_text(text: &str) -> SearchText {
    let words = words(text);
    let stems: Vec<&str> = words.iter().map(|w| w.stem.as_str()).collect();
    let mut distinct: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for word in &words {
        if seen.insert(word.folded.as_str()) {
            distinct.push(&word.folded);
        }
    }
    SearchText {
        stems: if stems.is_empty() {
            String::new()
        } else {
            format!(" {} ", stems.join("  "))
        },
        words: distinct.join(" "),
    }
}
