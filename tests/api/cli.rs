//! The `uprgraph import` command as users run it.

use std::process::Command;

fn uprgraph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .args(args)
        .output()
        .expect("run uprgraph")
}

/// `uprgraph import aid-csv FILE --skip-invalid --rejects REJECTS` on the database at `url`.
fn import_skipping(file: &str, url: &str, rejects: &std::path::Path) -> std::process::Output {
    uprgraph(&[
        "import",
        "aid-csv",
        file,
        "--database-url",
        url,
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ])
}

const BAD_ROW: &str = "donor,recipient,category,transaction_type,fiscal_year,amount,currency\n\
                       USA,ISR,MILITARY,OBLIGATION,2020,3300000000,USD\n\
                       USA,Narnia,MILITARY,OBLIGATION,2020,1,USD\n";

#[test]
fn the_command_line_refuses_a_bad_file_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, BAD_ROW).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let output = uprgraph(&[
        "import",
        "aid-csv",
        path.to_str().unwrap(),
        "--database-url",
        &url,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.csv:3: column recipient, value \"Narnia\""),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
}

#[test]
fn skip_invalid_writes_the_rejected_rows_with_their_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.csv");
    std::fs::write(&path, BAD_ROW).unwrap();
    let rejects = dir.path().join("rejects.csv");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let file = path.to_str().unwrap();

    let dry = uprgraph(&[
        "import",
        "aid-csv",
        file,
        "--database-url",
        &url,
        "--skip-invalid",
        "--dry-run",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(
        stdout.contains("2 rows read: 1 created, 0 updated, 0 unchanged, 0 removed, 1 rejected"),
        "{stdout}"
    );
    assert!(stdout.contains("dry run: nothing was changed"), "{stdout}");

    let real = import_skipping(file, &url, &rejects);
    assert!(real.status.success());
    assert!(String::from_utf8_lossy(&real.stdout).contains("committed"));
    let written = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = written.lines();
    assert_eq!(
        lines.next(),
        Some("file,sheet,line,column,value,reason,row")
    );
    let rejected = lines.next().unwrap();
    assert!(
        rejected.starts_with(
            "mixed.csv,,3,recipient,Narnia,no state has this code or name,USA,Narnia,"
        ),
        "{rejected}"
    );

    // The committed import holds the good row: importing it again changes nothing.
    let again = import_skipping(file, &url, &rejects);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 created, 0 updated, 1 unchanged"));
}

#[test]
fn an_unwritable_rejects_file_stops_the_import_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.csv");
    std::fs::write(&path, BAD_ROW).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let file = path.to_str().unwrap();
    let nowhere = dir.path().join("no-such-folder").join("rejects.csv");
    let output = import_skipping(file, &url, &nowhere);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot write the file of rejected rows")
            && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("committed"));

    // Nothing was committed: the good row is created by the next import, not unchanged.
    let rejects = dir.path().join("rejects.csv");
    let again = import_skipping(file, &url, &rejects);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("1 created, 0 updated, 0 unchanged"),
        "{stdout}{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap().lines().count(),
        2
    );
}

/// A new SQLite file is migrated and then imported into on the same connection when the
/// pool has one. The migrations must leave that connection able to take the import's
/// settings: SQLite refuses `PRAGMA temp_store` inside a transaction once the
/// connection has opened its temporary database, which `ALTER TABLE … RENAME` does.
/// With more connections the import takes whichever is free, and failed only sometimes.
#[test]
fn a_new_file_is_migrated_and_imported_on_one_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aid.csv");
    let good = BAD_ROW.lines().take(2).collect::<Vec<_>>().join("\n");
    std::fs::write(&path, good).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let args = [
        "import",
        "aid-csv",
        path.to_str().unwrap(),
        "--database-url",
        &url,
        "--max-connections",
        "1",
    ];
    let output = uprgraph(&args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 created"),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_header_only_file_needs_allow_empty_and_the_text_limit_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.csv");
    std::fs::write(&path, BAD_ROW.lines().next().unwrap()).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let file = path.to_str().unwrap();
    let refused = uprgraph(&["import", "aid-csv", file, "--database-url", &url]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(
            "empty.csv: no data rows: the file holds only its header (line 1); give --allow-empty"
        ),
        "{stderr}"
    );
    let allowed = uprgraph(&[
        "import",
        "aid-csv",
        file,
        "--database-url",
        &url,
        "--allow-empty",
    ]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    assert!(String::from_utf8_lossy(&allowed.stdout).contains("0 rows read"));

    let output = uprgraph(&[
        "import",
        "aid-csv",
        file,
        "--database-url",
        &url,
        "--max-text-bytes",
        "10",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("between 1024 and 1048576 bytes"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// After imports on the command line the planner knows how many rows the tables hold:
/// `aid_flows`, planned with the statistics of the few rows the reference data put there
/// (the UPR Info import, run first as users run it, analyzed it then), was read through
/// the index of a transaction type (4,000 rows for one donor and recipient) rather than
/// that of a recipient (150). SQLite keeps a table's row count as the first number of
/// each of its indexes' statistics. Before the analysis looked at every table, two of
/// six runs of these two imports kept the three rows' statistics.
#[tokio::test]
async fn imports_leave_the_planner_the_count_of_rows_they_wrote() {
    use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};
    let write = |dir: &std::path::Path, name: &str| {
        let path = dir.join(name.rsplit('/').next().unwrap());
        std::fs::write(&path, crate::helpers::shared_file(name)).unwrap();
        path.to_str().unwrap().to_owned()
    };
    crate::helpers::run_or_skip(async {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
        let upr_info: Vec<String> = crate::helpers::upr_info::FILES
            .iter()
            .map(|(name, _)| write(dir.path(), &format!("upr-info/{name}")))
            .collect();
        let aid = write(dir.path(), "foreign-assistance/us_foreign_aid_country.csv");
        let mut args = vec!["import", "upr-info"];
        args.extend(upr_info.iter().map(String::as_str));
        args.extend(["--database-url", &url]);
        assert!(uprgraph(&args).status.success());
        let args = ["import", "foreign-assistance", &aid, "--database-url", &url];
        assert!(uprgraph(&args).status.success());
        let db = Database::connect(&url).await.unwrap();
        let query =
            |sql: &str| db.query_all_raw(Statement::from_string(DatabaseBackend::Sqlite, sql));
        let rows = query("SELECT COUNT(*) AS n FROM aid_flows").await.unwrap()[0]
            .try_get::<i64>("", "n")
            .unwrap();
        assert!(rows > 20_000, "{rows}");
        let known: Vec<i64> = query(
            "SELECT CAST(substr(stat, 1, instr(stat, ' ') - 1) AS INTEGER) AS n \
             FROM sqlite_stat1 WHERE tbl = 'aid_flows' AND idx IS NOT NULL",
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<i64>("", "n").unwrap())
        .collect();
        assert!(!known.is_empty());
        assert!(
            known.iter().all(|n| *n == rows),
            "{known:?} for {rows} rows"
        );
    })
    .await;
}
