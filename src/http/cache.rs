//! Whole answers kept in memory, keyed by what determines them: the document, the
//! operation, the variables and the data version.
//!
//! uprgraph's data changes only when an import (or a migration) commits, and each of
//! those raises the data version (`uprgraph_store::DataVersionWatch`). An answer made
//! at one version is therefore the answer to the same request for as long as the
//! version stays the same, and a repeated request is answered from here without
//! touching the database. The key also names the answer for HTTP: its ETag is made
//! from it and from the media type the answer is sent as, so a client's
//! `If-None-Match` is answered `304` before anything runs. The version's stamp is part
//! of the key: two databases at the same version (another server's, one rebuilt from
//! other files) never share a tag.
//! Only answers without errors are kept, within a budget of bytes, the least recently
//! used forgotten first.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    Arc,
};

use actix_web::web::Bytes;
use base64::Engine as _;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use uprgraph_store::DataVersion;

use super::negotiate::ResponseType;

/// What determines an answer, hashed: two requests with the same key get the same answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

impl Key {
    /// The key of a request for `query`'s operation `operation` with `variables`, at
    /// data version `version` (with its stamp). Variables are written with their object
    /// keys sorted, so that the order a client sends them in does not matter.
    pub fn new(
        query: &str,
        operation: Option<&str>,
        variables: Option<&Map<String, Value>>,
        version: &DataVersion,
    ) -> Self {
        let mut hash = Sha256::new();
        let mut part = |bytes: &[u8]| {
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        };
        part(&version.version.to_le_bytes());
        part(version.stamp.as_bytes());
        part(query.as_bytes());
        part(operation.unwrap_or_default().as_bytes());
        let mut canonical = String::new();
        if let Some(variables) = variables {
            write_canonical(&mut canonical, variables);
        }
        part(canonical.as_bytes());
        Self(hash.finalize().into())
    }

    /// The entity tag of the answer this key names, sent as `ty`: one answer written as
    /// two media types is two representations, with a tag each.
    pub fn etag(&self, ty: ResponseType) -> String {
        let mut hash = Sha256::new();
        hash.update(self.0);
        hash.update(ty.content_type().as_bytes());
        let digest = hash.finalize();
        format!(
            "\"{}\"",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..18])
        )
    }
}

/// JSON with every object's keys in sorted order.
fn write_canonical(out: &mut String, variables: &Map<String, Value>) {
    fn value(out: &mut String, v: &Value) {
        match v {
            Value::Object(map) => object(out, map),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    value(out, item);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    fn object(out: &mut String, map: &Map<String, Value>) {
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        out.push('{');
        for (i, key) in keys.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&Value::from(key.as_str()).to_string());
            out.push(':');
            value(out, &map[key]);
        }
        out.push('}');
    }
    object(out, variables);
}

/// An answer kept, and the name of the operation it answered (for the request log).
#[derive(Debug, Clone)]
pub struct Kept {
    pub body: Bytes,
    pub operation: Option<Arc<str>>,
}

/// The answers kept, and counts of how they served.
pub struct ResponseCache {
    /// `None` when the cache is off.
    answers: Option<moka::sync::Cache<Key, Kept>>,
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: Arc<AtomicU64>,
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseCache")
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// What the cache holds and has done, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub evictions: u64,
    pub bytes: u64,
    pub entries: u64,
}

/// What an entry costs beyond its answer's bytes: the key and the map's own share.
const ENTRY_OVERHEAD: usize = 32 + 96;

impl ResponseCache {
    /// A cache of at most `budget_bytes` of answers; 0 turns it off.
    pub fn new(budget_bytes: u64) -> Self {
        let evictions = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&evictions);
        let answers = (budget_bytes > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(budget_bytes)
                .weigher(|_: &Key, kept: &Kept| {
                    let operation = kept.operation.as_deref().map_or(0, str::len);
                    u32::try_from(kept.body.len() + operation + ENTRY_OVERHEAD).unwrap_or(u32::MAX)
                })
                .eviction_policy(moka::policy::EvictionPolicy::lru())
                .eviction_listener(move |_, _, cause| {
                    if cause.was_evicted() {
                        counted.fetch_add(1, Ordering::Relaxed);
                    }
                })
                .build()
        });
        Self {
            answers,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions,
        }
    }

    /// The answer kept under `key`, if any.
    pub fn get(&self, key: &Key) -> Option<Kept> {
        let answers = self.answers.as_ref()?;
        let found = answers.get(key);
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps `kept` as the answer under `key`.
    pub fn insert(&self, key: Key, kept: Kept) {
        if let Some(answers) = &self.answers {
            answers.insert(key, kept);
        }
    }

    /// The counts so far, and what is held now.
    pub fn stats(&self) -> CacheStats {
        let (bytes, entries) = self.answers.as_ref().map_or((0, 0), |answers| {
            answers.run_pending_tasks();
            (answers.weighted_size(), answers.entry_count())
        });
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
            bytes,
            entries,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn vars(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn at(version: i64) -> DataVersion {
        DataVersion {
            version,
            stamp: "0123456789abcdef0123456789abcdef".to_owned(),
        }
    }

    fn kept(bytes: &[u8]) -> Kept {
        Kept {
            body: Bytes::copy_from_slice(bytes),
            operation: None,
        }
    }

    #[test]
    fn keys_name_what_determines_an_answer() {
        let q = "query Q($a: Int) { x }";
        let a = Key::new(
            q,
            Some("Q"),
            Some(&vars(json!({ "a": 1, "b": { "c": [1, 2], "d": "e" } }))),
            &at(7),
        );
        let reordered = Key::new(
            q,
            Some("Q"),
            Some(&vars(json!({ "b": { "d": "e", "c": [1, 2] }, "a": 1 }))),
            &at(7),
        );
        assert_eq!(a, reordered, "the order of variables does not matter");
        assert_eq!(
            a.etag(ResponseType::Json),
            reordered.etag(ResponseType::Json)
        );
        // One answer, two media types: two tags.
        assert_ne!(
            a.etag(ResponseType::Json),
            a.etag(ResponseType::GraphqlResponseJson)
        );
        // The same version of another database (another stamp): another key.
        let elsewhere = DataVersion {
            stamp: "fedcba9876543210fedcba9876543210".to_owned(),
            ..at(7)
        };
        assert_ne!(
            a,
            Key::new(
                q,
                Some("Q"),
                Some(&vars(json!({ "a": 1, "b": { "c": [1, 2], "d": "e" } }))),
                &elsewhere
            )
        );
        for other in [
            Key::new(
                q,
                Some("Q"),
                Some(&vars(json!({ "a": 2, "b": { "c": [1, 2], "d": "e" } }))),
                &at(7),
            ),
            Key::new(
                q,
                Some("Q"),
                Some(&vars(json!({ "a": 1, "b": { "c": [2, 1], "d": "e" } }))),
                &at(7),
            ),
            Key::new(
                q,
                Some("Q"),
                Some(&vars(json!({ "a": 1, "b": { "c": [1, 2], "d": "e" } }))),
                &at(8),
            ),
            Key::new(
                q,
                None,
                Some(&vars(json!({ "a": 1, "b": { "c": [1, 2], "d": "e" } }))),
                &at(7),
            ),
            Key::new("query Q($a: Int) { y }", Some("Q"), None, &at(7)),
        ] {
            assert_ne!(a, other);
        }
        // Parts cannot run into each other.
        assert_ne!(
            Key::new("ab", Some("c"), None, &at(1)),
            Key::new("a", Some("bc"), None, &at(1))
        );
    }

    #[test]
    fn answers_are_kept_within_the_budget_and_counted() {
        let cache = ResponseCache::new(4 * (1000 + ENTRY_OVERHEAD as u64));
        for n in 0..20u64 {
            let key = Key::new("{ x }", None, None, &at(n as i64));
            assert!(cache.get(&key).is_none());
            cache.insert(key, kept(&[b'x'; 1000]));
            assert!(cache.get(&key).is_some());
        }
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses), (20, 20));
        assert!(
            stats.bytes <= 4 * (1000 + ENTRY_OVERHEAD as u64),
            "{stats:?}"
        );
        assert!(stats.entries <= 4 && stats.evictions >= 16, "{stats:?}");
        let off = ResponseCache::new(0);
        off.insert(Key::new("{ x }", None, None, &at(1)), kept(b"{}"));
        assert!(off.get(&Key::new("{ x }", None, None, &at(1))).is_none());
    }
}
