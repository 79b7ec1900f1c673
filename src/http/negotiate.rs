//! Media types, as the GraphQL-over-HTTP specification has them: which response type
//! a client accepts, and whether a request body is JSON in UTF-8.

/// The response media types uprgraph serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// `application/graphql-response+json`: status codes tell request errors apart.
    GraphqlResponseJson,
    /// `application/json`: the legacy type; every well-formed request gets 200.
    Json,
}

impl ResponseType {
    /// The `Content-Type` header value.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// The response type for an `Accept` header: the acceptable one with the highest
/// quality, `application/graphql-response+json` on a tie; `application/json` when the
/// header is absent or accepts anything (`*/*`, `application/*`). `None` when nothing
/// it accepts can be served.
pub fn response_type(accept: Option<&str>) -> Option<ResponseType> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(ResponseType::Json);
    };
    let mut best: Option<(f32, u8, ResponseType)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let mut quality = 1.0_f32;
        let mut charset_ok = true;
        for param in parts {
            let Some((name, value)) = param.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches('"');
            match name.trim().to_ascii_lowercase().as_str() {
                "q" => quality = value.parse().unwrap_or(0.0),
                "charset" => charset_ok = value.eq_ignore_ascii_case("utf-8"),
                _ => {}
            }
        }
        if quality <= 0.0 || !charset_ok {
            continue;
        }
        // The second key ranks exact types over wildcards at equal quality.
        let candidate = match media.as_str() {
            "application/graphql-response+json" => (2, ResponseType::GraphqlResponseJson),
            "application/json" => (1, ResponseType::Json),
            "*/*" | "application/*" => (0, ResponseType::Json),
            _ => continue,
        };
        let better = best.is_none_or(|(q, rank, _)| (quality, candidate.0) > (q, rank));
        if better {
            best = Some((quality, candidate.0, candidate.1));
        }
    }
    best.map(|(_, _, ty)| ty)
}

/// Why a POST body cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyTypeError {
    /// No `Content-Type` header.
    Missing,
    /// A type other than `application/json`, or a charset other than UTF-8.
    Unsupported(String),
}

/// Checks that a POST body is declared `application/json`, in UTF-8 if a charset is
/// given (UTF-8 is assumed otherwise).
pub fn check_body_type(content_type: Option<&str>) -> Result<(), BodyTypeError> {
    let content_type = content_type
        .filter(|c| !c.trim().is_empty())
        .ok_or(BodyTypeError::Missing)?;
    let mut parts = content_type.split(';');
    let media = parts.next().unwrap_or_default().trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(BodyTypeError::Unsupported(content_type.to_owned()));
    }
    for param in parts {
        if let Some((name, value)) = param.split_once('=') {
            let value = value.trim().trim_matches('"');
            if name.trim().eq_ignore_ascii_case("charset") && !value.eq_ignore_ascii_case("utf-8") {
                return Err(BodyTypeError::Unsupported(content_type.to_owned()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ResponseType::*;

    #[test]
    fn accept_headers_choose_the_response_type() {
        assert_eq!(response_type(None), Some(Json));
        assert_eq!(response_type(Some("")), Some(Json));
        assert_eq!(response_type(Some("*/*")), Some(Json));
        assert_eq!(response_type(Some("application/json")), Some(Json));
        assert_eq!(
            response_type(Some("application/graphql-response+json")),
            Some(GraphqlResponseJson)
        );
        assert_eq!(
            response_type(Some("application/json, application/graphql-response+json")),
            Some(GraphqlResponseJson)
        );
        assert_eq!(
            response_type(Some(
                "application/graphql-response+json;q=0.5, application/json;q=0.9"
            )),
            Some(Json)
        );
        assert_eq!(
            response_type(Some(
                "application/graphql-response+json; charset=utf-8, */*;q=0.1"
            )),
            Some(GraphqlResponseJson)
        );
        assert_eq!(response_type(Some("text/html")), None);
        assert_eq!(
            response_type(Some("application/json; charset=iso-8859-1")),
            None
        );
        assert_eq!(response_type(Some("application/json;q=0")), None);
    }

    #[test]
    fn post_bodies_must_be_json_in_utf8() {
        assert_eq!(check_body_type(Some("application/json")), Ok(()));
        assert_eq!(
            check_body_type(Some("Application/JSON; charset=UTF-8")),
            Ok(())
        );
        assert_eq!(check_body_type(None), Err(BodyTypeError::Missing));
        assert!(check_body_type(Some("text/plain")).is_err());
        assert!(check_body_type(Some("application/json; charset=utf-16")).is_err());
    }
}
