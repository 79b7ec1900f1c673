//! Liveness and readiness. `/healthz` answers while the process runs; `/readyz`
//! checks the database (reachable, every migration applied) each time it is asked.
//!
//! While the database is known to be down, GraphQL requests fail at once with
//! `UNAVAILABLE` instead of each waiting for a connection; a watcher checks the
//! database every second and lets requests through again as soon as it answers. The
//! database is marked down by a failed readiness check or by a request that lost its
//! connection; nothing polls it while it is up.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use actix_web::{http::header, web, HttpResponse};
use serde_json::json;
use uprgraph_store::{Store, StoreError};

/// How long a readiness check may take before the database counts as unreachable.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);
/// How often the watcher checks a database that is down.
const RECHECK_EVERY: Duration = Duration::from_secs(1);

/// Whether the database is up, as last seen.
#[derive(Debug)]
pub struct Health {
    store: Store,
    up: AtomicBool,
    watching: AtomicBool,
    /// Whether a check prompted by a request's failure is under way.
    confirming: AtomicBool,
}

impl Health {
    /// Starts with the database up: the server has just connected and migrated it.
    pub fn new(store: Store) -> Arc<Self> {
        Arc::new(Self {
            store,
            up: AtomicBool::new(true),
            watching: AtomicBool::new(false),
            confirming: AtomicBool::new(false),
        })
    }

    /// Whether requests may go to the database.
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Acquire)
    }

    /// Checks the database now and records what it found.
    pub async fn check(self: &Arc<Self>) -> Result<(), StoreError> {
        let result = match tokio::time::timeout(CHECK_TIMEOUT, self.store.check_ready()).await {
            Ok(result) => result,
            Err(_) => Err(StoreError::Unavailable(format!(
                "no answer within {} ms",
                CHECK_TIMEOUT.as_millis()
            ))),
        };
        match &result {
            Ok(()) => {
                if !self.up.swap(true, Ordering::AcqRel) {
                    tracing::info!("the database is back; serving requests again");
                }
            }
            Err(e) => self.mark_down(e),
        }
        result
    }

    /// A request failed as if the database were unreachable: check the database (one
    /// statement, in the background) and fail requests fast only if it does not
    /// answer. A request's own failure is never enough, so that no statement a client
    /// sends can make the server refuse every other client.
    pub fn suspect(self: &Arc<Self>) {
        if !self.is_up() || self.confirming.swap(true, Ordering::AcqRel) {
            return;
        }
        let health = Arc::clone(self);
        tokio::spawn(async move {
            let _ = health.check().await;
            health.confirming.store(false, Ordering::Release);
        });
    }

    /// Records that the database is down and starts the watcher that brings it back.
    pub fn mark_down(self: &Arc<Self>, error: &StoreError) {
        if self.up.swap(false, Ordering::AcqRel) {
            tracing::warn!(error = %error, "the database is unavailable; failing requests fast until it is back");
        }
        if self.watching.swap(true, Ordering::AcqRel) {
            return;
        }
        let health = Arc::clone(self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(RECHECK_EVERY).await;
                if health.check().await.is_ok() {
                    break;
                }
            }
            health.watching.store(false, Ordering::Release);
            // A failure recorded between the last check and clearing the flag found the
            // flag still set and started no watcher: look again.
            if !health.is_up() {
                let error = StoreError::Unavailable("still down".to_owned());
                health.mark_down(&error);
            }
        });
    }
}

/// `GET /healthz`: the process is alive and serving HTTP.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(json!({ "status": "ok" }))
}

/// `GET /readyz`: 200 when the database answers and is migrated, else 503 saying which
/// of the two failed (the details are logged, not served).
pub async fn readyz(health: web::Data<Arc<Health>>) -> HttpResponse {
    match health.check().await {
        Ok(()) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(json!({ "status": "ready", "database": "ok" })),
        Err(e) => {
            // The driver's words stay in the log: they name hosts, users and internals.
            tracing::warn!(error = %e, "readiness check failed");
            let database = match e {
                StoreError::NotMigrated(_) => "not migrated",
                _ => "unavailable",
            };
            HttpResponse::ServiceUnavailable()
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .json(json!({ "status": "unavailable", "database": database }))
        }
    }
}
