//! Where a search matches a recommendation's text: ranges, the text marked up, and a
//! snippet. Computed from the text with the folding the index uses, so the words
//! marked are the words that matched (`discriminate` marks `discrimination`), and
//! the same on SQLite and PostgreSQL.

use std::ops::Range;

use async_graphql::{Enum, Object, SimpleObject};
use uprgraph_domain::search::{excerpt, utf16_offsets, words, Highlight, Rule, SearchQuery, Word};

use crate::{
    plan::{Field, How, Planned, Planner, Unplanned},
    ApiError,
};

/// The most words a snippet may hold.
const MAX_SNIPPET_WORDS: i32 = 200;

/// Texts longer than this (bytes) are cut into words and highlighted on tokio's
/// blocking threads, so that one long text does not hold up the worker thread and the
/// other requests it serves. Shorter ones take less time than the hand-off.
pub(crate) const BLOCKING_TEXT_BYTES: usize = 16 * 1024;

/// Where a search matches a text.
#[derive(Debug)]
pub struct SearchMatches {
    text: String,
    words: Vec<Word>,
    /// Parts of `text`, in order, not overlapping.
    highlights: Vec<Highlight>,
}

impl SearchMatches {
    pub(crate) fn compute(text: String, query: &SearchQuery) -> Self {
        let words = words(&text);
        let highlights = query.highlights_in(&words);
        Self {
            text,
            words,
            highlights,
        }
    }

    /// The matches of `query` in `text`: computed in place for a short text, on a
    /// blocking thread for a long one (when a tokio runtime is running).
    pub(crate) async fn new(text: &str, query: &SearchQuery) -> Result<Self, ApiError> {
        let handle = tokio::runtime::Handle::try_current();
        match handle {
            Ok(handle) if text.len() > BLOCKING_TEXT_BYTES => {
                let (text, query) = (text.to_owned(), query.clone());
                handle
                    .spawn_blocking(move || Self::compute(text, &query))
                    .await
                    .map_err(|err| {
                        tracing::error!(error = %err, "highlighting a long text failed");
                        ApiError::Internal
                    })
            }
            _ => Ok(Self::compute(text.to_owned(), query)),
        }
    }

    /// `text[span]` with every highlight inside it wrapped in `open` and `close`.
    fn marked(&self, span: Range<usize>, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(span.len() + 16);
        let mut at = span.start;
        for h in &self.highlights {
            let (start, end) = (h.span.start.max(span.start), h.span.end.min(span.end));
            if start >= end {
                continue;
            }
            out.push_str(&self.text[at..start]);
            out.push_str(open);
            out.push_str(&self.text[start..end]);
            out.push_str(close);
            at = end;
        }
        out.push_str(&self.text[at..span.end]);
        out
    }
}

/// A part of a text, in UTF-16 code units as JavaScript counts them
/// (`text.slice(start, end)`).
#[derive(Debug, SimpleObject)]
pub struct TextRange {
    /// Where the part begins: UTF-16 code units before it.
    start: i32,
    /// Where the part ends: UTF-16 code units up to its end.
    end: i32,
    /// The part itself, as it stands in the text.
    text: String,
    /// The term of the search it matched, as typed (`women`, `"death penalty"`,
    /// `abol*`, `=woman`).
    term: String,
    /// Why it matched that term.
    rule: SearchRule,
}

/// Why a part of a text matched a term of a search. The rules and their vocabularies
/// are documented in `docs/search.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum SearchRule {
    /// The same word, up to case and diacritics (`Habré` for `habre`).
    Exact,
    /// Another form of the word the Snowball English stemmer folds together
    /// (`discrimination` for `discriminate`).
    Stem,
    /// An irregular plural or its singular (`women` for `woman`).
    IrregularForm,
    /// A British or American spelling of UN English (`labor` for `labour`).
    SpellingVariant,
    /// A compound written closed, hyphenated or spaced (`nondiscrimination` for
    /// `non-discrimination`).
    Compound,
    /// A derived form from the curated table (`ratification` for `ratify`).
    DerivedForm,
    /// The other name of a treaty or body (`Convention on the Rights of the Child`
    /// for `CRC`).
    TreatyName,
    /// A word beginning with the prefix searched (`abol*`).
    Prefix,
}

impl From<Rule> for SearchRule {
    fn from(rule: Rule) -> Self {
        match rule {
            Rule::Exact => Self::Exact,
            Rule::Stem => Self::Stem,
            Rule::Irregular => Self::IrregularForm,
            Rule::Variant => Self::SpellingVariant,
            Rule::Compound => Self::Compound,
            Rule::Derived => Self::DerivedForm,
            Rule::TreatyName => Self::TreatyName,
            Rule::Prefix => Self::Prefix,
        }
    }
}

impl SearchMatches {
    /// The matched parts of the text, in order.
    fn ranges(&self) -> Vec<TextRange> {
        // The highlights are in order: their offsets are counted in one walk.
        let offsets = utf16_offsets(
            &self.text,
            self.highlights
                .iter()
                .flat_map(|h| [h.span.start, h.span.end]),
        );
        let utf16 = |units: usize| i32::try_from(units).unwrap_or(i32::MAX);
        self.highlights
            .iter()
            .zip(offsets.chunks_exact(2))
            .map(|(h, units)| TextRange {
                start: utf16(units[0]),
                end: utf16(units[1]),
                text: self.text[h.span.clone()].to_owned(),
                term: h.term.clone(),
                rule: h.rule.into(),
            })
            .collect()
    }

    /// How many parts match.
    fn count(&self) -> i32 {
        i32::try_from(self.highlights.len()).unwrap_or(i32::MAX)
    }

    /// The whole text, its matched parts marked.
    fn highlighted(&self, open: &str, close: &str) -> String {
        self.marked(0..self.text.len(), open, close)
    }

    /// An excerpt of at most `words` words around the matches, marked and cut.
    fn snippet(
        &self,
        words: i32,
        open: &str,
        close: &str,
        ellipsis: &str,
    ) -> Result<String, ApiError> {
        if !(1..=MAX_SNIPPET_WORDS).contains(&words) {
            return Err(ApiError::bad_input(format!(
                "`words` must be between 1 and {MAX_SNIPPET_WORDS}, not {words}"
            )));
        }
        let spans: Vec<Range<usize>> = self.highlights.iter().map(|h| h.span.clone()).collect();
        let cut = excerpt(&self.text, &self.words, &spans, words as usize);
        let mut out = String::new();
        if cut.cut_before {
            out.push_str(ellipsis);
        }
        out.push_str(&self.marked(cut.span, open, close));
        if cut.cut_after {
            out.push_str(ellipsis);
        }
        Ok(out)
    }
}

/// Where a search matches a text: the words and phrases it looks for (the ones it
/// excludes with NOT are not marked), whatever their form, case or diacritics.
#[Object]
impl SearchMatches {
    /// The matched parts of the text, in order, each with the term it matched and why.
    #[graphql(name = "ranges")]
    async fn resolve_ranges(&self) -> Vec<TextRange> {
        self.ranges()
    }

    /// How many parts of the text match.
    #[graphql(name = "count")]
    async fn resolve_count(&self) -> i32 {
        self.count()
    }

    /// The whole text with each matched part between `open` and `close`. The text is not
    /// escaped: to show it as HTML, escape it yourself or build it from `ranges`.
    #[graphql(name = "highlighted")]
    async fn resolve_highlighted(
        &self,
        #[graphql(desc = "Put before each matched part.", default = "<mark>")] open: String,
        #[graphql(desc = "Put after each matched part.", default = "</mark>")] close: String,
    ) -> String {
        self.highlighted(&open, &close)
    }

    /// An excerpt of at most `words` words, where the most matched words lie close
    /// together (the start of the text if nothing matches), with each matched part between
    /// `open` and `close`, and `ellipsis` where the text was cut. Not escaped, like
    /// `highlighted`.
    #[graphql(name = "snippet")]
    async fn resolve_snippet(
        &self,
        #[graphql(desc = "The most words the excerpt holds, 1 to 200.", default = 30)] words: i32,
        #[graphql(desc = "Put before each matched part.", default = "<mark>")] open: String,
        #[graphql(desc = "Put after each matched part.", default = "</mark>")] close: String,
        #[graphql(desc = "Put where the text was cut.", default = "…")] ellipsis: String,
    ) -> async_graphql::Result<String> {
        self.snippet(words, &open, &close, &ellipsis)
            .map_err(ApiError::into_graphql)
    }
}

impl Planned for SearchMatches {
    type Row = SearchMatches;
    const NAME: &'static str = "SearchMatches";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = SearchMatches;
        Ok(match f.name() {
            "ranges" => plan.made_list::<_, TextRange>(f, |r: &Row| r.ranges())?,
            "count" => How::Value(|r: &Row, o| o.int(r.count())),
            "highlighted" => match (f.argument::<String>("open"), f.argument::<String>("close")) {
                (Ok(open), Ok(close)) => How::computed(move |r: &Row, o| {
                    o.str(&r.highlighted(&open, &close));
                    Ok(())
                }),
                (Err(error), _) | (_, Err(error)) => How::Error(error),
            },
            "snippet" => {
                let arguments = (|| {
                    Ok::<_, async_graphql::ServerError>((
                        f.argument::<i32>("words")?,
                        f.argument::<String>("open")?,
                        f.argument::<String>("close")?,
                        f.argument::<String>("ellipsis")?,
                    ))
                })();
                match arguments {
                    Ok((words, open, close, ellipsis)) => How::computed(move |r: &Row, o| {
                        o.str(&r.snippet(words, &open, &close, &ellipsis)?);
                        Ok(())
                    }),
                    Err(error) => How::Error(error),
                }
            }
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for TextRange {
    type Row = TextRange;
    const NAME: &'static str = "TextRange";

    fn field<'d>(f: &Field<'_, 'd>, _: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = TextRange;
        Ok(match f.name() {
            "start" => How::Value(|r: &Row, o| o.int(r.start)),
            "end" => How::Value(|r: &Row, o| o.int(r.end)),
            "text" => How::Value(|r: &Row, o| o.str(&r.text)),
            "term" => How::Value(|r: &Row, o| o.str(&r.term)),
            "rule" => How::Value(|r: &Row, o| o.enumeration(r.rule)),
            _ => return Err(Unplanned),
        })
    }
}
