//! `cargo xtask datasets [--check]`: the real files the tests and benchmarks read.
//!
//! They are listed in `tests/datasets.csv` (path, SHA-256, the published file they are
//! an exact copy of) and live outside the repository, in the folder named by
//! `UPRGRAPH_DATASETS` (by default `../shared/datasets` beside the project). The command
//! downloads the files that are missing and checks every file's SHA-256; with
//! `--check` it downloads nothing and fails when a file is missing or differs.

use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context};
use sha2::{Digest, Sha256};

/// One real file: where it goes under the datasets folder, its SHA-256, and where it is
/// published.
pub(crate) struct Dataset {
    pub path: String,
    pub sha256: String,
    pub url: String,
}

/// The folder the real files are read from.
pub(crate) fn folder() -> PathBuf {
    std::env::var_os("UPRGRAPH_DATASETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("../shared/datasets"))
}

/// The files of `tests/datasets.csv`.
pub(crate) fn list() -> anyhow::Result<Vec<Dataset>> {
    let manifest = crate::root().join("tests/datasets.csv");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let mut lines = text.lines();
    ensure!(
        lines.next() == Some("path,sha256,url"),
        "{}: the header must be `path,sha256,url`",
        manifest.display()
    );
    lines
        .enumerate()
        .map(|(n, line)| {
            let fields: Vec<&str> = line.split(',').collect();
            let [path, sha256, url] = fields[..] else {
                bail!(
                    "{} line {}: three fields expected",
                    manifest.display(),
                    n + 2
                );
            };
            Ok(Dataset {
                path: path.to_owned(),
                sha256: sha256.to_owned(),
                url: url.to_owned(),
            })
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks one file; `Ok(false)` when it is missing.
fn check(dataset: &Dataset, file: &Path) -> anyhow::Result<bool> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e).with_context(|| format!("reading {}", file.display())),
    };
    let found = sha256(&bytes);
    ensure!(
        found == dataset.sha256,
        "{} has SHA-256 {found}, not {} (the published file is {}); move it away and run `cargo xtask datasets`",
        file.display(),
        dataset.sha256,
        dataset.url
    );
    Ok(true)
}

pub(crate) fn datasets(args: &[String]) -> anyhow::Result<()> {
    let only_check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("usage: cargo xtask datasets [--check]"),
    };
    let folder = folder();
    let mut missing = Vec::new();
    for dataset in list()? {
        let file = folder.join(&dataset.path);
        if check(&dataset, &file)? {
            println!("ok       {}", file.display());
        } else {
            missing.push((dataset, file));
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    if only_check {
        for (_, file) in &missing {
            println!("missing  {}", file.display());
        }
        bail!(
            "{} of the real files are missing from {} (set UPRGRAPH_DATASETS to their folder, or run `cargo xtask datasets` to download them)",
            missing.len(),
            folder.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = reqwest::Client::new();
    for (dataset, file) in missing {
        let bytes = runtime.block_on(async {
            let response = client
                .get(&dataset.url)
                .send()
                .await
                .and_then(reqwest::Response::error_for_status)
                .with_context(|| format!("downloading {}", dataset.url))?;
            anyhow::Ok(response.bytes().await?)
        })?;
        let found = sha256(&bytes);
        ensure!(
            found == dataset.sha256,
            "{} has SHA-256 {found}, not {}: nothing written",
            dataset.url,
            dataset.sha256
        );
        let parent = file.parent().context("a file in a folder")?;
        std::fs::create_dir_all(parent)?;
        // Written beside, then renamed: an interrupted download leaves no partial file.
        let partial = file.with_extension("partial");
        std::fs::write(&partial, &bytes)?;
        std::fs::rename(&partial, &file)?;
        println!("fetched  {} from {}", file.display(), dataset.url);
    }
    Ok(())
}
