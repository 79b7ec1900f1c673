//! The explorer: the web app built from `ui/` into `assets/explorer/` (committed, and
//! checked against a fresh build by `ui/build.mjs --check`), embedded in the binary and
//! served at `/explore`. Every path under `/explore` that is not an asset is the same
//! page, so the app's own routes (`/explore/state/USA`) are URLs to share. Its assets are
//! served under names carrying a hash of their bytes, as GraphiQL's are, and under the
//! same Content-Security-Policy: nothing but this server. The page names GraphiQL in a
//! `<meta name="uprgraph-graphiql">` only when the server serves it (`--graphiql`), and
//! the app links it only then.

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
            bytes: include_bytes!(concat!("../../assets/explorer/", $name)),
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

/// The page, linking every asset by its hashed name, and GraphiQL when it is served.
fn build_page(graphiql: bool) -> String {
    let (meta, noscript) = if graphiql {
        (
            "\n  <meta name=\"uprgraph-graphiql\" content=\"/\">",
            ", and in <a href=\"/\">GraphiQL</a>",
        )
    } else {
        ("", "")
    };
    ASSETS.iter().fold(
        include_str!("../explorer/index.html")
            .replace("{{graphiql-meta}}", meta)
            .replace("{{graphiql-noscript}}", noscript),
        |page, asset| {
            page.replace(
                &format!("{{{{{}}}}}", asset.name),
                &format!("{PREFIX}{}", hashed_name(asset)),
            )
        },
    )
}

static WITH_GRAPHIQL: LazyLock<String> = LazyLock::new(|| build_page(true));
static WITHOUT_GRAPHIQL: LazyLock<String> = LazyLock::new(|| build_page(false));

/// The explorer's page as this server serves it: with or without its link to GraphiQL.
#[derive(Clone, Copy)]
pub struct Page(&'static str);

impl Page {
    /// The page for a server that serves GraphiQL at `/` or not.
    pub fn new(graphiql: bool) -> Self {
        Self(if graphiql {
            WITH_GRAPHIQL.as_str()
        } else {
            WITHOUT_GRAPHIQL.as_str()
        })
    }
}

/// `GET /explore` and every route of the app under it: the page.
pub async fn index(page: web::Data<Page>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(page.0)
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
        for graphiql in [true, false] {
            let page = Page::new(graphiql).0;
            assert!(!page.contains("{{"), "a placeholder is left: {page}");
            for asset in ASSETS {
                assert!(
                    page.contains(&format!("\"{PREFIX}{}\"", hashed_name(asset))),
                    "{} is not linked",
                    asset.name
                );
            }
            assert!(!page.contains("http://") && !page.contains("https://"));
            let scripts = page.matches("<script").count();
            let files = page
                .matches("<script type=\"module\" src=\"/explore/assets/")
                .count();
            assert_eq!((scripts, files), (1, 1), "{page}");
            assert_eq!(
                page.contains("<meta name=\"uprgraph-graphiql\" content=\"/\">"),
                graphiql
            );
            assert_eq!(page.contains("href=\"/\""), graphiql, "{page}");
        }
    }
}
