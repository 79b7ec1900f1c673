//! `GET /export/{kind}.{format}`: `recommendations`, `aid-flows` or `arms-transfers`
//! as `.csv`, `.jsonl` or `.xlsx`, with `?filter=` the same JSON filter the GraphQL
//! lists take. CSV and JSON lines are streamed as rows are read, a chunk at a time; a
//! workbook is streamed as it is zipped, once every row is read (see
//! [`crate::export::xlsx`]), so its status says whether all of them could be.

use std::sync::Arc;

use actix_web::{http::header, web, HttpResponse};
use futures_util::StreamExt as _;

use uprgraph_store::StoreError;

use super::{
    error_code::ErrorCode, graphql::GraphqlService, health::Health, negotiate::ResponseType,
};
use crate::export::{
    chunks, stream,
    xlsx::{self, Sheets, XlsxExportError},
    ExportFormat, ExportKind,
};

fn refuse(code: ErrorCode, message: String) -> HttpResponse {
    HttpResponse::build(code.status(ResponseType::Json))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(code.body(message))
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
    let found = ExportKind::ALL.into_iter().find_map(|kind| {
        let format = file.strip_prefix(kind.name())?.strip_prefix('.')?;
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.extension() == format)
            .map(|format| (kind, format))
    });
    let Some((kind, format)) = found else {
        let files: Vec<String> = ExportKind::ALL
            .iter()
            .flat_map(|kind| {
                ExportFormat::ALL
                    .iter()
                    .map(move |format| format!("{}.{}", kind.name(), format.extension()))
            })
            .collect();
        return refuse(
            ErrorCode::NotFound,
            format!("no export `{file}`: use {}", files.join(", ")),
        );
    };
    let filter = match kind.filter(query.filter.as_deref()) {
        Ok(filter) => filter,
        Err(message) => return refuse(ErrorCode::BadUserInput, message),
    };
    if !health.is_up() {
        return refuse(
            ErrorCode::Unavailable,
            "the database is unavailable; try again shortly".to_owned(),
        );
    }
    let name = file.into_inner();
    let attachment = (
        header::CONTENT_DISPOSITION,
        format!(
            "attachment; filename=\"uprgraph-{}.{}\"",
            kind.name(),
            format.extension()
        ),
    );
    if format == ExportFormat::Xlsx {
        return workbook(
            service.store.clone(),
            kind,
            filter,
            &health,
            name,
            attachment,
        )
        .await;
    }
    // The first rows are read before the answer starts, so that a failure to read them
    // is answered with its status rather than a 200 cut short.
    let mut rows = Box::pin(stream(service.store.clone(), kind, filter, format));
    let first = match rows.next().await {
        Some(Ok(first)) => first,
        Some(Err(e)) => return failed(&e, &health, &name),
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
        .insert_header(attachment)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body)
}

/// The answer to an export whose rows could not be read.
fn failed(e: &StoreError, health: &Arc<Health>, name: &str) -> HttpResponse {
    let (code, message) = if e.is_unavailable() {
        health.suspect();
        (
            ErrorCode::Unavailable,
            "the database is unavailable; try again shortly",
        )
    } else {
        tracing::error!(error = %e, export = %name, "an export could not start");
        (ErrorCode::Internal, "internal error")
    };
    refuse(code, message.to_owned())
}

/// An XLSX export: every row is read and written to the workbook's temporary files
/// before the answer starts, so a failure to read them is answered with its status
/// (and a text too long for a cell with 422 and the reason); the zipped workbook is
/// then streamed as it is made.
async fn workbook(
    store: uprgraph_store::Store,
    kind: ExportKind,
    filter: uprgraph_store::Filter,
    health: &Arc<Health>,
    name: String,
    attachment: (header::HeaderName, String),
) -> HttpResponse {
    let sheets = match xlsx::fill(Sheets::new(kind), chunks(store, kind, filter)).await {
        Ok(sheets) => sheets,
        Err(XlsxExportError::Store(e)) => return failed(&e, health, &name),
        Err(e @ XlsxExportError::TooLong { .. }) => {
            return refuse(ErrorCode::TooLongForXlsx, e.to_string())
        }
        Err(e) => {
            tracing::error!(error = %e, export = %name, "an export could not be written");
            return refuse(ErrorCode::Internal, "internal error".to_owned());
        }
    };
    let body = xlsx::bytes(sheets).map(move |chunk| {
        chunk.map(web::Bytes::from).map_err(|e| {
            tracing::warn!(error = %e, export = %name, "an export stopped part-way");
            actix_web::error::ErrorInternalServerError("the export stopped part-way")
        })
    });
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, ExportFormat::Xlsx.content_type()))
        .insert_header(attachment)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body)
}
