//! Excerpts: the run of a text's words that holds the most highlights.

use std::ops::Range;

use super::Word;

/// An excerpt of a text: `window` words around the densest run of highlights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The bytes of the text the excerpt spans.
    pub span: Range<usize>,
    /// The text goes on before the excerpt.
    pub cut_before: bool,
    /// The text goes on after the excerpt.
    pub cut_after: bool,
}

/// Whether each word overlaps a highlight, in one walk over both: `words` in text
/// order and `highlights` in order without overlaps, as [`SearchQuery::highlights_in`]
/// gives them. Linear in the words plus the highlights, however many there are.
pub fn marked_words(words: &[Word], highlights: &[Range<usize>]) -> Vec<bool> {
    debug_assert!(highlights.windows(2).all(|h| h[0].end <= h[1].start));
    let mut next = 0;
    words
        .iter()
        .map(|w| {
            // A highlight that ends before this word ends before every later word too.
            while highlights.get(next).is_some_and(|h| h.end <= w.span.start) {
                next += 1;
            }
            highlights
                .get(next)
                .is_some_and(|h| h.start < w.span.end && w.span.start < h.end)
        })
        .collect()
}

/// The run of at most `window` consecutive words holding the most highlighted words
/// (the earliest such run, centred on its highlights); the start of the text when
/// nothing is highlighted. `highlights` are in order and without overlaps, as
/// [`SearchQuery::highlights_in`] gives them; the work is linear in the words plus
/// the highlights.
pub fn excerpt(text: &str, words: &[Word], highlights: &[Range<usize>], window: usize) -> Excerpt {
    let window = window.max(1);
    if words.len() <= window {
        return Excerpt {
            span: 0..text.len(),
            cut_before: false,
            cut_after: false,
        };
    }
    let marked: Vec<usize> = marked_words(words, highlights)
        .into_iter()
        .map(usize::from)
        .collect();
    let mut count: usize = marked[..window].iter().sum();
    let (mut best, mut best_count) = (0, count);
    for start in 1..=words.len() - window {
        count = count + marked[start + window - 1] - marked[start - 1];
        if count > best_count {
            (best, best_count) = (start, count);
        }
    }
    // Centre the window on the highlights it holds, so that a match is not left at its
    // edge; the highlights stay inside, so it holds at least as many as before.
    if let (Some(first), Some(last)) = (
        (best..best + window).find(|i| marked[*i] == 1),
        (best..best + window).rev().find(|i| marked[*i] == 1),
    ) {
        best = ((first + last) / 2)
            .saturating_sub(window / 2)
            .min(words.len() - window);
    }
    Excerpt::of_words(text, words, best, window)
}

impl Excerpt {
    /// The excerpt of the `window` words from word `first` on: from the start of the
    /// text when it starts with the first word, to its end when it ends with the last.
    pub(super) fn of_words(text: &str, words: &[Word], first: usize, window: usize) -> Self {
        let last = first + window - 1;
        Excerpt {
            span: if first == 0 {
                0
            } else {
                words[first].span.start
            }..if last == words.len() - 1 {
                text.len()
            } else {
                words[last].span.end
            },
            cut_before: first > 0,
            cut_after: last < words.len() - 1,
        }
    }
}
