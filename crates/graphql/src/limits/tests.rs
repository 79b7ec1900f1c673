use std::time::{Duration, Instant};

use async_graphql::{parser::parse_query, Variables};
use serde_json::json;

use super::*;

/// The measures of `query` and its first operation with `variables`.
fn measures(query: &str, variables: serde_json::Value) -> Measures {
    let document = parse_query(query).unwrap();
    let operation = document.operations.iter().next().map(|(_, o)| &o.node);
    measure(&document, operation, &Variables::from_json(variables))
}

fn fields(query: &str) -> u64 {
    measures(query, json!({})).fields
}

/// `links` fragments after the first, each spreading the one before twice, spread once
/// under `state`: a few hundred bytes that select 2^links fields once spread.
fn fragment_chain(links: usize) -> String {
    let mut doc = format!(
        "query Chain {{ state(code: \"USA\") {{ ...F{links} }} }} fragment F0 on State {{ name }}"
    );
    for i in 1..=links {
        doc.push_str(&format!(
            " fragment F{i} on State {{ ...F{} ...F{} }}",
            i - 1,
            i - 1
        ));
    }
    doc
}

#[test]
fn depth_and_complexity_are_what_async_graphql_computed_before() {
    // Each document with async-graphql's depth and complexity, as its validation computed
    // them with the schema's complexity functions (read from it once, when this walk
    // replaced it); the last one differs, and is in its own test below.
    let deep = format!(
        "{{ state(code: \"USA\") {{ id {} id {} }} }}",
        "reviews(first: 1) { nodes { state { ".repeat(10),
        " } } }".repeat(10)
    );
    let cases: &[(&str, serde_json::Value, u64, u64)] = &[
        ("{ states { totalCount } }", json!({}), 2, 100),
        // `__typename` is neither a level nor a cost.
        ("{ __typename states(first: 5) { __typename totalCount pageInfo { hasNextPage endCursor } } }", json!({}), 3, 20),
        ("{ states(first: 100) { nodes { reviews(first: 100) { nodes { recommendations(first: 100) { nodes { text } } } } } } }", json!({}), 7, 2_010_100),
        (&deep, json!({}), 32, 23),
        ("{ states(first: 100) { nodes { reviews(first: 10) { nodes { id status heldOn scheduledOn outcomeSymbol note } } } } }", json!({}), 5, 7100),
        ("{ states(last: 7) { edges { cursor node { name code } } } }", json!({}), 4, 35),
        ("query Q($n: Int) { states(first: $n) { nodes { name reviews(first: $n) { totalCount } } } }", json!({ "n": 2 }), 4, 8),
        ("query Q($n: Int = 3) { states(first: $n) { nodes { name } } }", json!({}), 3, 6),
        ("{ recommendationStats(groupBy: [RESPONSE], first: 10) { count recommendingState { name } } }", json!({}), 3, 30),
        ("{ recommendationStats(groupBy: [RESPONSE]) { count } aidTotals(groupBy: [DONOR], first: 1000) { flows } }", json!({}), 2, 1100),
        // Grouped statistics on a state and a review, and lists that are not grouped.
        ("{ state(code: \"USA\") { recommendationStats(first: 4) { count } aidTotals { flows } reviews(first: 2) { nodes { aidTotals(first: 3) { flows } recommenders { aidFromStateUnderReview { flows } } } } } }", json!({}), 6, 119),
        ("{ nodes(ids: [\"a\", \"b\", \"c\"]) { id } }", json!({}), 2, 3),
        ("query Q($ids: [ID!]!) { nodes(ids: $ids) { id ... on State { name reviews(first: 4) { totalCount } } } }", json!({ "ids": ["U3RhdGU6MQ"] }), 3, 6),
        ("{ nodes(ids: []) { id } }", json!({}), 2, 1),
        // An inline fragment on a type: async-graphql followed its condition.
        ("{ node(id: \"x\") { id ... on State { reviews(first: 100) { nodes { id recommendations(first: 100) { nodes { text } } } } } } }", json!({}), 6, 20_202),
        ("{ node(id: \"x\") { ...N } } fragment N on Node { id ... on State { reviews(first: 100) { nodes { id } } } }", json!({}), 4, 202),
        ("{ state(code: \"USA\") { ...S } } fragment S on State { reviews(first: 50) { nodes { ...R } } } fragment R on Review { id recommendations(first: 20) { totalCount } }", json!({}), 5, 1101),
        ("{ states { nodes { ... on State { name } ... { code } } } }", json!({}), 3, 300),
        ("{ __schema { types { name fields { name type { name ofType { name } } } } } }", json!({}), 6, 9),
        ("{ __type(name: \"State\") { name } states(first: 2) { nodes { name } } }", json!({}), 3, 6),
        ("{ recommendations(first: 3, filter: { search: \"torture\" }) { nodes { searchMatches(search: \"torture\") { snippet highlighted ranges { start term } } } } }", json!({}), 5, 21),
        ("{ armsTotals(groupBy: [SUPPLIER], first: 7) { deals supplier { name reviews { totalCount } } } }", json!({}), 4, 721),
        // A page of 0 or less costs one item; `@skip` does not change the cost.
        ("{ state(code: \"USA\") { recommendationsMade(first: 0) { nodes { text } } recommendationsReceived(first: -3) { totalCount } } }", json!({}), 4, 4),
        ("{ states(first: 3) { nodes { name @include(if: true) reviews(first: 5) @skip(if: true) { totalCount } } } }", json!({}), 4, 21),
    ];
    for (query, variables, depth, complexity) in cases {
        let measured = measures(query, variables.clone());
        assert_eq!(
            (measured.depth, measured.complexity),
            (*depth, *complexity),
            "{query}"
        );
    }
}

#[test]
fn a_named_fragment_is_weighed_on_the_type_its_condition_names() {
    // async-graphql looked `reviews` up on `Node`, where `S` is spread, found nothing
    // and counted each field once: a complexity of 7 for 10,000 recommendations.
    let hidden = "{ node(id: \"x\") { ...S } } fragment S on State { reviews(first: 100) { nodes { id recommendations(first: 100) { nodes { text } } } } }";
    let inline = "{ node(id: \"x\") { ... on State { reviews(first: 100) { nodes { id recommendations(first: 100) { nodes { text } } } } } } }";
    let measured = measures(hidden, json!({}));
    assert_eq!((measured.depth, measured.complexity), (6, 20_201));
    assert_eq!(measures(inline, json!({})).complexity, measured.complexity);
}

#[test]
fn fields_are_counted_through_fragments_once_per_spread() {
    assert_eq!(fields("{ a b { c } }"), 3);
    // The operation spreads F twice (2 × 2 fields) and F itself is a definition
    // validation reads once more (2 fields).
    assert_eq!(
        fields("{ ...F x { ...F } } fragment F on Query { a b }"),
        1 + 4 + 2
    );
}

#[test]
fn a_spread_bomb_is_measured_without_expanding_it() {
    // F0 selects one field; each next fragment spreads the one before ten times,
    // so F9 expands to 10^9 fields; all ten definitions are counted too.
    let mut doc = String::from("query { ...F9 } fragment F0 on Query { a }");
    for i in 1..10 {
        doc.push_str(&format!(" fragment F{i} on Query {{"));
        for _ in 0..10 {
            doc.push_str(&format!(" ...F{}", i - 1));
        }
        doc.push_str(" }");
    }
    let definitions: u64 = (0..10).map(|i| 10u64.pow(i)).sum();
    assert_eq!(fields(&doc), 1_000_000_000 + definitions);
    // Twenty levels overflow nothing: the counts saturate.
    let mut deep = String::from("query { ...G19 } fragment G0 on Query { a a a a a a a a a a }");
    for i in 1..20 {
        deep.push_str(&format!(
            " fragment G{i} on Query {{ {} }}",
            format!("...G{} ", i - 1).repeat(1000)
        ));
    }
    let measured = measures(&deep, json!({}));
    assert_eq!(
        (measured.fields, measured.complexity, measured.root_fields),
        (u64::MAX, u64::MAX, u64::MAX)
    );
}

#[test]
fn a_fragment_chain_is_weighed_in_time_linear_in_it() {
    let chain = measures(&fragment_chain(30), json!({}));
    // `state`, then 2^30 names; the depth is two however many fragments lie between.
    assert_eq!((chain.depth, chain.complexity), (2, (1 << 30) + 1));
    assert!(chain.fields > 1 << 30);
    // Twenty levels of `width` fragments, each spreading every fragment of the level
    // below: width^20 fields once spread, from 20 × width² spreads. Twice the width,
    // four times the spreads, about four times the time: the expansion is never walked.
    let lattice = |width: usize| {
        let mut doc = String::from("query { state(code: \"USA\") { ...F20x0 } }");
        for level in 0..=20 {
            for i in 0..width {
                doc.push_str(&format!(" fragment F{level}x{i} on State {{ name"));
                if level > 0 {
                    for j in 0..width {
                        doc.push_str(&format!(" ...F{}x{j}", level - 1));
                    }
                }
                doc.push_str(" }");
            }
        }
        parse_query(doc).unwrap()
    };
    let time = |width: usize| {
        let document = lattice(width);
        let started = Instant::now();
        for _ in 0..10 {
            let measured = measure(&document, None, &Variables::default());
            assert!(measured.fields >= 1 << 60);
        }
        started.elapsed()
    };
    let (narrow, wide) = (time(8), time(16));
    assert!(wide < Duration::from_secs(2), "{wide:?}");
    assert!(
        wide < narrow * 16,
        "width 8: {narrow:?}, width 16: {wide:?}"
    );
}

#[test]
fn a_cycle_counts_nothing_more() {
    let doc = "{ ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }";
    assert!(fields(doc) < 10);
}

#[test]
fn variables_count_as_the_values_they_were_given_wherever_they_are_used() {
    let doc = "query Q($codes: [String!], $n: Int = 3) { a(filter: { or: [{ x: $codes }, { x: $codes }] }, n: $n) }";
    // Literal values: the object, its list, two objects, and `n`; then $codes twice.
    let given = measures(doc, json!({ "codes": ["A", "B", "C"] }));
    assert_eq!(given.values, 5 + 2 * 4);
    assert_eq!(measures(doc, json!({})).values, 5);
    let many: Vec<String> = (0..14_000).map(|i| format!("C{i}")).collect();
    let bomb = measures(doc, json!({ "codes": many }));
    assert_eq!(bomb.values, 5 + 2 * 14_001);
}

#[test]
fn aliases_are_counted_once_each_and_root_fields_through_fragments() {
    let doc = "{ a: states { ...F } b: states { ...F } } fragment F on StateConnection { c: totalCount d: totalCount }";
    assert_eq!(measures(doc, json!({})).aliases, 4);
    let doc = "{ a ...F ... on Query { d } } fragment F on Query { b c ...F }";
    assert_eq!(measures(doc, json!({})).root_fields, 4);
}

#[test]
fn keys_are_counted_for_every_item_of_the_pages_above_them() {
    let echoed = |query: &str| measures(query, json!({})).echoed;
    // `states` (6 + 4), `nodes` (5 + 4) and 100 × `name` (4 + 4).
    assert_eq!(
        echoed("{ states(first: 100) { nodes { name } } }"),
        10 + 9 + 100 * 8
    );
    // A page of the default size, then 10 items inside each of its 100.
    let nested = "{ states { nodes { reviews(first: 10) { nodes { longAliasName: id } } } } }";
    let inner = 7 + 4 + 5 + 4 + 10 * (13 + 4);
    assert_eq!(echoed(nested), 10 + 9 + 100 * inner);
    // `totalCount` is written once, not per item.
    assert_eq!(echoed("{ states(first: 100) { totalCount } }"), 10 + 14);
}

#[test]
fn markers_count_for_each_matched_part_and_snippet_words_for_each_word() {
    let echoed = |query: &str, variables| measures(query, variables).echoed;
    let query = "query Q($o: String!) { recommendations(first: 50) { nodes { searchMatches(search: \"a\") { highlighted(open: $o, close: $o) } } } }";
    let small = echoed(query, json!({ "o": "" }));
    let large = echoed(query, json!({ "o": "x".repeat(1000) }));
    assert_eq!(large - small, 50 * weigh::ITEMS_ASSUMED * 2000);
    // Defaults come from the schema: `<mark>` and `</mark>`, 30 words, `…`.
    let snippet = echoed(
        "{ recommendations(first: 1) { nodes { searchMatches(search: \"a\") { snippet } } } }",
        json!({}),
    );
    let without = echoed(
        "{ recommendations(first: 1) { nodes { searchMatches(search: \"a\") { s: count } } } }",
        json!({}),
    );
    assert_eq!(snippet - without, (7 - 1) + 30 * (8 + 6 + 7) + 2 * 3);
    // A range names its term once per matched part.
    let ranges = "query Q($s: String!) { recommendations(first: 10) { nodes { searchMatches(search: $s) { ranges { term } } } } }";
    let short = echoed(ranges, json!({ "s": "a" }));
    let long = echoed(ranges, json!({ "s": "a".repeat(101) }));
    assert_eq!(long - short, 10 * weigh::ITEMS_ASSUMED * 100);
}

#[test]
fn fragments_are_measured_once_per_context_and_multiplied_where_spread() {
    let echoed = |query: &str| measures(query, json!({})).echoed;
    let direct = echoed("{ states(first: 20) { nodes { name code } } }");
    let spread =
        echoed("{ states(first: 20) { nodes { ...S } } } fragment S on State { name code }");
    assert_eq!(direct, spread);
    // A spread bomb saturates rather than overflowing, in time linear in it.
    let mut doc = String::from("{ states { nodes { ...F0 } } } fragment G on State { name }");
    doc.push_str(" fragment F0 on State { ...G ...G }");
    for i in 1..28 {
        doc.push_str(&format!(
            " fragment F{i} on State {{ {} }}",
            format!("...F{} ", i - 1).repeat(8)
        ));
    }
    doc = doc.replace("...F0 } } }", "...F27 } } }");
    let measured = measures(&doc, json!({}));
    assert!(!measured.too_nested);
    assert_eq!(measured.echoed, u64::MAX);
}

#[test]
fn selection_sets_are_walked_as_deep_as_async_graphql_reads_them_and_no_deeper() {
    // A chain of fragments each spreading the next: 31 spreads under `state` make 32
    // levels, which async-graphql reads; one more is refused in its words, and a chain
    // of ten thousand is refused alike without being followed to its end.
    let chain = |links: usize| {
        let mut doc =
            format!("{{ state(code: \"USA\") {{ ...F{links} }} }} fragment F0 on State {{ name }}");
        for i in 1..=links {
            doc.push_str(&format!(" fragment F{i} on State {{ ...F{} }}", i - 1));
        }
        measures(&doc, json!({}))
    };
    assert!(!chain(30).too_nested);
    for links in [31, 10_000] {
        let measured = chain(links);
        assert!(measured.too_nested, "{links}");
        assert_eq!(
            measured.refusal(&Limits::default()).unwrap().message,
            "The recursion depth of the query cannot be greater than `32`"
        );
    }
}

#[test]
fn refusals_come_in_a_fixed_order_with_their_codes() {
    let limits = Limits {
        max_depth: 3,
        max_complexity: 50,
        ..Limits::default()
    };
    let refusal = |query: &str| {
        measures(query, json!({})).refusal(&limits).map(|error| {
            let code = error
                .extensions
                .as_ref()
                .unwrap()
                .get("code")
                .unwrap()
                .clone();
            (code.to_string(), error.message)
        })
    };
    assert_eq!(refusal("{ states(first: 5) { nodes { name } } }"), None);
    // Too deep and too complex: the depth is told.
    assert_eq!(
        refusal("{ states { nodes { reviews { nodes { id } } } } }"),
        Some((
            "\"QUERY_TOO_COMPLEX\"".to_owned(),
            "Query is nested too deep.".to_owned()
        ))
    );
    assert_eq!(
        refusal("{ states { nodes { name } } }"),
        Some((
            "\"QUERY_TOO_COMPLEX\"".to_owned(),
            "Query is too complex.".to_owned()
        ))
    );
    // A page over its size before either.
    assert!(
        refusal("{ states(first: 101) { nodes { reviews { nodes { id } } } } }")
            .unwrap()
            .1
            .starts_with("`first` must be between 0 and 100, not 101")
    );
}
