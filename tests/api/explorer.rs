//! The explorer (`ui/`, served at `/explore`): its committed build is what `ui/` builds;
//! its page and assets are served under the strict policy; its persisted documents run
//! by hash over GET on both backends with the numbers its views show, organisation donors
//! (OECD DAC Table 2a's) among them; and in Debian's Chromium, offline but for the server,
//! over the real UPR Info, ForeignAssistance.gov, SIPRI and OECD files, each view renders
//! those numbers.

use std::path::Path;

use serde_json::{json, Value};

use crate::helpers::{at, get_text, npm, on_both_backends, Backend, Fixture, TestApp};

#[tokio::test]
async fn the_committed_explorer_build_is_what_ui_builds() {
    npm::assert_regenerates("ui", "build.mjs").await;
}

#[tokio::test]
async fn the_explorer_is_one_page_under_a_strict_policy_with_hashed_assets() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut pages = Vec::new();
    for path in [
        "/explore",
        "/explore/",
        "/explore/state/USA",
        "/explore/world?cycle=1",
    ] {
        let response = app
            .http
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            policy.starts_with("default-src 'none'; script-src 'self';"),
            "{policy}"
        );
        assert!(!policy.contains("unsafe"), "{policy}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        pages.push(response.text().await.unwrap());
    }
    assert!(
        pages.windows(2).all(|w| w[0] == w[1]),
        "one page for every route"
    );
    let links: Vec<&str> = pages[0]
        .split('"')
        .filter(|part| part.starts_with("/explore/assets/"))
        .collect();
    assert_eq!(links.len(), 4, "{links:?}");
    for link in links {
        let response = app
            .http
            .get(format!("{}{link}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{link}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{link}"
        );
        let body = response.bytes().await.unwrap();
        assert!(!body.is_empty(), "{link}");
    }
    let missing = app
        .http
        .get(format!("{}/explore/assets/explorer.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404, "an unhashed name is not served");
    let graphiql = get_text(&app, "/").await;
    assert!(
        graphiql.contains("href=\"/explore\""),
        "GraphiQL links the explorer"
    );
}

#[tokio::test]
async fn the_explorer_names_graphiql_only_when_the_server_serves_it() {
    const META: &str = "<meta name=\"uprgraph-graphiql\" content=\"/\">";
    for graphiql in [true, false] {
        let app = TestApp::spawn_with(Backend::Sqlite, |s| s.graphiql = Some(graphiql)).await;
        let page = get_text(&app, "/explore/state/USA").await;
        assert_eq!(page.contains(META), graphiql, "{page}");
        assert_eq!(page.contains("href=\"/\""), graphiql, "{page}");
        let root = app
            .http
            .get(format!("{}/", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(root.status(), if graphiql { 200 } else { 404 });
    }
}

/// The explorer's documents, as the codegen wrote them: SHA-256 hash and text.
fn documents() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/gql/persisted-documents.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let map: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    map.into_iter()
        .map(|(hash, query)| {
            let hash = hash
                .strip_prefix("sha256:")
                .expect("a SHA-256 hash")
                .to_owned();
            (hash, query.as_str().unwrap().to_owned())
        })
        .collect()
}

/// A GET of a persisted query as the explorer sends it: the hash, and the text when asked.
async fn get(app: &TestApp, hash: &str, variables: &Value, query: Option<&str>) -> Value {
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let mut params = vec![
        ("variables", variables.to_string()),
        ("extensions", extensions.to_string()),
    ];
    if let Some(query) = query {
        params.push(("query", query.to_owned()));
    }
    app.http
        .get(format!("{}/graphql", app.address))
        .query(&params)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// What the browser test expects the United States page to show, read from the API with
/// queries of its own: the cycle-4 review's status and Cuba's recommendations at session 9.
async fn united_states_facts(app: &TestApp) -> (String, i64) {
    let (_, body) = app
        .post(
            r#"{ state(code: "USA") { review(cycle: 4) { status } }
                 recommendationStats(filter: { stateUnderReview: ["USA"], recommendingState: ["CUB"],
                   session: [9] }, groupBy: []) { count } }"#,
        )
        .await;
    let status = at(&body, "data.state.review.status")
        .as_str()
        .unwrap_or_else(|| panic!("{body:#}"));
    let cuba = at(&body, "data.recommendationStats.0.count")
        .as_i64()
        .unwrap_or_else(|| panic!("{body:#}"));
    (status.to_owned(), cuba)
}

/// Sums of SIPRI TIV as (file, millions, bound).
fn tiv_per_file<'a>(sums: impl Iterator<Item = &'a Value>) -> Vec<(&'a str, &'a str, &'a str)> {
    sums.map(|t| {
        (
            t["dataset"]["name"].as_str().unwrap(),
            t["tiv"]["millions"].as_str().unwrap(),
            t["bound"].as_str().unwrap(),
        )
    })
    .collect()
}

/// The explorer's views, each answered by one of its documents.
#[derive(Debug, Clone, Copy)]
enum View {
    State,
    World,
    Aid,
    Search,
    Review,
    Compare,
    Theme,
    Citation,
}

impl View {
    /// The view a document answers, with the variables the checks run it with.
    fn of(query: &str, recommendation: &Value) -> (View, Value) {
        if query.contains("query Citation(") {
            (
                View::Citation,
                json!({ "id": recommendation, "style": "BIBTEX" }),
            )
        } else if query.contains("query StateView(") {
            (View::State, json!({ "code": "USA" }))
        } else if query.contains("query WorldView(") {
            (
                View::World,
                json!({ "cycle": [1], "donor": ["USA"], "withAid": true }),
            )
        } else if query.contains("query AidView(") {
            (View::Aid, json!({ "donor": "USA", "recipient": "CUB" }))
        } else if query.contains("query CompareView(") {
            (View::Compare, json!({ "a": "USA", "b": "CUB" }))
        } else if query.contains("query ThemeView(") {
            (View::Theme, json!({ "name": "death PENALTY" }))
        } else if query.contains("query SearchView(") {
            (View::Search, json!({ "search": "blockade", "after": null }))
        } else if query.contains("query ReviewView(") {
            (
                View::Review,
                json!({ "state": "USA", "cycle": 1, "filter": { "recommendingState": ["CUB"] },
                        "first": 25, "search": "", "withSearch": false }),
            )
        } else {
            panic!("no variables for {query}");
        }
    }
}

/// Runs a document as the explorer does: the hash alone first (unknown to the server),
/// then with its text, then the hash alone again, which now gives the same answer.
async fn run_by_hash(app: &TestApp, hash: &str, variables: &Value, query: &str) -> Value {
    let first = get(app, hash, variables, None).await;
    assert_eq!(
        at(&first, "errors.0.extensions.code"),
        "PERSISTED_QUERY_NOT_FOUND",
        "{first:#}"
    );
    let answer = get(app, hash, variables, Some(query)).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let again = get(app, hash, variables, None).await;
    assert_eq!(again, answer, "the hash alone gives the same answer");
    answer
}

async fn the_explorer_documents_run_by_hash_with_the_numbers_it_shows(app: TestApp) {
    let (status, cuba) = united_states_facts(&app).await;
    assert_eq!(status, "NON_COOPERATION");
    assert!(
        cuba > 0,
        "Cuba made recommendations to the United States at session 9"
    );
    // A recommendation to cite: Cuba's first to the United States at session 9.
    let cited = app
        .data(r#"{ recommendations(filter: { stateUnderReview: ["USA"], recommendingState: ["CUB"], session: [9] }, first: 1) { nodes { id sourceLine } } }"#)
        .await;
    let recommendation = at(&cited, "recommendations.nodes.0");
    let documents = documents();
    assert_eq!(
        documents.len(),
        8,
        "a document without a check here: {documents:?}"
    );
    for (hash, query) in documents {
        let (view, variables) = View::of(&query, &recommendation["id"]);
        let answer = run_by_hash(&app, &hash, &variables, &query).await;
        let data = &answer["data"];
        match view {
            View::State => state_view(&app, &hash, data, cuba).await,
            View::Aid => aid_view(&app, &hash, data, cuba).await,
            View::Search => search_view(data),
            View::Review => review_view(&app, &hash, data, cuba).await,
            View::World => world_view(&app, &hash, data).await,
            View::Compare => compare_view(&app, data, cuba).await,
            View::Theme => theme_view(&app, data).await,
            View::Citation => citation_view(data, &recommendation["sourceLine"]),
        }
    }
}

/// The citation the explorer's "Cite" shows: the report of the review, keyed by the
/// file's SHA-256 and the line.
fn citation_view(data: &Value, line: &Value) {
    assert_eq!(at(data, "node.__typename"), "Recommendation");
    let bibtex = at(data, "node.citation").as_str().unwrap();
    assert!(
        bibtex.starts_with(&format!("@techreport{{uprgraph-ee3f5b373cad-{line},\n")),
        "{bibtex}"
    );
    assert!(bibtex.contains("  number = {A/HRC/16/11},\n"), "{bibtex}");
    assert!(
        bibtex.contains("Recommendation by Cuba to United States of America, UPR cycle 1"),
        "{bibtex}"
    );
}

/// The State view of the United States: its boycotted fourth review, Cuba's
/// recommendations at its first, the arms of one of that review's recommenders, and
/// Israel's page with each aid sum's bound.
async fn state_view(app: &TestApp, hash: &str, data: &Value, cuba: i64) {
    let reviews = at(data, "state.reviews.nodes").as_array().unwrap();
    let fourth = reviews
        .iter()
        .find(|r| r["cycle"]["number"] == 4)
        .expect("a cycle-4 review");
    assert_eq!(fourth["status"], "NON_COOPERATION");
    let first_cycle = reviews
        .iter()
        .find(|r| r["session"]["number"] == 9)
        .expect("session 9");
    let from_cuba = first_cycle["recommenders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["state"]["code"] == "CUB")
        .expect("Cuba among the recommenders");
    assert_eq!(from_cuba["recommendations"]["count"], cuba);
    // Session by session, the same recommendations as cycle by cycle; Cuba's are among
    // those of session 9.
    let sum = |path: &str, keep: &dyn Fn(&Value) -> bool| -> i64 {
        at(data, path)
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| keep(s))
            .map(|s| s["count"].as_i64().unwrap())
            .sum()
    };
    assert_eq!(
        sum("state.bySession", &|_| true),
        sum("state.byCycle", &|_| true)
    );
    assert!(sum("state.bySession", &|s| s["session"] == 9) >= cuba);
    recommender_arms(&first_cycle["recommenders"]);
    israel_aid_with_bounds(app, hash).await;
}

/// The arms the United Kingdom delivered to the United States from 2005 to 2009, per
/// file (`tests/api/sipri/count.py`).
fn recommender_arms(recommenders: &Value) {
    let uk = &recommenders
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["state"]["code"] == "GBR")
        .expect("the United Kingdom among the recommenders")["arms"];
    assert_eq!(uk["years"], json!({ "firstYear": 2005, "lastYear": 2009 }));
    assert_eq!(
        tiv_per_file(uk["toStateUnderReview"].as_array().unwrap().iter()),
        [
            ("trade-register.csv", "20", "AT_LEAST"),
            ("trade-register-2000-2023-with-ids.csv", "1198", "EXACT"),
        ]
    );
}

/// Israel's page: each aid sum with its bound, as aidTotals gives it; the reference
/// data's estimate is a lower bound.
async fn israel_aid_with_bounds(app: &TestApp, hash: &str) {
    let israel = get(app, hash, &json!({ "code": "ISR" }), None).await;
    let (_, totals) = app
        .post(
            r#"{ aidTotals(filter: { recipient: ["ISR"] }, groupBy: [FISCAL_YEAR, CATEGORY, TRANSACTION_TYPE],
        first: 1000) { fiscalYear category transactionType source { title } flows bound amount { amount currency } } }"#,
        )
        .await;
    let key = |t: &Value| {
        (
            t["fiscalYear"].to_string(),
            t["category"].to_string(),
            t["transactionType"].to_string(),
            t["source"].to_string(),
            t["amount"]["currency"].to_string(),
        )
    };
    let mut shown: Vec<&Value> = at(&israel, "data.state.aidReceived")
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let mut asked: Vec<&Value> = at(&totals, "data.aidTotals")
        .as_array()
        .unwrap()
        .iter()
        .collect();
    shown.sort_by_key(|t| key(t));
    asked.sort_by_key(|t| key(t));
    assert_eq!(shown, asked);
    assert!(shown.iter().any(|t| t["bound"] == "AT_LEAST"), "{shown:?}");
    assert!(shown.iter().any(|t| t["bound"] == "EXACT"), "{shown:?}");
}

/// The Aid view of the United States and Cuba, with the arms beside the aid.
async fn aid_view(app: &TestApp, hash: &str, data: &Value, cuba: i64) {
    assert!(
        !at(data, "aidTotals").as_array().unwrap().is_empty(),
        "{data:#}"
    );
    // The arms beside the aid, by year and file: the United States' to Israel in
    // 2023 (`tests/api/sipri/count.py`).
    let israel = get(
        app,
        hash,
        &json!({ "donor": "USA", "recipient": "ISR" }),
        None,
    )
    .await;
    let arms = at(&israel, "data.arms").as_array().unwrap();
    assert_eq!(
        tiv_per_file(arms.iter().filter(|t| t["deliveryYear"] == 2023)),
        [
            ("trade-register-2000-2023-with-ids.csv", "452.7", "EXACT"),
            ("trade-register.csv", "131.6", "AT_LEAST"),
        ]
    );
    let reviews = at(data, "donor.reviews.nodes").as_array().unwrap();
    let ninth = reviews
        .iter()
        .find(|r| r["session"]["number"] == 9)
        .expect("session 9");
    let counted: i64 = ninth["fromRecipient"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_i64().unwrap())
        .sum();
    assert_eq!(counted, cuba);
}

/// The Search view: every match's ranges, in UTF-16 units, fall on the word searched.
fn search_view(data: &Value) {
    let nodes = at(data, "recommendations.nodes").as_array().unwrap();
    assert!(!nodes.is_empty(), "{data:#}");
    for node in nodes {
        let text = node["text"].as_str().unwrap();
        let ranges = node["searchMatches"]["ranges"].as_array().unwrap();
        assert!(!ranges.is_empty(), "{node:#}");
        // The ranges count UTF-16 units, as the page slices the text.
        let units: Vec<u16> = text.encode_utf16().collect();
        for range in ranges {
            let (start, end) = (
                range["start"].as_u64().unwrap() as usize,
                range["end"].as_u64().unwrap() as usize,
            );
            let part = String::from_utf16(&units[start..end])
                .unwrap()
                .to_lowercase();
            assert!(part.starts_with("blockade"), "{part} in {text}");
        }
    }
}

/// The Review view of the United States' first review, paged forward and back.
async fn review_view(app: &TestApp, hash: &str, data: &Value, cuba: i64) {
    let recommendations = at(data, "review.recommendations");
    assert_eq!(recommendations["totalCount"], cuba, "{recommendations:#}");
    assert_eq!(
        recommendations["nodes"].as_array().unwrap().len() as i64,
        cuba.min(25)
    );
    let counted: i64 = at(data, "review.byResponse")
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_i64().unwrap())
        .sum();
    assert_eq!(counted, cuba);
    // The Review view's pages: forward by `first`/`after`, back by `last`/`before`
    // from the second page's first cursor gives the first page again.
    let page = |extra: Value| {
        let mut v =
            json!({ "state": "USA", "cycle": 1, "filter": {}, "search": "", "withSearch": false });
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let ids = |answer: &Value| -> Vec<Value> {
        at(answer, "data.review.recommendations.nodes")
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].clone())
            .collect()
    };
    let first_page = get(app, hash, &page(json!({ "first": 25 })), None).await;
    let info = at(&first_page, "data.review.recommendations.pageInfo").clone();
    assert_eq!(info["hasPreviousPage"], false, "{info}");
    assert_eq!(info["hasNextPage"], true, "{info}");
    let second = get(
        app,
        hash,
        &page(json!({ "first": 25, "after": info["endCursor"] })),
        None,
    )
    .await;
    let info = at(&second, "data.review.recommendations.pageInfo").clone();
    assert_eq!(info["hasPreviousPage"], true, "{info}");
    assert_ne!(ids(&second), ids(&first_page));
    let back = get(
        app,
        hash,
        &page(json!({ "last": 25, "before": info["startCursor"] })),
        None,
    )
    .await;
    assert_eq!(ids(&back).len(), 25, "{back:#}");
    assert_eq!(ids(&back), ids(&first_page));
    let info = at(&back, "data.review.recommendations.pageInfo");
    assert_eq!(
        (&info["hasPreviousPage"], &info["hasNextPage"]),
        (&json!(false), &json!(true)),
        "{info}"
    );
}

/// The Compare view of the United States and Cuba: each side's counts, what Cuba
/// recommended to the United States, and the aid between them, as the API's own
/// questions answer them.
async fn compare_view(app: &TestApp, data: &Value, cuba: i64) {
    let total = |path: &str| -> i64 {
        at(data, path)
            .as_array()
            .unwrap_or_else(|| panic!("{path}: {data:#}"))
            .iter()
            .map(|s| s["count"].as_i64().unwrap())
            .sum()
    };
    let (_, asked) = app
        .post(
            r#"{ receivedUsa: recommendationStats(filter: { stateUnderReview: ["USA"] }, groupBy: []) { count }
                 madeCuba: recommendationStats(filter: { recommendingState: ["CUB"] }, groupBy: []) { count }
                 cubaToUsa: recommendationStats(filter: { recommendingState: ["CUB"], stateUnderReview: ["USA"] }, groupBy: []) { count }
                 aid: aidTotals(filter: { donor: ["USA"], recipient: ["CUB"] }, groupBy: [CATEGORY, TRANSACTION_TYPE], first: 100) {
                   category transactionType source { title } flows bound amount { amount currency } } }"#,
        )
        .await;
    let count = |name: &str| {
        at(&asked, &format!("data.{name}.0.count"))
            .as_i64()
            .unwrap()
    };
    assert_eq!(total("a.received"), count("receivedUsa"));
    assert_eq!(total("bMade"), count("madeCuba"));
    assert_eq!(total("bToA"), count("cubaToUsa"));
    assert!(
        total("bToA") >= cuba,
        "Cuba's recommendations at session 9 are among them"
    );
    assert_eq!(at(data, "aidAToB"), at(&asked, "data.aid"));
    assert!(
        !at(data, "aidAToB").as_array().unwrap().is_empty(),
        "{data:#}"
    );
    assert_eq!(at(data, "b.name"), "Cuba");
}

/// The Theme view of the death penalty, named in another case: its counts per cycle and
/// per session, as the API's own questions answer them.
async fn theme_view(app: &TestApp, data: &Value) {
    assert_eq!(at(data, "theme.name"), "Death penalty");
    let (_, asked) = app
        .post(
            r#"{ all: recommendationStats(filter: { theme: ["Death penalty"] }, groupBy: []) { count supported }
                 cycles: recommendationStats(filter: { theme: ["Death penalty"] }, groupBy: [CYCLE, RESPONSE]) {
                   cycle response count } }"#,
        )
        .await;
    let total = |list: &Value| -> i64 {
        list.as_array()
            .unwrap()
            .iter()
            .map(|s| s["count"].as_i64().unwrap())
            .sum()
    };
    let all = at(&asked, "data.all.0.count").as_i64().unwrap();
    assert!(all > 0, "{asked:#}");
    assert_eq!(total(at(data, "bySession")), all);
    assert_eq!(at(data, "byCycle"), at(&asked, "data.cycles"));
    let supported: i64 = at(data, "bySession")
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["supported"].as_i64().unwrap())
        .sum();
    assert_eq!(
        supported,
        at(&asked, "data.all.0.supported").as_i64().unwrap()
    );
    assert!(!at(data, "receivers").as_array().unwrap().is_empty());
    assert!(!at(data, "byGroup").as_array().unwrap().is_empty());
}

/// The World view: every state, the recommendations received, and one donor's aid.
async fn world_view(app: &TestApp, hash: &str, data: &Value) {
    let states: Vec<&Value> = at(data, "first.nodes")
        .as_array()
        .unwrap()
        .iter()
        .chain(at(data, "last.nodes").as_array().unwrap())
        .collect();
    let mut codes: Vec<&str> = states.iter().map(|s| s["code"].as_str().unwrap()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 195, "every member and observer state");
    let usa = at(data, "received")
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stateUnderReview"]["code"] == "USA")
        .expect("the United States in cycle 1");
    assert!(usa["count"].as_i64().unwrap() > 0);
    // The donor picker's list (a sum per donor and source: the view lists each donor
    // once), and the chosen donor's aid by recipient and type.
    let donors: std::collections::BTreeSet<&str> = at(data, "donors")
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["donor"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        donors.into_iter().collect::<Vec<_>>(),
        ["USA"],
        "the one donor in the files"
    );
    let aid = at(data, "aid").as_array().unwrap();
    assert!(aid.len() > 195, "{} sums", aid.len());
    let (_, body) = app.post(r#"{ aidTotals(filter: { donor: ["USA"], recipient: ["CUB"], transactionType: [DISBURSEMENT] },
        groupBy: [RECIPIENT, TRANSACTION_TYPE]) { amount { amount } bound } }"#).await;
    let cuba_aid = aid
        .iter()
        .find(|a| a["recipient"]["code"] == "CUB" && a["transactionType"] == "DISBURSEMENT")
        .expect("disbursements to Cuba");
    assert_eq!(
        &cuba_aid["amount"]["amount"],
        at(&body, "data.aidTotals.0.amount.amount")
    );
    assert_eq!(&cuba_aid["bound"], at(&body, "data.aidTotals.0.bound"));
    // Without the aid the answer holds none: picking another measure asks nothing new.
    let without = get(
        app,
        hash,
        &json!({ "cycle": [1], "donor": null, "withAid": false }),
        None,
    )
    .await;
    assert!(
        without["data"].get("aid").is_none(),
        "{:#}",
        without["data"]["aid"]
    );
}
on_both_backends!(
    the_explorer_documents_run_by_hash_with_the_numbers_it_shows,
    Fixture::Arms
);

/// OECD DAC Table 2a of 2019, whose donors are states and organisations (the EU
/// institutions, development banks, UN agencies, funds, private donors).
async fn import_oecd_2019(app: &TestApp) {
    let report = crate::import_oecd::import_2019(app).await;
    assert!(report.files[0].rejected.is_empty(), "{report:?}");
}

/// The World and State documents over OECD's donors: the donor picker's list holds the
/// EU as an organisation beside the donor states, the map's aid for an organisation is
/// what aidTotals gives for it, and Afghanistan's donors include the EU.
async fn the_explorer_documents_show_organisation_donors(app: TestApp) {
    import_oecd_2019(&app).await;
    let documents = documents();
    let document = |name: &str| {
        documents
            .iter()
            .find(|(_, query)| query.contains(name))
            .unwrap_or_else(|| panic!("no document {name}"))
    };
    let (hash, query) = document("query WorldView(");
    let variables =
        json!({ "cycle": null, "donor": null, "donorOrganization": ["EU"], "withAid": true });
    let world = run_by_hash(&app, hash, &variables, query).await;
    let donors = at(&world, "data.donors").as_array().unwrap();
    let eu = donors
        .iter()
        .find(|d| d["donorOrganization"]["code"] == "EU")
        .unwrap_or_else(|| panic!("no EU among the donors: {donors:?}"));
    assert_eq!(eu["donor"], Value::Null, "{eu}");
    assert_eq!(eu["donorOrganization"]["name"], "European Union");
    assert!(
        donors.iter().any(|d| d["donor"]["code"] == "DEU"),
        "{donors:?}"
    );
    let (_, body) = app
        .post(
            r#"{ aidTotals(filter: { donorOrganization: ["EU"] }, groupBy: [RECIPIENT, CATEGORY, TRANSACTION_TYPE],
        first: 1000) { recipient { code } category transactionType source { title } bound flows amount { amount currency } } }"#,
        )
        .await;
    let sorted = |sums: &Value| {
        let mut sums: Vec<Value> = sums.as_array().unwrap().clone();
        sums.sort_by_key(|t| t.to_string());
        sums
    };
    let aid = sorted(at(&world, "data.aid"));
    assert!(aid.len() > 100, "{} recipients of the EU", aid.len());
    assert_eq!(aid, sorted(at(&body, "data.aidTotals")));

    let (hash, query) = document("query StateView(");
    let state = run_by_hash(&app, hash, &json!({ "code": "AFG" }), query).await;
    let by_donor = at(&state, "data.state.aidByDonor").as_array().unwrap();
    let eu = by_donor
        .iter()
        .find(|t| t["donorOrganization"]["code"] == "EU")
        .unwrap_or_else(|| panic!("no EU among Afghanistan's donors: {by_donor:?}"));
    let (_, body) = app
        .post(
            r#"{ aidTotals(filter: { donorOrganization: ["EU"], recipient: ["AFG"] }, groupBy: [CATEGORY, TRANSACTION_TYPE])
        { category transactionType bound amount { amount currency } } }"#,
        )
        .await;
    assert_eq!(eu["donor"], Value::Null, "{eu}");
    assert_eq!(eu["category"], "OFFICIAL_DEVELOPMENT_ASSISTANCE");
    assert_eq!(&eu["amount"], at(&body, "data.aidTotals.0.amount"));
    assert!(
        by_donor.iter().any(|t| t["donor"]["code"] == "DEU"),
        "{by_donor:?}"
    );
}
on_both_backends!(the_explorer_documents_show_organisation_donors);

#[tokio::test]
async fn the_explorer_views_render_their_numbers_offline_in_chromium() {
    crate::helpers::run_or_skip(async {
        npm::require_chromium();
        let dir = npm::project("tests/browser");
        let app = TestApp::spawn_over(Backend::Sqlite, Fixture::Arms, |_| {}).await;
        // A server that runs only its persisted documents, and so serves no GraphiQL, over
        // an empty database: its pages must not link GraphiQL, and every view must run.
        let bare = TestApp::spawn_with(Backend::Sqlite, |s| {
            s.documents = uprgraph::settings::DocumentsMode::Persisted;
        })
        .await;
        // A server over OECD DAC Table 2a alone, whose donors include organisations.
        let oecd = TestApp::spawn_with(Backend::Sqlite, |_| {}).await;
        import_oecd_2019(&oecd).await;
        let mut expected = numbers_the_views_show(&app).await;
        expected["euAid"] = organisation_numbers(&oecd).await;
        let (shots, keep) = screenshots_folder();
        let output = npm::run(
            dir,
            vec![
                "explorer.mjs".into(),
                app.address.clone(),
                expected.to_string(),
                shots.display().to_string(),
                bare.address.clone(),
                oecd.address.clone(),
            ],
        )
        .await;
        let stdout = npm::assert_success("the explorer browser test", &output);
        assert!(stdout.contains("explorer: 18 passed, 0 failed"), "{stdout}");
        assert_screenshots(&shots);
        if !keep {
            std::fs::remove_dir_all(&shots).ok();
        }
    })
    .await;
}

/// The numbers each view must show, read from the API with queries of the test's own.
async fn numbers_the_views_show(app: &TestApp) -> Value {
    let (_, cuba) = united_states_facts(app).await;
    let (_, body) = app
        .post(
            r#"{ recommendationStats(groupBy: [STATE_UNDER_REVIEW], first: 1) { stateUnderReview { code } count }
                 made: recommendationStats(filter: { recommendingState: ["CUB"] }, groupBy: []) { count }
                 blockade: recommendationStats(filter: { stateUnderReview: ["USA"], cycle: [1],
                   recommendingState: ["CUB"], search: "blockade" }, groupBy: []) { count noted }
                 deathPenalty: recommendationStats(filter: { search: "\"death penalty\"" }, groupBy: []) {
                   count supported }
                 aid: aidTotals(filter: { donor: ["USA"], recipient: ["CUB"], fiscalYearFrom: 1900 },
                   groupBy: [FISCAL_YEAR, TRANSACTION_TYPE], first: 1) { fiscalYear amount { amount } }
                 disbursed: aidTotals(filter: { donor: ["USA"], transactionType: [DISBURSEMENT] },
                   groupBy: [RECIPIENT], first: 1) { recipient { code } bound amount { amount currency } }
                 disbursedToCuba: aidTotals(filter: { donor: ["USA"], recipient: ["CUB"], transactionType: [DISBURSEMENT] },
                   groupBy: [RECIPIENT]) { bound amount { amount currency } }
                 israel: state(code: "ISR") { aidTotals(role: RECEIVED, groupBy: [FISCAL_YEAR, TRANSACTION_TYPE], first: 1000) {
                   fiscalYear transactionType bound amount { amount currency } } } }"#,
        )
        .await;
    // Israel's aid received holds the reference data's estimate of US military aid since
    // October 2023 (Costs of War), a lower bound, beside ForeignAssistance.gov's exact figures.
    let israel = at(&body, "data.israel.aidTotals").as_array().unwrap();
    let at_least = israel
        .iter()
        .find(|t| t["bound"] == "AT_LEAST")
        .unwrap_or_else(|| panic!("no lower bound in Israel's aid: {body:#}"));
    let exact = israel
        .iter()
        .find(|t| {
            t["bound"] == "EXACT" && !t["fiscalYear"].is_null() && t["amount"]["currency"] == "USD"
        })
        .expect("an exact yearly sum");
    for sum in ["disbursed.0", "disbursedToCuba.0"] {
        assert_eq!(
            at(&body, &format!("data.{sum}.amount.currency")),
            "USD",
            "{body:#}"
        );
        assert_eq!(at(&body, &format!("data.{sum}.bound")), "EXACT", "{body:#}");
    }
    let top = at(&body, "data.recommendationStats.0");
    let expected = json!({
        "cubaToUsaAtSession9": cuba,
        "mostReceived": { "code": top["stateUnderReview"]["code"], "count": top["count"] },
        "cubaMade": at(&body, "data.made.0.count"),
        "cubaBlockade": {
            "total": at(&body, "data.blockade.0.count"),
            "noted": at(&body, "data.blockade.0.noted"),
        },
        "largestAidToCuba": {
            "fiscalYear": at(&body, "data.aid.0.fiscalYear"),
            "amount": at(&body, "data.aid.0.amount.amount"),
        },
        "deathPenalty": {
            "total": at(&body, "data.deathPenalty.0.count"),
            "supported": at(&body, "data.deathPenalty.0.supported"),
        },
        "aidFromUsa": {
            "type": "DISBURSEMENT",
            "code": at(&body, "data.disbursed.0.recipient.code"),
            "amount": at(&body, "data.disbursed.0.amount.amount"),
            "bound": at(&body, "data.disbursed.0.bound"),
            "cuba": at(&body, "data.disbursedToCuba.0.amount.amount"),
        },
        // SIPRI's figures, computed from the files by `tests/api/sipri/count.py`: the
        // United States' deliveries to Israel in 2023, exact in the layout with ids and a
        // lower bound in the register (6 of its 12 deliveries that year have no TIV of
        // their own); the United Kingdom's to the United States from 2005 to 2009, before
        // its first review; and the 13 recommenders of that review that armed it.
        "arms": {
            "year": 2023,
            "ids": { "file": "trade-register-2000-2023-with-ids.csv", "shown": "452.7", "bound": "EXACT" },
            "register": { "file": "trade-register.csv", "shown": "at least 131.6", "bound": "AT_LEAST" },
            "recommender": {
                "code": "GBR",
                "shown": "trade-register.csv: at least 20; trade-register-2000-2023-with-ids.csv: 1,198",
                "years": "2005–2009",
            },
            "suppliers": ["AUT", "CAN", "CHE", "DEU", "ESP", "FRA", "GBR", "ISR", "ITA", "JPN", "NLD", "NOR", "SWE"],
        },
        "israelAtLeast": {
            "fiscalYear": at_least["fiscalYear"],
            "type": at_least["transactionType"],
            "amount": at_least["amount"]["amount"],
            "exact": {
                "fiscalYear": exact["fiscalYear"],
                "type": exact["transactionType"],
                "amount": exact["amount"]["amount"],
            },
        },
    });
    assert!(
        expected["cubaBlockade"]["total"].as_i64().unwrap() > 0,
        "{body:#}"
    );
    assert!(
        expected["deathPenalty"]["total"].as_i64().unwrap() > 25,
        "{body:#}"
    );
    expected
}

/// The numbers the views show of the EU's aid, read from the API: its largest recipient
/// and what it gave Afghanistan. The EU's figures are one series (OECD's ODA
/// disbursements), so its sum per recipient is the map's.
async fn organisation_numbers(app: &TestApp) -> Value {
    let (_, body) = app
        .post(
            r#"{ series: aidTotals(filter: { donorOrganization: ["EU"] }, groupBy: [CATEGORY, TRANSACTION_TYPE]) {
                   category transactionType }
                 largest: aidTotals(filter: { donorOrganization: ["EU"] }, groupBy: [DONOR, RECIPIENT], first: 1) {
                   recipient { code } donorOrganization { name } bound amount { amount currency } }
                 afghanistan: aidTotals(filter: { donorOrganization: ["EU"], recipient: ["AFG"] }, groupBy: [DONOR, RECIPIENT]) {
                   donorOrganization { name } bound amount { amount currency } } }"#,
        )
        .await;
    assert_eq!(
        at(&body, "data.series"),
        &json!([{ "category": "OFFICIAL_DEVELOPMENT_ASSISTANCE", "transactionType": "DISBURSEMENT" }]),
        "{body:#}"
    );
    json!({
        "name": at(&body, "data.largest.0.donorOrganization.name"),
        "code": at(&body, "data.largest.0.recipient.code"),
        "amount": at(&body, "data.largest.0.amount.amount"),
        "bound": at(&body, "data.largest.0.bound"),
        "afghanistan": {
            "amount": at(&body, "data.afghanistan.0.amount.amount"),
            "currency": at(&body, "data.afghanistan.0.amount.currency"),
            "bound": at(&body, "data.afghanistan.0.bound"),
        },
    })
}

/// Where the screenshots go: `UPRGRAPH_SCREENSHOTS` when set (docs/screenshots for the
/// README), kept; else a temporary folder, removed afterwards.
fn screenshots_folder() -> (std::path::PathBuf, bool) {
    let (shots, keep) = match std::env::var_os("UPRGRAPH_SCREENSHOTS") {
        Some(dir) => (std::path::PathBuf::from(dir), true),
        None => (
            std::env::temp_dir().join(format!("uprgraph-explorer-{}", std::process::id())),
            false,
        ),
    };
    std::fs::create_dir_all(&shots).unwrap();
    (shots, keep)
}

/// Every view's screenshot, at full width and at 375 px, was written as a PNG.
fn assert_screenshots(shots: &std::path::Path) {
    for name in [
        "state-usa.png",
        "state-usa-375.png",
        "world.png",
        "world-made.png",
        "world-aid.png",
        "review.png",
        "review-375.png",
        "search.png",
        "search-375.png",
        "aid-usa-cub.png",
        "aid-375.png",
        "first-run.png",
        "compare.png",
        "compare-375.png",
        "theme.png",
        "theme-375.png",
        "aid-usa-isr.png",
        "aid-arms-375.png",
        "state-isr.png",
        "world-aid-eu.png",
        "state-afg.png",
        "state-afg-375.png",
    ] {
        let image = std::fs::read(shots.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(image.starts_with(b"\x89PNG"), "{name} is not a PNG");
    }
}
