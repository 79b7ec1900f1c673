//! Files that are damaged, oversized or empty: both backends take and refuse exactly
//! the same ones, every refusal names its place, and a refused import changes nothing.
//! The files are written here in the UHRI and aid CSV formats, with texts that say
//! they are test records.

use sea_orm::{ConnectionTrait, Statement};
use uprgraph_domain::search::{relevances, search_text};
use uprgraph_store::{DatabaseBackend, Format, ImportError, ImportOptions};

use crate::helpers::{
    count_rows, import, on_both_backends,
    uhri::{file, record, row},
    TestApp,
};

/// Each record of [`file`] spans three lines (two multi-valued cells hold two values),
/// so record `i` (from 0) starts on this line.
fn line_of(i: u64) -> u64 {
    2 + 3 * i
}

async fn refused(
    app: &TestApp,
    bytes: Vec<u8>,
    options: ImportOptions,
) -> Vec<(u64, String, String)> {
    match import(app, Format::Uhri, vec![("uhri.csv", bytes)], options).await {
        Err(ImportError::Rejected(report)) => report.files[0]
            .rejected
            .iter()
            .map(|e| (e.line, e.column.clone(), e.reason.clone()))
            .collect(),
        other => panic!("expected rows to be refused, got {other:?}"),
    }
}

async fn nothing_written(app: &TestApp) {
    assert_eq!(count_rows(app, "recommendations").await, 0);
    assert_eq!(count_rows(app, "recommendation_terms").await, 0);
    assert_eq!(count_rows(app, "search_stems").await, 0);
    assert_eq!(count_rows(app, "datasets").await, 0);
}

async fn a_utf8_file_with_one_bad_byte_is_refused_with_its_place(app: TestApp) {
    // Accented names and typographic quotes in UTF-8, and on the second record's first
    // line one byte of Windows-1252 (an `é` on its own).
    let mut bytes = file(&[
        record("Test record: Côte d’Ivoire — Türkiye", "T-1"),
        record("Test record: une r\u{fffd}forme", "T-2"),
    ]);
    let at = bytes
        .windows(3)
        .position(|w| w == "\u{fffd}".as_bytes())
        .unwrap();
    bytes.splice(at..at + 3, [0xE9]);
    // Without a byte-order mark, as the encoding must be told from the bytes.
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    bytes.drain(..3);
    let expected = format!(
        "line {}, column 20: byte 0xE9 is not valid UTF-8",
        line_of(1)
    );
    for encoding in [None, Some(encoding_rs::UTF_8)] {
        let options = ImportOptions {
            encoding,
            ..ImportOptions::default()
        };
        match import(
            &app,
            Format::Uhri,
            vec![("uhri.csv", bytes.clone())],
            options,
        )
        .await
        {
            Err(ImportError::Unreadable { file, reason }) => {
                assert_eq!(file, "uhri.csv");
                assert!(reason.starts_with(&expected), "{reason}");
            }
            other => panic!("expected the file to be refused, got {other:?}"),
        }
    }
    nothing_written(&app).await;

    // Without the bad byte the same file is UTF-8, read as such.
    let good = file(&[record("Test record: Côte d’Ivoire — Türkiye", "T-1")]);
    let report = import(
        &app,
        Format::Uhri,
        vec![("uhri.csv", good)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.files[0].encoding, "UTF-8");
    let data = app.data("{ recommendations { nodes { text } } }").await;
    assert_eq!(
        data["recommendations"]["nodes"][0]["text"],
        "Test record: Côte d’Ivoire — Türkiye"
    );
}
on_both_backends!(a_utf8_file_with_one_bad_byte_is_refused_with_its_place);

async fn nul_bytes_and_control_characters_are_refused_with_their_place(app: TestApp) {
    let bytes = file(&[
        record("Test record: fine", "T-1"),
        record("Test record: a NUL\0byte", "T-2"),
        record("Test record: a bell\u{7}", "T-3"),
        record("Test record: tabs\tand\r\nline breaks are text", "T-4"),
        row([
            "Test record: a tab in a code",
            "- Israel",
            "UPR",
            "- France",
            "Supported",
            "Recommendation",
            "T\t5",
            "15",
            "41303",
        ]),
    ]);
    let errors = refused(&app, bytes.clone(), ImportOptions::default()).await;
    assert_eq!(
        errors,
        [
            (line_of(1), "Text".to_owned(), format!("a NUL byte (U+0000): the file is not text there, on line {} at character 19 of the field", line_of(1))),
            (line_of(2), "Text".to_owned(), format!("a control character (U+0007), on line {} at character 20 of the field", line_of(2))),
            // The record before spans one line more than the others, and the id stands
            // on this record's third line.
            (line_of(4) + 1, "OHCHR Annotation Id".to_owned(), format!("a tab (U+0009) in a column that holds one line, on line {} at character 2 of the field", line_of(4) + 3)),
        ]
    );
    nothing_written(&app).await;

    // Skipped, they are left out alike on both backends, and the others are taken.
    let options = ImportOptions {
        skip_invalid: true,
        ..ImportOptions::default()
    };
    let report = import(&app, Format::Uhri, vec![("uhri.csv", bytes)], options)
        .await
        .unwrap();
    assert_eq!(
        (
            report.files[0].counts.created,
            report.files[0].rejected.len()
        ),
        (2, 3)
    );
    let data = app.data("{ recommendations { nodes { text } } }").await;
    assert_eq!(
        data["recommendations"]["nodes"][1]["text"],
        "Test record: tabs\tand\r\nline breaks are text"
    );
}
on_both_backends!(nul_bytes_and_control_characters_are_refused_with_their_place);

/// `bytes` of distinct words (`ba`, `bb`, ... in letters only), each a test record's.
fn distinct_words(bytes: usize) -> String {
    let mut text = String::from("Test record:");
    let mut n: u64 = 0;
    while text.len() < bytes {
        let mut word = String::from(" q");
        let mut rest = n;
        loop {
            word.push(char::from(b'a' + (rest % 26) as u8));
            rest /= 26;
            if rest == 0 {
                break;
            }
        }
        if text.len() + word.len() > bytes {
            break;
        }
        text.push_str(&word);
        n += 1;
    }
    text
}

async fn oversized_fields_are_refused_and_texts_at_the_limit_taken(app: TestApp) {
    // A 5 MB text, and 5 MB of distinct words: the text limit refuses both, before
    // anything reaches the database.
    let five_mb = format!("Test record: {}", "x ".repeat(2_500_000));
    let words = distinct_words(5_000_000);
    let bytes = file(&[record(&five_mb, "T-1"), record(&words, "T-2")]);
    let errors = refused(&app, bytes, ImportOptions::default()).await;
    assert_eq!(errors.len(), 2);
    for ((line, column, reason), (expected_line, size)) in errors
        .iter()
        .zip([(line_of(0), five_mb.len()), (line_of(1), words.len())])
    {
        assert_eq!((*line, column.as_str()), (expected_line, "Text"));
        assert_eq!(reason, &format!("the field has {size} bytes; this column takes at most 65536 (--max-text-bytes sets this limit)"));
    }
    // A theme longer than a name may be.
    let theme = format!("- Test theme {}", "y".repeat(2_000));
    let long_theme = row([
        "Test record: a long theme",
        "- Israel",
        "UPR",
        "- France",
        "Supported",
        "Recommendation",
        "T-3",
        "15",
        "41303",
    ])
    .replacen("- Equality & non-discrimination", &theme, 1);
    let errors = refused(&app, file(&[long_theme]), ImportOptions::default()).await;
    assert_eq!(
        (errors[0].1.as_str(), errors[0].2.as_str()),
        (
            "Themes",
            "a value of 2013 bytes; each value of this column takes at most 1024"
        )
    );
    nothing_written(&app).await;

    // 64 KiB of distinct words is taken on both backends, with one stored relevance per
    // distinct stem: the text limit bounds the search terms of a text.
    let at_limit = distinct_words(65_536);
    let stems = relevances(&search_text(&at_limit).stems).len() as i64;
    assert!(stems > 8_000, "{stems} distinct stems");
    let report = import(
        &app,
        Format::Uhri,
        vec![("uhri.csv", file(&[record(&at_limit, "T-4")]))],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.files[0].counts.created, 1);
    assert_eq!(count_rows(&app, "recommendation_terms").await, stems);
    let data = app
        .data(r#"{ recommendations(filter: { search: "qzzb" }) { totalCount } }"#)
        .await;
    assert_eq!(data["recommendations"]["totalCount"], 1);

    // A larger limit takes a larger text, alike on both backends; a word the index
    // cannot hold is refused with the limit.
    let large = format!(
        "Test record: {}",
        "abcdefghijklmnopqrstuvwxy ".repeat(7_700)
    );
    let bytes = file(&[record(&large, "T-5")]);
    assert_eq!(
        refused(&app, bytes.clone(), ImportOptions::default()).await[0].1,
        "Text"
    );
    let options = ImportOptions {
        max_text_bytes: 256 * 1024,
        ..ImportOptions::default()
    };
    let report = import(&app, Format::Uhri, vec![("large.csv", bytes)], options)
        .await
        .unwrap();
    assert_eq!(report.files[0].counts.created, 1);
    let word = format!("Test record: {}", "w".repeat(300));
    let errors = refused(
        &app,
        file(&[record(&word, "T-6")]),
        ImportOptions::default(),
    )
    .await;
    assert!(
        errors[0]
            .2
            .starts_with("the text has a word of 300 bytes once folded"),
        "{}",
        errors[0].2
    );
}
on_both_backends!(oversized_fields_are_refused_and_texts_at_the_limit_taken);

async fn a_file_without_data_rows_is_refused_unless_allowed(app: TestApp) {
    let header_only = file(&[]);
    for (bytes, expected) in [
        (
            header_only.clone(),
            "no data rows: the file holds only its header (line 1); give --allow-empty",
        ),
        (Vec::new(), "the file is empty: no header, no rows"),
    ] {
        match import(
            &app,
            Format::Uhri,
            vec![("uhri.csv", bytes)],
            ImportOptions::default(),
        )
        .await
        {
            Err(ImportError::Unreadable { reason, .. }) => {
                assert!(reason.starts_with(expected), "{reason}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(count_rows(&app, "datasets").await, 0);

    // Allowed, a header-only update empties the dataset it updates.
    import(
        &app,
        Format::Uhri,
        vec![("uhri.csv", file(&[record("Test record: one", "T-1")]))],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let options = ImportOptions {
        allow_empty: true,
        ..ImportOptions::default()
    };
    let report = import(&app, Format::Uhri, vec![("uhri.csv", header_only)], options)
        .await
        .unwrap();
    assert_eq!(
        (report.files[0].rows_read, report.files[0].counts.removed),
        (0, 1)
    );
    assert_eq!(count_rows(&app, "recommendations").await, 0);
    assert_eq!(count_rows(&app, "datasets").await, 1);
}
on_both_backends!(a_file_without_data_rows_is_refused_unless_allowed);

async fn field_count_errors_say_what_the_header_expects(app: TestApp) {
    let text = "donor,recipient,category,transaction_type,fiscal_year,amount,currency\n\
                USA,ISR,MILITARY,OBLIGATION,2020,1,USD\n\
                USA,ISR,MILITARY,OBLIGATION,2020,1\n";
    let Err(ImportError::Rejected(report)) = import(
        &app,
        Format::AidCsv,
        vec![("aid.csv", text.as_bytes().to_vec())],
        ImportOptions::default(),
    )
    .await
    else {
        panic!("expected a refusal")
    };
    let error = &report.files[0].rejected[0];
    assert_eq!(
        error.to_string(),
        "aid.csv:3: value \"6 fields\": expected 7 fields, as in the header on line 1 \
         (donor, recipient, category, transaction_type, fiscal_year, amount, currency), found 6"
    );
}
on_both_backends!(field_count_errors_say_what_the_header_expects);

/// Makes the database refuse, by a trigger, any new row of `table` for which
/// `condition` (of `NEW`) holds: a refusal the importer's own checks cannot foresee.
async fn refuse_rows_where(app: &TestApp, table: &str, condition: &str) {
    let statements = match app.store.backend() {
        DatabaseBackend::Postgres => vec![
            format!(
                "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF {condition} THEN RAISE EXCEPTION 'test trigger refuses this row'; END IF; \
                 RETURN NEW; END $$"
            ),
            format!("CREATE TRIGGER test_refuse BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION test_refuse()"),
        ],
        _ => vec![format!(
            "CREATE TRIGGER test_refuse BEFORE INSERT ON {table} WHEN {condition} \
             BEGIN SELECT RAISE(ABORT, 'test trigger refuses this row'); END"
        )],
    };
    for sql in statements {
        app.store
            .connection()
            .execute_raw(Statement::from_string(app.store.backend(), sql))
            .await
            .unwrap();
    }
}

async fn a_row_the_database_refuses_is_named_by_its_line(app: TestApp) {
    // 2,500 records, so that the refused one is in the second INSERT of
    // recommendations (2,184 rows each).
    let records: Vec<String> = (0..2_500)
        .map(|i| {
            let text = if i == 2_312 {
                "Test record: refuse me".to_owned()
            } else {
                format!("Test record number {i}")
            };
            record(&text, &format!("T-{i}"))
        })
        .collect();
    refuse_rows_where(&app, "recommendations", "NEW.text LIKE '%refuse me%'").await;
    match import(
        &app,
        Format::Uhri,
        vec![("uhri.csv", file(&records))],
        ImportOptions::default(),
    )
    .await
    {
        Err(error @ ImportError::Refused { .. }) => {
            let ImportError::Refused {
                file,
                line,
                what,
                reason,
                ..
            } = &error
            else {
                unreachable!()
            };
            assert_eq!(
                (file.as_str(), *line, what.as_str()),
                ("uhri.csv", Some(line_of(2_312)), "this row")
            );
            assert!(reason.contains("test trigger refuses this row"), "{reason}");
            assert!(
                error.to_string().starts_with(&format!(
                    "uhri.csv:{}: the database refused this row: ",
                    line_of(2_312)
                )),
                "{error}"
            );
        }
        other => panic!("expected the database's refusal, got {other:?}"),
    }
    nothing_written(&app).await;
}
on_both_backends!(a_row_the_database_refuses_is_named_by_its_line);

/// The line and the part of the row named by the database's refusal of an import of
/// `records`, which must be refused by the database.
async fn refused_at(app: &TestApp, records: &[String]) -> (Option<u64>, String) {
    let files = vec![("uhri.csv", file(records))];
    match import(app, Format::Uhri, files, ImportOptions::default()).await {
        Err(ImportError::Refused { line, what, .. }) => (line, what),
        other => panic!("expected the database's refusal, got {other:?}"),
    }
}

async fn a_search_term_the_database_refuses_is_named_by_its_row(app: TestApp) {
    let zzyzx = "NEW.stem_id IN (SELECT id FROM search_stems WHERE stem = 'zzyzx')";
    refuse_rows_where(&app, "recommendation_terms", zzyzx).await;
    let records = [
        record("Test record: ordinary", "T-1"),
        record("Test record: zzyzx", "T-2"),
    ];
    let (line, what) = refused_at(&app, &records).await;
    assert_eq!(
        (line, what.as_str()),
        (Some(line_of(1)), "the row's search terms")
    );
    nothing_written(&app).await;
}
on_both_backends!(a_search_term_the_database_refuses_is_named_by_its_row);

async fn a_search_stem_the_database_refuses_is_named_by_its_first_row(app: TestApp) {
    refuse_rows_where(&app, "search_stems", "NEW.stem = 'zzyzx'").await;
    let records = [
        record("Test record: ordinary", "T-1"),
        record("Test record: zzyzx", "T-2"),
        record("Test record: zzyzx again", "T-3"),
    ];
    let (line, what) = refused_at(&app, &records).await;
    assert_eq!(
        (line, what.as_str()),
        (Some(line_of(1)), "a search stem the row gives")
    );
    nothing_written(&app).await;
}
on_both_backends!(a_search_stem_the_database_refuses_is_named_by_its_first_row);

/// The tables written with each recommendation.
const RECOMMENDATION_TABLES: &str = "'recommendations', 'recommendation_terms', \
     'recommendation_themes', 'recommendation_affected_persons', 'recommendation_sdg_targets'";

/// Every secondary index and foreign key of [`RECOMMENDATION_TABLES`] as the database
/// defines it, with the number of the object that holds it: PostgreSQL's oid of the
/// index or constraint; SQLite's root page of the index or table (whose definition
/// holds its foreign keys).
async fn upkeep(app: &TestApp) -> Vec<(String, i64)> {
    let sql = match app.store.backend() {
        DatabaseBackend::Postgres => format!(
            "SELECT pg_get_indexdef(i.indexrelid) AS d, i.indexrelid::bigint AS n \
             FROM pg_index i \
             WHERE i.indrelid::regclass::text IN ({RECOMMENDATION_TABLES}) AND NOT i.indisunique \
             UNION ALL \
             SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || \
               pg_get_constraintdef(c.oid), c.oid::bigint \
             FROM pg_constraint c \
             WHERE c.conrelid::regclass::text IN ({RECOMMENDATION_TABLES}) AND c.contype = 'f' \
             ORDER BY 1"
        ),
        _ => format!(
            "SELECT sql AS d, rootpage AS n FROM sqlite_master \
             WHERE tbl_name IN ({RECOMMENDATION_TABLES}) AND type IN ('table', 'index') \
               AND sql IS NOT NULL ORDER BY 1"
        ),
    };
    app.store
        .connection()
        .query_all_raw(Statement::from_string(app.store.backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| (row.try_get("", "d").unwrap(), row.try_get("", "n").unwrap()))
        .collect()
}

/// `count` test records numbered from `first`.
fn numbered_records(first: usize, count: usize) -> Vec<String> {
    (first..first + count)
        .map(|i| record(&format!("Test record number {i}"), &format!("T-{i}")))
        .collect()
}

/// A file that at least doubles the recommendations has their indexes (and on
/// PostgreSQL their foreign keys) remade after its rows rather than kept up row by row:
/// new objects, the same definitions. A smaller one keeps them up, and a refused bulk
/// load leaves them as they were.
async fn a_bulk_load_remakes_the_indexes_and_foreign_keys_as_they_were(app: TestApp) {
    let uhri = |name: &'static str, records: &[String]| vec![(name, file(records))];
    let import_ok = |files| import(&app, Format::Uhri, files, ImportOptions::default());
    let empty = upkeep(&app).await;
    let defined = |upkeep: &[(String, i64)]| -> Vec<String> {
        upkeep.iter().map(|(d, _)| d.clone()).collect()
    };
    assert!(empty.len() >= 10, "{empty:?}");
    import_ok(uhri("small.csv", &numbered_records(0, 10)))
        .await
        .unwrap();
    assert_eq!(upkeep(&app).await, empty, "a small file keeps the upkeep");

    import_ok(uhri("bulk.csv", &numbered_records(100, 6_000)))
        .await
        .unwrap();
    let bulk = upkeep(&app).await;
    assert_eq!(defined(&bulk), defined(&empty));
    let remade: Vec<&str> = bulk
        .iter()
        .zip(&empty)
        .filter(|(b, e)| b.1 != e.1)
        .map(|(b, _)| b.0.as_str())
        .collect();
    let expected: Vec<&str> = match app.store.backend() {
        DatabaseBackend::Postgres => empty.iter().map(|(d, _)| d.as_str()).collect(),
        // SQLite's foreign keys are part of its tables' definitions, which stay.
        _ => empty
            .iter()
            .map(|(d, _)| d.as_str())
            .filter(|d| d.starts_with("CREATE INDEX"))
            .collect(),
    };
    assert!(!expected.is_empty());
    assert_eq!(remade, expected, "every index and foreign key remade");
    assert_eq!(count_rows(&app, "recommendations").await, 6_010);

    refuse_rows_where(&app, "recommendations", "NEW.text LIKE '%number 16500%'").await;
    let error = import_ok(uhri("refused.csv", &numbered_records(10_000, 7_000)))
        .await
        .unwrap_err();
    assert!(matches!(error, ImportError::Refused { .. }), "{error}");
    assert_eq!(upkeep(&app).await, bulk);
    assert_eq!(count_rows(&app, "recommendations").await, 6_010);
}
on_both_backends!(a_bulk_load_remakes_the_indexes_and_foreign_keys_as_they_were);
