//! `GET /export/recommendations.csv` (or `.jsonl`) and `GET /export/aid-flows.csv`
//! (or `.jsonl`), with `?filter=` the same JSON filter the GraphQL lists take. The
//! body is streamed as rows are read, a chunk at a time.

use std::sync::Arc;

use actix_web::{http::header, web, HttpResponse};
use futures_util::StreamExt as _;
use serde_json::json;

use super::{graphql::GraphqlService, health::Health};
use crate::export::{stream, ExportFormat, ExportKind};

fn refuse(status: actix_web::http::StatusCode, code: &str, message: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }))
}

/// The query string of an export.
#[derive(Debug, serde::Deserialize)]
pub struct ExportQuery {
    filter: Option<String>,
}

/// `GET /export/{file}`.
pub async fn export(
    file: web::Path<String>,
    query: web::Query<ExportQuery>,
    service: web::Data<Arc<GraphqlService>>,
    health: web::Data<Arc<Health>>,
) -> HttpResponse {
    use actix_web::http::StatusCode;
    let (kind, format) = match file.as_str() {
        "recommendations.csv" => (ExportKind::Recommendations, ExportFormat::Csv),
        "recommendations.jsonl" => (ExportKind::Recommendations, ExportFormat::Jsonl),
        "aid-flows.csv" => (ExportKind::AidFlows, ExportFormat::Csv),
        "aid-flows.jsonl" => (ExportKind::AidFlows, ExportFormat::Jsonl),
        other => {
            return refuse(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                format!("no export `{other}`: use recommendations.csv, recommendations.jsonl, aid-flows.csv or aid-flows.jsonl"),
            )
        }
    };
    let filter = match kind.filter(query.filter.as_deref()) {
        Ok(filter) => filter,
        Err(message) => return refuse(StatusCode::BAD_REQUEST, "BAD_USER_INPUT", message),
    };
    if !health.is_up() {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "the database is unavailable; try again shortly".to_owned(),
        );
    }
    let name = file.into_inner();
    // The first rows are read before the answer starts, so that a failure to read them
    // is answered with its status rather than a 200 cut short.
    let mut rows = Box::pin(stream(service.store.clone(), kind, filter, format));
    let first = match rows.next().await {
        Some(Ok(first)) => first,
        Some(Err(e)) => {
            let (status, code, message) = if e.is_unavailable() {
                health.suspect();
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "UNAVAILABLE",
                    "the database is unavailable; try again shortly",
                )
            } else {
                tracing::error!(error = %e, export = %name, "an export could not start");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "INTERNAL",
                    "internal error",
                )
            };
            return refuse(status, code, message.to_owned());
        }
        None => Vec::new(),
    };
    // Past the first rows the status is sent: a failure (an import that changed the data
    // under the export, say) ends the connection without the response's end, which
    // clients report as an incomplete download.
    let body = futures_util::stream::once(async move { Ok(first) })
        .chain(rows)
        .map(move |chunk| {
            chunk.map(web::Bytes::from).map_err(|e| {
                tracing::warn!(error = %e, export = %name, "an export stopped part-way");
                actix_web::error::ErrorInternalServerError("the export stopped part-way")
            })
        });
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, format.content_type()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"uprgraph-{}.{}\"",
                match kind {
                    ExportKind::Recommendations => "recommendations",
                    ExportKind::AidFlows => "aid-flows",
                },
                format.extension()
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body)
}
