//! The subscription: an event each time the data changes, so that a page open on the
//! data learns, within a second of an import's commit on any server of the database,
//! that what it shows may be out of date, and what was imported.

use std::{collections::HashMap, time::Duration};

use async_graphql::{Context, Object, Subscription, ID};
use futures_util::{Stream, StreamExt as _};
use uprgraph_store::{entity::dataset, DataVersionWatch, Store};

use crate::ids::global_id;

/// What the subscription follows: the database and its data version.
#[derive(Debug, Clone)]
pub struct Live {
    /// The database, to read what was imported.
    pub store: Store,
    /// Its data version, as the server follows it.
    pub version: DataVersionWatch,
    /// How often SQLite's files are looked at (PostgreSQL announces each version).
    pub poll: Duration,
}

/// The data changed: an import (or a migration) committed.
#[derive(Debug, Clone)]
pub struct DataChange {
    version: i64,
    imported: Vec<dataset::Model>,
}

/// The data changed: an import (or a migration) committed.
#[Object]
impl DataChange {
    /// The data version now; every import and migration raises it.
    async fn version(&self) -> i64 {
        self.version
    }

    /// The files imported since the previous event (or since the subscription began),
    /// in the order they were imported; empty when the version was raised by a migration
    /// or an import that changed nothing.
    async fn imported(&self) -> Vec<ImportedFile> {
        self.imported.iter().cloned().map(ImportedFile).collect()
    }
}

/// A file whose import raised the data version.
#[derive(Debug, Clone)]
pub struct ImportedFile(dataset::Model);

/// A file whose import raised the data version.
#[Object]
impl ImportedFile {
    /// The global ID of its dataset, for `node(id:)`.
    async fn id(&self) -> ID {
        global_id("Dataset", self.0.id)
    }

    /// The file name as imported.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The import format, e.g. `upr-info`.
    async fn format(&self) -> &str {
        &self.0.format
    }

    /// How many data rows the file held.
    async fn row_count(&self) -> i64 {
        self.0.row_count
    }

    /// When the file was imported.
    async fn imported_at(&self) -> crate::scalars::DateTime {
        crate::scalars::DateTime(self.0.imported_at.with_timezone(&chrono::Utc))
    }
}

/// The datasets by id, with the time each was imported.
async fn imports(store: &Store) -> HashMap<i32, dataset::Model> {
    store
        .all::<dataset::Entity>()
        .await
        .map(|rows| rows.into_iter().map(|row| (row.id, row)).collect())
        .unwrap_or_default()
}

/// The root of the subscriptions.
#[derive(Debug, Default)]
pub struct Subscription;

/// The events a client can subscribe to, over WebSocket (`graphql-transport-ws`) at
/// `/graphql`; `dataChanged` also as server-sent events at `/graphql/events`.
#[Subscription]
impl Subscription {
    /// An event each time the data changes: when an import commits, on this server or any
    /// other of the same PostgreSQL database, within a second; with the files it imported.
    /// Sent over WebSocket (`graphql-transport-ws`) at `/graphql`, and as server-sent events
    /// at `/graphql/events`.
    async fn data_changed(&self, ctx: &Context<'_>) -> impl Stream<Item = DataChange> {
        let live = ctx.data_unchecked::<Live>().clone();
        let seen = imports(&live.store).await;
        let changes = Box::pin(live.version.changes(live.poll));
        futures_util::stream::unfold((changes, seen), move |(mut changes, seen)| {
            let store = live.store.clone();
            async move {
                let version = changes.next().await?;
                let now = imports(&store).await;
                let mut imported: Vec<dataset::Model> = now
                    .values()
                    .filter(|row| {
                        seen.get(&row.id)
                            .is_none_or(|before| before.imported_at != row.imported_at)
                    })
                    .cloned()
                    .collect();
                imported.sort_by_key(|row| (row.imported_at, row.id));
                let change = DataChange {
                    version: version.version,
                    imported,
                };
                Some((change, (changes, now)))
            }
        })
    }
}
