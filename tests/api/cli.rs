//! The `uprgraph import` command as users run it.

use std::process::Command;

fn uprgraph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .args(args)
        .output()
        .expect("run uprgraph")
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

    let real = uprgraph(&[
        "import",
        "aid-csv",
        file,
        "--database-url",
        &url,
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert!(real.status.success());
    assert!(String::from_utf8_lossy(&real.stdout).contains("committed"));
    let written = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = written.lines();
    assert_eq!(lines.next(), Some("file,line,column,value,reason,row"));
    let rejected = lines.next().unwrap();
    assert!(
        rejected
            .starts_with("mixed.csv,3,recipient,Narnia,no state has this code or name,USA,Narnia,"),
        "{rejected}"
    );

    // The committed import holds the good row: importing it again changes nothing.
    let again = uprgraph(&[
        "import",
        "aid-csv",
        file,
        "--database-url",
        &url,
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 created, 0 updated, 1 unchanged"));
}
