//! Properties of the parsers of user input besides files (these are in the store's
//! import tests): the search query language and the filters read from JSON never
//! panic, and a parsed query printed back reads as the same query.

use proptest::prelude::*;
use serde_json::{json, Value};
use uprgraph_domain::search::{words, SearchNode, SearchQuery};
use uprgraph_graphql::{aid_flow_filter_from_json, recommendation_filter_from_json};

/// A query in the language's own syntax, with parentheses around every group.
fn print(node: &SearchNode) -> String {
    match node {
        SearchNode::Word(stem) => stem.clone(),
        SearchNode::Phrase(stems) => format!("\"{}\"", stems.join(" ")),
        SearchNode::Prefix(folded) => format!("{folded}*"),
        SearchNode::Exact(folded) => format!("={folded}"),
        SearchNode::All { keep, exclude } => {
            let mut parts: Vec<String> = keep.iter().map(print).collect::<Vec<_>>();
            let kept = parts.join(" AND ");
            parts = exclude
                .iter()
                .map(|e| format!(" NOT {}", print(e)))
                .collect();
            format!("({kept}{})", parts.concat())
        }
        SearchNode::Any(any) => format!(
            "({})",
            any.iter().map(print).collect::<Vec<_>>().join(" OR ")
        ),
    }
}

/// Whether every word of a tree is its own stem, so that printing stems and reading
/// them again stems them to themselves.
fn stems_are_fixed(node: &SearchNode) -> bool {
    let fixed = |stem: &str| words(stem).first().is_some_and(|w| w.stem == stem);
    match node {
        SearchNode::Word(stem) => fixed(stem),
        SearchNode::Phrase(stems) => stems.iter().all(|s| fixed(s)),
        SearchNode::Prefix(_) | SearchNode::Exact(_) => true,
        SearchNode::All { keep, exclude } => keep.iter().chain(exclude).all(stems_are_fixed),
        SearchNode::Any(any) => any.iter().all(stems_are_fixed),
    }
}

/// Queries of words, phrases, prefixes, operators and parentheses, well formed or not.
fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "torture",
            "death",
            "penalty",
            "women",
            "rights",
            "child",
            "abol*",
            "educ*",
            "=woman",
            "\"death penalty\"",
            "\"right to education\"",
            "anti-torture",
            "AND",
            "OR",
            "NOT",
            "-child",
            "(",
            ")",
            "and",
            "or",
        ]),
        1..14,
    )
    .prop_map(|tokens| tokens.join(" "))
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        "\\PC{0,10}".prop_map(Value::from),
        prop::sample::select(vec![
            "ISR",
            "US",
            "USA",
            "Narnia",
            "2020-01-01",
            "NOTED",
            "MILITARY",
            "torture"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop::sample::select(vec![
            "stateUnderReview",
            "recommendingState",
            "session",
            "cycle",
            "theme",
            "response",
            "search",
            "and",
            "or",
            "not",
            "donor",
            "recipient",
            "category",
            "fiscalYearFrom",
            "fiscalYearTo",
            "amountFrom",
            "publishedFrom",
            "noSuchField",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(keys.prop_map(str::to_owned), inner, 0..5)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn queries_are_parsed_or_refused_at_a_character(input in query()) {
        match SearchQuery::parse(&input) {
            Ok(query) => {
                for range in query.highlights(&input) {
                    prop_assert!(range.end <= input.len());
                }
            }
            Err(error) => prop_assert!(error.to_string().contains(" at character "), "{}", error),
        }
    }

    #[test]
    fn a_printed_query_reads_as_the_same_query(input in query()) {
        let Ok(query) = SearchQuery::parse(&input) else { return Ok(()) };
        prop_assume!(stems_are_fixed(query.root()));
        let printed = print(query.root());
        let again = SearchQuery::parse(&printed).map_err(|e| TestCaseError::fail(format!("{printed}: {e}")))?;
        prop_assert_eq!(again.root(), query.root(), "{}", printed);
    }

    #[test]
    fn any_text_is_a_query_or_refused(input in any::<String>()) {
        let _ = SearchQuery::parse(&input);
    }

    #[test]
    fn filters_from_any_json_are_read_or_refused(value in any_json()) {
        let _ = recommendation_filter_from_json(value.clone());
        let _ = aid_flow_filter_from_json(value);
    }

    #[test]
    fn filters_of_well_formed_codes_are_read(codes in prop::collection::vec("[A-Z]{2,3}", 1..20), years in (1900i32..2200, 0i32..50)) {
        let filter = json!({ "stateUnderReview": codes, "or": [{ "recommendingState": codes }, { "session": [9] }] });
        let recommendations = recommendation_filter_from_json(filter);
        prop_assert!(recommendations.is_ok(), "{:?}", recommendations);
        let aid = json!({ "donor": codes, "fiscalYearFrom": years.0, "fiscalYearTo": years.0 + years.1 });
        let aid = aid_flow_filter_from_json(aid);
        prop_assert!(aid.is_ok(), "{:?}", aid);
    }

    #[test]
    fn filters_of_malformed_codes_are_refused(code in "[0-9 ]{0,6}|[A-Z]{4,8}|[A-Z][0-9]") {
        let recommendations = recommendation_filter_from_json(json!({ "stateUnderReview": [code.clone()] }));
        prop_assert!(recommendations.is_err());
        let aid = aid_flow_filter_from_json(json!({ "recipient": [code] }));
        prop_assert!(aid.is_err());
    }
}
