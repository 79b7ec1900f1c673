//! What one field weighs by the schema's rules: how many items a list of it holds, what
//! it costs, whether its page size is within bounds, and how many bytes of the query's
//! own text each of its answers repeats.
//!
//! The echoed bytes are the names written as keys for every item, and the arguments an
//! answer repeats (highlight markers and ellipses, the words of a snippet, the search
//! terms ranges name), each times the page sizes above it. A few kilobytes of query can
//! ask for an answer thousands of times larger: markers of 10,000 characters around every
//! matched word of a page of 100 texts, or aliases of 3,000 characters written for each
//! of 9,000 items. The complexity counts fields and pages, and not what an argument
//! writes, so this is a measure of its own, compared with the most an answer may hold.
//! The data itself (the texts, the names) is not counted: it is bounded by what the
//! database holds, and the answer's writer holds it to the budget (`budget.rs`).

use async_graphql_value::ConstValue;

use super::walk::Context;
use crate::{
    connection::{page_complexity, page_size_message},
    facts::FieldFacts,
    sizes::{DEFAULT_GROUPS, MAX_GROUPS, MAX_PAGE_SIZE},
    types::stats::{group_count_message, groups_complexity},
};

/// The items a list is counted as holding when the query does not say how many: a list
/// that is not paged (its length is the data's), and the matched parts of one text
/// (each wrapped in markers by `highlighted`, each a range naming its term).
pub(super) const ITEMS_ASSUMED: u64 = 16;
/// The bytes each word of a snippet is counted as taking, with its space.
const WORD_BYTES: u64 = 8;
/// The bytes JSON writes around a key: two quotes, a colon and a comma.
pub(super) const KEY_PUNCTUATION: u64 = 4;

/// A list whose length its arguments choose, and how many items they ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Length {
    /// A connection: a page of `first` or `last` items.
    Page {
        first: Option<i32>,
        last: Option<i32>,
    },
    /// A grouped statistic (it takes `groupBy`): `first` groups.
    Groups { first: Option<i32> },
    /// `Query.nodes`: one item for each ID.
    Ids(usize),
}

/// How long `field` of the type `on` is, when its arguments say.
pub(super) fn length(
    on: &str,
    field: &str,
    info: &FieldFacts,
    argument: &dyn Fn(&str) -> Option<ConstValue>,
) -> Option<Length> {
    let int = |name: &str| match argument(name) {
        Some(ConstValue::Number(n)) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
        _ => None,
    };
    if info.returns.ends_with("Connection") {
        Some(Length::Page {
            first: int("first"),
            last: int("last"),
        })
    } else if info.arguments.iter().any(|name| name == "groupBy") {
        Some(Length::Groups {
            first: int("first"),
        })
    } else if (on, field) == ("Query", "nodes") {
        Some(Length::Ids(match argument("ids") {
            Some(ConstValue::List(ids)) => ids.len(),
            Some(ConstValue::Null) | None => 0,
            // One ID where a list is expected is a list of one.
            Some(_) => 1,
        }))
    } else {
        None
    }
}

/// What a field costs, given what one of its items costs (`child`): 1 and its item for
/// most, its item once for each item of the page or group it asks for (`page_complexity`,
/// `groups_complexity`, the functions that state it), once for each ID for `nodes`.
pub(super) fn complexity(length: Option<Length>, child: u64) -> u64 {
    match length {
        Some(Length::Page { first, last }) => page_complexity(first, last, child),
        Some(Length::Groups { first }) => groups_complexity(first, child),
        Some(Length::Ids(ids)) => (ids.max(1) as u64).saturating_mul(child),
        None => child.saturating_add(1),
    }
}

/// What a client is told when the argument `name` (`first` or `last`) of a list of
/// `length` asks for `size` items, outside the list's bounds: a connection pages by at
/// most `MAX_PAGE_SIZE` items, a statistic by at most `MAX_GROUPS` groups. The resolvers
/// check the same bounds with the same messages; this refuses the request before
/// anything of it runs.
pub(super) fn out_of_bounds(length: Length, name: &str, size: i64) -> Option<String> {
    match length {
        Length::Page { .. } => {
            (!(0..=i64::from(MAX_PAGE_SIZE)).contains(&size)).then(|| page_size_message(name, size))
        }
        Length::Groups { .. } => {
            (!(1..=i64::from(MAX_GROUPS)).contains(&size)).then(|| group_count_message(size))
        }
        Length::Ids(_) => None,
    }
}

/// The bytes a field's arguments write into each of its answers.
pub(super) fn echoed_by_arguments(
    context: Context<'_>,
    field: &str,
    argument: &dyn Fn(&str) -> Option<ConstValue>,
) -> u64 {
    let bytes = |name: &str| string_bytes(argument(name));
    match (context.on, field) {
        // The markers around each matched part.
        ("SearchMatches", "highlighted") => {
            ITEMS_ASSUMED.saturating_mul(bytes("open").saturating_add(bytes("close")))
        }
        // At most `words` words, each of which may be matched, and two ellipses.
        ("SearchMatches", "snippet") => {
            let words = integer(argument("words")).clamp(0, i64::from(i32::MAX)) as u64;
            let per_word = WORD_BYTES
                .saturating_add(bytes("open"))
                .saturating_add(bytes("close"));
            words
                .saturating_mul(per_word)
                .saturating_add(bytes("ellipsis").saturating_mul(2))
        }
        // The term of the search a range matched, as typed.
        ("TextRange", "term") => context.search,
        _ => 0,
    }
}

/// The items a list field is counted as returning, for the bytes its answer repeats.
pub(super) fn list_items(
    context: Context<'_>,
    field: &str,
    returns: &str,
    argument: &dyn Fn(&str) -> Option<ConstValue>,
) -> u64 {
    if context.on.ends_with("Connection") {
        // `nodes` and `edges`: a page.
        context.page
    } else if matches!(returns, "RecommendationStat" | "AidTotal") {
        match argument("first") {
            Some(first) => integer(Some(first)).max(1) as u64,
            None => DEFAULT_GROUPS as u64,
        }
    } else if field == "nodes" && context.on == "Query" {
        match argument("ids") {
            Some(ConstValue::List(ids)) => ids.len() as u64,
            _ => ITEMS_ASSUMED,
        }
    } else {
        ITEMS_ASSUMED
    }
}

/// The page a connection field asks for: `first` or `last`, else the most a page holds.
pub(super) fn page_size(argument: &dyn Fn(&str) -> Option<ConstValue>) -> u64 {
    argument("first")
        .or_else(|| argument("last"))
        .map_or(i64::from(MAX_PAGE_SIZE), |size| integer(Some(size)))
        .max(1) as u64
}

pub(super) fn string_bytes(value: Option<ConstValue>) -> u64 {
    match value {
        Some(ConstValue::String(text)) => text.len() as u64,
        _ => 0,
    }
}

fn integer(value: Option<ConstValue>) -> i64 {
    match value {
        Some(ConstValue::Number(n)) => n.as_i64().unwrap_or(0),
        _ => 0,
    }
}
