//! Full-text search over recommendation texts: one battery of queries, answered on
//! SQLite and on PostgreSQL, checked against the UPR Info files read independently
//! (plain lower-cased words, no stemmer), and the two backends' ranked lists compared.

use serde_json::{json, Value};
use uprgraph_domain::search::search_text;
use uprgraph_store::{Format, ImportOptions};

use crate::helpers::{
    import, on_both_backends,
    upr_info::{records, upr_file, FILES},
    Backend, Fixture, TestApp,
};

/// A recommendation as the file has it.
struct Row {
    to: String,
    text: String,
    /// The text's words, lower-cased, split at anything not a letter or digit.
    words: Vec<String>,
}

impl Row {
    fn has(&self, forms: &[&str]) -> bool {
        self.words.iter().any(|w| forms.contains(&w.as_str()))
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        self.words.iter().any(|w| w.starts_with(prefix))
    }

    /// Words in a row, each one of the forms given for its place.
    fn has_run(&self, run: &[&[&str]]) -> bool {
        self.words.windows(run.len()).any(|w| {
            w.iter()
                .zip(run)
                .all(|(word, forms)| forms.contains(&word.as_str()))
        })
    }

    /// A word of `first` directly followed by a word of `second`.
    fn has_pair(&self, first: &[&str], second: &[&str]) -> bool {
        self.words
            .windows(2)
            .any(|p| first.contains(&p[0].as_str()) && second.contains(&p[1].as_str()))
    }
}

/// Every record of the files, read apart from the importer.
fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for (name, _) in FILES {
        for record in records(&upr_file(name)) {
            let text = record[3].to_owned();
            let words = text
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            rows.push(Row {
                to: record[0].to_owned(),
                text,
                words,
            });
        }
    }
    rows
}

const DISCRIMINATE: &[&str] = &[
    "discriminate",
    "discriminated",
    "discriminates",
    "discriminating",
    "discrimination",
    "discriminations",
    "discriminative",
];
const TORTURE: &[&str] = &["torture", "tortures", "tortured", "torturing"];
const DEATH: &[&str] = &["death", "deaths"];
const PENALTY: &[&str] = &["penalty", "penalties"];
const BLOCKADE: &[&str] = &["blockade", "blockades"];

const WOMAN: &[&str] = &["woman", "women"];
const CHILD: &[&str] = &["child", "children"];
const MAN: &[&str] = &["man", "men"];
/// The stemmer folds `personal` and `personality` to `person` too.
const PERSON: &[&str] = &[
    "person",
    "persons",
    "people",
    "peoples",
    "personal",
    "personality",
    "personalities",
];
const LABOUR: &[&str] = &[
    "labour",
    "labor",
    "labours",
    "labors",
    "labourers",
    "laboured",
];
const PROGRAMME: &[&str] = &[
    "programme",
    "programmes",
    "program",
    "programs",
    "programming",
];
const CENTRE: &[&str] = &["centre", "centres", "centred", "center", "centers"];
const DEFENCE: &[&str] = &["defence", "defense"];
const RATIFY: &[&str] = &[
    "ratify",
    "ratifies",
    "ratified",
    "ratifying",
    "ratification",
    "ratifications",
];
const ABOLISH: &[&str] = &[
    "abolish",
    "abolishes",
    "abolished",
    "abolishing",
    "abolishment",
    "abolition",
];
const DETAIN: &[&str] = &[
    "detain",
    "detained",
    "detaining",
    "detains",
    "detainment",
    "detention",
    "detentions",
];
const MARRY: &[&str] = &[
    "marry",
    "marries",
    "married",
    "marrying",
    "marriage",
    "marriages",
];
const RIGHTS: &[&str] = &["right", "rights"];

fn cedaw(r: &Row) -> bool {
    const ELIMINATE: &[&str] = &[
        "elimination",
        "eliminations",
        "eliminate",
        "eliminated",
        "eliminating",
        "eliminates",
    ];
    r.has(&["cedaw", "opcedaw"])
        || r.has_run(&[
            &["convention", "conventions"],
            &["on"],
            &["the"],
            ELIMINATE,
            &["of"],
            &["all"],
            &["forms", "form"],
            &["of"],
            DISCRIMINATE,
            &["against"],
            WOMAN,
        ])
        // The committee's name, and the convention's shorter name
        // (`treaty_short_forms.csv`).
        || r.has_run(&[
            &["committee", "committees", "convention", "conventions"],
            &["on"],
            &["the"],
            ELIMINATE,
            &["of"],
            DISCRIMINATE,
            &["against"],
            WOMAN,
        ])
}

fn crc(r: &Row) -> bool {
    // `OPCRC` is the compound `op crc`.
    r.has(&["crc", "opcrc"])
        || r.has_run(&[
            &["convention", "committee"],
            &["on"],
            &["the"],
            RIGHTS,
            &["of"],
            &["the"],
            CHILD,
        ])
}

fn iccpr(r: &Row) -> bool {
    // `OPICCPR` and `ICCPROP` are the compounds `op iccpr` and `iccpr op`.
    // With `international` or without (`treaty_short_forms.csv`).
    r.has(&["iccpr", "opiccpr", "iccprop"])
        || r.has_run(&[
            &["covenant", "covenants"],
            &["on"],
            &["civil"],
            &["and"],
            &["political"],
            RIGHTS,
        ])
}

fn icc(r: &Row) -> bool {
    r.has(&["icc"]) || r.has_run(&[&["international"], &["criminal"], &["court", "courts"]])
}

/// The closed compounds `nondiscrimination` and `antidiscrimination` hold the word.
fn discriminates(r: &Row) -> bool {
    r.has(DISCRIMINATE) || r.has(&["nondiscrimination", "antidiscrimination"])
}

fn non_discrimination(r: &Row) -> bool {
    r.has(&["nondiscrimination"]) || r.has_pair(&["non"], DISCRIMINATE)
}

type Check = fn(&Row) -> bool;

/// The battery: each category, query and the plain check that says which rows it must
/// find, over the words as the files write them, with every form listed by hand
/// (from the words the files hold). `discriminatory` is a word of its own to the
/// stemmer (`discriminatori`), so `discriminate` does not find it; `discrim*` does.
const BATTERY: &[(&str, &str, Check)] = &[
    ("irregular", "woman", |r| r.has(WOMAN)),
    ("irregular", "women", |r| r.has(WOMAN)),
    ("irregular", "child", |r| r.has(CHILD)),
    ("irregular", "children", |r| r.has(CHILD)),
    ("irregular", "man", |r| r.has(MAN)),
    ("irregular", "men", |r| r.has(MAN)),
    ("irregular", "person", |r| r.has(PERSON)),
    ("variants", "labor", |r| r.has(LABOUR)),
    ("variants", "labour", |r| r.has(LABOUR)),
    ("variants", "program", |r| r.has(PROGRAMME)),
    ("variants", "programme", |r| r.has(PROGRAMME)),
    ("variants", "center", |r| r.has(CENTRE)),
    ("variants", "defense", |r| r.has(DEFENCE)),
    ("variants", "labour OR labor", |r| r.has(LABOUR)),
    ("compounds", "nondiscrimination", non_discrimination),
    ("compounds", "non-discrimination", non_discrimination),
    ("compounds", r#""non discrimination""#, non_discrimination),
    ("compounds", "follow-up", |r| {
        r.has(&["followup"]) || r.has_pair(&["follow", "follows", "followed", "following"], &["up"])
    }),
    ("compounds", "healthcare", |r| {
        r.has(&["healthcare"]) || r.has_pair(&["health"], &["care", "cares", "caring", "cared"])
    }),
    ("compounds", "ill-treatment", |r| {
        r.has(&["illtreatment"]) || r.has_pair(&["ill"], &["treatment", "treatments"])
    }),
    ("derived", "ratify", |r| r.has(RATIFY)),
    ("derived", "ratification", |r| r.has(RATIFY)),
    ("derived", "abolition", |r| r.has(ABOLISH)),
    ("derived", "detention", |r| r.has(DETAIN)),
    ("derived", "marriage", |r| r.has(MARRY)),
    ("treaties", "CEDAW", cedaw),
    (
        "treaties",
        r#""Convention on the Elimination of All Forms of Discrimination against Women""#,
        cedaw,
    ),
    ("treaties", "CRC", crc),
    ("treaties", "ICCPR", iccpr),
    (
        "treaties",
        r#""International Covenant on Civil and Political Rights""#,
        iccpr,
    ),
    ("treaties", "ICC", icc),
    ("treaties", r#""International Criminal Court""#, icc),
    ("treaties", r#""Rome Statute""#, |r| {
        r.has_pair(&["rome"], &["statute", "statutes"])
    }),
    ("treaties", r#""Convention against Torture""#, |r| {
        r.has(&["cat", "opcat"])
            || r.has_run(&[
                &["convention", "conventions", "committee", "committees"],
                &["against"],
                TORTURE,
            ])
    }),
    ("treaties", "OP-CAT", |r| {
        r.has(&["opcat"])
            || r.has_pair(&["op"], &["cat"])
            // The full name starts with the shorter name texts write
            // (`treaty_short_forms.csv`).
            || r.has_run(&[
                &["optional"],
                &["protocol", "protocols"],
                &["to"],
                &["the"],
                &["convention", "conventions"],
                &["against"],
                TORTURE,
            ])
    }),
    ("phrases", r#""women's rights""#, |r| {
        r.has_run(&[WOMAN, &["s"], RIGHTS])
    }),
    ("exact", "=woman", |r| r.has(&["woman"])),
    ("exact", "=women", |r| r.has(&["women"])),
    ("exact", "=labor", |r| r.has(&["labor"])),
    ("prefixes", "nondiscrim*", |r| r.has_prefix("nondiscrim")),
    ("boolean", "CEDAW -woman", |r| cedaw(r) && !r.has(WOMAN)),
    ("boolean", "ratify (CEDAW OR CRC)", |r| {
        r.has(RATIFY) && (cedaw(r) || crc(r))
    }),
    ("diacritics", "cote d'ivoire", |r| {
        r.has(&["côte", "cote"]) && r.has_pair(&["d"], &["ivoire"])
    }),
    ("no match", "=childs", |_| false),
    ("stems", "discriminate", discriminates),
    ("stems", "DISCRIMINATION", discriminates),
    ("prefixes", "discrim*", |r| r.has_prefix("discrim")),
    ("prefixes", "educat*", |r| r.has_prefix("educat")),
    ("phrases", r#""death penalty""#, |r| {
        r.has_pair(DEATH, PENALTY)
    }),
    ("boolean", "death penalty", |r| {
        r.has(DEATH) && r.has(PENALTY)
    }),
    ("boolean", "death AND penalty", |r| {
        r.has(DEATH) && r.has(PENALTY)
    }),
    ("boolean", "death -penalty", |r| {
        r.has(DEATH) && !r.has(PENALTY)
    }),
    ("boolean", "torture NOT (death OR children)", |r| {
        r.has(TORTURE) && !r.has(DEATH) && !r.has(CHILD)
    }),
    ("boolean", "blockade OR embargo", |r| {
        r.has(BLOCKADE) || r.has(&["embargo", "embargoes"])
    }),
    ("boolean", "(women OR girls) violence", |r| {
        r.has(&["women", "woman", "girl", "girls"]) && r.has(&["violence"])
    }),
    ("boolean", r#"torture OR "death penalty" children"#, |r| {
        r.has(TORTURE) || (r.has_pair(DEATH, PENALTY) && r.has(CHILD))
    }),
    // Diacritics: the files write `lèse majesté`, `Curaçao`, `Habré`.
    ("diacritics", "lese majeste", |r| {
        r.has(&["lèse"]) && r.has(&["majesté"])
    }),
    ("diacritics", r#""Lèse-Majesté""#, |r| {
        r.has_pair(&["lèse"], &["majesté"])
    }),
    ("diacritics", "curacao", |r| r.has(&["curaçao"])),
    ("diacritics", "HABRE", |r| r.has(&["habré"])),
    ("no match", "xylophone", |_| false),
];

const LIST: &str = r#"query ($filter: RecommendationFilter!, $after: String) {
  recommendations(first: 100, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { text sourceLine dataset { name } }
  }
}"#;

/// Every recommendation the filter finds, in list order, paging through with cursors,
/// as `(file, line, text)`; and the list's `totalCount`.
async fn all_pages(app: &TestApp, filter: Value) -> (Vec<(String, i64, String)>, i64) {
    let mut found = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .data_with(LIST, json!({ "filter": filter, "after": after }))
            .await;
        let list = &data["recommendations"];
        for node in list["nodes"].as_array().unwrap() {
            found.push((
                node["dataset"]["name"].as_str().unwrap().to_owned(),
                node["sourceLine"].as_i64().unwrap(),
                node["text"].as_str().unwrap().to_owned(),
            ));
        }
        if list["pageInfo"]["hasNextPage"] != json!(true) {
            return (found, list["totalCount"].as_i64().unwrap());
        }
        after = list["pageInfo"]["endCursor"].clone();
    }
}

async fn import_files(app: &TestApp, names: &[&str]) {
    let files = names.iter().map(|name| (*name, upr_file(name))).collect();
    import(app, Format::UprInfo, files, ImportOptions::default())
        .await
        .expect("the UPR Info files import");
}

const COUNT: &str = r#"query ($filter: RecommendationFilter!) {
  recommendations(first: 0, filter: $filter) { totalCount }
}"#;

async fn count(app: &TestApp, filter: Value) -> i64 {
    app.data_with(COUNT, json!({ "filter": filter })).await["recommendations"]["totalCount"]
        .as_i64()
        .unwrap()
}

async fn the_battery_finds_what_the_files_hold(app: TestApp) {
    let rows = rows();
    assert_eq!(rows.len(), 23_484);
    assert!(BATTERY.len() >= 40);
    for (_, query, check) in BATTERY {
        let expected: Vec<&Row> = rows.iter().filter(|r| check(r)).collect();
        let total = count(&app, json!({ "search": query })).await;
        assert_eq!(total, expected.len() as i64, "{query}");
        if expected.len() <= 200 {
            let (found, _) = all_pages(&app, json!({ "search": query })).await;
            let mut found: Vec<&str> = found.iter().map(|(_, _, text)| text.as_str()).collect();
            let mut expected: Vec<&str> = expected.iter().map(|r| r.text.as_str()).collect();
            found.sort_unstable();
            expected.sort_unstable();
            assert_eq!(found, expected, "{query}");
        }
    }
    // The battery is not vacuous: most queries find something, one finds nothing.
    let empty = BATTERY
        .iter()
        .filter(|(_, _, check)| !rows.iter().any(check))
        .count();
    let no_match = BATTERY
        .iter()
        .filter(|(category, _, _)| *category == "no match")
        .count();
    assert_eq!(empty, no_match);

    // Search combines with other filters, here on the state under review and session.
    let usa: Vec<&Row> = rows
        .iter()
        .filter(|r| r.to == "United States" && discriminates(r))
        .collect();
    assert!(!usa.is_empty());
    assert_eq!(
        count(
            &app,
            json!({ "search": "discriminate", "stateUnderReview": ["USA"] })
        )
        .await,
        usa.len() as i64
    );
    assert_eq!(
        count(
            &app,
            json!({ "search": "discriminate", "stateUnderReview": ["US"], "session": [9] })
        )
        .await,
        usa.len() as i64,
        "the United States were reviewed once in these files, at session 9"
    );
    assert_eq!(
        count(
            &app,
            json!({ "search": "discriminate", "stateUnderReview": ["USA"], "session": [1] })
        )
        .await,
        0
    );
    // And statistics count what the search finds.
    let stats = app
        .data(r#"{ recommendationStats(filter: { search: "blockade OR embargo" }, groupBy: []) { count } }"#)
        .await;
    let expected = rows
        .iter()
        .filter(|r| r.has(BLOCKADE) || r.has(&["embargo", "embargoes"]))
        .count();
    assert_eq!(stats["recommendationStats"][0]["count"], expected);
}
on_both_backends!(the_battery_finds_what_the_files_hold, Fixture::RealFiles);

/// Each instrument's shorter names, as UPR texts write them (`Convention against
/// Torture`), find what its acronym finds, and at least every text that writes them.
async fn the_names_texts_write_find_what_the_acronym_finds(app: TestApp) {
    let rows = rows();
    let forms = uprgraph_domain::search::treaty_short_forms();
    assert!(forms.len() >= 15);
    let mut written = 0;
    for (short, name) in forms {
        let by_name = count(&app, json!({ "search": format!("\"{name}\"") })).await;
        let by_short = count(&app, json!({ "search": format!("\"{short}\"") })).await;
        assert_eq!(by_name, by_short, "{name} and {short}");
        let lower = name.to_lowercase();
        let writing = rows
            .iter()
            .filter(|r| r.text.to_lowercase().contains(&lower))
            .count() as i64;
        assert!(
            by_name >= writing,
            "{name}: {by_name} found, {writing} write it"
        );
        written += i64::from(writing > 0);
    }
    assert!(
        written >= 12,
        "most of the shorter names are written in the files"
    );
}
on_both_backends!(
    the_names_texts_write_find_what_the_acronym_finds,
    Fixture::RealFiles
);

async fn blockade_recommendations_to_the_united_states_come_ranked_with_snippets(app: TestApp) {
    import_files(&app, &["sessions-06-09.csv"]).await;
    let data = app
        .data(
            r#"{ recommendations(filter: { search: "blockade", stateUnderReview: ["USA"] }) {
                totalCount
                nodes {
                  text
                  recommendingState { code }
                  searchMatches(search: "blockade") {
                    count
                    ranges { start end text }
                    snippet(words: 6)
                    highlighted(open: "[", close: "]")
                  }
                }
            } }"#,
        )
        .await;
    let list = &data["recommendations"];
    assert_eq!(list["totalCount"], 4);
    let nodes = list["nodes"].as_array().unwrap();
    let texts: Vec<&str> = nodes.iter().map(|n| n["text"].as_str().unwrap()).collect();
    // Best first: occurrences of `blockad` per character of the text's folded stems
    // (plus 100), as documented; ties in file order.
    let file_rows = rows();
    let mut expected: Vec<(i64, usize, &str)> = file_rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.to == "United States" && r.has(BLOCKADE))
        .map(|(line, r)| {
            let stems = search_text(&r.text).stems;
            let occurrences = stems.split(' ').filter(|s| *s == "blockad").count() as i64;
            let rank = occurrences * 1_000_000 / (stems.chars().count() as i64 + 100);
            (-rank, line, r.text.as_str())
        })
        .collect();
    expected.sort();
    let expected: Vec<&str> = expected.iter().map(|(_, _, text)| *text).collect();
    assert_eq!(texts, expected);
    assert_eq!(texts[0], "End blockade against Cuba");
    for node in nodes {
        let text = node["text"].as_str().unwrap();
        let matches = &node["searchMatches"];
        assert_eq!(matches["count"], 1, "{text}");
        let range = &matches["ranges"][0];
        let (start, end) = (
            range["start"].as_u64().unwrap() as usize,
            range["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &text[start..end],
            "blockade",
            "ASCII text: UTF-16 offsets are byte offsets"
        );
        assert_eq!(range["text"], "blockade");
        assert_eq!(
            matches["highlighted"],
            text.replacen("blockade", "[blockade]", 1)
        );
        let snippet = matches["snippet"].as_str().unwrap();
        assert!(snippet.contains("<mark>blockade</mark>"), "{snippet}");
    }
    assert_eq!(
        nodes[0]["searchMatches"]["snippet"],
        "End <mark>blockade</mark> against Cuba"
    );
    assert_eq!(
        nodes[3]["searchMatches"]["snippet"],
        "…financial and commercial <mark>blockade</mark> against Cuba…"
    );
}
on_both_backends!(blockade_recommendations_to_the_united_states_come_ranked_with_snippets);

async fn matches_mark_every_form_of_the_words_searched_for(app: TestApp) {
    import_files(&app, &["sessions-01-05.csv"]).await;
    let data = app
        .data(
            r#"{ recommendations(first: 5, filter: { search: "discriminate \"women's rights\" -violence" }) {
                nodes { text searchMatches(search: "discriminate \"women's rights\" -violence") { ranges { text } highlighted } }
            } }"#,
        )
        .await;
    let nodes = data["recommendations"]["nodes"].as_array().unwrap();
    assert!(nodes.len() >= 2, "{nodes:?}");
    for node in nodes {
        let text = node["text"].as_str().unwrap();
        let marked: Vec<String> = node["searchMatches"]["ranges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["text"].as_str().unwrap().to_lowercase())
            .collect();
        assert!(
            marked.iter().any(|m| DISCRIMINATE.contains(&m.as_str())),
            "{text}: {marked:?}"
        );
        assert!(
            marked
                .iter()
                .any(|m| m == "women's rights" || m == "women’s rights"),
            "{text}: {marked:?}"
        );
        assert!(
            marked
                .iter()
                .all(|m| DISCRIMINATE.contains(&m.as_str()) || m.starts_with("women")),
            "{marked:?}"
        );
    }
    let errors = app
        .errors(
            r#"{ recommendations(first: 1) { nodes { searchMatches(search: "a*b") { count } } } }"#,
        )
        .await;
    assert_eq!(
        errors,
        [(
            "BAD_USER_INPUT".to_owned(),
            "search: `*` can only end a word at character 2".to_owned()
        )]
    );

    // Diacritics: a plain query marks the accented words, with offsets in UTF-16.
    let data = app
        .data(
            r#"{ recommendations(filter: { search: "hissene habre" }) {
                nodes { text searchMatches(search: "hissene habre") { ranges { start end text } } }
            } }"#,
        )
        .await;
    let nodes = data["recommendations"]["nodes"].as_array().unwrap();
    assert_eq!(
        nodes.len(),
        2,
        "the file names Hissène Habré in two recommendations"
    );
    for node in nodes {
        let text: Vec<u16> = node["text"].as_str().unwrap().encode_utf16().collect();
        let ranges = node["searchMatches"]["ranges"].as_array().unwrap();
        let marked: Vec<&str> = ranges.iter().map(|r| r["text"].as_str().unwrap()).collect();
        assert_eq!(marked, ["Hissène", "Habré"]);
        for range in ranges {
            let (start, end) = (
                range["start"].as_u64().unwrap() as usize,
                range["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                String::from_utf16(&text[start..end]).unwrap(),
                range["text"].as_str().unwrap()
            );
        }
    }
}
on_both_backends!(matches_mark_every_form_of_the_words_searched_for);

async fn unreadable_searches_are_refused_saying_where(app: TestApp) {
    for (search, message) in [
        (r#"torture AND \"death penalty"#, "search: unclosed quote at character 13"),
        ("(torture OR death", "search: unclosed parenthesis at character 1"),
        ("NOT torture", "search: NOT needs something to keep beside it, as in `torture NOT death` at character 1"),
        ("torture OR", "search: a word was expected at the end of the search at character 11"),
        ("", "search: the search is empty at character 1"),
    ] {
        let query = format!(r#"{{ recommendations(filter: {{ search: "{search}" }}) {{ totalCount }} }}"#);
        assert_eq!(app.errors(&query).await, [("BAD_USER_INPUT".to_owned(), message.to_owned())], "{search}");
    }
    let errors = app
        .errors(r#"{ recommendationStats(filter: { search: "\"" }, groupBy: []) { count } }"#)
        .await;
    assert_eq!(
        errors,
        [(
            "BAD_USER_INPUT".to_owned(),
            "search: unclosed quote at character 1".to_owned()
        )]
    );
}
on_both_backends!(unreadable_searches_are_refused_saying_where);

async fn nested_lists_with_a_search_take_no_more_statements(app: TestApp) {
    import_files(&app, &["sessions-06-09.csv"]).await;
    let query = |filter: &str| {
        format!(
            r#"{{ states(first: 100) {{ nodes {{ code recommendationsReceived(first: 3, filter: {filter}) {{ totalCount nodes {{ text }} }} }} }} }}"#
        )
    };
    let before = app.store.statements_executed();
    let plain = app.data(&query("{ session: [9] }")).await;
    let plain_statements = app.store.statements_executed() - before;
    let before = app.store.statements_executed();
    let searched = app
        .data(&query(
            r#"{ session: [9], search: "torture OR discriminate" }"#,
        ))
        .await;
    let searched_statements = app.store.statements_executed() - before;
    assert_eq!(searched_statements, plain_statements);
    let with_results = searched["states"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["recommendationsReceived"]["totalCount"].as_i64().unwrap() > 0)
        .count();
    assert!(
        with_results > 5,
        "the search found recommendations to {with_results} states"
    );
    assert_ne!(plain, searched);
}
on_both_backends!(nested_lists_with_a_search_take_no_more_statements);

/// The same battery on both backends gives the same recommendations in the same
/// order, page after page.
#[tokio::test]
async fn sqlite_and_postgres_give_the_same_ranked_lists() {
    crate::helpers::run_or_skip(async {
        let sqlite = TestApp::spawn_over(Backend::Sqlite, Fixture::RealFiles, |_| {}).await;
        let postgres = TestApp::spawn_over(Backend::Postgres, Fixture::RealFiles, |_| {}).await;
        let mut compared = 0;
        for (_, query, _) in BATTERY {
            let filter = json!({ "search": query });
            let total = count(&sqlite, filter.clone()).await;
            if total > 1_000 {
                assert_eq!(count(&postgres, filter).await, total, "{query}");
                continue;
            }
            let (on_sqlite, sqlite_total) = all_pages(&sqlite, filter.clone()).await;
            let (on_postgres, _) = all_pages(&postgres, filter).await;
            assert_eq!(
                on_sqlite.len() as i64,
                sqlite_total,
                "{query}: pages cover the list once"
            );
            assert_eq!(on_sqlite, on_postgres, "{query}");
            compared += on_sqlite.len();
        }
        assert!(compared > 1_000, "compared {compared} recommendations");
    })
    .await;
}

async fn the_migration_indexes_recommendations_imported_before_it(app: TestApp) {
    use uprgraph_migrations::{Migrator, MigratorTrait};

    import_files(&app, &["sessions-06-09.csv"]).await;
    let before = count(&app, json!({ "search": "blockade OR discriminat*" })).await;
    assert!(before > 100);
    // Back to the schema before search (dropping every migration from the search one
    // on: the stored relevances, the index and the folded text), then forward again:
    // the migrations fold the texts already there and store their relevances.
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let search = names
        .iter()
        .position(|n| n == "m20261128_000004_add_recommendation_search")
        .unwrap();
    let undone = u32::try_from(names.len() - search).unwrap();
    Migrator::down(app.store.connection(), Some(undone))
        .await
        .unwrap();
    let errors = app
        .errors(r#"{ recommendations(filter: { search: "blockade" }) { totalCount } }"#)
        .await;
    assert_eq!(errors[0].0, "INTERNAL", "no index, no search");
    app.store.migrate().await.unwrap();
    assert_eq!(
        count(&app, json!({ "search": "blockade OR discriminat*" })).await,
        before
    );
    let (ranked, _) = all_pages(
        &app,
        json!({ "search": "blockade", "stateUnderReview": ["USA"] }),
    )
    .await;
    assert_eq!(ranked[0].2, "End blockade against Cuba");
    terms_agree_with_texts(&app).await;
}
on_both_backends!(the_migration_indexes_recommendations_imported_before_it);

/// `recommendation_terms` holds, for every recommendation, exactly the stems of its
/// folded text with their relevances as the domain computes them, and each relevance
/// is the rank the SQL of a one-word search computes from the text.
async fn terms_agree_with_texts(app: &TestApp) {
    use std::collections::BTreeSet;

    use sea_orm::{ConnectionTrait, Statement};
    use uprgraph_domain::search::relevances;

    let db = app.store.connection();
    let rows = |sql: &str| db.query_all_raw(Statement::from_string(app.store.backend(), sql));
    let mut expected = BTreeSet::new();
    for row in rows("SELECT id, search_text FROM recommendations")
        .await
        .unwrap()
    {
        let id: i32 = row.try_get("", "id").unwrap();
        let stems: String = row.try_get("", "search_text").unwrap();
        for (stem, relevance) in relevances(&stems) {
            expected.insert((id, stem.to_owned(), relevance));
        }
    }
    let stored: BTreeSet<(i32, String, i64)> = rows(
        "SELECT t.recommendation_id, s.stem, t.relevance FROM recommendation_terms t \
             JOIN search_stems s ON s.id = t.stem_id",
    )
    .await
    .unwrap()
    .into_iter()
    .map(|row| {
        (
            row.try_get("", "recommendation_id").unwrap(),
            row.try_get("", "stem").unwrap(),
            row.try_get("", "relevance").unwrap(),
        )
    })
    .collect();
    assert!(expected.len() > 10_000, "{} terms", expected.len());
    assert_eq!(stored.len(), expected.len());
    assert!(stored == expected, "the stored terms differ from the texts");
    let differing = rows(
        "SELECT COUNT(*) AS n FROM recommendation_terms t \
         JOIN recommendations r ON r.id = t.recommendation_id \
         JOIN search_stems s ON s.id = t.stem_id \
         WHERE t.relevance <> CAST((length(r.search_text) \
           - length(replace(r.search_text, ' ' || s.stem || ' ', ''))) \
           / (length(s.stem) + 2) AS BIGINT) * 1000000 / (length(r.search_text) + 100)",
    )
    .await
    .unwrap();
    assert_eq!(differing[0].try_get::<i64>("", "n").unwrap(), 0);
}

async fn stored_relevances_follow_imports_that_add_change_and_remove(app: TestApp) {
    import_files(&app, &["sessions-01-05.csv"]).await;
    terms_agree_with_texts(&app).await;
    // Again, with one row changed, one dropped and one added.
    let original = upr_file("sessions-01-05.csv");
    let (text, _, _) = encoding_rs::MACINTOSH.decode(&original);
    let mut lines: Vec<String> = text.split('\r').map(str::to_owned).collect();
    lines[1] = lines[1].replacen(",Accepted,", ",Noted,", 1);
    lines.remove(2);
    let added = lines[3].replacen(",Accepted,", ",Noted,", 1).replacen(
        "Afghanistan,Asia",
        "Albania,EEG",
        1,
    );
    lines.insert(4, added);
    let joined = lines.join("\r");
    let (changed, _, _) = encoding_rs::MACINTOSH.encode(&joined);
    let report = import(
        &app,
        Format::UprInfo,
        vec![("sessions-01-05.csv", changed.into_owned())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let counts = &report.files[0].counts;
    assert_eq!((counts.created, counts.updated, counts.removed), (1, 1, 1));
    terms_agree_with_texts(&app).await;
}
on_both_backends!(stored_relevances_follow_imports_that_add_change_and_remove);

/// The stored relevances are kept in one order, the ranked one (stem, relevance best
/// first, id), and in no other B-tree: the table itself on SQLite, its one index on
/// PostgreSQL. An import into the empty table, one that is rolled back and one that
/// adds to what is held leave it so, with the relevances the texts give, and one-word
/// rankings read from it equal to the ranking of every match.
async fn imports_keep_the_stored_relevances_in_ranked_order_only(app: TestApp) {
    let ranked = ranked_order(&app).await;
    let expected = match app.store.backend() {
        sea_orm::DatabaseBackend::Sqlite => "stem_id ASC, relevance DESC, recommendation_id ASC",
        _ => "stem_id, relevance DESC, recommendation_id",
    };
    assert_eq!(ranked, [expected.to_owned()]);
    import_files(&app, &["sessions-06-09.csv"]).await;
    assert_eq!(ranked_order(&app).await, ranked);
    let held = count(&app, json!({ "search": "torture" })).await;
    let files = vec![("sessions-10-13.csv", upr_file("sessions-10-13.csv"))];
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    import(&app, Format::UprInfo, files, options).await.unwrap();
    assert_eq!(count(&app, json!({ "search": "torture" })).await, held);
    import_files(&app, &["sessions-01-05.csv"]).await;
    assert_eq!(ranked_order(&app).await, ranked);
    for word in ["torture", "blockade"] {
        let (indexed, total) = all_pages(&app, json!({ "search": word })).await;
        let either = format!("{word} OR {word}");
        let (ranked, _) = all_pages(&app, json!({ "search": either })).await;
        assert_eq!(indexed.len() as i64, total);
        assert_eq!(indexed, ranked, "{word}");
        let files: std::collections::BTreeSet<&str> =
            indexed.iter().map(|(file, ..)| file.as_str()).collect();
        assert_eq!(files.len(), 2, "{word}: {files:?}");
    }
    terms_agree_with_texts(&app).await;
}
on_both_backends!(imports_keep_the_stored_relevances_in_ranked_order_only);

/// Every B-tree of `recommendation_terms` as the database describes it: on SQLite the
/// columns and directions of each index (a `WITHOUT ROWID` table's primary key is the
/// table), on PostgreSQL each index's columns.
async fn ranked_order(app: &TestApp) -> Vec<String> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

    let sql = match app.store.backend() {
        DatabaseBackend::Sqlite => {
            "SELECT group_concat(x.name || CASE x.\"desc\" WHEN 1 THEN ' DESC' ELSE ' ASC' END, \
               ', ') AS d \
             FROM pragma_index_list('recommendation_terms') AS l, \
               pragma_index_xinfo(l.name) AS x \
             WHERE x.key = 1 GROUP BY l.name ORDER BY l.name"
        }
        _ => {
            "SELECT substring(indexdef from '\\((.*)\\)') AS d FROM pg_indexes \
             WHERE tablename = 'recommendation_terms' ORDER BY indexname"
        }
    };
    app.store
        .connection()
        .query_all_raw(Statement::from_string(app.store.backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "d").unwrap())
        .collect()
}

async fn one_word_pages_read_in_index_order_match_the_ranking_of_every_match(app: TestApp) {
    import_files(&app, &["sessions-06-09.csv"]).await;
    // `torture` is read from the stored relevances; `torture OR torture` has the same
    // matches and rank but is ranked over every match.
    let (indexed, total) = all_pages(&app, json!({ "search": "torture" })).await;
    let (ranked, _) = all_pages(&app, json!({ "search": "torture OR torture" })).await;
    assert!(total > 100, "{total}");
    assert_eq!(indexed.len() as i64, total);
    assert_eq!(indexed, ranked);
    let filter = json!({ "search": "torture", "stateUnderReview": ["USA"] });
    let (indexed, _) = all_pages(&app, filter).await;
    let filter = json!({ "search": "torture OR torture", "stateUnderReview": ["USA"] });
    assert_eq!(indexed, all_pages(&app, filter).await.0);
}
on_both_backends!(one_word_pages_read_in_index_order_match_the_ranking_of_every_match);

async fn ranked_lists_page_backwards_and_nested_as_forwards(app: TestApp) {
    import_files(&app, &["sessions-06-09.csv"]).await;
    let search = "torture NOT (death OR children)";
    let (forward, total) = all_pages(&app, json!({ "search": search })).await;
    assert!(total > 150, "{total}: enough for two pages");
    assert_eq!(forward.len() as i64, total);
    // From the end with `last`/`before`, page by page.
    let mut backward = Vec::new();
    let mut before = Value::Null;
    loop {
        let data = app
            .data_with(
                r#"query ($search: String!, $before: String) {
                    recommendations(last: 100, before: $before, filter: { search: $search }) {
                        pageInfo { hasPreviousPage startCursor }
                        nodes { text sourceLine dataset { name } }
                    } }"#,
                json!({ "search": search, "before": before }),
            )
            .await;
        let list = &data["recommendations"];
        let page: Vec<(String, i64, String)> = list["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["dataset"]["name"].as_str().unwrap().to_owned(),
                    n["sourceLine"].as_i64().unwrap(),
                    n["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        backward.splice(0..0, page);
        if list["pageInfo"]["hasPreviousPage"] != json!(true) {
            break;
        }
        before = list["pageInfo"]["startCursor"].clone();
    }
    assert_eq!(backward, forward);

    // A nested list keeps the same order as the root list filtered to its parent.
    let filter = json!({ "search": search, "stateUnderReview": ["USA"] });
    let (root, _) = all_pages(&app, filter).await;
    assert!(root.len() > 1);
    let nested = app
        .data_with(
            r#"query ($search: String!) { state(code: "USA") {
                recommendationsReceived(filter: { search: $search }) { nodes { text } } } }"#,
            json!({ "search": search }),
        )
        .await;
    let nested: Vec<&str> = nested["state"]["recommendationsReceived"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    let root: Vec<&str> = root.iter().map(|(_, _, text)| text.as_str()).collect();
    assert_eq!(nested, root);
}
on_both_backends!(ranked_lists_page_backwards_and_nested_as_forwards);

async fn a_text_of_a_megabyte_is_highlighted_and_cut_whole(app: TestApp) {
    // One recommendation of about a megabyte, as long as an import may be told to
    // take, with 16,000 words (near what the index takes), a match on most of them,
    // and long runs of characters outside the BMP between them.
    let emoji = "😀".repeat(99);
    let unit = format!("Türkiye must end torture, torture and {emoji} torture. ");
    let max = *uprgraph_store::MAX_TEXT_BYTES_RANGE.end();
    let repeats = (16_000 / 7).min(max / unit.len());
    assert!(repeats * unit.len() > 1_000_000);
    let text = unit.repeat(repeats);
    let text = text.trim_end();
    let mut file = csv::Writer::from_writer(Vec::new());
    file.write_record([
        "To",
        "To-Rgrp",
        "To-Org",
        "Text",
        "From",
        "From-Rgrp",
        "From-Org",
        "Response",
        "Action",
        "Issue",
        "Session",
    ])
    .unwrap();
    file.write_record([
        "Albania", "EEG", "OIF", text, "Egypt", "Africa", "AU", "Accepted", "4", "Torture", "6",
    ])
    .unwrap();
    let bytes = file.into_inner().unwrap();
    let refused = import(
        &app,
        Format::UprInfo,
        vec![("large.csv", bytes.clone())],
        ImportOptions::default(),
    )
    .await;
    assert!(refused.is_err(), "the default limit refuses the text");
    let options = ImportOptions {
        max_text_bytes: max,
        ..ImportOptions::default()
    };
    let report = import(&app, Format::UprInfo, vec![("large.csv", bytes)], options)
        .await
        .unwrap();
    assert_eq!(report.files[0].counts.created, 1);

    let data = app
        .data(
            r#"{ recommendations(filter: { search: "torture OR turkiye" }) {
                totalCount
                nodes { text searchMatches(search: "torture OR turkiye") {
                  count ranges { start end text } snippet(words: 5) highlighted(open: "[", close: "]")
                } }
            } }"#,
        )
        .await;
    assert_eq!(data["recommendations"]["totalCount"], 1);
    let node = &data["recommendations"]["nodes"][0];
    assert_eq!(node["text"], text);
    let matches = &node["searchMatches"];
    assert_eq!(matches["count"], 4 * repeats);
    let ranges = matches["ranges"].as_array().unwrap();
    assert_eq!(ranges.len(), 4 * repeats);
    let units: Vec<u16> = text.encode_utf16().collect();
    for (i, range) in ranges.iter().enumerate() {
        let (start, end) = (
            range["start"].as_u64().unwrap() as usize,
            range["end"].as_u64().unwrap() as usize,
        );
        let expected = if i % 4 == 0 { "Türkiye" } else { "torture" };
        assert_eq!(range["text"], expected, "range {i}");
        assert_eq!(
            String::from_utf16(&units[start..end]).unwrap(),
            expected,
            "range {i}"
        );
    }
    // The last range ends where the text's last word does, counted in UTF-16.
    assert_eq!(
        ranges[ranges.len() - 1]["end"].as_u64().unwrap() as usize,
        units.len() - 1
    );
    let marked = unit
        .replace("Türkiye", "[Türkiye]")
        .replace("torture", "[torture]")
        .repeat(repeats);
    assert_eq!(matches["highlighted"], marked.trim_end());
    assert_eq!(
        matches["snippet"],
        format!("…<mark>torture</mark>, <mark>torture</mark> and {emoji} <mark>torture</mark>. <mark>Türkiye</mark>…")
    );
}
on_both_backends!(a_text_of_a_megabyte_is_highlighted_and_cut_whole);

/// The pairs of one concept that answered differently before the vocabularies
/// (issue: "search that researchers can trust").
const SAME_CONCEPT: &[(&str, &str)] = &[
    ("woman", "women"),
    ("child", "children"),
    ("man", "men"),
    ("labor", "labour"),
    ("program", "programme"),
    ("nondiscrimination", "non-discrimination"),
    ("ratification", "ratify"),
    (
        "CEDAW",
        r#""Convention on the Elimination of All Forms of Discrimination against Women""#,
    ),
    (
        "ICCPR",
        r#""International Covenant on Civil and Political Rights""#,
    ),
    ("ICC", r#""International Criminal Court""#),
];

async fn every_spelling_of_one_concept_answers_the_same(app: TestApp) {
    for (one, other) in SAME_CONCEPT {
        let (a, b) = (
            count(&app, json!({ "search": one })).await,
            count(&app, json!({ "search": other })).await,
        );
        assert_eq!(a, b, "{one} / {other}");
        assert!(a > 100, "{one}: {a}");
    }
    // The exact mode keeps the word as written: `=woman` finds the 19 texts that
    // write "woman" (counted by hand in the files, as the issue's table).
    assert_eq!(count(&app, json!({ "search": "=woman" })).await, 19);
    assert_eq!(
        count(&app, json!({ "search": "woman -=women" })).await,
        rows()
            .iter()
            .filter(|r| r.has(&["woman"]) && !r.has(&["women"]))
            .count() as i64
    );

    // Each highlighted range says which term it matched and through which rule.
    let data = app
        .data(
            r#"{ recommendations(first: 5, filter: { search: "woman CEDAW" }) {
                nodes { text searchMatches(search: "woman CEDAW") { ranges { text term rule } } }
            } }"#,
        )
        .await;
    let nodes = data["recommendations"]["nodes"].as_array().unwrap();
    assert!(!nodes.is_empty());
    for node in nodes {
        for range in node["searchMatches"]["ranges"].as_array().unwrap() {
            let (text, term, rule) = (
                range["text"].as_str().unwrap(),
                range["term"].as_str().unwrap(),
                range["rule"].as_str().unwrap(),
            );
            let expected = match (term, text.to_lowercase().as_str()) {
                ("woman", "woman") | ("CEDAW", "cedaw") => "EXACT",
                ("woman", "women") => "IRREGULAR_FORM",
                ("CEDAW", "opcedaw") => "COMPOUND",
                ("CEDAW", _) => "TREATY_NAME",
                other => panic!("{other:?} in {}", node["text"]),
            };
            assert_eq!(rule, expected, "{text} for {term}");
        }
    }
    let data = app
        .data(r#"{ recommendations(first: 1, filter: { search: "=labor" }) { nodes { searchMatches(search: "=labor labour") { ranges { text term rule } } } } }"#)
        .await;
    let ranges = data["recommendations"]["nodes"][0]["searchMatches"]["ranges"]
        .as_array()
        .unwrap();
    assert!(
        ranges.iter().any(
            |r| r["text"].as_str().unwrap().eq_ignore_ascii_case("labor")
                && r["term"] == "=labor"
                && r["rule"] == "EXACT"
        ),
        "{ranges:?}"
    );
}
on_both_backends!(
    every_spelling_of_one_concept_answers_the_same,
    Fixture::RealFiles
);

async fn the_treaty_names_are_in_the_database_as_the_search_uses_them(app: TestApp) {
    use sea_orm::{ConnectionTrait, Statement};
    use uprgraph_domain::search::treaty_names;

    let rows = app
        .store
        .connection()
        .query_all_raw(Statement::from_string(
            app.store.backend(),
            "SELECT short, name, kind FROM treaty_names ORDER BY id",
        ))
        .await
        .unwrap();
    let stored: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "short").unwrap(),
                r.try_get("", "name").unwrap(),
                r.try_get("", "kind").unwrap(),
            )
        })
        .collect();
    let known: Vec<(String, String, String)> = treaty_names()
        .iter()
        .map(|t| (t.short.clone(), t.name.clone(), t.kind.clone()))
        .collect();
    assert_eq!(stored, known);
    assert!(stored.iter().any(|(short, name, _)| short == "CEDAW"
        && name == "Convention on the Elimination of All Forms of Discrimination against Women"));
}
on_both_backends!(the_treaty_names_are_in_the_database_as_the_search_uses_them);
