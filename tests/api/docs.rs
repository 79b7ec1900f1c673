//! The documentation's examples, run as a reader runs them: every GraphQL block of the
//! README and of `docs/` against the real files imported, and the codegen setup of
//! `docs/clients.md`, the shell block copied out of the guide, in an empty folder,
//! against the repository's files and a running server. Only the `npm install` line is
//! replaced, by a link to `clients/typescript`'s packages, after checking that it pins
//! the same versions.

use std::{collections::BTreeMap, path::Path, process::Command};

use serde_json::json;

use crate::helpers::{at, npm, on_both_backends, Backend, Fixture, TestApp};

/// Every ```` ```graphql ```` block of the README and of the pages of `docs/`, with the
/// page and line it starts on.
fn graphql_blocks() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    let mut blocks = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(root).unwrap().display().to_string();
        let mut open: Option<(usize, String)> = None;
        for (index, line) in text.lines().enumerate() {
            match &mut open {
                None if line == "```graphql" => open = Some((index + 1, String::new())),
                None => {}
                Some((start, block)) if line == "```" => {
                    blocks.push((format!("{name}:{start}"), std::mem::take(block)));
                    open = None;
                }
                Some((_, block)) => {
                    block.push_str(line);
                    block.push('\n');
                }
            }
        }
        assert!(open.is_none(), "{name}: a GraphQL block is never closed");
    }
    blocks
}

async fn every_graphql_example_of_the_documentation_answers_without_errors(app: TestApp) {
    let blocks = graphql_blocks();
    // The README's first query and the examples of importing, the API and search.
    assert!(blocks.len() >= 8, "{blocks:?}");
    for (place, query) in blocks {
        if query.trim_start().starts_with("subscription") {
            // A subscription validates and waits for its first event: an error would come
            // at once.
            let live = uprgraph_graphql::Live {
                store: app.store.clone(),
                version: app.store.watch_data_version(),
                poll: std::time::Duration::from_millis(250),
            };
            let mut events = app.schema.subscribe(
                async_graphql::Request::new(query.clone()),
                &uprgraph_graphql::Limits::default(),
                live,
            );
            let first = tokio::time::timeout(
                std::time::Duration::from_millis(500),
                futures_util::StreamExt::next(&mut events),
            )
            .await;
            assert!(first.is_err(), "{place}: {query}\n{first:?}");
            continue;
        }
        let response = app.execute(&query, json!({})).await;
        assert!(
            response.get("errors").is_none(),
            "{place}: {query}\n{response:#}"
        );
        assert!(response["data"].is_object(), "{place}: {response:#}");
    }
}
on_both_backends!(
    every_graphql_example_of_the_documentation_answers_without_errors,
    Fixture::Arms
);

/// The shell block between the guide's `setup` markers.
fn setup_block() -> String {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/clients.md"))
            .unwrap();
    let start = guide
        .find("<!-- setup:start -->\n```sh\n")
        .expect("the setup's start marker");
    let end = guide
        .find("```\n<!-- setup:end -->")
        .expect("the setup's end marker");
    guide[start + "<!-- setup:start -->\n```sh\n".len()..end].to_owned()
}

#[tokio::test]
async fn the_guides_codegen_setup_runs_as_written() {
    let block = setup_block();
    let dir = npm::project("clients/typescript");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    let pinned: BTreeMap<String, String> = manifest["devDependencies"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, version)| (name.clone(), version.as_str().unwrap().to_owned()))
        .collect();
    let install = block
        .lines()
        .find(|l| l.starts_with("npm install "))
        .expect("an npm install line");
    let packages: Vec<&str> = install
        .split_whitespace()
        .filter(|w| !w.starts_with('-') && *w != "npm" && *w != "install")
        .collect();
    assert!(packages.len() >= 5, "{install}");
    for package in &packages {
        let (name, version) = package
            .rsplit_once('@')
            .unwrap_or_else(|| panic!("{package} has no version"));
        assert_eq!(
            pinned.get(name),
            Some(&version.to_owned()),
            "{package}: clients/typescript pins another version"
        );
    }
    let script = block.replace(
        install,
        &format!(
            "ln -s '{}' node_modules",
            dir.join("node_modules").display()
        ),
    );

    let app = TestApp::spawn(Backend::Sqlite).await;
    let expected = app
        .data(r#"{ state(code: "ISR") { name reviews { totalCount } } }"#)
        .await;
    let folder = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let url = format!("{}/graphql", app.address);
    let cwd = folder.path().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("bash")
            .args(["-euo", "pipefail", "-c", &script])
            .env("UPRGRAPH", root)
            .env("UPRGRAPH_URL", url)
            .current_dir(cwd)
            .output()
            .expect("bash")
    })
    .await
    .unwrap();
    let stdout = npm::assert_success("the guide's setup", &output);
    let line = format!(
        "{}: {} reviews",
        at(&expected, "state.name").as_str().unwrap(),
        at(&expected, "state.reviews.totalCount")
    );
    assert!(
        stdout.lines().any(|l| l == line),
        "expected `{line}`:\n{stdout}"
    );
    assert!(folder
        .path()
        .join("uprgraph-client/src/gql/graphql.ts")
        .exists());
}
