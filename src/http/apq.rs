//! Automatic persisted queries, Apollo's protocol: a client sends the SHA-256 of its
//! query in `extensions.persistedQuery`; the first time the server answers
//! `PERSISTED_QUERY_NOT_FOUND`, the client sends hash and query together, and from
//! then on the hash alone does, in a GET a CDN can cache. The queries are held within
//! a budget of bytes, least recently used forgotten first.

use std::sync::Arc;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::error_code::ErrorCode;

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
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotFound => ErrorCode::PersistedQueryNotFound,
            Self::NotSupported => ErrorCode::PersistedQueryNotSupported,
            Self::HashMismatch | Self::Invalid(_) => ErrorCode::BadRequest,
        }
    }
}

/// The queries the server has seen by hash, held within a budget of bytes: when a new
/// one does not fit, the least recently used are forgotten first, so a query clients
/// keep sending stays while one sent once makes room.
pub struct PersistedQueries {
    /// `None` when APQ is off.
    cache: Option<moka::sync::Cache<String, Arc<str>>>,
    max_query_bytes: usize,
}

impl std::fmt::Debug for PersistedQueries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersistedQueries")
            .field("bytes", &self.bytes())
            .field("max_query_bytes", &self.max_query_bytes)
            .finish_non_exhaustive()
    }
}

/// What an entry costs beyond its query's text: the hash key and the map's own share.
const ENTRY_OVERHEAD: usize = 64 + 64;

impl PersistedQueries {
    /// A store of at most `budget_bytes` of queries, each at most `max_query_bytes`
    /// long; a budget of 0 turns APQ off.
    pub fn new(budget_bytes: u64, max_query_bytes: usize) -> Self {
        let cache = (budget_bytes > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(budget_bytes)
                .weigher(|_: &String, query: &Arc<str>| {
                    u32::try_from(query.len() + ENTRY_OVERHEAD).unwrap_or(u32::MAX)
                })
                .eviction_policy(moka::policy::EvictionPolicy::lru())
                .build()
        });
        Self {
            cache,
            max_query_bytes,
        }
    }

    /// The bytes the stored queries take, as the budget counts them.
    pub fn bytes(&self) -> u64 {
        self.cache.as_ref().map_or(0, |cache| {
            cache.run_pending_tasks();
            cache.weighted_size()
        })
    }

    /// How many queries are stored.
    pub fn len(&self) -> u64 {
        self.cache.as_ref().map_or(0, |cache| {
            cache.run_pending_tasks();
            cache.entry_count()
        })
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
        let Some(cache) = &self.cache else {
            return Err(ApqError::NotSupported);
        };
        let hash = persisted_hash(persisted)?;
        match query {
            None => cache
                .get(&hash)
                .map(|query| Resolved::Query(query.to_string()))
                .ok_or(ApqError::NotFound),
            Some(query) => {
                if sha256_hex(query) != hash {
                    return Err(ApqError::HashMismatch);
                }
                // A query over the cap still runs; it is only not remembered, and its
                // hash alone will be answered with PERSISTED_QUERY_NOT_FOUND.
                if query.len() <= self.max_query_bytes && !cache.contains_key(&hash) {
                    // The cache records reads in the background; taking them in before
                    // the insert makes the queries read since the last insert the most
                    // recent, so a new query evicts one that has not been asked for.
                    cache.run_pending_tasks();
                    cache.insert(hash, Arc::from(query));
                }
                Ok(Resolved::Query(query.to_owned()))
            }
        }
    }
}

/// The hash a `persistedQuery` extension names, in lowercase hexadecimal.
pub fn persisted_hash(persisted: &Value) -> Result<String, ApqError> {
    let version = persisted.get("version").and_then(Value::as_i64);
    if version != Some(1) {
        return Err(ApqError::Invalid(
            "persistedQuery: only version 1 is supported".to_owned(),
        ));
    }
    persisted
        .get("sha256Hash")
        .and_then(Value::as_str)
        .filter(|h| is_sha256_hex(h))
        .map(str::to_ascii_lowercase)
        .ok_or_else(|| {
            ApqError::Invalid("persistedQuery: sha256Hash must be 64 hexadecimal digits".to_owned())
        })
}

/// Whether a text is a SHA-256 in hexadecimal: 64 hexadecimal digits.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
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
        let apq = PersistedQueries::new(1 << 20, 1 << 10);
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
    fn the_budget_is_bytes_and_the_least_recently_used_go_first() {
        // Room for about three queries of a kilobyte.
        let apq = PersistedQueries::new(3 * (1024 + ENTRY_OVERHEAD as u64), 4096);
        let query = |n: usize| format!("{{ a{n} {} }}", "b ".repeat(508));
        let queries: Vec<String> = (0..3).map(query).collect();
        for q in &queries {
            apq.resolve(Some(q), Some(&ext(&sha256_hex(q)))).unwrap();
        }
        // The first stays in use while others arrive.
        let hot = sha256_hex(&queries[0]);
        for n in 3..40 {
            assert!(
                apq.resolve(None, Some(&ext(&hot))).is_ok(),
                "hot query kept at {n}: {} entries, {} bytes",
                apq.len(),
                apq.bytes()
            );
            let q = query(n);
            apq.resolve(Some(&q), Some(&ext(&sha256_hex(&q)))).unwrap();
            assert!(apq.bytes() <= 3 * (1024 + ENTRY_OVERHEAD as u64));
        }
        assert!(apq.resolve(None, Some(&ext(&hot))).is_ok());
        assert_eq!(
            apq.resolve(None, Some(&ext(&sha256_hex(&queries[1])))),
            Err(ApqError::NotFound),
            "a query not used since is forgotten"
        );
        assert!(apq.len() <= 3);
    }

    #[test]
    fn a_query_over_the_cap_runs_but_is_not_remembered() {
        let apq = PersistedQueries::new(1 << 20, 16);
        let long = "{ a b c d e f g h i j k }";
        let hash = sha256_hex(long);
        assert_eq!(
            apq.resolve(Some(long), Some(&ext(&hash))),
            Ok(Resolved::Query(long.to_owned()))
        );
        assert_eq!(
            apq.resolve(None, Some(&ext(&hash))),
            Err(ApqError::NotFound)
        );
        assert_eq!(apq.bytes(), 0);
    }

    #[test]
    fn malformed_or_disabled_persisted_queries_are_refused() {
        let off = PersistedQueries::new(0, 1024);
        assert_eq!(
            off.resolve(None, Some(&ext(&sha256_hex("{ a }")))),
            Err(ApqError::NotSupported)
        );
        let apq = PersistedQueries::new(1 << 20, 1024);
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
