//! Importing the real UPR Info exports.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use uprgraph_store::{Format, ImportError, ImportOptions};

use crate::helpers::{
    at, count_rows, import, on_both_backends,
    upr_info::{import_all, records, upr_file, FILES},
    Fixture, TestApp,
};

async fn every_row_of_the_three_files_is_taken_and_counts_match_the_files(app: TestApp) {
    let report = import_all(&app).await;
    assert!(report.committed);
    for (file, (name, rows)) in report.files.iter().zip(FILES) {
        assert_eq!(file.file, name);
        assert_eq!(file.encoding, "macintosh");
        assert_eq!(
            (file.rows_read, file.counts.created, file.rejected.len()),
            (rows, rows, 0),
            "{name}"
        );
    }
    assert_eq!(count_rows(&app, "recommendations").await, 23_484);

    // Counts by response and by session, from the files and from the API.
    let mut by_response: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_session: BTreeMap<i64, i64> = BTreeMap::new();
    for (name, _) in FILES {
        for record in records(&upr_file(name)) {
            let response = if &record[7] == "Accepted" {
                "SUPPORTED"
            } else {
                "NOTED"
            };
            *by_response.entry(response.to_owned()).or_default() += 1;
            *by_session.entry(record[10].parse().unwrap()).or_default() += 1;
        }
    }
    assert_eq!(by_response.values().sum::<i64>(), 23_484);
    let db = app.store.connection();
    let grouped = db
        .query_all_raw(Statement::from_string(
            app.store.backend(),
            "SELECT response, COUNT(*) AS n FROM recommendations GROUP BY response ORDER BY response",
        ))
        .await
        .unwrap();
    let from_db: BTreeMap<String, i64> = grouped
        .iter()
        .map(|r| {
            (
                r.try_get("", "response").unwrap(),
                r.try_get("", "n").unwrap(),
            )
        })
        .collect();
    assert_eq!(from_db, by_response);

    for (session, expected) in &by_session {
        let data = app
            .data_with(
                "query ($n: Int!) { session(number: $n) { reviews { nodes { recommendations { totalCount } } } } }",
                json!({ "n": session }),
            )
            .await;
        let total: i64 = at(&data, "session.reviews.nodes")
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["recommendations"]["totalCount"].as_i64().unwrap())
            .sum();
        assert_eq!(total, *expected, "session {session}");
    }

    // A review of the reference data receives the recommendations of its session.
    let data = app.data(r#"{ review(state: "USA", cycle: 1) { session { number } recommendations { totalCount } } }"#).await;
    assert_eq!(at(&data, "review.session.number"), 9);
    let us_session_9 = records(&upr_file("sessions-06-09.csv"))
        .iter()
        .filter(|r| &r[0] == "United States" && &r[10] == "9")
        .count();
    assert_eq!(
        at(&data, "review.recommendations.totalCount"),
        us_session_9 as i64
    );
}
on_both_backends!(every_row_of_the_three_files_is_taken_and_counts_match_the_files);

async fn texts_survive_byte_for_byte_after_re_encoding(app: TestApp) {
    let rows = app
        .store
        .connection()
        .query_all_raw(Statement::from_string(
            app.store.backend(),
            "SELECT d.name, r.source_line, r.text FROM recommendations r JOIN datasets d ON d.id = r.dataset_id",
        ))
        .await
        .unwrap();
    let mut stored: BTreeMap<(String, i32), String> = BTreeMap::new();
    for row in rows {
        stored.insert(
            (
                row.try_get("", "name").unwrap(),
                row.try_get("", "source_line").unwrap(),
            ),
            row.try_get("", "text").unwrap(),
        );
    }
    let mut compared = 0;
    for (name, _) in FILES {
        for (index, record) in records(&upr_file(name)).iter().enumerate() {
            // One record a line, after the header: CR is the only line end in these files.
            let line = index as i32 + 2;
            assert_eq!(
                stored[&(name.to_owned(), line)],
                &record[3],
                "{name}:{line}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 23_484);
    assert!(
        stored.values().any(|t| t.contains("Hissène Habré")),
        "Mac OS Roman accents are read as such"
    );
}
on_both_backends!(
    texts_survive_byte_for_byte_after_re_encoding,
    Fixture::UprInfo
);

async fn a_second_import_changes_nothing_and_an_updated_file_changes_what_changed(app: TestApp) {
    import_all(&app).await;
    let before = app.store.statements_executed();
    let again = import_all(&app).await;
    for (file, (_, rows)) in again.files.iter().zip(FILES) {
        assert_eq!(
            (
                file.counts.unchanged,
                file.counts.created,
                file.counts.updated,
                file.counts.removed
            ),
            (rows, 0, 0, 0)
        );
    }
    assert!(
        app.store.statements_executed() - before < 40,
        "an unchanged file is recognised without rewriting it"
    );
    assert_eq!(count_rows(&app, "recommendations").await, 23_484);
    assert_eq!(count_rows(&app, "datasets").await, 3);

    // Change one response, drop one row and add one: the update changes exactly those.
    let original = upr_file("sessions-01-05.csv");
    let (text, _, _) = encoding_rs::MACINTOSH.decode(&original);
    let mut lines: Vec<String> = text.split('\r').map(str::to_owned).collect();
    assert!(lines[1].contains(",Accepted,"));
    lines[1] = lines[1].replacen(",Accepted,", ",Noted,", 1);
    let dropped = lines.remove(2);
    let added = lines[3].replacen(",Accepted,", ",Noted,", 1).replacen(
        "Afghanistan,Asia",
        "Albania,EEG",
        1,
    );
    lines.insert(4, added);
    let joined = lines.join("\r");
    let (updated, _, _) = encoding_rs::MACINTOSH.encode(&joined);
    let report = import(
        &app,
        Format::UprInfo,
        vec![("sessions-01-05.csv", updated.to_vec())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let counts = &report.files[0].counts;
    assert_eq!(
        (
            counts.created,
            counts.updated,
            counts.removed,
            counts.unchanged
        ),
        (1, 1, 1, 6092),
        "{dropped}"
    );
    assert_eq!(count_rows(&app, "recommendations").await, 23_484);

    // The rows that moved up a line when one was dropped stand on their new lines, as
    // every other row of the file stands on its own (citations name them).
    let rows = app
        .store
        .connection()
        .query_all_raw(Statement::from_string(
            app.store.backend(),
            "SELECT r.source_line, r.text FROM recommendations r JOIN datasets d \
             ON d.id = r.dataset_id WHERE d.name = 'sessions-01-05.csv'",
        ))
        .await
        .unwrap();
    let stored: BTreeMap<i32, String> = rows
        .iter()
        .map(|row| {
            let line = row.try_get("", "source_line").unwrap();
            (line, row.try_get("", "text").unwrap())
        })
        .collect();
    let records = records(&updated);
    assert_eq!(stored.len(), records.len());
    for (index, record) in records.iter().enumerate() {
        let line = index as i32 + 2;
        assert_eq!(
            stored.get(&line),
            Some(&record[3].to_owned()),
            "line {line}"
        );
    }
}
on_both_backends!(a_second_import_changes_nothing_and_an_updated_file_changes_what_changed);

/// Replaces the action category of a UPR Info line, which follows its response.
fn set_action(line: &str, action: &str) -> String {
    let at = ["Accepted", "Noted"]
        .iter()
        .filter_map(|r| line.rfind(&format!(",{r},")).map(|i| i + r.len() + 2))
        .max()
        .expect("a response");
    let end = at + line[at..].find(',').unwrap();
    format!("{}{action}{}", &line[..at], &line[end..])
}

/// A copy of a file with one record (0 = the first after the header) replaced.
fn broken(name: &str, record: usize, change: impl Fn(&str) -> String) -> Vec<u8> {
    let bytes = upr_file(name);
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\r').map(<[u8]>::to_vec).collect();
    let line = String::from_utf8(lines[record + 1].clone()).expect("an ASCII line");
    lines[record + 1] = change(&line).into_bytes();
    lines.join(&b'\r')
}

async fn broken_files_are_refused_whole_with_their_line_numbers(app: TestApp) {
    let statements = [
        // An unknown state under review on line 11.
        (
            broken("sessions-01-05.csv", 9, |l| {
                l.replacen("Afghanistan", "Atlantis", 1)
            }),
            11,
            "To",
            "Atlantis",
        ),
        // An action category off the scale on line 101.
        (
            broken("sessions-01-05.csv", 99, |l| set_action(l, "9")),
            101,
            "Action",
            "9",
        ),
        // A session that is not a number on line 2001.
        (
            broken("sessions-01-05.csv", 1999, |l| {
                format!("{},x", &l[..l.rfind(',').unwrap()])
            }),
            2001,
            "Session",
            "x",
        ),
    ];
    for (bytes, line, column, value) in statements {
        let error = import(
            &app,
            Format::UprInfo,
            vec![("sessions-01-05.csv", bytes)],
            ImportOptions::default(),
        )
        .await
        .unwrap_err();
        let ImportError::Rejected(report) = error else {
            panic!("expected a refusal, got {error}")
        };
        assert!(!report.committed);
        let rejected = &report.files[0].rejected;
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert_eq!(
            (
                rejected[0].line,
                rejected[0].column.as_str(),
                rejected[0].value.as_str()
            ),
            (line, column, value)
        );
        assert_eq!(report.files[0].counts.created, 0);
    }

    // A record with a field too few, on line 6: the whole row is reported.
    let bytes = broken("sessions-01-05.csv", 4, |l| {
        l.replacen(",WEOG,EU,", ",WEOG,", 1)
    });
    let Err(ImportError::Rejected(report)) = import(
        &app,
        Format::UprInfo,
        vec![("sessions-01-05.csv", bytes)],
        ImportOptions::default(),
    )
    .await
    else {
        panic!("expected a refusal")
    };
    let error = &report.files[0].rejected[0];
    assert_eq!((error.line, error.value.as_str()), (6, "10 fields"));
    assert!(error.reason.contains("expected 11 fields"));

    // Nothing was written by any of them.
    assert_eq!(count_rows(&app, "recommendations").await, 0);
    assert_eq!(count_rows(&app, "datasets").await, 0);

    // The bad rows of several files are all reported, file by file.
    let files = vec![
        (
            "a.csv",
            broken("sessions-01-05.csv", 0, |l| {
                l.replacen("Afghanistan", "Nowhere", 1)
            }),
        ),
        (
            "b.csv",
            broken("sessions-06-09.csv", 5, |l| set_action(l, "x")),
        ),
    ];
    let Err(ImportError::Rejected(report)) =
        import(&app, Format::UprInfo, files, ImportOptions::default()).await
    else {
        panic!("expected a refusal")
    };
    let lines: Vec<_> = report
        .files
        .iter()
        .flat_map(|f| f.rejected.iter().map(|e| (e.file.clone(), e.line)))
        .collect();
    assert_eq!(lines, [("a.csv".to_owned(), 2), ("b.csv".to_owned(), 7)]);
}
on_both_backends!(broken_files_are_refused_whole_with_their_line_numbers);

async fn skip_invalid_takes_the_good_rows_and_dry_run_takes_none(app: TestApp) {
    let bytes = broken("sessions-01-05.csv", 9, |l| {
        l.replacen("Afghanistan", "Atlantis", 1)
    });
    let dry = import(
        &app,
        Format::UprInfo,
        vec![("sessions-01-05.csv", bytes.clone())],
        ImportOptions {
            dry_run: true,
            skip_invalid: true,
            ..ImportOptions::default()
        },
    )
    .await
    .unwrap();
    assert!(!dry.committed);
    assert_eq!(dry.files[0].counts.created, 6093);
    assert_eq!(count_rows(&app, "recommendations").await, 0);

    let report = import(
        &app,
        Format::UprInfo,
        vec![("sessions-01-05.csv", bytes)],
        ImportOptions {
            skip_invalid: true,
            ..ImportOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (
            report.files[0].counts.created,
            report.files[0].rejected.len()
        ),
        (6093, 1)
    );
    assert_eq!(count_rows(&app, "recommendations").await, 6093);
}
on_both_backends!(skip_invalid_takes_the_good_rows_and_dry_run_takes_none);

async fn filters_answer_the_questions_researchers_ask(app: TestApp) {
    let file = records(&upr_file("sessions-06-09.csv"));
    let cuba_to_us: Vec<_> = file
        .iter()
        .filter(|r| &r[0] == "United States" && &r[4] == "Cuba" && &r[10] == "9")
        .collect();
    assert!(!cuba_to_us.is_empty());
    let data = app
        .data(
            r#"{ recommendations(filter: { stateUnderReview: ["USA"], recommendingState: ["CU"], session: [9] }) {
                totalCount nodes { text response recommendingState { name } review { session { number } } }
            } }"#,
        )
        .await;
    assert_eq!(
        at(&data, "recommendations.totalCount"),
        cuba_to_us.len() as i64
    );
    let texts: Vec<&str> = at(&data, "recommendations.nodes")
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = cuba_to_us.iter().map(|r| &r[3]).collect();
    assert_eq!(texts, expected);
    let supported = cuba_to_us.iter().filter(|r| &r[7] == "Accepted").count() as i64;

    // The same through the review, with a response filter, and through Cuba.
    let data = app
        .data(
            r#"{ review(state: "USA", cycle: 1) { recommendations(filter: { recommendingState: ["CUB"], response: [SUPPORTED] }) { totalCount } }
                 state(code: "CUB") { recommendationsMade(filter: { stateUnderReview: ["USA"] }) { totalCount } }
                 none: recommendations(filter: { stateUnderReview: ["USA"], session: [1] }) { totalCount nodes { id } } }"#,
        )
        .await;
    assert_eq!(at(&data, "review.recommendations.totalCount"), supported);
    assert_eq!(
        at(&data, "state.recommendationsMade.totalCount"),
        cuba_to_us.len() as i64
    );
    assert_eq!(at(&data, "none.totalCount"), 0);
    assert_eq!(at(&data, "none.nodes"), &json!([]));

    // Themes and cycles.
    let on_death_penalty = FILES
        .iter()
        .flat_map(|(name, _)| records(&upr_file(name)))
        .filter(|r| r[9].split(',').any(|t| t.trim() == "Death penalty"))
        .count() as i64;
    let data = app.data(r#"{ recommendations(filter: { theme: ["death PENALTY"], cycle: [1, 2] }) { totalCount } }"#).await;
    assert_eq!(at(&data, "recommendations.totalCount"), on_death_penalty);

    for (query, field) in [
        (
            r#"{ recommendations(filter: { recommendingState: ["Cuba"] }) { totalCount } }"#,
            "recommendingState",
        ),
        (
            "{ recommendations(filter: { actionCategory: [6] }) { totalCount } }",
            "action category",
        ),
        (
            "{ recommendations(filter: { session: [0] }) { totalCount } }",
            "session",
        ),
        (
            "{ aidFlows(filter: { fiscalYearFrom: 2020, fiscalYearTo: 2010 }) { totalCount } }",
            "fiscalYearFrom",
        ),
    ] {
        let errors = app.errors(query).await;
        assert_eq!(errors[0].0, "BAD_USER_INPUT", "{query}");
        assert!(errors[0].1.contains(field), "{query}: {}", errors[0].1);
    }
}
on_both_backends!(
    filters_answer_the_questions_researchers_ask,
    Fixture::UprInfo
);

async fn recommendation_stats_are_grouped_by_the_database(app: TestApp) {
    let all: Vec<csv::StringRecord> = FILES
        .iter()
        .flat_map(|(name, _)| records(&upr_file(name)))
        .collect();

    let data = app
        .data("{ recommendationStats(groupBy: [RESPONSE]) { response count supported noted } }")
        .await;
    let accepted = all.iter().filter(|r| &r[7] == "Accepted").count() as i64;
    assert_eq!(
        data["recommendationStats"],
        json!([
            { "response": "SUPPORTED", "count": accepted, "supported": accepted, "noted": 0 },
            { "response": "NOTED", "count": 23_484 - accepted, "supported": 0, "noted": 23_484 - accepted },
        ])
    );

    // The share supported by the United States in cycle 1, per regional group of the
    // recommending state, in one request of one statement (and one for the states).
    let before = app.store.statements_executed();
    let data = app
        .data(
            r#"{ recommendationStats(filter: { cycle: [1], stateUnderReview: ["USA"] }, groupBy: [STATE_UNDER_REVIEW, RECOMMENDING_REGIONAL_GROUP]) {
                stateUnderReview { code } recommendingRegionalGroup count supported supportedShare
            } }"#,
        )
        .await;
    assert_eq!(app.store.statements_executed() - before, 2);
    let groups = data["recommendationStats"].as_array().unwrap();
    // The file's own group of each recommending state, in the API's terms: the State of
    // Palestine, an observer there, is in the Asia-Pacific Group; the Holy See and
    // unnamed recommenders are in none.
    let group_of = |r: &csv::StringRecord| -> Option<&str> {
        if &r[4] == "Palestine" {
            return Some("ASIA_PACIFIC");
        }
        match &r[5] {
            "WEOG" => Some("WESTERN_EUROPEAN_AND_OTHERS"),
            "EEG" => Some("EASTERN_EUROPEAN"),
            "Asia" => Some("ASIA_PACIFIC"),
            "Africa" => Some("AFRICAN"),
            "GRULAC" => Some("LATIN_AMERICAN_AND_CARIBBEAN"),
            _ => None,
        }
    };
    let to_us: Vec<_> = all.iter().filter(|r| &r[0] == "United States").collect();
    assert!(groups.len() >= 5);
    for group in groups {
        assert_eq!(group["stateUnderReview"]["code"], "USA");
        let name = group["recommendingRegionalGroup"].as_str();
        let rows: Vec<_> = to_us.iter().filter(|r| group_of(r) == name).collect();
        let supported = rows.iter().filter(|r| &r[7] == "Accepted").count();
        assert_eq!(group["count"], rows.len() as i64, "{name:?}");
        assert_eq!(group["supported"], supported as i64, "{name:?}");
        let share = group["supportedShare"].as_f64().unwrap();
        assert!((share - supported as f64 / rows.len() as f64).abs() < 1e-9);
    }
    let total: i64 = groups.iter().map(|g| g["count"].as_i64().unwrap()).sum();
    assert_eq!(total, to_us.len() as i64);

    // The themes most recommended to Israel, with counts per response.
    let data = app
        .data(r#"{ recommendationStats(filter: { stateUnderReview: ["ISR"] }, groupBy: [THEME]) { theme { name } count supported noted } }"#)
        .await;
    let top = &data["recommendationStats"][0];
    let name = top["theme"]["name"].as_str().unwrap();
    let expected = all
        .iter()
        .filter(|r| &r[0] == "Israel" && r[9].split(',').any(|t| t.trim() == name))
        .count();
    assert_eq!(top["count"], expected as i64);
    assert_eq!(
        top["count"].as_i64(),
        Some(top["supported"].as_i64().unwrap() + top["noted"].as_i64().unwrap())
    );
}
on_both_backends!(
    recommendation_stats_are_grouped_by_the_database,
    Fixture::UprInfo
);

async fn states_and_reviews_carry_their_own_stats_in_one_statement_per_level(app: TestApp) {
    let all: Vec<csv::StringRecord> = FILES
        .iter()
        .flat_map(|(name, _)| records(&upr_file(name)))
        .collect();

    // The ten themes most recommended to Israel, from the state itself ...
    let nested = app
        .data(r#"{ state(code: "ISR") { recommendationStats(groupBy: [THEME], first: 10) { theme { name } count supported noted } } }"#)
        .await;
    let groups = nested["state"]["recommendationStats"].as_array().unwrap();
    assert_eq!(groups.len(), 10);
    // ... are the root's first ten, and each count is the file's.
    let root = app
        .data(r#"{ recommendationStats(filter: { stateUnderReview: ["ISR"] }, groupBy: [THEME], first: 10) { theme { name } count supported noted } }"#)
        .await;
    assert_eq!(
        &root["recommendationStats"],
        &nested["state"]["recommendationStats"]
    );
    for group in groups {
        let name = group["theme"]["name"].as_str().unwrap();
        let expected = all
            .iter()
            .filter(|r| &r[0] == "Israel" && r[9].split(',').any(|t| t.trim() == name))
            .count();
        assert_eq!(group["count"], expected as i64, "{name}");
    }
    let counts: Vec<i64> = groups
        .iter()
        .map(|g| g["count"].as_i64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "largest first: {counts:?}"
    );

    // Recommendations made and received by every state of a page, and per review: one
    // statement per stats field, however many states and reviews.
    let query = r#"{ states(first: 60) { nodes { code
        received: recommendationStats { count supported }
        made: recommendationStats(role: MADE, filter: { cycle: [1] }) { count }
        reviews(first: 5) { nodes { session { number } recommendationStats(groupBy: [RESPONSE]) { response count } } } } } }"#;
    let before = app.store.statements_executed();
    let data = app.data(query).await;
    let statements = app.store.statements_executed() - before;
    // States, reviews, sessions, and the stats fields: the two of the states' level read
    // in one statement, the reviews' in another.
    assert_eq!(statements, 5, "statements for 60 states");
    for state in data["states"]["nodes"].as_array().unwrap() {
        let code = state["code"].as_str().unwrap();
        let name = app
            .data(&format!(r#"{{ state(code: "{code}") {{ name }} }}"#))
            .await["state"]["name"]
            .as_str()
            .unwrap()
            .to_owned();
        let received = state["received"].as_array().unwrap();
        let in_file = all
            .iter()
            .filter(|r| r[0].eq_ignore_ascii_case(&name))
            .count() as i64;
        if let Some(group) = received.first() {
            assert_eq!(received.len(), 1, "no groupBy: one group");
            // Every spelling of a state's name resolves; the count equals the API's own list.
            let total = app
                .data(&format!(
                    r#"{{ state(code: "{code}") {{ recommendationsReceived {{ totalCount }} }} }}"#
                ))
                .await;
            assert_eq!(
                group["count"], total["state"]["recommendationsReceived"]["totalCount"],
                "{code}"
            );
            assert!(in_file <= group["count"].as_i64().unwrap(), "{code}");
        } else {
            assert_eq!(in_file, 0, "{code} received none");
        }
        for review in state["reviews"]["nodes"].as_array().unwrap() {
            let session = review["session"]["number"].as_i64().unwrap();
            let per_response: i64 = review["recommendationStats"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["count"].as_i64().unwrap())
                .sum();
            let root = app.data(&format!(r#"{{ recommendationStats(filter: {{ stateUnderReview: ["{code}"], session: [{session}] }}, groupBy: []) {{ count }} }}"#)).await;
            let expected = root["recommendationStats"][0]["count"]
                .as_i64()
                .unwrap_or(0);
            assert_eq!(per_response, expected, "{code} session {session}");
        }
    }
}
on_both_backends!(
    states_and_reviews_carry_their_own_stats_in_one_statement_per_level,
    Fixture::UprInfo
);

async fn the_number_of_groups_is_capped(app: TestApp) {
    let data = app
        .data(
            "{ recommendationStats(groupBy: [RECOMMENDING_STATE, STATE_UNDER_REVIEW]) { count } }",
        )
        .await;
    assert_eq!(
        data["recommendationStats"].as_array().unwrap().len(),
        100,
        "100 groups by default"
    );
    let data = app.data("{ recommendationStats(groupBy: [RECOMMENDING_STATE, STATE_UNDER_REVIEW], first: 1000) { count } }").await;
    let groups = data["recommendationStats"].as_array().unwrap();
    assert_eq!(groups.len(), 1000);
    let data = app.data("{ recommendationStats(groupBy: [RECOMMENDING_STATE, STATE_UNDER_REVIEW], first: 3) { count } }").await;
    assert_eq!(
        data["recommendationStats"].as_array().unwrap()[..],
        groups[..3],
        "the largest groups come first"
    );
    for first in [0, 1001] {
        let errors = app
            .errors(&format!(
                "{{ recommendationStats(groupBy: [THEME], first: {first}) {{ count }} }}"
            ))
            .await;
        assert_eq!(errors[0].0, "BAD_USER_INPUT");
        assert!(
            errors[0].1.contains("between 1 and 1000 groups"),
            "{:?}",
            errors[0]
        );
    }
}
on_both_backends!(the_number_of_groups_is_capped, Fixture::UprInfo);
