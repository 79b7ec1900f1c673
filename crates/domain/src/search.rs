//! Full-text search over recommendation texts: the one way text is cut into words
//! and folded, used alike for the index, for queries and for highlighting, and the
//! query language researchers type.
//!
//! Folding makes words meet across spellings: lower case, compatibility decomposition
//! with the diacritics dropped (`Türkiye` = `turkiye`), then the Snowball English
//! stemmer (`discriminate` and `discrimination` both become `discrimin`). Because both
//! databases index the folded words made here, and queries are folded here too, SQLite
//! and PostgreSQL are asked about the same words and find the same rows.

use std::{ops::Range, sync::OnceLock};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use crate::DomainError;

mod fold;

pub use fold::{treaty_names, vocabulary, Rule, TreatyName, TREATY_NAMES};

/// The most words (terms) a query may hold.
pub const MAX_SEARCH_TERMS: usize = 64;
/// The most prefixes (`abol*`) a query may hold. Each is looked up across every word of
/// the index, where a word is one lookup: 64 prefixes of one letter took a second and a
/// half on SQLite, and eight take what one word in a hundred thousand texts does.
pub const MAX_PREFIXES: usize = 8;
/// The longest word, once folded, that the search index holds: PostgreSQL leaves words
/// over 2,047 bytes out of a `tsvector` and SQLite keeps them, so the importers refuse
/// texts with longer words and a search for one is refused, the same on both backends.
pub const MAX_WORD_BYTES: usize = 255;
/// How deeply parentheses and `NOT` may nest in a query.
const MAX_DEPTH: usize = 16;

fn stemmer() -> &'static Stemmer {
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
fn is_word_char(c: char) -> bool {
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

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchQuery {
    root: SearchNode,
    /// The terms as typed, in query order, with what each looks for in a text.
    terms: Vec<QueryTerm>,
}

/// A term of a query as typed (`women`, `"death penalty"`, `abol*`, `=woman`) and what
/// it looks for, for highlights that say why they matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct QueryTerm {
    typed: String,
    patterns: Vec<Pattern>,
    /// False for a term under `NOT`, which marks nothing.
    kept: bool,
}

/// A word of a query: its index term, and the word as typed (folded) with the rule
/// that made the term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct QueryWord {
    term: String,
    folded: String,
    rule: Option<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Pattern {
    /// A word, or words in a row.
    Words(Vec<QueryWord>),
    /// Words beginning with this.
    Prefix(String),
    /// This word as written, up to case and diacritics.
    Exact(String),
    /// The other name of a treaty or body the term names, as index terms.
    Name(Vec<String>),
}

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

/// A part of a search query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SearchNode {
    /// A word, by its stem: any word with that stem matches.
    Word(String),
    /// Words next to each other in this order, by their stems.
    Phrase(Vec<String>),
    /// Any word that begins with this folded (unstemmed) prefix.
    Prefix(String),
    /// This folded (unstemmed) word, as written up to case and diacritics: `=woman`.
    Exact(String),
    /// Texts that match every part of `keep` and no part of `exclude`. `keep` is never
    /// empty: a query cannot only exclude.
    All {
        /// Parts that must all match.
        keep: Vec<SearchNode>,
        /// Parts that must not match (`NOT x`, `-x`).
        exclude: Vec<SearchNode>,
    },
    /// Texts that match at least one part.
    Any(Vec<SearchNode>),
}

impl SearchQuery {
    /// Parses a query: words (folded and stemmed), `"phrases"`, `prefix*`, `=word` (that
    /// word only, without stems or vocabularies), `AND` (also implied between terms),
    /// `OR`, `NOT` or a leading `-`, and parentheses. A word or phrase that names a treaty
    /// or body (`CEDAW`, or its full name) also looks for its other name. `AND`, `OR` and
    /// `NOT` are operators only in capitals. A query that cannot be read is refused
    /// with the character (counted from 1) where reading failed.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let tokens = lex(input)?;
        if tokens.is_empty() {
            return Err(error(1, "the search is empty"));
        }
        let mut parser = Parser {
            tokens,
            length: input.chars().count(),
            next: 0,
            depth: 0,
            counted: 0,
            prefixes: 0,
            terms: Vec::new(),
        };
        let root = parser.any()?;
        if let Some(token) = parser.peek() {
            // `any` stops only at a `)` it did not open.
            return Err(error(token.at, "`)` without a matching `(`"));
        }
        Ok(Self {
            root,
            terms: parser.terms,
        })
    }

    /// The query's tree.
    pub fn root(&self) -> &SearchNode {
        &self.root
    }

    /// The stems of the words and phrases the query looks for (not those it excludes),
    /// each once: what relevance counts.
    pub fn kept_stems(&self) -> Vec<&str> {
        let mut stems = Vec::new();
        kept_leaves(&self.root, &mut |leaf| match leaf {
            SearchNode::Word(stem) => stems.push(stem.as_str()),
            SearchNode::Phrase(phrase) => stems.extend(phrase.iter().map(String::as_str)),
            _ => {}
        });
        let mut seen = std::collections::HashSet::new();
        stems.retain(|s| seen.insert(*s));
        stems
    }

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
fn span_of(run: &[Word]) -> Range<usize> {
    run[0].span.start..run[run.len() - 1].span.end
}

/// Why the text's `word` matched the query's `wanted` (they have the same term).
fn why(word: &Word, wanted: &QueryWord) -> Rule {
    if word.folded == wanted.folded {
        Rule::Exact
    } else {
        word.rule.or(wanted.rule).unwrap_or(Rule::Stem)
    }
}

/// The treaty and body names, by their index terms: each name's terms with the terms
/// of the other names of the same short name.
fn other_names() -> &'static std::collections::HashMap<Vec<String>, Vec<Vec<String>>> {
    static NAMES: OnceLock<std::collections::HashMap<Vec<String>, Vec<Vec<String>>>> =
        OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: std::collections::HashMap<Vec<String>, Vec<Vec<String>>> =
            std::collections::HashMap::new();
        let terms = |s: &str| -> Vec<String> { words(s).into_iter().map(|w| w.stem).collect() };
        // The names of one short name (`CEDAW`: the convention and the committee) are
        // one group; each name of a group looks for every other.
        let mut groups: Vec<Vec<Vec<String>>> = Vec::new();
        for row in treaty_names() {
            let (short, name) = (terms(&row.short), terms(&row.name));
            match groups.iter_mut().find(|g| g[0] == short) {
                Some(group) => group.push(name),
                None => groups.push(vec![short, name]),
            }
        }
        for group in &groups {
            for from in group {
                let others = names.entry(from.clone()).or_default();
                for to in group {
                    if to != from && !others.contains(to) {
                        others.push(to.clone());
                    }
                }
            }
        }
        names
    })
}

/// Calls `f` on every word, phrase and prefix the query looks for, skipping the
/// excluded ones.
fn kept_leaves<'a>(node: &'a SearchNode, f: &mut impl FnMut(&'a SearchNode)) {
    match node {
        SearchNode::All { keep, .. } => keep.iter().for_each(|n| kept_leaves(n, f)),
        SearchNode::Any(parts) => parts.iter().for_each(|n| kept_leaves(n, f)),
        leaf => f(leaf),
    }
}

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
    let last = best + window - 1;
    Excerpt {
        span: if best == 0 { 0 } else { words[best].span.start }..if last == words.len() - 1 {
            text.len()
        } else {
            words[last].span.end
        },
        cut_before: best > 0,
        cut_after: last < words.len() - 1,
    }
}

/// Refuses a word longer, once folded, than the index holds ([`MAX_WORD_BYTES`]): it
/// can match nothing, and PostgreSQL would refuse to look for it where SQLite answers.
/// `text` is where the words were read, starting at character `at` of the query.
fn check_lengths(found: &[Word], text: &str, at: usize) -> Result<(), DomainError> {
    match found.iter().find(|w| w.folded.len() > MAX_WORD_BYTES) {
        Some(word) => Err(error(
            at + text[..word.span.start].chars().count(),
            format!(
                "a word of {} bytes is longer than any word the index holds ({MAX_WORD_BYTES} bytes)",
                word.folded.len()
            ),
        )),
        None => Ok(()),
    }
}

fn error(at: usize, reason: impl Into<String>) -> DomainError {
    DomainError::InvalidSearch {
        at,
        reason: reason.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    And,
    Or,
    Not,
    /// A bare word as typed (perhaps ending in `*`).
    Term(String),
    /// The inside of a quoted phrase.
    Quoted(String),
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// The character (from 1) the token starts at.
    at: usize,
}

fn lex(input: &str) -> Result<Vec<Token>, DomainError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token {
                    kind: Kind::Open,
                    at,
                });
                i += 1;
            }
            ')' => {
                tokens.push(Token {
                    kind: Kind::Close,
                    at,
                });
                i += 1;
            }
            '"' => {
                let Some(length) = chars[i + 1..].iter().position(|c| *c == '"') else {
                    return Err(error(at, "unclosed quote"));
                };
                tokens.push(Token {
                    kind: Kind::Quoted(chars[i + 1..i + 1 + length].iter().collect()),
                    at,
                });
                i += length + 2;
            }
            '-' if chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != ')') =>
            {
                tokens.push(Token {
                    kind: Kind::Not,
                    at,
                });
                i += 1;
            }
            _ => {
                let length = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"'))
                    .unwrap_or(chars.len() - i);
                let raw: String = chars[i..i + length].iter().collect();
                let kind = match raw.as_str() {
                    "AND" => Kind::And,
                    "OR" => Kind::Or,
                    "NOT" => Kind::Not,
                    _ => Kind::Term(raw),
                };
                tokens.push(Token { kind, at });
                i += length;
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    /// The query's length in characters.
    length: usize,
    next: usize,
    depth: usize,
    /// Words counted against [`MAX_SEARCH_TERMS`].
    counted: usize,
    /// Prefixes counted against [`MAX_PREFIXES`].
    prefixes: usize,
    terms: Vec<QueryTerm>,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn take(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.next).cloned();
        self.next += 1;
        token
    }

    /// The position just past the end of the query, for "expected more" errors.
    fn end(&self) -> usize {
        self.length + 1
    }

    /// `all (OR all)*`.
    fn any(&mut self) -> Result<SearchNode, DomainError> {
        let mut parts = vec![self.all()?];
        while let Some(Token { kind: Kind::Or, .. }) = self.peek() {
            self.take();
            parts.push(self.all()?);
        }
        let mut parts: Vec<SearchNode> = parts
            .into_iter()
            .flat_map(|part| match part {
                SearchNode::Any(inner) => inner,
                part => vec![part],
            })
            .collect();
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            SearchNode::Any(parts)
        })
    }

    /// `unary ((AND)? unary)*`: terms side by side are all required.
    fn all(&mut self) -> Result<SearchNode, DomainError> {
        let mut keep = Vec::new();
        let mut exclude = Vec::new();
        let mut first_not = None;
        loop {
            let (negated, part) = self.unary()?;
            match negated {
                Some(at) => {
                    first_not.get_or_insert(at);
                    exclude.push(part);
                }
                // `a (b NOT c)` is `a b NOT c`: one group, as the databases read it.
                None => match part {
                    SearchNode::All {
                        keep: inner_keep,
                        exclude: inner_exclude,
                    } => {
                        keep.extend(inner_keep);
                        exclude.extend(inner_exclude);
                    }
                    part => keep.push(part),
                },
            }
            match self.peek().map(|t| &t.kind) {
                Some(Kind::And) => {
                    self.take();
                }
                Some(Kind::Term(_) | Kind::Quoted(_) | Kind::Open | Kind::Not) => {}
                _ => break,
            }
        }
        if let (true, Some(at)) = (keep.is_empty(), first_not) {
            return Err(error(
                at,
                "NOT needs something to keep beside it, as in `torture NOT death`",
            ));
        }
        Ok(if keep.len() == 1 && exclude.is_empty() {
            keep.remove(0)
        } else {
            SearchNode::All { keep, exclude }
        })
    }

    /// `NOT primary` or `primary`; returns where the `NOT` was.
    fn unary(&mut self) -> Result<(Option<usize>, SearchNode), DomainError> {
        if let Some(Token {
            kind: Kind::Not,
            at,
        }) = self.peek().cloned()
        {
            self.take();
            if let Some(Token {
                kind: Kind::Not,
                at,
            }) = self.peek()
            {
                return Err(error(*at, "NOT after NOT"));
            }
            let first = self.terms.len();
            let part = self.primary()?;
            for term in &mut self.terms[first..] {
                term.kept = false;
            }
            return Ok((Some(at), part));
        }
        Ok((None, self.primary()?))
    }

    fn primary(&mut self) -> Result<SearchNode, DomainError> {
        let end = self.end();
        let Some(token) = self.take() else {
            return Err(error(end, "a word was expected at the end of the search"));
        };
        match token.kind {
            Kind::Open => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(error(token.at, "parentheses nest too deeply"));
                }
                let inner = self.any()?;
                match self.take() {
                    Some(Token {
                        kind: Kind::Close, ..
                    }) => {
                        self.depth -= 1;
                        Ok(inner)
                    }
                    _ => Err(error(token.at, "unclosed parenthesis")),
                }
            }
            Kind::Close => Err(error(token.at, "a word was expected before `)`")),
            Kind::And | Kind::Or => Err(error(
                token.at,
                format!(
                    "{} needs a word before and after it",
                    if token.kind == Kind::And { "AND" } else { "OR" }
                ),
            )),
            Kind::Not => Err(error(token.at, "NOT after NOT")),
            Kind::Quoted(inside) => {
                let found = words(&inside);
                self.count(found.len(), token.at)?;
                check_lengths(&found, &inside, token.at + 1)?;
                if found.is_empty() {
                    return Err(error(token.at, "the quoted phrase has no words"));
                }
                Ok(self.words_term(format!("\"{inside}\""), found))
            }
            Kind::Term(raw) if raw.starts_with('=') => {
                let body = &raw[1..];
                if body.ends_with('*') {
                    return Err(error(
                        token.at,
                        format!(
                            "`{raw}`: `=` (this word only) and `*` (any ending) cannot be combined"
                        ),
                    ));
                }
                let found = words(body);
                self.count(found.len(), token.at)?;
                check_lengths(&found, body, token.at + 1)?;
                let mut spans: Vec<Range<usize>> = found.iter().map(|w| w.span.clone()).collect();
                spans.dedup();
                match spans.len() {
                    0 => Err(error(
                        token.at,
                        "`=` must be followed by a word, as in `=woman`",
                    )),
                    1 => {
                        let folded = found[0].folded.clone();
                        self.terms.push(QueryTerm {
                            typed: raw.clone(),
                            patterns: vec![Pattern::Exact(folded.clone())],
                            kept: true,
                        });
                        Ok(SearchNode::Exact(folded))
                    }
                    _ => Err(error(token.at, format!("`{raw}`: `=` takes a single word"))),
                }
            }
            Kind::Term(raw) => {
                let (body, prefix) = match raw.strip_suffix('*') {
                    Some(body) => (body, true),
                    None => (raw.as_str(), false),
                };
                if let Some(star) = body.chars().position(|c| c == '*') {
                    return Err(error(token.at + star, "`*` can only end a word"));
                }
                let found = words(body);
                self.count(found.len(), token.at)?;
                check_lengths(&found, body, token.at)?;
                match (found.len(), prefix) {
                    (0, _) => Err(error(
                        token.at,
                        format!("`{raw}` has no letters or digits to search for"),
                    )),
                    (_, true) if found.iter().all(|w| w.span == found[0].span) => {
                        // One written word (a closed compound is one too).
                        self.prefixes += 1;
                        if self.prefixes > MAX_PREFIXES {
                            return Err(error(
                                token.at,
                                format!(
                                    "the search has more than {MAX_PREFIXES} prefixes (`word*`)"
                                ),
                            ));
                        }
                        let folded = found[0].folded.clone();
                        self.terms.push(QueryTerm {
                            typed: raw.clone(),
                            patterns: vec![Pattern::Prefix(folded.clone())],
                            kept: true,
                        });
                        Ok(SearchNode::Prefix(folded))
                    }
                    (_, true) => Err(error(
                        token.at,
                        format!("`{raw}`: a prefix (`*`) must end a single word"),
                    )),
                    // `anti-torture`, `women's`: the words in a row, as a phrase.
                    (_, false) => Ok(self.words_term(raw.clone(), found)),
                }
            }
        }
    }

    /// A word (one `Word`) or phrase (several) typed as `typed`, and, when it names a
    /// treaty or body, its other names too.
    fn words_term(&mut self, typed: String, found: Vec<Word>) -> SearchNode {
        let wanted: Vec<QueryWord> = found
            .into_iter()
            .map(|w| QueryWord {
                term: w.stem,
                folded: w.folded,
                rule: w.rule,
            })
            .collect();
        let terms: Vec<String> = wanted.iter().map(|w| w.term.clone()).collect();
        let node = |terms: &[String]| match terms {
            [term] => SearchNode::Word(term.clone()),
            _ => SearchNode::Phrase(terms.to_vec()),
        };
        let mut nodes = vec![node(&terms)];
        let mut patterns = vec![Pattern::Words(wanted)];
        for other in other_names().get(&terms).into_iter().flatten() {
            nodes.push(node(other));
            patterns.push(Pattern::Name(other.clone()));
        }
        self.terms.push(QueryTerm {
            typed,
            patterns,
            kept: true,
        });
        if nodes.len() == 1 {
            nodes.remove(0)
        } else {
            SearchNode::Any(nodes)
        }
    }

    fn count(&mut self, terms: usize, at: usize) -> Result<(), DomainError> {
        self.counted += terms;
        if self.counted > MAX_SEARCH_TERMS {
            return Err(error(
                at,
                format!("the search has more than {MAX_SEARCH_TERMS} words"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn word(s: &str) -> SearchNode {
        SearchNode::Word(s.to_owned())
    }

    fn parse_error(input: &str) -> String {
        SearchQuery::parse(input).unwrap_err().to_string()
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        let found = words("Türkiye: end Discrimination!");
        let folded: Vec<&str> = found.iter().map(|w| w.folded.as_str()).collect();
        let stems: Vec<&str> = found.iter().map(|w| w.stem.as_str()).collect();
        assert_eq!(folded, ["turkiye", "end", "discrimination"]);
        assert_eq!(stems[2], words("discriminate")[0].stem);
        assert_eq!(
            &"Türkiye: end Discrimination!"[found[0].span.clone()],
            "Türkiye"
        );
        // A decomposed accent stays inside its word.
        assert_eq!(words("Turkiye")[0].stem, words("Tu\u{308}rkiye")[0].stem);
        assert_eq!(words("Tu\u{308}rkiye")[0].span, 0..9);
    }

    #[test]
    fn the_index_text_holds_stems_in_order_and_distinct_words() {
        let text = search_text("Children's rights, children");
        // `children` folds to `child`, its singular.
        assert_eq!(text.stems, " child  s  right  child ");
        assert_eq!(search_text("...").stems, "");
        assert_eq!(text.words, "children s rights");
        // A closed compound is indexed as its parts, and as written for prefixes.
        let text = search_text("Nondiscrimination");
        assert_eq!(text.stems, " non  discrimin ");
        assert_eq!(text.words, "nondiscrimination");
    }

    #[test]
    fn relevances_count_each_stem_per_character() {
        let text = search_text("Children's rights, children");
        // 24 characters of stems, plus 100.
        assert_eq!(
            relevances(&text.stems),
            [
                ("child", 2 * 1_000_000 / 124),
                ("s", 1_000_000 / 124),
                ("right", 1_000_000 / 124)
            ]
        );
        assert!(relevances(&search_text("...").stems).is_empty());
    }

    #[test]
    fn queries_parse_into_trees() {
        let q = SearchQuery::parse(r#"torture OR ("death penalty" AND abol*) -child"#).unwrap();
        assert_eq!(
            q.root,
            SearchNode::Any(vec![
                word("tortur"),
                SearchNode::All {
                    keep: vec![
                        SearchNode::Phrase(vec!["death".into(), "penalti".into()]),
                        SearchNode::Prefix("abol".into()),
                    ],
                    exclude: vec![word("child")],
                },
            ])
        );
        assert_eq!(q.kept_stems(), ["tortur", "death", "penalti"]);
        // Lower-case operators are words; hyphenated words are phrases.
        assert_eq!(
            SearchQuery::parse("anti-torture").unwrap().root,
            SearchNode::Phrase(vec!["anti".into(), "tortur".into()])
        );
        assert!(matches!(
            SearchQuery::parse("war and peace").unwrap().root,
            SearchNode::All { ref keep, .. } if keep.len() == 3
        ));
    }

    #[test]
    fn unreadable_queries_say_where() {
        assert_eq!(
            parse_error(r#"torture AND "death penalty"#),
            "unclosed quote at character 13"
        );
        assert_eq!(
            parse_error("(torture OR death"),
            "unclosed parenthesis at character 1"
        );
        assert_eq!(
            parse_error("torture)"),
            "`)` without a matching `(` at character 8"
        );
        assert_eq!(
            parse_error("AND torture"),
            "AND needs a word before and after it at character 1"
        );
        assert_eq!(
            parse_error("torture OR"),
            "a word was expected at the end of the search at character 11"
        );
        assert_eq!(
            parse_error("NOT torture"),
            "NOT needs something to keep beside it, as in `torture NOT death` at character 1"
        );
        assert_eq!(
            parse_error("death OR -torture"),
            "NOT needs something to keep beside it, as in `torture NOT death` at character 10"
        );
        assert_eq!(
            parse_error("to*ture"),
            "`*` can only end a word at character 3"
        );
        assert_eq!(
            parse_error("torture &&"),
            "`&&` has no letters or digits to search for at character 9"
        );
        assert_eq!(parse_error("   "), "the search is empty at character 1");
        assert_eq!(
            parse_error(&"a ".repeat(MAX_SEARCH_TERMS + 1)),
            format!(
                "the search has more than {MAX_SEARCH_TERMS} words at character {}",
                2 * MAX_SEARCH_TERMS + 1
            )
        );
        assert_eq!(
            parse_error(&"(".repeat(40)),
            "parentheses nest too deeply at character 17"
        );
    }

    #[test]
    fn words_longer_than_the_index_holds_are_refused_where_they_stand() {
        let fits = "a".repeat(MAX_WORD_BYTES);
        assert!(SearchQuery::parse(&format!("torture {fits}")).is_ok());
        let long = "b".repeat(MAX_WORD_BYTES + 1);
        let said = |at: usize| {
            format!(
                "a word of 256 bytes is longer than any word the index holds (255 bytes) at character {at}"
            )
        };
        assert_eq!(parse_error(&format!("torture {long}")), said(9));
        assert_eq!(parse_error(&format!("\"torture {long}\"")), said(10));
        assert_eq!(parse_error(&format!("torture NOT {long}*")), said(13));
        assert_eq!(parse_error(&format!("x ={long}")), said(4));
        // Bytes once folded: `é` is two bytes as typed and one once folded.
        assert!(SearchQuery::parse(&"é".repeat(MAX_WORD_BYTES)).is_ok());
    }

    #[test]
    fn prefixes_are_bounded() {
        let eight: Vec<String> = (0..MAX_PREFIXES).map(|i| format!("p{i}*")).collect();
        assert!(SearchQuery::parse(&eight.join(" OR ")).is_ok());
        assert_eq!(
            parse_error(&"a* ".repeat(MAX_PREFIXES + 1)),
            format!(
                "the search has more than {MAX_PREFIXES} prefixes (`word*`) at character {}",
                3 * MAX_PREFIXES + 1
            )
        );
    }

    #[test]
    fn highlights_mark_kept_words_phrases_and_prefixes() {
        let text = "Abolish the death penalty; end discrimination, not death squads.";
        let q = SearchQuery::parse(r#""death penalty" discriminate abol* NOT squad"#).unwrap();
        let marked: Vec<&str> = q.highlights(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(marked, ["Abolish", "death penalty", "discrimination"]);
    }

    #[test]
    fn excerpts_centre_on_the_most_highlights() {
        let text = "one two three four five six seven eight nine ten";
        let found = words(text);
        let q = SearchQuery::parse("seven OR eight").unwrap();
        let e = excerpt(text, &found, &q.highlights(text), 3);
        assert_eq!(&text[e.span.clone()], "six seven eight");
        let q = SearchQuery::parse("two").unwrap();
        let e = excerpt(text, &found, &q.highlights(text), 5);
        assert_eq!(
            (&text[e.span.clone()], e.cut_before),
            ("one two three four five", false)
        );
        let e = excerpt(
            text,
            &found,
            &SearchQuery::parse("six").unwrap().highlights(text),
            3,
        );
        assert_eq!(&text[e.span.clone()], "five six seven");
        assert!(e.cut_before && e.cut_after);
        let e = excerpt(text, &found, &[], 3);
        assert_eq!(
            (&text[e.span.clone()], e.cut_before),
            ("one two three", false)
        );
    }

    /// The excerpt as first written: each word checked against every highlight.
    fn excerpt_by_every_pair(
        text: &str,
        words: &[Word],
        highlights: &[Range<usize>],
        window: usize,
    ) -> Excerpt {
        let window = window.max(1);
        if words.len() <= window {
            return Excerpt {
                span: 0..text.len(),
                cut_before: false,
                cut_after: false,
            };
        }
        let marked: Vec<bool> = words
            .iter()
            .map(|w| {
                highlights
                    .iter()
                    .any(|h| h.start < w.span.end && w.span.start < h.end)
            })
            .collect();
        let counts: Vec<usize> = (0..=words.len() - window)
            .map(|start| marked[start..start + window].iter().filter(|m| **m).count())
            .collect();
        let best_count = counts.iter().copied().max().unwrap_or(0);
        let mut best = counts.iter().position(|c| *c == best_count).unwrap_or(0);
        let inside: Vec<usize> = (best..best + window).filter(|i| marked[*i]).collect();
        if let (Some(first), Some(last)) = (inside.first(), inside.last()) {
            best = ((first + last) / 2)
                .saturating_sub(window / 2)
                .min(words.len() - window);
        }
        let last = best + window - 1;
        Excerpt {
            span: if best == 0 { 0 } else { words[best].span.start }..if last == words.len() - 1 {
                text.len()
            } else {
                words[last].span.end
            },
            cut_before: best > 0,
            cut_after: last < words.len() - 1,
        }
    }

    /// A small text of a few letters, separators and characters outside the BMP, and
    /// ordered, non-overlapping highlights cut at any of its character boundaries.
    fn text_and_highlights() -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
        let piece = prop::sample::select(vec!["a", "b", "É", "ß", "😀", " ", ", ", "-"]);
        prop::collection::vec(piece, 0..40).prop_flat_map(|pieces| {
            let text: String = pieces.concat();
            let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            bounds.push(text.len());
            let n = bounds.len();
            (
                Just(text),
                Just(bounds),
                prop::collection::btree_set(0..n, 0..=n.min(12)),
            )
                .prop_map(|(text, bounds, cuts)| {
                    let cuts: Vec<usize> = cuts.into_iter().map(|i| bounds[i]).collect();
                    let highlights = cuts.chunks_exact(2).map(|pair| pair[0]..pair[1]).collect();
                    (text, highlights)
                })
        })
    }

    proptest! {
        #[test]
        fn one_walk_marks_and_counts_as_every_pair_does(
            (text, highlights) in text_and_highlights(),
            window in 1usize..8,
        ) {
            let found = words(&text);
            let by_pairs: Vec<bool> = found
                .iter()
                .map(|w| highlights.iter().any(|h| h.start < w.span.end && w.span.start < h.end))
                .collect();
            prop_assert_eq!(marked_words(&found, &highlights), by_pairs);
            prop_assert_eq!(
                excerpt(&text, &found, &highlights, window),
                excerpt_by_every_pair(&text, &found, &highlights, window)
            );
            let bounds: Vec<usize> = highlights.iter().flat_map(|h| [h.start, h.end]).collect();
            let from_start: Vec<usize> =
                bounds.iter().map(|b| text[..*b].encode_utf16().count()).collect();
            prop_assert_eq!(utf16_offsets(&text, bounds), from_start);
        }
    }

    #[test]
    fn a_long_text_highlighted_almost_everywhere_is_cut_in_one_walk() {
        // 200,000 words, four in five matched: checking every word against every
        // highlight would take some 10^10 steps.
        let text = "torture torture torture torture death ".repeat(40_000);
        let found = words(&text);
        assert_eq!(found.len(), 200_000);
        let highlights: Vec<Range<usize>> = SearchQuery::parse("torture")
            .unwrap()
            .highlights_in(&found)
            .into_iter()
            .map(|h| h.span)
            .collect();
        assert_eq!(highlights.len(), 160_000);
        let e = excerpt(&text, &found, &highlights, 4);
        assert_eq!(&text[e.span.clone()], "torture torture torture torture");
        assert!(!e.cut_before && e.cut_after);
        let offsets = utf16_offsets(&text, highlights.iter().flat_map(|h| [h.start, h.end]));
        assert_eq!(offsets.len(), 320_000);
        assert_eq!(offsets[offsets.len() - 1], text.len() - " death ".len());
    }

    /// The index terms of a text.
    fn terms(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.stem).collect()
    }

    #[test]
    fn the_vocabularies_are_consistent() {
        assert_eq!(fold::rules().conflicts, Vec::<String>::new());
        // One step of folding is final: no term is folded again.
        for (a, b) in ["irregular", "variants", "derived"]
            .into_iter()
            .flat_map(vocabulary)
        {
            for term in terms(&a).into_iter().chain(terms(&b)) {
                assert_eq!(fold::term(term.clone()).0, term, "{a} / {b}");
            }
        }
    }

    #[test]
    fn every_irregular_plural_folds_with_its_singular() {
        let entries = vocabulary("irregular");
        assert!(entries.len() >= 20);
        for (singular, plural) in entries {
            assert_eq!(terms(&singular), terms(&plural), "{singular} / {plural}");
            let found = words(&plural);
            assert_eq!(found[0].rule, Some(Rule::Irregular), "{plural}");
        }
        // Their possessives too.
        assert_eq!(terms("women's"), terms("woman's"));
    }

    #[test]
    fn every_spelling_variant_folds_with_the_un_spelling() {
        let entries = vocabulary("variants");
        assert!(entries.len() >= 40);
        for (un, variant) in entries {
            assert_eq!(terms(&un), terms(&variant), "{un} / {variant}");
        }
        // Inflected forms follow their stems.
        assert_eq!(terms("programmes"), terms("programs"));
        assert_eq!(terms("organisations"), terms("organizations"));
        assert_eq!(terms("labour"), terms("labor"));
        assert_eq!(words("labor")[0].rule, Some(Rule::Variant));
        assert_eq!(words("labour")[0].rule, None);
    }

    #[test]
    fn every_compound_matches_closed_hyphenated_and_spaced() {
        let entries = vocabulary("compounds");
        assert!(entries.len() >= 20);
        for (closed, parts) in entries {
            let spaced = terms(&parts);
            assert!(spaced.len() >= 2, "{parts}");
            assert_eq!(terms(&closed), spaced, "{closed}");
            assert_eq!(terms(&parts.replace(' ', "-")), spaced, "{parts}");
            // Written closed, every part stands at the whole word.
            let found = words(&closed);
            assert!(
                found.iter().all(|w| w.span == (0..closed.len())),
                "{closed}"
            );
        }
    }

    #[test]
    fn every_derived_form_folds_with_its_base() {
        let entries = vocabulary("derived");
        assert!(entries.len() >= 8);
        for (base, derived) in entries {
            assert_eq!(terms(&base), terms(&derived), "{base} / {derived}");
        }
        assert_eq!(terms("ratify"), terms("ratifications"));
        assert_eq!(terms("criminalise"), terms("criminalization"));
        // Not a guess: a word the table does not name keeps its own stem.
        assert_ne!(terms("accede"), terms("accession"));
    }

    #[test]
    fn treaty_names_expand_to_each_other() {
        assert!(treaty_names().len() >= 28);
        for row in treaty_names() {
            assert!(
                ["instrument", "body"].contains(&row.kind.as_str()),
                "{row:?}"
            );
            // A search for either name looks for both.
            for (typed, other) in [(&row.short, &row.name), (&row.name, &row.short)] {
                let query = SearchQuery::parse(&format!("\"{typed}\"")).unwrap();
                let marked = query.highlights_in(&words(other));
                assert_eq!(marked.len(), 1, "{typed} -> {other}");
                assert_eq!(marked[0].span, 0..other.len(), "{typed} -> {other}");
                assert_eq!(marked[0].rule, Rule::TreatyName, "{typed} -> {other}");
            }
        }
        let text = "Ratify the Convention on the Elimination of All Forms of Discrimination \
                    against Women and withdraw its reservations to CEDAW.";
        let query = SearchQuery::parse("CEDAW").unwrap();
        let marked: Vec<(&str, Rule)> = query
            .highlights_in(&words(text))
            .into_iter()
            .map(|h| (&text[h.span], h.rule))
            .collect();
        assert_eq!(
            marked,
            [
                (
                    "Convention on the Elimination of All Forms of Discrimination against Women",
                    Rule::TreatyName
                ),
                ("CEDAW", Rule::Exact)
            ]
        );
    }

    #[test]
    fn highlights_say_which_term_matched_and_why() {
        let text = "Women, men and children; labor and non-discrimination; abolish \
                    the death penalty; Ratification of the OPCAT.";
        let query = SearchQuery::parse(
            r#"woman OR man OR child OR labour OR nondiscrimination OR "death penalties" OR ratify OR abol* OR OP-CAT"#,
        )
        .unwrap();
        let marked: Vec<(&str, String, Rule)> = query
            .highlights_in(&words(text))
            .into_iter()
            .map(|h| (&text[h.span], h.term, h.rule))
            .collect();
        let expected = [
            ("Women", "woman", Rule::Irregular),
            ("men", "man", Rule::Irregular),
            ("children", "child", Rule::Irregular),
            ("labor", "labour", Rule::Variant),
            ("non-discrimination", "nondiscrimination", Rule::Compound),
            ("abolish", "abol*", Rule::Prefix),
            ("death penalty", "\"death penalties\"", Rule::Stem),
            ("Ratification", "ratify", Rule::Derived),
            ("OPCAT", "OP-CAT", Rule::Compound),
        ];
        let expected: Vec<(&str, String, Rule)> = expected
            .into_iter()
            .map(|(t, q, r)| (t, q.to_owned(), r))
            .collect();
        assert_eq!(marked, expected);
    }

    #[test]
    fn an_exact_word_turns_the_rules_off() {
        let query = SearchQuery::parse("=Woman").unwrap();
        assert_eq!(query.root, SearchNode::Exact("woman".into()));
        assert!(query.kept_stems().is_empty());
        let text = "A woman, two women, Woman's rights";
        let marked: Vec<&str> = query
            .highlights(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["woman", "Woman"]);
        assert_eq!(query.highlights_in(&words(text))[0].rule, Rule::Exact);
        assert_eq!(
            parse_error("="),
            "`=` must be followed by a word, as in `=woman` at character 1"
        );
        assert_eq!(
            parse_error("torture =abol*"),
            "`=abol*`: `=` (this word only) and `*` (any ending) cannot be combined at character 9"
        );
        assert_eq!(
            parse_error("=non-discrimination"),
            "`=non-discrimination`: `=` takes a single word at character 1"
        );
        // Excluded, an exact word marks nothing.
        let query = SearchQuery::parse("women -=woman").unwrap();
        let marked: Vec<&str> = query
            .highlights(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["woman", "women", "Woman"]);
    }
}
