//! The explorer: the web app built from `ui/` into `src/explorer/dist/` (committed, and
//! checked against a fresh build by `ui/build.mjs --check`), embedded in the binary and
//! served at `/explore`. Every path under `/explore` that is not an asset is the same
//! page, so the app's own routes (`/explore/state/USA`) are URLs to share. Its assets are
//! served under names carrying a hash of their bytes, as GraphiQL's are, and under the
//! same Content-Security-Policy: nothing but this server.

use std::{collections::HashMap, sync::LazyLock};

use actix_web::{http::header, web, HttpResponse};

use super::graphiql::{hashed_name, serve, Asset, CONTENT_SECURITY_POLICY, CSS, JS};

/// Where the app is served.
pub const PATH: &str = "/explore";

/// Where its assets are served.
const PREFIX: &str = "/explore/assets/";

macro_rules! asset {
    ($name:literal, $type:expr) => {
        Asset {
            name: $name,
            bytes: include_bytes!(concat!("../explorer/dist/", $name)),
            content_type: $type,
        }
    };
}

const ASSETS: &[Asset] = &[
    asset!("explorer.js", JS),
    asset!("explorer.css", CSS),
    asset!("countries-110m.json", "application/json"),
    asset!("LICENSES.md", "text/markdown; charset=utf-8"),
];

static BY_HASHED_NAME: LazyLock<HashMap<String, &'static Asset>> =
    LazyLock::new(|| ASSETS.iter().map(|a| (hashed_name(a), a)).collect());

/// The page, linking every asset by its hashed name.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    ASSETS.iter().fold(
        include_str!("../explorer/index.html").to_owned(),
        |page, asset| {
            page.replace(
                &format!("{{{{{}}}}}", asset.name),
                &format!("{PREFIX}{}", hashed_name(asset)),
            )
        },
    )
});

/// `GET /explore` and every route of the app under it: the page.
pub async fn index() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(PAGE.as_str())
}

/// `GET /explore/assets/{file}`: an asset by its hashed name, cached for a year.
pub async fn asset(file: web::Path<String>) -> HttpResponse {
    serve(BY_HASHED_NAME.get(file.as_str()).copied())
}

/// The routes, the assets' first.
pub const ASSET_ROUTE: &str = "/explore/assets/{file}";
pub const APP_ROUTE: &str = "/explore/{route:.*}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_links_every_asset_by_its_hashed_name_and_nothing_else() {
        assert!(!PAGE.contains("{{"), "a placeholder is left: {}", *PAGE);
        for asset in ASSETS {
            assert!(
                PAGE.contains(&format!("\"{PREFIX}{}\"", hashed_name(asset))),
                "{} is not linked",
                asset.name
            );
        }
        assert!(!PAGE.contains("http://") && !PAGE.contains("https://"));
        let scripts = PAGE.matches("<script").count();
        let files = PAGE
            .matches("<script type=\"module\" src=\"/explore/assets/")
            .count();
        assert_eq!((scripts, files), (1, 1), "{}", *PAGE);
    }
}
