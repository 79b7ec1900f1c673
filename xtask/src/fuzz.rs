//! `cargo xtask fuzz [--runs N] [--sanitizer S] [TARGET...]`: runs each fuzz target of
//! `fuzz/` (cargo-fuzz, nightly toolchain) for a fixed number of executions, seeded
//! with small inputs of every format written here (test records, never real data),
//! and prints the executions, time and outcome of each. A target that crashes leaves
//! its input in `fuzz/artifacts/<target>/` and makes the command fail.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{bail, ensure, Context};

/// Executions per target when `--runs` is not given.
pub const DEFAULT_RUNS: u64 = 20_000;

/// Every target, in the order they run.
const TARGETS: [&str; 9] = [
    "decode",
    "upr_info",
    "uhri_csv",
    "uhri_xlsx",
    "foreign_assistance",
    "aid_csv",
    "recommendation_filter",
    "aid_flow_filter",
    "search_query",
];

/// What one target's run did.
struct Outcome {
    target: &'static str,
    runs: u64,
    seconds: f64,
    crashed: bool,
}

pub fn fuzz(args: &[String]) -> anyhow::Result<()> {
    let mut runs = DEFAULT_RUNS;
    // Our crates forbid unsafe code, so what fuzzing looks for here is panics, overflows
    // (debug assertions are on), timeouts and memory exhaustion: no sanitizer by
    // default, which builds the dependency tree in half the time. `--sanitizer address`
    // checks the dependencies' unsafe code too.
    let mut sanitizer = "none".to_owned();
    let mut targets: Vec<&'static str> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .context("--runs needs a number")?
                    .replace([',', '_'], "")
                    .parse()
                    .context("--runs needs a number")?;
            }
            "--sanitizer" => sanitizer = args.next().context("--sanitizer needs a name")?.clone(),
            name => match TARGETS.iter().find(|t| **t == name) {
                Some(target) => targets.push(target),
                None => bail!(
                    "no fuzz target `{name}`; the targets are {}",
                    TARGETS.join(", ")
                ),
            },
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let root = crate::root();
    let fuzz_dir = root.join("fuzz");
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("fuzz"),
        None => fuzz_dir.join("target"),
    };
    let seeds = target_dir.join("seeds");
    write_seeds(&root, &seeds)?;

    let cargo_fuzz = |subcommand: &str| {
        let mut command = Command::new("cargo");
        command
            .current_dir(&root)
            .args(["+nightly", "fuzz", subcommand, "--sanitizer", &sanitizer])
            .arg("--target-dir")
            .arg(&target_dir);
        command
    };
    let status = cargo_fuzz("build")
        .status()
        .context("cannot run `cargo +nightly fuzz`: install it with `cargo install cargo-fuzz`")?;
    ensure!(status.success(), "the fuzz targets do not build");

    let mut outcomes = Vec::new();
    for target in targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        let started = Instant::now();
        let output = cargo_fuzz("run")
            .arg(target)
            .arg(&corpus)
            .arg(seeds.join(target))
            .args([
                "--",
                &format!("-runs={runs}"),
                // An input that takes a second or 2 GiB is a finding, not a slow run.
                "-timeout=10",
                "-rss_limit_mb=2048",
                "-max_len=65536",
                "-print_final_stats=1",
            ])
            .output()
            .with_context(|| format!("cannot run fuzz target {target}"))?;
        let seconds = started.elapsed().as_secs_f64();
        let log = String::from_utf8_lossy(&output.stderr);
        let done = log
            .lines()
            .find_map(|l| l.strip_prefix("Done "))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|n| n.parse().ok());
        let crashed = !output.status.success();
        if crashed {
            eprintln!("{log}");
        }
        let outcome = Outcome {
            target,
            runs: done.unwrap_or(0),
            seconds,
            crashed,
        };
        println!(
            "{:24} {:>10} executions in {:>6.1} s: {}",
            outcome.target,
            outcome.runs,
            outcome.seconds,
            if crashed { "CRASHED" } else { "clean" }
        );
        outcomes.push(outcome);
    }
    let crashed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.crashed)
        .map(|o| o.target)
        .collect();
    let total: u64 = outcomes.iter().map(|o| o.runs).sum();
    println!(
        "{total} executions over {} targets; {} crashed",
        outcomes.len(),
        crashed.len()
    );
    ensure!(
        crashed.is_empty(),
        "fuzz targets crashed: {}; their inputs are in fuzz/artifacts/",
        crashed.join(", ")
    );
    Ok(())
}

/// Writes the seed inputs of every target into `dir/<target>/`.
fn write_seeds(root: &Path, dir: &Path) -> anyhow::Result<()> {
    let upr_info = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\r\
                    Israel,WEOG,\"UN, OSCE\",\"Test record: a recommendation, with a comma\",France,WEOG,\"UN, EU\",Accepted,4,\"Women's rights, Torture\",15\r\
                    Israel,WEOG,UN,Test record: from no state,&#40;Unknown&#41;,,,Noted,,Torture,15\r";
    let uhri_header = "Text,Countries Concerned,Reccomending Body,Document Symbol,Themes,Affected Persons,Sdgs,\
                       Document Publication Date,UPR Reccomending States,UPR Position,Type,OHCHR Annotation Id,UPR Session";
    let uhri_rows = [
        [
            "Test record: recommendation one",
            "- Israel",
            "UPR",
            "A/HRC/23/15",
            "- Equality & non-discrimination\n- Women's rights",
            "- Women & girls",
            "- 5.1 - End discrimination against women",
            "41303",
            "- France\n- United States",
            "Supported",
            "Recommendation",
            "T-1",
            "15",
        ],
        [
            "Test record: a treaty body",
            "- Israel",
            "CEDAW",
            "",
            "",
            "",
            "",
            "15/03/2021",
            "",
            "",
            "Recommendation",
            "T-2",
            "",
        ],
    ];
    let mut uhri = String::from(uhri_header);
    for row in &uhri_rows {
        uhri.push_str("\r\n");
        let quoted: Vec<String> = row
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        uhri.push_str(&quoted.join(","));
    }
    let foreign_assistance = "Country Code,Country Name,Region ID,Region Name,Income Group Acronym,Income Group Name,\
                              Transaction Type ID,Transaction Type Name,Fiscal Year,current_amount,constant_amount\n\
                              ISR,Israel,1,Middle East and North Africa,HIC,High Income Country,2,Obligations,2020,1,2\n\
                              WLD,World,7,World,,,3,Disbursements,1976tq,5,\n";
    let aid_example = std::fs::read(root.join("examples/aid-flows.csv"))
        .context("reading examples/aid-flows.csv")?;

    let seeds: Vec<(&str, Vec<Vec<u8>>)> = vec![
        (
            "decode",
            vec![
                "Test record: Côte d’Ivoire — Türkiye\r\n".as_bytes().to_vec(),
                b"Test record: Equit\x8e\rHiss\x8fne\r".to_vec(),
                b"Test record: caf\xc3\xa9 and one bad \xe9 byte\n".to_vec(),
                b"\xef\xbb\xbfTest record\n".to_vec(),
            ],
        ),
        ("upr_info", vec![upr_info.as_bytes().to_vec()]),
        (
            "uhri_csv",
            vec![format!("\u{feff}{uhri}\r\n").into_bytes()],
        ),
        ("uhri_xlsx", vec![uhri_workbook(uhri_header, &uhri_rows)?]),
        (
            "foreign_assistance",
            vec![foreign_assistance.as_bytes().to_vec()],
        ),
        ("aid_csv", vec![aid_example]),
        (
            "recommendation_filter",
            vec![
                br#"{"stateUnderReview": ["ISR"], "session": [9], "search": "torture NOT death"}"#.to_vec(),
                br#"{"or": [{"theme": ["Torture"]}, {"not": {"response": ["NOTED"]}}], "and": [{"cycle": [1]}]}"#.to_vec(),
            ],
        ),
        (
            "aid_flow_filter",
            vec![
                br#"{"donor": ["USA"], "fiscalYearFrom": 2000, "fiscalYearTo": 2020}"#.to_vec(),
                br#"{"category": ["MILITARY"], "not": {"recipient": ["ISR"]}}"#.to_vec(),
            ],
        ),
        (
            "search_query",
            vec![
                b"torture NOT death".to_vec(),
                b"\"death penalty\" OR (women AND rights*) -children".to_vec(),
            ],
        ),
    ];
    for (target, inputs) in seeds {
        let folder = dir.join(target);
        std::fs::create_dir_all(&folder)?;
        for (i, input) in inputs.iter().enumerate() {
            std::fs::write(folder.join(format!("seed-{i}")), input)?;
        }
    }
    Ok(())
}

/// A UHRI export as a workbook of one sheet, the header then `rows`.
fn uhri_workbook(header: &str, rows: &[[&str; 13]]) -> anyhow::Result<Vec<u8>> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, name) in header.split(',').enumerate() {
        sheet.write_string(0, column as u16, name)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (column, value) in row.iter().enumerate() {
            let (r, column) = (r as u32 + 1, column as u16);
            match value.parse::<f64>() {
                Ok(number) => sheet.write_number(r, column, number)?,
                Err(_) => sheet.write_string(r, column, *value)?,
            };
        }
    }
    Ok(workbook.save_to_buffer()?)
}
