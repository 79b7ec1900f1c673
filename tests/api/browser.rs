//! GraphiQL in a real browser: Debian's Chromium, driven by puppeteer-core from
//! `tests/browser`, opens the page with every host but 127.0.0.1 unresolvable, runs an
//! example tab and sees its answer; and the vendored GraphiQL build in `assets/graphiql/`
//! is exactly what the pinned npm packages give.

use serde_json::json;

use crate::helpers::{at, examples, npm, Backend, TestApp};

#[tokio::test]
async fn the_vendored_graphiql_build_is_what_the_lock_file_gives() {
    npm::assert_regenerates("tests/browser", "vendor.mjs").await;
}

#[tokio::test]
async fn graphiql_runs_an_example_offline_in_chromium() {
    npm::require_chromium();
    let dir = npm::project("tests/browser");
    let app = TestApp::spawn(Backend::Sqlite).await;
    // The second tab: Israel's boycotted review, answered from the reference data alone.
    let (name, query) = &examples()[1];
    assert!(name.starts_with("02-"), "{name}");
    let (_, body) = app.post(query).await;
    let scheduled = at(&body, "data.review.replaces.0.scheduledOn")
        .as_str()
        .unwrap_or_else(|| panic!("{body:#}"));
    let expected = format!("\"scheduledOn\": {}", json!(scheduled));
    let screenshot =
        std::env::temp_dir().join(format!("uprgraph-graphiql-{}.png", std::process::id()));
    let output = npm::run(
        dir,
        vec![
            "graphiql.mjs".into(),
            app.address.clone(),
            "2".into(),
            expected.clone(),
            screenshot.display().to_string(),
        ],
    )
    .await;
    let stdout = npm::assert_success("the GraphiQL browser test", &output);
    assert!(stdout.contains("browser: 1 passed, 0 failed"), "{stdout}");
    assert!(stdout.contains(scheduled), "{stdout}");
    let image = std::fs::read(&screenshot).expect("the screenshot");
    assert!(image.starts_with(b"\x89PNG"), "not a PNG");
    std::fs::remove_file(&screenshot).ok();
}

#[tokio::test]
async fn graphiql_assets_are_cached_for_a_year_under_hashed_names() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let page = app
        .http
        .get(format!("{}/", app.address))
        .send()
        .await
        .unwrap();
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self';"),
        "{policy}"
    );
    assert!(!policy.contains("unsafe"), "{policy}");
    let html = page.text().await.unwrap();
    let links: Vec<&str> = html
        .split('"')
        .filter(|part| part.starts_with("/graphiql/"))
        .collect();
    assert_eq!(links.len(), 8, "{links:?}");
    for link in links {
        let response = app
            .http
            .get(format!("{}{link}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{link}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{link}"
        );
        // The name carries a hash of the bytes: 16 hex digits before the extension.
        let hash = link.rsplit('.').nth(1).unwrap();
        assert!(
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{link}"
        );
    }
    let missing = app
        .http
        .get(format!("{}/graphiql/graphiql.min.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404, "an unhashed name is not served");
}
