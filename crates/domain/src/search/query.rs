//! The query language researchers type: words, `"phrases"`, `prefix*`, `=word`,
//! `AND`, `OR`, `NOT` (or a leading `-`) and parentheses, read into a [`SearchQuery`];
//! an unreadable query is refused with the character where reading failed.

use std::{ops::Range, sync::OnceLock};

use super::{
    treaty_names, treaty_short_forms, words, Rule, Word, MAX_PREFIXES, MAX_SEARCH_TERMS,
    MAX_WORD_BYTES,
};
use crate::DomainError;

/// How deeply parentheses and `NOT` may nest in a query.
const MAX_DEPTH: usize = 16;

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchQuery {
    pub(super) root: SearchNode,
    /// The terms as typed, in query order, with what each looks for in a text.
    pub(super) terms: Vec<QueryTerm>,
}

/// A term of a query as typed (`women`, `"death penalty"`, `abol*`, `=woman`) and what
/// it looks for, for highlights that say why they matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct QueryTerm {
    pub(super) typed: String,
    pub(super) patterns: Vec<Pattern>,
    /// False for a term under `NOT`, which marks nothing.
    pub(super) kept: bool,
}

/// A word of a query: its index term, and the word as typed (folded) with the rule
/// that made the term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct QueryWord {
    pub(super) term: String,
    pub(super) folded: String,
    pub(super) rule: Option<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Pattern {
    /// A word, or words in a row.
    Words(Vec<QueryWord>),
    /// Words beginning with this.
    Prefix(String),
    /// This word as written, up to case and diacritics.
    Exact(String),
    /// The other name of a treaty or body the term names, as index terms.
    Name(Vec<String>),
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
}

/// Calls `f` on every word, phrase and prefix the query looks for, skipping the
/// excluded ones.
pub(super) fn kept_leaves<'a>(node: &'a SearchNode, f: &mut impl FnMut(&'a SearchNode)) {
    match node {
        SearchNode::All { keep, .. } => keep.iter().for_each(|n| kept_leaves(n, f)),
        SearchNode::Any(parts) => parts.iter().for_each(|n| kept_leaves(n, f)),
        leaf => f(leaf),
    }
}

/// Refuses a word longer, once folded, than the index holds ([`MAX_WORD_BYTES`]): it
/// can match nothing, and PostgreSQL would refuse to look for it where SQLite answers.
/// `text` is where the words were read, starting at character `at` of the query.
pub(super) fn check_lengths(found: &[Word], text: &str, at: usize) -> Result<(), DomainError> {
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

pub(super) fn error(at: usize, reason: impl Into<String>) -> DomainError {
    DomainError::InvalidSearch {
        at,
        reason: reason.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) struct Token {
    kind: Kind,
    /// The character (from 1) the token starts at.
    at: usize,
}

pub(super) fn lex(input: &str) -> Result<Vec<Token>, DomainError> {
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

pub(super) struct Parser {
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

/// The treaty and body names, by their index terms: each name's terms with the terms
/// of the other names of the same short name.
pub(super) fn other_names() -> &'static std::collections::HashMap<Vec<String>, Vec<Vec<String>>> {
    static NAMES: OnceLock<std::collections::HashMap<Vec<String>, Vec<Vec<String>>>> =
        OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: std::collections::HashMap<Vec<String>, Vec<Vec<String>>> =
            std::collections::HashMap::new();
        let terms = |s: &str| -> Vec<String> { words(s).into_iter().map(|w| w.stem).collect() };
        // The names of one short name (`CEDAW`: the convention and the committee) are
        // one group; each name of a group looks for every other.
        let mut groups: Vec<Vec<Vec<String>>> = Vec::new();
        let rows = treaty_names().iter().map(|row| (&row.short, &row.name));
        for (short, name) in rows.chain(treaty_short_forms().iter().map(|(s, n)| (s, n))) {
            let (short, name) = (terms(short), terms(name));
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
