//! Headers every response carries, whatever route answers it.

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderValue},
    middleware::Next,
};

/// The policy of responses that set none of their own: nothing may be loaded or run
/// from them and no page may frame them. Pages (GraphiQL) set their own.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// Adds `X-Content-Type-Options: nosniff` (a browser takes each response for the type it
/// says it is), `X-Frame-Options: DENY` (no other site frames a page of this server),
/// `Referrer-Policy: no-referrer`, and a Content-Security-Policy when the response has
/// none.
pub async fn secure(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    Ok(response)
}
