//! Errors as clients see them: a message fit to show and a stable
//! `extensions.code`. Internal details are logged, never sent.

use async_graphql::{Error, ErrorExtensions, ServerError};
use uprgraph_store::StoreError;

/// The codes of the errors the GraphQL layer gives (`extensions.code`), each written
/// in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The request asked for something invalid; also every error from parsing,
    /// validation and input coercion.
    BadUserInput,
    /// Over the depth, complexity, alias, root-field or field limits.
    QueryTooComplex,
    /// An operation the way it arrived may not run (a mutation by GET, a subscription
    /// over HTTP, a query over the WebSocket).
    MethodNotAllowed,
    /// The schema's introspection asked of a server whose introspection is off.
    IntrospectionDisabled,
    /// The database cannot be reached.
    Unavailable,
    /// Something failed inside the server.
    Internal,
    /// The answer would be over its budget.
    ResponseTooLarge,
    /// The request's time ran out.
    Timeout,
}

impl Code {
    /// The code as clients read it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Self::IntrospectionDisabled => "INTROSPECTION_DISABLED",
            Self::Unavailable => "UNAVAILABLE",
            Self::Internal => "INTERNAL",
            Self::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            Self::Timeout => "TIMEOUT",
        }
    }
}

/// An error a resolver returns.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The request asked for something invalid; the message says what.
    #[error("{0}")]
    BadUserInput(String),
    /// The database cannot be reached; the request may be retried shortly.
    #[error("the database is unavailable; try again shortly")]
    Unavailable,
    /// Something failed inside the server; details are in the server log.
    #[error("internal error")]
    Internal,
    /// The answer would be over the most bytes an answer may hold (its budget).
    #[error("the answer would be over {0} bytes, the most this server sends in one answer; ask for fewer items or fields, or page through them")]
    AnswerTooLarge(u64),
    /// The request's time ran out while its answer was written.
    #[error("the request ran longer than its timeout and was stopped")]
    Timeout,
}

impl ApiError {
    /// The stable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUserInput(_) => Code::BadUserInput,
            Self::Unavailable => Code::Unavailable,
            Self::Internal => Code::Internal,
            Self::AnswerTooLarge(_) => Code::ResponseTooLarge,
            Self::Timeout => Code::Timeout,
        }
        .as_str()
    }

    /// An error in the request, with a message for the client.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::BadUserInput(message.into())
    }

    /// This error in the form resolvers return, with its code attached.
    pub fn into_graphql(self) -> Error {
        let code = self.code();
        Error::new(self.to_string()).extend_with(|_, e| e.set("code", code))
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        if err.is_unavailable() {
            tracing::warn!(error = %err, "database unavailable while resolving a request");
            Self::Unavailable
        } else {
            tracing::error!(error = %err, "store error while resolving a request");
            Self::Internal
        }
    }
}

impl From<uprgraph_domain::DomainError> for ApiError {
    fn from(err: uprgraph_domain::DomainError) -> Self {
        Self::BadUserInput(err.to_string())
    }
}

/// `error` with the code `code`: a refusal made before a request runs carries its code
/// from the start.
pub(crate) fn with_code(mut error: ServerError, code: Code) -> ServerError {
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code.as_str());
    error
}

/// Converts a result into the form resolvers return, mapping the error to a coded one.
pub(crate) trait OrApiError<T> {
    /// Maps the error through [`ApiError`].
    fn api(self) -> async_graphql::Result<T>;
}

impl<T, E: Into<ApiError>> OrApiError<T> for Result<T, E> {
    fn api(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.into().into_graphql())
    }
}

/// Gives every error of a response a code. Errors from parsing, validation and input
/// coercion carry none and are the client's: `BAD_USER_INPUT` (a query over a limit
/// has its code already, from `limits.rs`). An error that carries a
/// source but no code came from a resolver that forgot to map it: its text may hold
/// internals, so it is logged and replaced.
pub(crate) fn assign_code(error: &mut ServerError) {
    let has_code = error
        .extensions
        .as_ref()
        .is_some_and(|ext| ext.get("code").is_some());
    if has_code {
        return;
    }
    let code = if error.source.is_some() {
        tracing::error!(error = %error.message, "uncoded resolver error");
        error.message = "internal error".to_owned();
        Code::Internal
    } else {
        Code::BadUserInput
    };
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code.as_str());
}
