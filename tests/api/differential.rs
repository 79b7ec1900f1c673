//! One answer, two paths: every document the project ships (GraphiQL's examples, the
//! TypeScript client's operations, the explorer's queries and the benchmark's queries)
//! is answered through its plan and through async-graphql's resolvers, with several
//! sets of variables, on both backends over the real files, and the answers must agree
//! (`TestApp::execute` compares them). Every other query of these tests is compared the
//! same way; the field order of planned answers is checked byte for byte.

use std::path::Path;

use async_graphql::parser::{
    parse_query,
    types::{BaseType, DocumentOperations},
};
use serde_json::{json, Map, Value};

use crate::helpers::{on_both_backends, Fixture, TestApp};

/// The shipped documents, by file, from the folders that hold them.
fn shipped_documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = Vec::new();
    for folder in [
        "src/examples",
        "clients/typescript/src/operations",
        "ui/src/queries",
        "bench/queries",
    ] {
        let dir = root.join(folder);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.extension().is_some_and(|e| e == "graphql")
                    // PostGraphile's versions of the benchmark's queries are for PostGraphile.
                    && !path.to_string_lossy().contains(".postgraphile.")
            })
            .collect();
        files.sort();
        for path in files {
            let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            documents.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    documents
}

/// A value for a variable of a document, by its name and type, in the `set`th set of
/// values (each set names other states, cycles and searches, and turns flags the other
/// way).
fn value_for(name: &str, list: bool, named: &str, set: usize, ids: &[Value]) -> Value {
    let pick = |values: &[Value]| values[set % values.len()].clone();
    let value = match (name, named) {
        ("ids", _) => return Value::Array(ids.to_vec()),
        ("id", _) => pick(ids),
        ("code" | "state" | "stateUnderReview" | "recipient", _) => {
            pick(&[json!("USA"), json!("ISR"), json!("FR")])
        }
        ("donor", _) => pick(&[json!("USA"), json!("USA"), json!("GBR")]),
        // The two states compared.
        ("a", _) => pick(&[json!("USA"), json!("ISR"), json!("FR")]),
        ("b", _) => pick(&[json!("CUB"), json!("USA"), json!("DEU")]),
        ("name", _) => pick(&[
            json!("Death penalty"),
            json!("torture and other CID treatment"),
            json!("no such theme"),
        ]),
        ("cycle", _) => pick(&[json!(1), json!(2), json!(4)]),
        ("style", _) => pick(&[json!("APA"), json!("BIBTEX"), json!("RIS")]),
        ("search", _) => pick(&[
            json!("torture"),
            json!("\"death penalty\" OR women*"),
            json!("rights NOT death"),
        ]),
        ("first" | "groups", _) => pick(&[json!(5), json!(20), Value::Null]),
        ("years", _) => pick(&[json!(5), json!(10), Value::Null]),
        ("filter", _) => pick(&[
            json!({ "response": ["NOTED"] }),
            json!({ "cycle": [1], "theme": ["Torture and other CID"] }),
            json!({ "or": [{ "recommendingState": ["CUB"] }, { "session": [9] }] }),
        ]),
        ("aidFilter", _) => pick(&[
            json!({ "category": ["MILITARY"] }),
            json!({ "transactionType": ["OBLIGATION"], "fiscalYearFrom": 2010 }),
            Value::Null,
        ]),
        (_, "Boolean") => json!(set % 2 == 0),
        (_, "String") => Value::Null,
        (_, "Int") => Value::Null,
        _ => Value::Null,
    };
    if list && !value.is_array() && !value.is_null() {
        Value::Array(vec![value])
    } else {
        value
    }
}

/// The variables of the document's operations, in the `set`th set of values. Every
/// operation's are given: validation reads the arguments of them all.
fn variables(document: &str, set: usize, ids: &[Value]) -> Value {
    let parsed = parse_query(document).expect("a shipped document parses");
    let mut variables = Map::new();
    let operations: Vec<_> = match &parsed.operations {
        DocumentOperations::Single(operation) => vec![operation],
        DocumentOperations::Multiple(operations) => operations.values().collect(),
    };
    for operation in operations {
        for definition in &operation.node.variable_definitions {
            let ty = &definition.node.var_type.node;
            let (list, named) = match &ty.base {
                BaseType::Named(name) => (false, name.to_string()),
                BaseType::List(inner) => (true, inner.base.to_string()),
            };
            let name = definition.node.name.node.to_string();
            let value = value_for(&name, list, named.trim_end_matches('!'), set, ids);
            if !(value.is_null() && ty.nullable) {
                variables.insert(name, value);
            }
        }
    }
    Value::Object(variables)
}

async fn every_shipped_document_answers_the_same_both_ways(app: TestApp) {
    let ids = app
        .data(r#"{ usa: state(code: "USA") { id reviews(first: 2) { nodes { id recommendations(first: 2) { nodes { id } } } } } isr: state(code: "ISR") { id } }"#)
        .await;
    let mut ids_found = vec![ids["usa"]["id"].clone(), ids["isr"]["id"].clone()];
    for review in ids["usa"]["reviews"]["nodes"].as_array().unwrap() {
        ids_found.push(review["id"].clone());
        for recommendation in review["recommendations"]["nodes"].as_array().unwrap() {
            ids_found.push(recommendation["id"].clone());
        }
    }
    let documents = shipped_documents();
    assert!(documents.len() >= 25, "{} documents", documents.len());
    for (name, document) in &documents {
        let operations: Vec<Option<String>> = match parse_query(document).unwrap().operations {
            DocumentOperations::Single(_) => vec![None],
            DocumentOperations::Multiple(operations) => {
                operations.keys().map(|n| Some(n.to_string())).collect()
            }
        };
        for operation in &operations {
            for set in 0..3 {
                let variables = variables(document, set, &ids_found);
                // `execute` fails the test, naming the document, if the two paths disagree.
                let answer = app
                    .execute_operation(document, operation.as_deref(), variables.clone())
                    .await;
                assert!(
                    answer.get("data").is_some(),
                    "{name} ({operation:?}) with {variables} did not run: {answer}"
                );
            }
        }
        assert_eq!(app.schema.unplanned(), 0, "{name} is not planned");
    }
}
on_both_backends!(
    every_shipped_document_answers_the_same_both_ways,
    Fixture::RealFiles
);

/// The raw body of a query's answer over HTTP.
async fn body_of(app: &TestApp, query: &str) -> String {
    app.http
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn answers_keep_the_order_the_query_asks(app: TestApp) {
    let body = body_of(
        &app,
        r#"{ s2: state(code: "ISR") { name } state(code: "USA") { reviews(first: 1) { totalCount nodes { cycle { number } status } } name code } }"#,
    )
    .await;
    assert_eq!(
        body,
        r#"{"data":{"s2":{"name":"Israel"},"state":{"reviews":{"totalCount":4,"nodes":[{"cycle":{"number":1},"status":"HELD"}]},"name":"United States of America","code":"USA"}}}"#
    );
    // Through fragments, inline fragments, aliases of one field with different arguments,
    // a key selected twice (merged where it first appears) and `__typename`.
    let body = body_of(
        &app,
        r#"query { ...Root }
        fragment Root on Query {
          b: state(code: "USA") { ... on State { held: reviews(first: 1, filter: { status: [HELD] }) { nodes { heldOn } } } __typename code }
          a: state(code: "ISR") { ...Names regionalGroupOn(date: "2013-06-01") code }
          b: state(code: "USA") { name reviews: reviews(first: 1) { pageInfo { hasNextPage } } }
        }
        fragment Names on State { officialName name }"#,
    )
    .await;
    assert_eq!(
        body,
        r#"{"data":{"b":{"held":{"nodes":[{"heldOn":"2010-11-05"}]},"__typename":"State","code":"USA","name":"United States of America","reviews":{"pageInfo":{"hasNextPage":true}}},"a":{"officialName":"State of Israel","name":"Israel","regionalGroupOn":null,"code":"ISR"}}}"#
    );
    // Introspection, alone (async-graphql answers it) and beside data (async-graphql
    // answers its fields, the plan the rest), keeps the order too.
    let body = body_of(
        &app,
        r#"{ __type(name: "Cycle") { name kind fields(includeDeprecated: true) { type { kind } name } } }"#,
    )
    .await;
    assert!(
        body.starts_with(
            r#"{"data":{"__type":{"name":"Cycle","kind":"OBJECT","fields":[{"type":{"kind":""#
        ),
        "{body}"
    );
    assert!(body.contains(r#"},"name":"number"}"#), "{body}");
    let body = body_of(
        &app,
        r#"query Q($t: String!) { state(code: "USA") { code } ...I __typename } fragment I on Query { __type(name: $t) { kind name } }"#
            .replace("$t: String!", "$t: String! = \"Cycle\"")
            .as_str(),
    )
    .await;
    assert_eq!(
        body,
        r#"{"data":{"state":{"code":"USA"},"__type":{"kind":"OBJECT","name":"Cycle"},"__typename":"Query"}}"#
    );
}
on_both_backends!(answers_keep_the_order_the_query_asks);

/// A plan is made once for a document and the values of the variables it reads
/// (`@skip`/`@include` and arguments), and kept: a request that gives those variables
/// the same values is answered from it, one that gives any other value gets a plan of
/// its own, never a kept plan's answer.
async fn plans_are_kept_for_the_values_of_the_variables_they_read(app: TestApp) {
    // `$cycle` is read only under a field `@include(if: false)` leaves out.
    let document = r#"query Q($code: String!, $withName: Boolean!, $cycle: Int!) {
      literal: state(code: "ISR") { code }
      state(code: $code) { code name @include(if: $withName) }
      left: state(code: "FRA") @include(if: false) { review(cycle: $cycle) { status } }
    }"#;
    let made = app.schema.plans_made();
    let first = json!({ "code": "USA", "withName": true, "cycle": 1 });
    let usa = app.data_with(document, first.clone()).await;
    assert_eq!(
        usa,
        json!({ "literal": { "code": "ISR" }, "state": { "code": "USA", "name": "United States of America" } })
    );
    assert_eq!(app.schema.plans_made(), made + 1);
    // The same values, and another value of a variable the plan does not read.
    let again = app
        .data_with(
            document,
            json!({ "code": "USA", "withName": true, "cycle": 2 }),
        )
        .await;
    assert_eq!(again, usa);
    assert_eq!(app.schema.plans_made(), made + 1, "planned again");
    // Another value of an argument's variable, then of `@include`'s.
    let isr = app
        .data_with(
            document,
            json!({ "code": "ISR", "withName": true, "cycle": 1 }),
        )
        .await;
    assert_eq!(isr["state"], json!({ "code": "ISR", "name": "Israel" }));
    assert_eq!(app.schema.plans_made(), made + 2);
    let unnamed = app
        .data_with(
            document,
            json!({ "code": "USA", "withName": false, "cycle": 1 }),
        )
        .await;
    assert_eq!(unnamed["state"], json!({ "code": "USA" }));
    assert_eq!(app.schema.plans_made(), made + 3);
    // The first values again: their plan was kept.
    assert_eq!(app.data_with(document, first).await, usa);
    assert_eq!(app.schema.plans_made(), made + 3, "planned again");
    // A bad value is refused by validation, kept plan or not, and changes nothing.
    let refused = app
        .execute(
            document,
            json!({ "code": "USA", "withName": true, "cycle": "one" }),
        )
        .await;
    assert!(refused.get("data").is_none(), "{refused}");
    assert_eq!(app.schema.plans_made(), made + 3);
}
on_both_backends!(plans_are_kept_for_the_values_of_the_variables_they_read);

/// The schema as the generator walks it, read from the committed `schema.graphql`.
struct Schema {
    types: std::collections::HashMap<String, TypeDef>,
}

enum TypeDef {
    /// An object or interface: its fields, and for an interface the types that implement it.
    Object {
        fields: Vec<FieldDef>,
        implementers: Vec<String>,
    },
    Enum(Vec<String>),
    Input(Vec<FieldDef>),
    Scalar,
}

struct FieldDef {
    name: String,
    args: Vec<FieldDef>,
    ty: async_graphql::parser::types::Type,
}

impl Schema {
    fn read() -> Self {
        use async_graphql::parser::{
            parse_schema,
            types::{TypeKind, TypeSystemDefinition},
        };
        let sdl =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql"))
                .unwrap();
        let document = parse_schema(&sdl).unwrap();
        let mut types = std::collections::HashMap::new();
        let mut implements: Vec<(String, String)> = Vec::new();
        let field = |f: &async_graphql::parser::types::FieldDefinition| FieldDef {
            name: f.name.node.to_string(),
            args: f
                .arguments
                .iter()
                .map(|a| FieldDef {
                    name: a.node.name.node.to_string(),
                    args: Vec::new(),
                    ty: a.node.ty.node.clone(),
                })
                .collect(),
            ty: f.ty.node.clone(),
        };
        for definition in &document.definitions {
            let TypeSystemDefinition::Type(ty) = definition else {
                continue;
            };
            let name = ty.node.name.node.to_string();
            let def = match &ty.node.kind {
                TypeKind::Object(object) => {
                    for i in &object.implements {
                        implements.push((i.node.to_string(), name.clone()));
                    }
                    TypeDef::Object {
                        fields: object.fields.iter().map(|f| field(&f.node)).collect(),
                        implementers: Vec::new(),
                    }
                }
                TypeKind::Interface(interface) => TypeDef::Object {
                    fields: interface.fields.iter().map(|f| field(&f.node)).collect(),
                    implementers: Vec::new(),
                },
                TypeKind::Enum(e) => TypeDef::Enum(
                    e.values
                        .iter()
                        .map(|v| v.node.value.node.to_string())
                        .collect(),
                ),
                TypeKind::InputObject(input) => TypeDef::Input(
                    input
                        .fields
                        .iter()
                        .map(|f| FieldDef {
                            name: f.node.name.node.to_string(),
                            args: Vec::new(),
                            ty: f.node.ty.node.clone(),
                        })
                        .collect(),
                ),
                _ => TypeDef::Scalar,
            };
            types.insert(name, def);
        }
        for (interface, object) in implements {
            if let Some(TypeDef::Object { implementers, .. }) = types.get_mut(&interface) {
                implementers.push(object);
            }
        }
        Self { types }
    }
}

/// A deterministic generator of pseudo-random numbers (xorshift), so a failing run is
/// replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Values read from the database the queries run on, for arguments.
struct Pools {
    codes: Vec<String>,
    themes: Vec<String>,
    ids: Vec<String>,
    names: Vec<String>,
}

/// Writes random valid documents over the schema.
struct Generator<'a> {
    schema: &'a Schema,
    pools: &'a Pools,
    rng: Rng,
    fragments: Vec<String>,
    aliases: usize,
}

fn named_type(ty: &async_graphql::parser::types::Type) -> (String, bool) {
    use async_graphql::parser::types::BaseType;
    match &ty.base {
        BaseType::Named(name) => (name.to_string(), false),
        BaseType::List(inner) => (named_type(inner).0, true),
    }
}

impl Generator<'_> {
    fn document(&mut self) -> String {
        self.fragments.clear();
        self.aliases = 0;
        let selection = self.selection("Query", 0);
        let mut document = format!("query Generated {selection}");
        for fragment in &self.fragments {
            document.push('\n');
            document.push_str(fragment);
        }
        document
    }

    /// A value for an input of type `ty` named `name`.
    fn value(
        &mut self,
        name: &str,
        ty: &async_graphql::parser::types::Type,
        depth: usize,
    ) -> Option<String> {
        let (named, list) = named_type(ty);
        let one = |g: &mut Self| -> Option<String> {
            let pools = g.pools;
            Some(match (named.as_str(), name) {
                (
                    "String",
                    "code" | "state" | "stateUnderReview" | "recommendingState" | "donor"
                    | "recipient",
                ) => {
                    format!("{:?}", g.rng.pick(&pools.codes))
                }
                ("String", "theme") => format!("{:?}", g.rng.pick(&pools.themes)),
                ("String", "name") => format!("{:?}", g.rng.pick(&pools.names)),
                ("String", "search") => format!(
                    "{:?}",
                    g.rng.pick(&[
                        "torture",
                        "blockade",
                        "women girls",
                        "\"death penalty\"",
                        "abol*",
                        "rights NOT death"
                    ])
                ),
                ("String", "after" | "before") => "\"bm9wZQ\"".to_owned(),
                ("String", "open" | "close" | "ellipsis") => {
                    format!("{:?}", g.rng.pick(&["<b>", "]", "…"]))
                }
                ("String", _) => return None,
                ("ID", _) => format!("{:?}", g.rng.pick(&pools.ids)),
                ("Int", "first" | "last") => g.rng.pick(&[0, 1, 2, 3]).to_string(),
                ("Int", "cycle") => g.rng.pick(&[1, 2, 3, 4]).to_string(),
                ("Int", "session" | "number") => g.rng.pick(&[1, 9, 13, 22]).to_string(),
                ("Int", "words") => g.rng.pick(&[1, 5, 30]).to_string(),
                ("Int", "fiscalYearFrom" | "fiscalYearTo") => {
                    g.rng.pick(&[2001, 2015, 2022]).to_string()
                }
                ("Int", "actionCategory") => g.rng.pick(&[1, 3, 5]).to_string(),
                ("Int", _) => return None,
                ("Boolean", _) => g.rng.pick(&["true", "false"]).to_string(),
                ("Date", _) => format!("{:?}", g.rng.pick(&["2013-06-01", "2020-01-01"])),
                (other, _) => match g.schema.types.get(other) {
                    Some(TypeDef::Enum(values)) => g.rng.pick(values).clone(),
                    Some(TypeDef::Input(fields)) if depth < 2 => {
                        let required: Vec<&FieldDef> =
                            fields.iter().filter(|f| !f.ty.nullable).collect();
                        let mut parts = Vec::new();
                        for f in &required {
                            parts.push(format!(
                                "{}: {}",
                                f.name,
                                g.value(&f.name, &f.ty, depth + 1)?
                            ));
                        }
                        if required.is_empty() {
                            let f = g.rng.pick(fields);
                            if let Some(v) = g.value(&f.name, &f.ty, depth + 1) {
                                parts.push(format!("{}: {v}", f.name));
                            }
                        }
                        format!("{{ {} }}", parts.join(", "))
                    }
                    _ => return None,
                },
            })
        };
        let value = one(self)?;
        Some(if list { format!("[{value}]") } else { value })
    }

    fn arguments(&mut self, field: &FieldDef) -> Option<String> {
        let mut parts = Vec::new();
        let mut paged = false;
        for arg in &field.args {
            let required = !arg.ty.nullable && !matches!(arg.name.as_str(), "groupBy");
            let wanted = required
                || match arg.name.as_str() {
                    "after" | "before" => self.rng.chance(4),
                    "first" | "last" => {
                        let take = !paged && self.rng.chance(70);
                        paged |= take;
                        take
                    }
                    "groupBy" => !arg.ty.nullable || self.rng.chance(60),
                    _ => self.rng.chance(30),
                };
            if !wanted {
                continue;
            }
            match self.value(&arg.name, &arg.ty, 0) {
                Some(value) => parts.push(format!("{}: {value}", arg.name)),
                None if required => return None,
                None => {}
            }
        }
        Some(if parts.is_empty() {
            String::new()
        } else {
            format!("({})", parts.join(", "))
        })
    }

    /// A selection set on the type `on`.
    fn selection(&mut self, on: &str, depth: usize) -> String {
        let Some(TypeDef::Object {
            fields,
            implementers,
        }) = self.schema.types.get(on)
        else {
            return String::new();
        };
        let mut items = Vec::new();
        if !implementers.is_empty() {
            // An interface: `id`, and fragments on some of its types.
            items.push("id".to_owned());
            for _ in 0..=self.rng.below(2) {
                let object = self.rng.pick(implementers).clone();
                let inner = self.selection(&object, depth);
                items.push(format!("... on {object} {inner}"));
            }
            return format!("{{ {} }}", items.join(" "));
        }
        let count = 1 + self.rng.below(if depth == 0 { 3 } else { 4 });
        // Each field is selected under a key of its own: two selections of one key must
        // agree in arguments and in their own keys' arguments, all the way down, which
        // the hand-written order test covers instead.
        let mut keys: Vec<&str> = Vec::new();
        for _ in 0..count {
            let field = self.rng.pick(fields);
            if matches!(
                field.name.as_str(),
                "recommendationsMade" | "recommendationsReceived" | "aidProvided" | "aidReceived"
            ) && depth > 1
            {
                continue;
            }
            let (named, _) = named_type(&field.ty);
            let is_object = matches!(self.schema.types.get(&named), Some(TypeDef::Object { .. }));
            if is_object && depth >= 3 {
                continue;
            }
            let Some(arguments) = self.arguments(field) else {
                continue;
            };
            let repeated = keys.contains(&field.name.as_str());
            if repeated && self.aliases >= 20 {
                continue;
            }
            let alias = if self.aliases < 20 && (repeated || self.rng.chance(15)) {
                self.aliases += 1;
                format!("a{}: ", self.aliases)
            } else {
                keys.push(&field.name);
                String::new()
            };
            let inner = if is_object {
                self.selection(&named, depth + 1)
            } else {
                String::new()
            };
            let mut item = format!("{alias}{}{arguments} {inner}", field.name);
            if self.rng.chance(10) {
                item = format!("... on {on} {{ {item} }}");
            } else if self.rng.chance(8) {
                let name = format!("F{}", self.fragments.len());
                self.fragments
                    .push(format!("fragment {name} on {on} {{ {item} }}"));
                item = format!("...{name}");
            }
            items.push(item);
        }
        if self.rng.chance(10) {
            items.push("__typename".to_owned());
        }
        if items.is_empty() {
            items.push("__typename".to_owned());
        }
        format!("{{ {} }}", items.join(" "))
    }
}

/// How many generated documents each run answers both ways, on each backend.
const GENERATED: usize = 1_000;

async fn generated_documents_answer_the_same_both_ways(app: TestApp) {
    let seed = std::env::var("UPRGRAPH_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("generated documents from seed {seed} (set UPRGRAPH_TEST_SEED to replay)");
    let data = app
        .data(r#"{ recommendationStats(groupBy: [RECOMMENDING_STATE], first: 12) { recommendingState { code name } }
                   themes: recommendationStats(groupBy: [THEME], first: 12) { theme { name } }
                   states(first: 4) { nodes { id } }
                   reviews(first: 4) { nodes { id } }
                   recommendations(first: 4) { nodes { id } } aidFlows(first: 2) { nodes { id } } }"#)
        .await;
    let strings = |path: &str, key: &str| -> Vec<String> {
        data[path]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|g| g[key].as_object())
            .map(|o| o.values().next().unwrap().as_str().unwrap().to_owned())
            .collect()
    };
    let mut codes = strings("recommendationStats", "recommendingState");
    codes.extend(["USA", "ISR", "US"].map(str::to_owned));
    let names: Vec<String> = data["recommendationStats"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["recommendingState"]["name"].as_str().map(str::to_owned))
        .collect();
    let ids: Vec<String> = ["states", "reviews", "recommendations", "aidFlows"]
        .iter()
        .flat_map(|list| data[*list]["nodes"].as_array().unwrap().clone())
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect();
    let pools = Pools {
        codes,
        themes: strings("themes", "theme"),
        ids,
        names,
    };
    let schema = Schema::read();
    let mut generator = Generator {
        schema: &schema,
        pools: &pools,
        rng: Rng(seed),
        fragments: Vec::new(),
        aliases: 0,
    };
    let mut valid = 0;
    let mut tried = 0;
    while valid < GENERATED {
        tried += 1;
        assert!(
            tried < GENERATED * 3,
            "too few valid documents: {valid} of {tried}"
        );
        let document = generator.document();
        if std::env::var_os("UPRGRAPH_TEST_SHOW").is_some() {
            println!("{document}");
        }
        // `execute` fails the test, with the document, if the two paths disagree.
        let answer = app.execute(&document, json!({})).await;
        if answer.get("data").is_some() {
            valid += 1;
        }
        assert_eq!(app.schema.unplanned(), 0, "not planned: {document}");
    }
}
on_both_backends!(
    generated_documents_answer_the_same_both_ways,
    Fixture::RealFiles
);
