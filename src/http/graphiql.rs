//! GraphiQL, served whole from the binary: the page, its start-up script and the vendored
//! builds of React, GraphiQL and its explorer plugin (`src/graphiql/vendor/`, copied out of
//! pinned npm packages by `tests/browser/vendor.mjs`). Nothing is loaded from elsewhere, so
//! the page works offline and under a Content-Security-Policy that allows only this server.
//!
//! Each asset is served under a name that carries a hash of its bytes
//! (`/graphiql/graphiql.min.3f2a….js`), so it can be cached for a year: a new build of the
//! server links new names. The page itself is revalidated on every visit.

use std::{collections::HashMap, sync::LazyLock};

use actix_web::{http::header, web, HttpResponse};
use sha2::{Digest, Sha256};

/// Where the assets are served.
const PREFIX: &str = "/graphiql/";

/// The page's policy: scripts, styles and requests from this server only; fonts and images
/// also from `data:` URLs, which is how GraphiQL's stylesheet carries its fonts and icons
/// (they are part of the stylesheet, not fetched from anywhere). No inline script runs.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// An embedded file: its name in the page template, its bytes and media type.
pub(super) struct Asset {
    pub(super) name: &'static str,
    pub(super) bytes: &'static [u8],
    pub(super) content_type: &'static str,
}

macro_rules! asset {
    ($name:literal, $path:literal, $type:expr) => {
        Asset {
            name: $name,
            bytes: include_bytes!(concat!("../graphiql/", $path)),
            content_type: $type,
        }
    };
}

pub(super) const JS: &str = "text/javascript; charset=utf-8";
pub(super) const CSS: &str = "text/css; charset=utf-8";

const ASSETS: &[Asset] = &[
    asset!("page.css", "page.css", CSS),
    asset!("init.js", "init.js", JS),
    asset!(
        "react.production.min.js",
        "vendor/react.production.min.js",
        JS
    ),
    asset!(
        "react-dom.production.min.js",
        "vendor/react-dom.production.min.js",
        JS
    ),
    asset!("graphiql.min.js", "vendor/graphiql.min.js", JS),
    asset!("graphiql.min.css", "vendor/graphiql.min.css", CSS),
    asset!(
        "plugin-explorer.umd.js",
        "vendor/plugin-explorer.umd.js",
        JS
    ),
    asset!("plugin-explorer.css", "vendor/plugin-explorer.css", CSS),
    asset!(
        "LICENSES.md",
        "vendor/LICENSES.md",
        "text/markdown; charset=utf-8"
    ),
];

/// The served name of each asset: its name with the first 16 hex digits of the SHA-256 of
/// its bytes before the extension (`graphiql.min.<hash>.js`).
pub(super) fn hashed_name(asset: &Asset) -> String {
    let digest = Sha256::digest(asset.bytes);
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    match asset.name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{}.{hash}", asset.name),
    }
}

/// The assets by served name.
static BY_HASHED_NAME: LazyLock<HashMap<String, &'static Asset>> =
    LazyLock::new(|| ASSETS.iter().map(|a| (hashed_name(a), a)).collect());

/// The page, with the endpoint and the example queries in its settings.
pub fn page(endpoint: &str, examples: &[&str]) -> String {
    let config = serde_json::json!({ "endpoint": endpoint, "examples": examples }).to_string();
    // Keeps a `</script>` inside an example from closing the data block.
    let config = config.replace("</", "<\\/");
    ASSETS.iter().fold(
        include_str!("../graphiql/index.html").replace("{{config}}", &config),
        |page, asset| {
            page.replace(
                &format!("{{{{{}}}}}", asset.name),
                &format!("{PREFIX}{}", hashed_name(asset)),
            )
        },
    )
}

/// `GET /`: the page, with its own Content-Security-Policy.
pub async fn index(page: web::Data<String>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(page.get_ref().clone())
}

/// `GET /graphiql/{file}`: an asset by its hashed name, cached for a year; any other
/// name is not found.
pub async fn asset(file: web::Path<String>) -> HttpResponse {
    serve(BY_HASHED_NAME.get(file.as_str()).copied())
}

/// An embedded asset, cached for a year, or not found.
pub(super) fn serve(asset: Option<&'static Asset>) -> HttpResponse {
    match asset {
        Some(asset) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, asset.content_type))
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .body(asset.bytes),
        None => HttpResponse::NotFound()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .finish(),
    }
}

/// `GET /scalars`: the specification of the custom scalars (`docs/scalars.md`), which the
/// schema's `@specifiedBy` URLs point to.
pub async fn scalars() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(include_str!("../../docs/scalars.md"))
}

/// The path of the assets' route.
pub const ROUTE: &str = "/graphiql/{file}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_links_every_asset_by_its_hashed_name_and_nothing_else() {
        let page = page("/graphql", &["{ a }", "</script>"]);
        assert!(!page.contains("{{"), "a placeholder is left: {page}");
        assert!(
            !page.contains("</script>\"]"),
            "an example closes the data block"
        );
        for asset in ASSETS.iter().filter(|a| a.name != "LICENSES.md") {
            assert!(
                page.contains(&format!("{PREFIX}{}", hashed_name(asset))),
                "{} is not linked",
                asset.name
            );
        }
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "{page}"
        );
        // Every script is a file of this server: none is inline, so the policy holds.
        let scripts = page.matches("<script").count();
        let data = page.matches("<script type=\"application/json\"").count();
        let files = page.matches("<script src=\"/graphiql/").count();
        assert_eq!(scripts, data + files, "{page}");
    }
}
