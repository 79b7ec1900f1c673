//! `Recommendation.citation(style:)`: each style as a researcher pastes it, for a
//! recommendation of UPR Info's real file whose review's outcome report the reference
//! data names (the United States' first review, A/HRC/16/11), and for a UHRI record
//! that gives its report, paragraph and date; the citations of a page read in one
//! statement.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use uprgraph_store::{Format, ImportOptions};

use crate::helpers::{
    import, on_both_backends,
    uhri::{self, Record},
    upr_info::upr_file,
    Fixture, TestApp,
};

const CITED: &str = r#"query ($filter: RecommendationFilter!, $first: Int!) {
  recommendations(filter: $filter, first: $first) {
    nodes {
      sourceLine publishedOn
      dataset { checksum importedAt }
      apa: citation(style: APA)
      chicago: citation(style: CHICAGO)
      bibtex: citation(style: BIBTEX)
      ris: citation(style: RIS)
    }
  }
}"#;

/// The first recommendation passing `filter`, with its citations.
async fn first_cited(app: &TestApp, filter: Value) -> Value {
    let data = app
        .data_with(CITED, json!({ "filter": filter, "first": 1 }))
        .await;
    data["recommendations"]["nodes"][0].clone()
}

/// `December 7, 2026`, from an RFC 3339 time.
fn long_day(time: &Value) -> String {
    let day = chrono::DateTime::parse_from_rfc3339(time.as_str().unwrap())
        .unwrap()
        .date_naive();
    day.format("%B %-d, %Y").to_string()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn a_us_recommendation_cites_the_report_of_its_review(app: TestApp) {
    // Line 8160 of UPR Info's file: `United States,WEOG,OAS,End blockade against
    // Cuba,Cuba,GRULAC,"OAS, OEI, ACS",Noted,5,Other,9`. The reference data names the
    // outcome report of the review at session 9, A/HRC/16/11, and no date for it.
    let checksum = sha256(&upr_file("sessions-06-09.csv"));
    assert_eq!(
        checksum, "ee3f5b373cad9a8b9d712b514d2891a241805baef18407307e3c1f96b683cee4",
        "the file tests/datasets.csv names"
    );
    let cited = first_cited(
        &app,
        json!({ "stateUnderReview": ["USA"], "session": [9], "recommendingState": ["CUB"],
                "search": "\"End blockade against Cuba\"" }),
    )
    .await;
    assert_eq!(cited["sourceLine"], 8160, "{cited:#}");
    assert_eq!(cited["dataset"]["checksum"], checksum.as_str());
    // What changes from one database to another: the day of the import, the version.
    let imported = long_day(&cited["dataset"]["importedAt"]);
    let version = app.store.data_version().await.unwrap();
    let what = "Recommendation by Cuba to United States of America, UPR cycle 1, Working \
                Group session 9; response: noted";
    let data = format!(
        "Data: UPR Info, UPR Info database of UPR recommendations, \
         https://www.upr-info.org/database/; file sessions-06-09.csv (SHA-256 \
         ee3f5b373cad9a8b9d712b514d2891a241805baef18407307e3c1f96b683cee4), line 8160, \
         imported {imported}; uprgraph data version {version}"
    );
    assert_eq!(
        cited["apa"],
        format!(
            "United Nations Human Rights Council. (n.d.). Report of the Working Group on the \
             Universal Periodic Review: United States of America (A/HRC/16/11). United \
             Nations. https://undocs.org/A/HRC/16/11 {what}. {data}."
        )
    );
    assert_eq!(
        cited["chicago"],
        format!(
            "United Nations Human Rights Council. Report of the Working Group on the \
             Universal Periodic Review: United States of America. A/HRC/16/11. United \
             Nations, n.d. https://undocs.org/A/HRC/16/11. {what}. {data}."
        )
    );
    assert_eq!(
        cited["bibtex"],
        format!(
            "@techreport{{uprgraph-ee3f5b373cad-8160,\n\
             \x20 author = {{{{United Nations Human Rights Council}}}},\n\
             \x20 title = {{Report of the Working Group on the Universal Periodic Review: \
             United States of America}},\n\
             \x20 institution = {{United Nations}},\n\
             \x20 type = {{UN document}},\n\
             \x20 number = {{A/HRC/16/11}},\n\
             \x20 url = {{https://undocs.org/A/HRC/16/11}},\n\
             \x20 note = {{{what}. {data}}},\n\
             }}"
        )
    );
    assert_eq!(
        cited["ris"],
        format!(
            "TY  - RPRT\r\n\
             AU  - United Nations Human Rights Council\r\n\
             TI  - Report of the Working Group on the Universal Periodic Review: United \
             States of America\r\n\
             PB  - United Nations\r\n\
             M3  - UN document\r\n\
             SN  - A/HRC/16/11\r\n\
             UR  - https://undocs.org/A/HRC/16/11\r\n\
             N1  - {what}. {data}\r\n\
             ER  - \r\n"
        )
    );
}
on_both_backends!(
    a_us_recommendation_cites_the_report_of_its_review,
    Fixture::UprInfo
);

async fn a_uhri_record_is_cited_by_its_own_report_paragraph_and_date(app: TestApp) {
    let record = Record {
        text: "136.5. Test record: a recommendation whose report the record names".to_owned(),
        concerned: vec!["Israel".to_owned()],
        body: "UPR".to_owned(),
        symbol: "TEST-FIXTURE/ISR/17".to_owned(),
        // 19 December 2013, as the export writes days: a spreadsheet serial number.
        published: "41627.4996282407".to_owned(),
        recommenders: vec!["Canada".to_owned()],
        position: "Supported/Noted".to_owned(),
        kind: "Recommendation".to_owned(),
        annotation: "test-fixture-citation".to_owned(),
        session: "17th Session - Cycle 2".to_owned(),
        ..Record::default()
    };
    let bytes = uhri::json(&[record]);
    let checksum = sha256(&bytes);
    import(
        &app,
        Format::Uhri,
        vec![("test-records.json", bytes)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let cited = first_cited(&app, json!({ "dataset": ["test-records.json"] })).await;
    assert_eq!(cited["publishedOn"], "2013-12-19", "{cited:#}");
    let line = cited["sourceLine"].as_i64().unwrap();
    let imported = long_day(&cited["dataset"]["importedAt"]);
    let version = app.store.data_version().await.unwrap();
    let what = "Recommendation by Canada to Israel, UPR cycle 2, Working Group session 17; \
                response: supported in part, noted in part";
    let data = format!(
        "Data: Office of the United Nations High Commissioner for Human Rights, Universal \
         Human Rights Index, https://uhri.ohchr.org/; file test-records.json (SHA-256 \
         {checksum}), line {line}, imported {imported}; uprgraph data version {version}"
    );
    assert_eq!(
        cited["apa"],
        format!(
            "United Nations Human Rights Council. (2013). Report of the Working Group on the \
             Universal Periodic Review: Israel (TEST-FIXTURE/ISR/17, para. 136.5). United \
             Nations. https://undocs.org/TEST-FIXTURE/ISR/17 {what}. {data}."
        )
    );
    assert_eq!(
        cited["chicago"],
        format!(
            "United Nations Human Rights Council. Report of the Working Group on the \
             Universal Periodic Review: Israel. TEST-FIXTURE/ISR/17, para. 136.5. United \
             Nations, December 19, 2013. https://undocs.org/TEST-FIXTURE/ISR/17. {what}. \
             {data}."
        )
    );
    let bibtex = cited["bibtex"].as_str().unwrap();
    assert!(
        bibtex.starts_with(&format!(
            "@techreport{{uprgraph-{}-{line},\n",
            &checksum[..12]
        )),
        "{bibtex}"
    );
    for field in [
        "  number = {TEST-FIXTURE/ISR/17},\n",
        "  year = {2013},\n",
        "  date = {2013-12-19},\n",
        "  note = {Para. 136.5. Recommendation by Canada to Israel,",
        // The file's name, escaped: BibTeX reads `_` as markup, there is none here.
        "file test-records.json (SHA-256",
    ] {
        assert!(bibtex.contains(field), "{field} in {bibtex}");
    }
    let ris = cited["ris"].as_str().unwrap();
    for line in [
        "SN  - TEST-FIXTURE/ISR/17\r\n",
        "PY  - 2013\r\n",
        "DA  - 2013/12/19\r\n",
        "N1  - Para. 136.5. Recommendation by Canada to Israel",
    ] {
        assert!(ris.contains(line), "{line:?} in {ris:?}");
    }
}
on_both_backends!(a_uhri_record_is_cited_by_its_own_report_paragraph_and_date);

async fn a_page_of_citations_costs_the_statements_of_one(app: TestApp) {
    let statements = |first: i64| {
        let app = &app;
        async move {
            let before = app.store.statements_executed();
            let data = app
                .data_with(
                    CITED,
                    json!({ "filter": { "stateUnderReview": ["USA"] }, "first": first }),
                )
                .await;
            let nodes = data["recommendations"]["nodes"].as_array().unwrap().clone();
            assert_eq!(nodes.len() as i64, first);
            assert!(nodes.iter().all(|n| n["apa"]
                .as_str()
                .unwrap()
                .contains("United States of America")));
            app.store.statements_executed() - before
        }
    };
    let one = statements(1).await;
    let hundred = statements(100).await;
    assert_eq!(
        one, hundred,
        "a citation's statements are read once per level"
    );
    // The same page without its citations: the citations of a page, with the data
    // version they name, are one statement more.
    let before = app.store.statements_executed();
    let uncited = CITED
        .lines()
        .filter(|line| !line.contains("citation("))
        .collect::<Vec<_>>()
        .join("\n");
    app.data_with(
        &uncited,
        json!({ "filter": { "stateUnderReview": ["USA"] }, "first": 100 }),
    )
    .await;
    let without = app.store.statements_executed() - before;
    assert_eq!(
        hundred,
        without + 1,
        "the citations of a page are read in one statement, with their data version"
    );
}
on_both_backends!(
    a_page_of_citations_costs_the_statements_of_one,
    Fixture::UprInfo
);

async fn a_file_imported_under_its_framed_checksum_is_the_same_file(app: TestApp) {
    let bytes = upr_file("sessions-10-13.csv");
    let file = || vec![("sessions-10-13.csv", bytes.clone())];
    import(&app, Format::UprInfo, file(), ImportOptions::default())
        .await
        .unwrap();
    let imported_at = || async {
        let data = app
            .data(r#"{ datasets(first: 10) { nodes { name checksum importedAt } } }"#)
            .await;
        data["datasets"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == "sessions-10-13.csv")
            .cloned()
            .unwrap()
    };
    let before = imported_at().await;
    assert_eq!(before["checksum"], sha256(&bytes).as_str());
    // A database whose datasets were imported when a checksum was taken over the file's
    // length and bytes.
    let framed = {
        let mut hasher = Sha256::new();
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let admin = sea_orm::Database::connect(app.database_url())
        .await
        .unwrap();
    sea_orm::ConnectionTrait::execute_unprepared(
        &admin,
        &format!("UPDATE datasets SET checksum = '{framed}' WHERE name = 'sessions-10-13.csv'"),
    )
    .await
    .unwrap();
    admin.close().await.unwrap();
    let report = import(&app, Format::UprInfo, file(), ImportOptions::default())
        .await
        .unwrap();
    let counts = &report.files[0].counts;
    assert_eq!(
        (counts.created, counts.updated, counts.unchanged),
        (0, 0, 9047),
        "{counts:?}"
    );
    // Recognised as the file imported before: its checksum now the file's own, the day
    // of its import kept.
    assert_eq!(imported_at().await, before);
}
on_both_backends!(a_file_imported_under_its_framed_checksum_is_the_same_file);
