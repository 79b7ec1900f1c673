//! Importing SIPRI's Arms Transfers Database: the trade register (Latin-1, a
//! preamble, unnamed `?` columns, one row per deal) and the newer layout with ids (one
//! row per deal and year of delivery). Every count stated here was computed from the
//! files themselves, apart from the importer, by `tests/api/sipri/count.py`.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, Statement};
use uprgraph_domain::Tiv;
use uprgraph_store::{Format, ImportOptions, ImportReport};

use crate::helpers::{
    count_rows, import, on_both_backends, shared_file,
    sipri::{REGISTER_USA_ISR, WITH_IDS_USA_ISR},
    TestApp,
};

const REGISTER: &str = "sipri/trade-register.csv";
const WITH_IDS: &str = "sipri/trade-register-2000-2023-with-ids.csv";

/// The rows a file leaves out, by reason, as `tests/api/sipri/*.csv` state them.
fn left_out(expected: &str) -> BTreeMap<String, u64> {
    csv::Reader::from_reader(expected.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[1].parse().unwrap())
        })
        .collect()
}

async fn import_file(app: &TestApp, path: &str, bytes: Vec<u8>) -> ImportReport {
    let name = path.rsplit('/').next().unwrap();
    import(
        app,
        Format::Sipri,
        vec![(name, bytes)],
        ImportOptions::default(),
    )
    .await
    .unwrap_or_else(|e| panic!("{path} imports: {e}"))
}

/// Each delivery of the supplier to the recipient: (dataset, year, SIPRI TIV).
async fn deliveries(
    app: &TestApp,
    supplier: &str,
    recipient: &str,
) -> Vec<(String, i32, Option<i64>)> {
    let sql = format!(
        "SELECT ds.name, d.year, d.tiv FROM arms_deliveries d \
         JOIN arms_transfers t ON t.id = d.transfer_id \
         JOIN datasets ds ON ds.id = t.dataset_id \
         JOIN states s ON s.id = t.supplier_state_id \
         JOIN states r ON r.id = t.recipient_state_id \
         WHERE s.alpha3 = '{supplier}' AND r.alpha3 = '{recipient}'"
    );
    rows(app, &sql, |r| {
        (
            r.try_get("", "name").unwrap(),
            r.try_get("", "year").unwrap(),
            r.try_get("", "tiv").unwrap(),
        )
    })
    .await
}

async fn rows<T>(app: &TestApp, sql: &str, read: impl Fn(&sea_orm::QueryResult) -> T) -> Vec<T> {
    app.store
        .connection()
        .query_all_raw(Statement::from_string(app.store.backend(), sql.to_owned()))
        .await
        .unwrap()
        .iter()
        .map(read)
        .collect()
}

fn tiv(millions: &str) -> i64 {
    Tiv::parse_millions(millions).unwrap().thousandths()
}

async fn generated_on(app: &TestApp, name: &str) -> String {
    let sql = format!("SELECT generated_on FROM datasets WHERE name = '{name}'");
    rows(app, &sql, |r| {
        r.try_get::<Option<chrono::NaiveDate>>("", "generated_on")
            .unwrap()
            .map(|d| d.to_string())
    })
    .await
    .remove(0)
    .unwrap_or_default()
}

async fn the_register_is_taken_with_non_states_left_out_by_name(app: TestApp) {
    let report = import_file(&app, REGISTER, shared_file(REGISTER)).await;
    let file = &report.files[0];
    assert_eq!(file.encoding, "windows-1252");
    // 28,350 records below the header; two of them are the ends of deals whose comment
    // the export cut with an unquoted line break, so 28,348 deals.
    assert_eq!(file.rows_read, 28_350);
    assert!(
        file.rejected.is_empty(),
        "{:?}",
        &file.rejected[..3.min(file.rejected.len())]
    );
    assert_eq!(file.counts.created, 23_580);
    assert_eq!(file.left_out.values().sum::<u64>(), 4_768);
    assert_eq!(
        file.left_out,
        left_out(include_str!("sipri/left_out_register.csv"))
    );
    assert_eq!(
        file.left_out["supplier is not a UN member or observer state: Soviet Union"],
        2_826
    );
    for joined in ["lines 24151 and 24152", "lines 26834 and 26835"] {
        assert!(
            file.notes.iter().any(|n| n.starts_with(joined)),
            "{joined}: {:?}",
            file.notes
        );
    }
    assert_eq!(count_rows(&app, "arms_transfers").await, 23_580);
    assert_eq!(count_rows(&app, "arms_deliveries").await, 47_866);
    assert_eq!(generated_on(&app, "trade-register.csv").await, "2025-10-23");

    let mut by_year: BTreeMap<i32, (u64, u64, i64)> = BTreeMap::new();
    for (_, year, tiv) in deliveries(&app, "USA", "ISR").await {
        let entry = by_year.entry(year).or_default();
        entry.0 += 1;
        if let Some(tiv) = tiv {
            entry.1 += 1;
            entry.2 += tiv;
        }
    }
    let expected: BTreeMap<i32, (u64, u64, i64)> = REGISTER_USA_ISR
        .iter()
        .map(|(year, n, with_tiv, millions)| (*year, (*n, *with_tiv, tiv(millions))))
        .collect();
    assert_eq!(by_year, expected);
    // The 281 deals' TIV delivered over all their years.
    let total: Vec<Option<i64>> = rows(
        &app,
        "SELECT t.tiv_delivered FROM arms_transfers t JOIN states s ON s.id = t.supplier_state_id \
         JOIN states r ON r.id = t.recipient_state_id WHERE s.alpha3 = 'USA' AND r.alpha3 = 'ISR'",
        |r| r.try_get("", "tiv_delivered").unwrap(),
    )
    .await;
    assert_eq!(total.len(), 281);
    assert_eq!(total.iter().flatten().sum::<i64>(), tiv("38133.76"));
}

on_both_backends!(the_register_is_taken_with_non_states_left_out_by_name);

async fn the_layout_with_ids_is_taken_deal_by_deal(app: TestApp) {
    let report = import_file(&app, WITH_IDS, shared_file(WITH_IDS)).await;
    let file = &report.files[0];
    assert_eq!(file.encoding, "UTF-8");
    assert_eq!(file.rows_read, 20_480);
    assert!(
        file.rejected.is_empty(),
        "{:?}",
        &file.rejected[..3.min(file.rejected.len())]
    );
    assert_eq!(file.counts.created, 10_009);
    assert_eq!(file.left_out.values().sum::<u64>(), 546);
    assert_eq!(
        file.left_out,
        left_out(include_str!("sipri/left_out_with_ids.csv"))
    );
    assert_eq!(count_rows(&app, "arms_transfers").await, 10_009);
    assert_eq!(count_rows(&app, "arms_deliveries").await, 19_934);
    assert_eq!(
        generated_on(&app, "trade-register-2000-2023-with-ids.csv").await,
        "2025-01-03"
    );

    let mut by_year: BTreeMap<i32, (u64, i64)> = BTreeMap::new();
    for (_, year, tiv) in deliveries(&app, "USA", "ISR").await {
        let entry = by_year.entry(year).or_default();
        entry.0 += 1;
        entry.1 += tiv.expect("the layout with ids gives every year's TIV");
    }
    let expected: BTreeMap<i32, (u64, i64)> = WITH_IDS_USA_ISR
        .iter()
        .map(|(year, n, millions)| (*year, (*n, tiv(millions))))
        .collect();
    assert_eq!(by_year, expected);
    let deals: Vec<i64> = rows(
        &app,
        "SELECT COUNT(*) AS n FROM arms_transfers t JOIN states s ON s.id = t.supplier_state_id \
         JOIN states r ON r.id = t.recipient_state_id WHERE s.alpha3 = 'USA' AND r.alpha3 = 'ISR' \
         AND t.sipri_id IS NOT NULL AND t.armament_category IS NOT NULL",
        |r| r.try_get("", "n").unwrap(),
    )
    .await;
    assert_eq!(deals, [82]);
}

on_both_backends!(the_layout_with_ids_is_taken_deal_by_deal);

/// The register with three edits, as a later export might bring them: more TIV
/// delivered for one deal, one order year marked uncertain, one deal gone.
fn edited_register(original: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = original
        .split(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let find = |lines: &[Vec<u8>], prefix: &str| {
        let found: Vec<usize> = (0..lines.len())
            .filter(|i| lines[*i].starts_with(prefix.as_bytes()))
            .collect();
        assert_eq!(found.len(), 1, "{prefix}");
        found[0]
    };
    let more = find(&lines, "Afghanistan,Turkiye,2007,,24,,M-114 155mm,");
    assert!(lines[more].ends_with(b",0.2,4.8,4.8"));
    let len = lines[more].len();
    lines[more].splice(len - 3.., b"5.8".iter().copied());
    let uncertain = find(&lines, "Zimbabwe,Ukraine,2005,,6,,AI-25,");
    lines[uncertain].splice(22..22, [b'?']);
    let gone = find(&lines, "Zimbabwe,Italy,1967,?,20,?,Model-56 105mm,");
    lines.remove(gone);
    lines.join(&b'\n')
}

async fn a_reimport_changes_nothing_and_a_later_export_changes_what_changed(app: TestApp) {
    let original = shared_file(REGISTER);
    let first = import_file(&app, REGISTER, original.clone()).await;
    assert_eq!(first.files[0].counts.created, 23_580);
    let again = import_file(&app, REGISTER, original.clone()).await;
    let counts = &again.files[0].counts;
    assert_eq!(
        (
            counts.created,
            counts.updated,
            counts.unchanged,
            counts.removed
        ),
        (0, 0, 23_580, 0)
    );

    // The edited copy has the same name, so it is a later version of the same file.
    let edited = edited_register(&original);
    let later = import_file(&app, REGISTER, edited).await;
    let counts = &later.files[0].counts;
    assert_eq!(
        (
            counts.created,
            counts.updated,
            counts.unchanged,
            counts.removed
        ),
        (0, 2, 23_577, 1)
    );
    assert_eq!(count_rows(&app, "arms_transfers").await, 23_579);
    assert_eq!(count_rows(&app, "arms_deliveries").await, 47_865);
    let afghanistan = rows(
        &app,
        "SELECT t.tiv_delivered, d.tiv FROM arms_transfers t JOIN arms_deliveries d ON d.transfer_id = t.id \
         JOIN states s ON s.id = t.supplier_state_id JOIN states r ON r.id = t.recipient_state_id \
         WHERE s.alpha3 = 'TUR' AND r.alpha3 = 'AFG' AND t.order_year = 2007 AND t.designation = 'M-114 155mm'",
        |r| {
            (
                r.try_get::<Option<i64>>("", "tiv_delivered").unwrap(),
                r.try_get::<Option<i64>>("", "tiv").unwrap(),
            )
        },
    )
    .await;
    assert_eq!(afghanistan, [(Some(tiv("5.8")), Some(tiv("5.8")))]);
    let zimbabwe = rows(
        &app,
        "SELECT t.order_year_is_estimate FROM arms_transfers t JOIN states s ON s.id = t.supplier_state_id \
         WHERE s.alpha3 = 'UKR' AND t.designation = 'AI-25' AND t.order_year = 2005",
        |r| r.try_get::<bool>("", "order_year_is_estimate").unwrap(),
    )
    .await;
    assert_eq!(zimbabwe, [true]);

    // And back: the deal removed comes back, the two edited are as they were.
    let back = import_file(&app, REGISTER, original).await;
    let counts = &back.files[0].counts;
    assert_eq!(
        (
            counts.created,
            counts.updated,
            counts.unchanged,
            counts.removed
        ),
        (1, 2, 23_577, 0)
    );
    assert_eq!(count_rows(&app, "arms_deliveries").await, 47_866);
}

on_both_backends!(a_reimport_changes_nothing_and_a_later_export_changes_what_changed);

/// One supplier, recipient and year of delivery in both layouts: the register's TIV of
/// the deals delivered that year alone, whether any of its deals there spread over several
/// years, and the layout with ids' TIV.
type Overlap = (Option<i64>, bool, Option<i64>);

/// Where the two layouts overlap (deliveries 2000–2023), per supplier, recipient and
/// year of delivery: whether they give the same SIPRI TIV delivered.
async fn the_two_layouts_are_compared_where_they_overlap(app: TestApp) {
    import_file(&app, REGISTER, shared_file(REGISTER)).await;
    import_file(&app, WITH_IDS, shared_file(WITH_IDS)).await;
    let all = rows(
        &app,
        "SELECT ds.name, t.supplier_state_id, t.recipient_state_id, d.year, d.tiv, \
         (SELECT COUNT(*) FROM arms_deliveries o WHERE o.transfer_id = t.id) AS years \
         FROM arms_deliveries d JOIN arms_transfers t ON t.id = d.transfer_id \
         JOIN datasets ds ON ds.id = t.dataset_id WHERE d.year BETWEEN 2000 AND 2023",
        |r| {
            (
                r.try_get::<String>("", "name").unwrap(),
                (
                    r.try_get::<i32>("", "supplier_state_id").unwrap(),
                    r.try_get::<i32>("", "recipient_state_id").unwrap(),
                    r.try_get::<i32>("", "year").unwrap(),
                ),
                r.try_get::<Option<i64>>("", "tiv").unwrap(),
            )
        },
    )
    .await;
    // Per group: the register's TIV of deals delivered in that year alone, whether any
    // of its deals there spread over several years (no TIV for the year), and the
    // layout with ids' TIV.
    let mut groups: BTreeMap<(i32, i32, i32), Overlap> = BTreeMap::new();
    for (name, key, tiv) in all {
        let group = groups.entry(key).or_default();
        if name == "trade-register.csv" {
            match tiv {
                Some(tiv) => *group.0.get_or_insert(0) += tiv,
                None => {
                    group.0.get_or_insert(0);
                    group.1 = true;
                }
            }
        } else {
            *group.2.get_or_insert(0) += tiv.unwrap();
        }
    }
    let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
    for (register, unsplit, with_ids) in groups.values() {
        let kind = match (register, with_ids) {
            (Some(_), None) => "only in the register",
            (None, _) => "only in the layout with ids",
            _ if *unsplit => "the register does not split the year's TIV",
            (a, b) if a == b => "the same TIV",
            _ => "a different TIV",
        };
        *kinds.entry(kind).or_default() += 1;
    }
    assert_eq!(
        kinds,
        BTreeMap::from([
            ("the same TIV", 2_219),
            ("a different TIV", 116),
            ("the register does not split the year's TIV", 6_833),
            ("only in the register", 95),
            ("only in the layout with ids", 168),
        ])
    );
}

on_both_backends!(the_two_layouts_are_compared_where_they_overlap);

/// The register's preamble, header and first `deals` lines, with `extra` lines after them.
fn register_head(deals: usize, extra: &[&str]) -> Vec<u8> {
    let original = shared_file(REGISTER);
    let mut lines: Vec<&[u8]> = original.split(|b| *b == b'\n').take(12 + deals).collect();
    lines.extend(extra.iter().map(|l| l.as_bytes()));
    let mut bytes = lines.join(&b'\n');
    bytes.push(b'\n');
    bytes
}

async fn a_bad_row_stops_the_import_unless_skipped_and_a_dry_run_writes_nothing(app: TestApp) {
    // The register's first three deals (Afghanistan's, from Turkiye and the United
    // States), and a row whose TIV is not a number.
    let bad = "Afghanistan,United States,2016,,53,,S-70 Black Hawk,transport helicopter,53,?,2017,New,test record,4.29,lots,227.37";
    let bytes = register_head(3, &[bad]);
    let refused = import(
        &app,
        Format::Sipri,
        vec![("trade-register.csv", bytes.clone())],
        ImportOptions::default(),
    )
    .await
    .unwrap_err();
    let uprgraph_store::ImportError::Rejected(report) = refused else {
        panic!("refused for another reason: {refused}");
    };
    let error = &report.files[0].rejected[0];
    assert_eq!(
        (error.line, error.column.as_str(), error.value.as_str()),
        (16, "SIPRI TIV for total order", "lots")
    );
    assert_eq!(count_rows(&app, "arms_transfers").await, 0);

    let dry = import(
        &app,
        Format::Sipri,
        vec![("trade-register.csv", bytes.clone())],
        ImportOptions {
            skip_invalid: true,
            dry_run: true,
            ..ImportOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(dry.files[0].counts.created, 3);
    assert!(!dry.committed);
    assert_eq!(count_rows(&app, "arms_transfers").await, 0);

    let skipped = import(
        &app,
        Format::Sipri,
        vec![("trade-register.csv", bytes)],
        ImportOptions {
            skip_invalid: true,
            ..ImportOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(skipped.files[0].counts.created, 3);
    assert_eq!(skipped.files[0].rejected.len(), 1);
    assert_eq!(count_rows(&app, "arms_transfers").await, 3);
    // The third deal, delivered over four years: its years have no TIV of their own.
    assert_eq!(count_rows(&app, "arms_deliveries").await, 1 + 1 + 4);
}

on_both_backends!(a_bad_row_stops_the_import_unless_skipped_and_a_dry_run_writes_nothing);
