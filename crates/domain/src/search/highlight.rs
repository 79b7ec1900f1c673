//! Highlights: the parts of a text a query matched, each with the term and the rule it
//! matched through, and their offsets as JavaScript counts them.

use std::ops::Range;

use super::{words, Pattern, QueryWord, Rule, SearchQuery, Word};

/// A part of a text a query matched: which term of the query, and through which rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// The bytes of the text.
    pub span: Range<usize>,
    /// The query term as typed (`women`, `"death penalty"`).
    pub term: String,
    /// How the text's words met the term's.
    pub rule: Rule,
}

impl SearchQuery {
    /// The byte ranges of `text` that the query's words, phrases and prefixes match
    /// (excluded terms are not marked), in order and without overlaps.
    pub fn highlights(&self, text: &str) -> Vec<Range<usize>> {
        self.highlights_in(&words(text))
            .into_iter()
            .map(|h| h.span)
            .collect()
    }

    /// The parts of a text (cut into `words`) that the query's kept terms match, in
    /// order and without overlaps, each with the term and the rule it matched through.
    /// Where two matches overlap they are one part, named after the one that starts
    /// first (the longest of those, then the first in the query).
    pub fn highlights_in(&self, words: &[Word]) -> Vec<Highlight> {
        let mut found: Vec<(Range<usize>, usize, Rule)> = Vec::new();
        for (i, term) in self.terms.iter().enumerate().filter(|(_, t)| t.kept) {
            for pattern in &term.patterns {
                match pattern {
                    Pattern::Words(wanted) => {
                        for run in words.windows(wanted.len()) {
                            if run.iter().zip(wanted).all(|(w, q)| w.stem == q.term) {
                                let rule = run
                                    .iter()
                                    .zip(wanted)
                                    .map(|(w, q)| why(w, q))
                                    .find(|r| *r != Rule::Exact)
                                    .unwrap_or(Rule::Exact);
                                found.push((span_of(run), i, rule));
                            }
                        }
                    }
                    Pattern::Name(terms) => {
                        for run in words.windows(terms.len()) {
                            if run.iter().zip(terms).all(|(w, t)| &w.stem == t) {
                                found.push((span_of(run), i, Rule::TreatyName));
                            }
                        }
                    }
                    Pattern::Prefix(prefix) => found.extend(
                        words
                            .iter()
                            .filter(|w| w.folded.starts_with(prefix.as_str()))
                            .map(|w| (w.span.clone(), i, Rule::Prefix)),
                    ),
                    Pattern::Exact(word) => found.extend(
                        words
                            .iter()
                            .filter(|w| &w.folded == word)
                            .map(|w| (w.span.clone(), i, Rule::Exact)),
                    ),
                }
            }
        }
        // Among matches that start together the longest leads, and among those the
        // query's first term (the sort is stable).
        found.sort_by_key(|(span, _, _)| (span.start, std::cmp::Reverse(span.end)));
        let mut merged: Vec<Highlight> = Vec::with_capacity(found.len());
        for (span, term, rule) in found {
            match merged.last_mut() {
                Some(last) if span.start < last.span.end => {
                    last.span.end = last.span.end.max(span.end);
                }
                _ => merged.push(Highlight {
                    span,
                    term: self.terms[term].typed.clone(),
                    rule,
                }),
            }
        }
        merged
    }
}

/// The bytes from the first word of `run` to the end of its last.
pub(super) fn span_of(run: &[Word]) -> Range<usize> {
    run[0].span.start..run[run.len() - 1].span.end
}

/// Why the text's `word` matched the query's `wanted` (they have the same term).
pub(super) fn why(word: &Word, wanted: &QueryWord) -> Rule {
    if word.folded == wanted.folded {
        Rule::Exact
    } else {
        word.rule.or(wanted.rule).unwrap_or(Rule::Stem)
    }
}

/// The UTF-16 code units before each byte offset of `text` (as JavaScript counts
/// them), for offsets in increasing order: one walk over the text, however many
/// offsets there are.
pub fn utf16_offsets(text: &str, bytes: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let (mut at, mut units) = (0, 0);
    bytes
        .into_iter()
        .map(|byte| {
            debug_assert!(byte >= at, "offsets in increasing order");
            units += text[at..byte].encode_utf16().count();
            at = byte;
            units
        })
        .collect()
}
