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
    let body = stream(service.store.clone(), kind, filter, format).map(move |chunk| {
        chunk.map(web::Bytes::from).map_err(|e| {
            tracing::error!(error = %e, export = %name, "an export stopped part-way");
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
