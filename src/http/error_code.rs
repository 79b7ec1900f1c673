//! The `extensions.code` of every error the GraphQL endpoint answers with on its own
//! (before or instead of running GraphQL), each with its HTTP status, and the statuses
//! of GraphQL answers whose request failed before it ran.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use super::negotiate::ResponseType;

/// A code the GraphQL endpoint answers with, and the status it goes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The request is not GraphQL over HTTP: not JSON, no `query`, a parameter of the
    /// wrong type, a persisted query that does not match its hash.
    BadRequest,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The `Accept` header names no type the server answers in.
    NotAcceptable,
    /// A method other than GET and POST, or a mutation sent by GET.
    MethodNotAllowed,
    /// The body is over `--max-body-bytes`.
    RequestTooLarge,
    /// The URL is over `--max-url-bytes`.
    UriTooLong,
    /// As many bodies are being read as the server reads at once.
    Overloaded,
    /// The body arrived too slowly, or not all of it within the request's time.
    RequestTimeout,
    /// The request ran longer than its timeout.
    Timeout,
    /// The database is unavailable.
    Unavailable,
    /// A batch sent to a server that takes none.
    BatchingDisabled,
    /// A batch that is empty or holds more operations than the server takes.
    BatchTooLarge,
    /// The answer would be over `--max-response-bytes`.
    ResponseTooLarge,
    /// A persisted query's hash the server does not know.
    PersistedQueryNotFound,
    /// A persisted query sent to a server with persisted queries off.
    PersistedQueryNotSupported,
    /// A document that is not among those a server started with `--documents persisted`
    /// runs, named by its hash or sent as text.
    DocumentNotAllowed,
    /// No such export file (`/export/...`).
    NotFound,
    /// An export's filter that cannot be read.
    BadUserInput,
    /// A text longer than a spreadsheet's cell holds, in an XLSX export.
    TooLongForXlsx,
    /// A failure of the server's own, logged; the answer says no more.
    Internal,
}

impl ErrorCode {
    /// The code as clients read it in `extensions.code`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "BAD_REQUEST",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::NotAcceptable => "NOT_ACCEPTABLE",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Self::RequestTooLarge => "REQUEST_TOO_LARGE",
            Self::UriTooLong => "URI_TOO_LONG",
            Self::Overloaded => "OVERLOADED",
            Self::RequestTimeout => "REQUEST_TIMEOUT",
            Self::Timeout => "TIMEOUT",
            Self::Unavailable => "UNAVAILABLE",
            Self::BatchingDisabled => "BATCHING_DISABLED",
            Self::BatchTooLarge => "BATCH_TOO_LARGE",
            Self::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryNotSupported => "PERSISTED_QUERY_NOT_SUPPORTED",
            Self::DocumentNotAllowed => "DOCUMENT_NOT_ALLOWED",
            Self::NotFound => "NOT_FOUND",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::TooLongForXlsx => "TOO_LONG_FOR_XLSX",
            Self::Internal => "INTERNAL",
        }
    }

    /// The code of this name, when it is one of these.
    pub fn parse(code: &str) -> Option<Self> {
        ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The status of an answer with this code, written as `ty`.
    pub fn status(self, ty: ResponseType) -> StatusCode {
        match self {
            Self::BadRequest
            | Self::BatchingDisabled
            | Self::BatchTooLarge
            | Self::BadUserInput => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::TooLongForXlsx => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::RequestTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UriTooLong => StatusCode::URI_TOO_LONG,
            Self::Overloaded | Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::Timeout => StatusCode::GATEWAY_TIMEOUT,
            // Apollo's clients read these from a 200 and send the query again.
            Self::PersistedQueryNotFound | Self::PersistedQueryNotSupported => StatusCode::OK,
            // Well-formed, and refused by the server's policy: sending the text, or
            // sending it again, will not help.
            Self::DocumentNotAllowed => StatusCode::FORBIDDEN,
            Self::ResponseTooLarge => request_error_status(None, ty),
        }
    }

    /// The body of an answer with this code: one error and no `data`.
    pub fn body(self, message: impl Into<String>) -> Value {
        json!({ "errors": [{ "message": message.into(), "extensions": { "code": self.as_str() } }] })
    }
}

const ALL: [ErrorCode; 20] = [
    ErrorCode::BadRequest,
    ErrorCode::UnsupportedMediaType,
    ErrorCode::NotAcceptable,
    ErrorCode::MethodNotAllowed,
    ErrorCode::RequestTooLarge,
    ErrorCode::UriTooLong,
    ErrorCode::Overloaded,
    ErrorCode::RequestTimeout,
    ErrorCode::Timeout,
    ErrorCode::Unavailable,
    ErrorCode::BatchingDisabled,
    ErrorCode::BatchTooLarge,
    ErrorCode::ResponseTooLarge,
    ErrorCode::PersistedQueryNotFound,
    ErrorCode::PersistedQueryNotSupported,
    ErrorCode::DocumentNotAllowed,
    ErrorCode::NotFound,
    ErrorCode::BadUserInput,
    ErrorCode::TooLongForXlsx,
    ErrorCode::Internal,
];

/// The status of a GraphQL answer whose request failed before it ran (no `data`), by
/// the code of its first error: a code of this endpoint's with a status of its own (a
/// mutation sent by GET, the database down) keeps it; any other gets the specification's,
/// 400 under `application/graphql-response+json` and 200 under `application/json`.
pub fn request_error_status(first_code: Option<&str>, ty: ResponseType) -> StatusCode {
    match first_code.and_then(ErrorCode::parse) {
        Some(code @ (ErrorCode::MethodNotAllowed | ErrorCode::Unavailable)) => code.status(ty),
        _ if ty == ResponseType::GraphqlResponseJson => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for code in ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::parse("NO_SUCH_CODE"), None);
    }

    #[test]
    fn a_request_error_has_the_status_of_its_first_code_or_the_specifications() {
        let (strict, json) = (ResponseType::GraphqlResponseJson, ResponseType::Json);
        assert_eq!(request_error_status(Some("BAD_USER_INPUT"), strict), 400);
        assert_eq!(request_error_status(Some("BAD_USER_INPUT"), json), 200);
        assert_eq!(request_error_status(None, json), 200);
        assert_eq!(request_error_status(Some("METHOD_NOT_ALLOWED"), json), 405);
        assert_eq!(request_error_status(Some("UNAVAILABLE"), strict), 503);
        assert_eq!(
            request_error_status(Some("RESPONSE_TOO_LARGE"), strict),
            400
        );
        assert_eq!(ErrorCode::ResponseTooLarge.status(json), 200);
        assert_eq!(ErrorCode::PersistedQueryNotFound.status(strict), 200);
        assert_eq!(ErrorCode::DocumentNotAllowed.status(json), 403);
        // An export's own refusals.
        assert_eq!(ErrorCode::NotFound.status(json), 404);
        assert_eq!(ErrorCode::BadUserInput.status(json), 400);
        assert_eq!(ErrorCode::TooLongForXlsx.status(json), 422);
        assert_eq!(ErrorCode::Internal.status(json), 500);
    }
}
