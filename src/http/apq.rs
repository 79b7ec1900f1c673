//! Automatic persisted queries, Apollo's protocol: a client sends the SHA-256 of its
//! query in `extensions.persistedQuery`; the first time the server answers
//! `PERSISTED_QUERY_NOT_FOUND`, the client sends hash and query together, and from
//! then on the hash alone does, in a GET a CDN can cache.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
};

use serde_json::Value;
use sha2::{Digest, Sha256};

/// What a request's `persistedQuery` extension asks for, resolved to a query.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The request carries no persisted query: its own `query` (if any) stands.
    NotPersisted,
    /// The query to run.
    Query(String),
}

/// Why a persisted query cannot be run; each has the code Apollo's clients expect.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApqError {
    /// The hash is unknown: send it again with the query.
    #[error("PersistedQueryNotFound")]
    NotFound,
    /// Persisted queries are turned off on this server.
    #[error("PersistedQueryNotSupported")]
    NotSupported,
    /// The query sent does not hash to the hash sent.
    #[error("provided sha does not match query")]
    HashMismatch,
    /// The extension is malformed or of a version other than 1.
    #[error("{0}")]
    Invalid(String),
}

impl ApqError {
    /// The stable `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::NotSupported => "PERSISTED_QUERY_NOT_SUPPORTED",
            Self::HashMismatch | Self::Invalid(_) => "BAD_REQUEST",
        }
    }
}

/// The queries the server has seen by hash: at most `capacity`, the oldest
/// forgotten first.
#[derive(Debug)]
pub struct PersistedQueries {
    capacity: usize,
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_hash: HashMap<String, String>,
    order: VecDeque<String>,
}

impl PersistedQueries {
    /// A store for `capacity` queries; 0 turns APQ off.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(Entries::default()),
        }
    }

    /// Resolves a request's `query` and `extensions`: a known hash gives its query, a
    /// hash sent with its query stores it.
    pub fn resolve(
        &self,
        query: Option<&str>,
        extensions: Option<&serde_json::Map<String, Value>>,
    ) -> Result<Resolved, ApqError> {
        let Some(persisted) = extensions.and_then(|e| e.get("persistedQuery")) else {
            return Ok(Resolved::NotPersisted);
        };
        if self.capacity == 0 {
            return Err(ApqError::NotSupported);
        }
        let version = persisted.get("version").and_then(Value::as_i64);
        if version != Some(1) {
            return Err(ApqError::Invalid(
                "persistedQuery: only version 1 is supported".to_owned(),
            ));
        }
        let hash = persisted
            .get("sha256Hash")
            .and_then(Value::as_str)
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| {
                ApqError::Invalid(
                    "persistedQuery: sha256Hash must be 64 hexadecimal digits".to_owned(),
                )
            })?
            .to_ascii_lowercase();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match query {
            None => entries
                .by_hash
                .get(&hash)
                .cloned()
                .map(Resolved::Query)
                .ok_or(ApqError::NotFound),
            Some(query) => {
                if sha256_hex(query) != hash {
                    return Err(ApqError::HashMismatch);
                }
                if !entries.by_hash.contains_key(&hash) {
                    if entries.order.len() >= self.capacity {
                        if let Some(oldest) = entries.order.pop_front() {
                            entries.by_hash.remove(&oldest);
                        }
                    }
                    entries.order.push_back(hash.clone());
                    entries.by_hash.insert(hash, query.to_owned());
                }
                Ok(Resolved::Query(query.to_owned()))
            }
        }
    }
}

/// The SHA-256 of a text, in lowercase hexadecimal.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ext(hash: &str) -> serde_json::Map<String, Value> {
        json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
            .as_object()
            .unwrap()
            .clone()
    }

    #[test]
    fn the_apollo_flow_stores_and_finds_queries() {
        let apq = PersistedQueries::new(2);
        let query = "{ __typename }";
        let hash = sha256_hex(query);
        assert_eq!(
            hash,
            "7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b"
        );
        assert_eq!(
            apq.resolve(None, Some(&ext(&hash))),
            Err(ApqError::NotFound)
        );
        assert_eq!(
            apq.resolve(Some(query), Some(&ext(&hash))),
            Ok(Resolved::Query(query.to_owned()))
        );
        assert_eq!(
            apq.resolve(None, Some(&ext(&hash.to_ascii_uppercase()))),
            Ok(Resolved::Query(query.to_owned()))
        );
        assert_eq!(
            apq.resolve(Some("{ other }"), Some(&ext(&hash))),
            Err(ApqError::HashMismatch)
        );
        assert_eq!(apq.resolve(Some(query), None), Ok(Resolved::NotPersisted));
    }

    #[test]
    fn the_oldest_query_is_forgotten_first() {
        let apq = PersistedQueries::new(2);
        let queries = ["{ a }", "{ b }", "{ c }"];
        for q in queries {
            apq.resolve(Some(q), Some(&ext(&sha256_hex(q)))).unwrap();
        }
        assert_eq!(
            apq.resolve(None, Some(&ext(&sha256_hex("{ a }")))),
            Err(ApqError::NotFound)
        );
        assert!(apq.resolve(None, Some(&ext(&sha256_hex("{ c }")))).is_ok());
    }

    #[test]
    fn malformed_or_disabled_persisted_queries_are_refused() {
        let off = PersistedQueries::new(0);
        assert_eq!(
            off.resolve(None, Some(&ext(&sha256_hex("{ a }")))),
            Err(ApqError::NotSupported)
        );
        let apq = PersistedQueries::new(1);
        assert!(matches!(
            apq.resolve(None, Some(&ext("abc"))),
            Err(ApqError::Invalid(_))
        ));
        let v2 = json!({ "persistedQuery": { "version": 2, "sha256Hash": sha256_hex("{ a }") } });
        assert!(matches!(
            apq.resolve(None, v2.as_object()),
            Err(ApqError::Invalid(_))
        ));
    }
}
