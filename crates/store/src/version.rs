//! The data version: a number every import and every migration raises in its own
//! transaction (`data_version`), so that whoever holds answers made at one version
//! knows they are current while the number stays the same.
//!
//! A server learns of a new number without asking for it at each request. On
//! PostgreSQL the transaction that raises it also sends it with `NOTIFY`, which the
//! database delivers to every listening server as the transaction commits. On SQLite
//! another process's commit changes the database's files; a server looks at their
//! size and time of change (one `stat` each) and reads the number again only when
//! they have changed.

use std::{
    path::PathBuf,
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc, Mutex,
    },
    time::{Duration, SystemTime},
};

use sea_orm::{
    sea_query::{Expr, ExprTrait, Query},
    ConnectionTrait, FromQueryResult,
};

use crate::{
    dialect::{DataVersionSignal, Dialect, DATA_VERSION_CHANNEL},
    entity::unlisted::DataVersion,
    Store, StoreError,
};

/// Raises the data version within `conn`'s transaction and, where the backend can,
/// announces the new number, which listeners receive when the transaction commits.
pub(crate) async fn raise(
    conn: &impl ConnectionTrait,
    dialect: &dyn Dialect,
) -> Result<(), StoreError> {
    let update = Query::update()
        .table(DataVersion::Table)
        .value(DataVersion::Version, Expr::col(DataVersion::Version).add(1))
        .and_where(Expr::col(DataVersion::Id).eq(1))
        .to_owned();
    conn.execute(&update).await?;
    if let Some(announce) = dialect.announce_data_version() {
        conn.execute_raw(announce).await?;
    }
    Ok(())
}

/// The one row of `data_version`.
#[derive(Debug, FromQueryResult)]
struct Version {
    version: i64,
}

async fn read(conn: &impl ConnectionTrait) -> Result<u64, StoreError> {
    let select = Query::select()
        .column(DataVersion::Version)
        .from(DataVersion::Table)
        .and_where(Expr::col(DataVersion::Id).eq(1))
        .to_owned();
    let row = Version::find_by_statement(conn.get_database_backend().build(&select))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::Database("data_version has no row".to_owned()))?;
    Ok(u64::try_from(row.version).unwrap_or_default())
}

impl Store {
    /// The data version now, read from the database.
    pub async fn data_version(&self) -> Result<u64, StoreError> {
        read(self.connection()).await
    }

    /// Follows the data version from now on (see [`DataVersionWatch`]). On PostgreSQL
    /// this starts a task on the current Tokio runtime that listens for new numbers.
    pub fn watch_data_version(&self) -> DataVersionWatch {
        let watch = match self.dialect().data_version_signal() {
            DataVersionSignal::Notify => {
                let current = Arc::new(AtomicI64::new(UNKNOWN));
                tokio::spawn(listen(self.clone(), Arc::clone(&current)));
                Watch::Notified(current)
            }
            DataVersionSignal::FileChanges => Watch::Files {
                files: self.sqlite_files(),
                last: Mutex::new(None),
            },
        };
        DataVersionWatch {
            store: self.clone(),
            watch: Arc::new(watch),
        }
    }
}

/// What [`DataVersionWatch`] holds while it does not know the version.
const UNKNOWN: i64 = -1;

/// The data version as a server knows it, kept current without a statement per request.
#[derive(Debug, Clone)]
pub struct DataVersionWatch {
    store: Store,
    watch: Arc<Watch>,
}

#[derive(Debug)]
enum Watch {
    /// PostgreSQL: the last number announced (or read after connecting the listener).
    Notified(Arc<AtomicI64>),
    /// SQLite: the database's files, and what they looked like when the number was last
    /// read, with that number. No files (an in-memory database): read every time.
    Files {
        files: Vec<PathBuf>,
        last: Mutex<Option<(Vec<FileStamp>, u64)>>,
    },
}

/// A file's size and time of change, or that it does not exist.
type FileStamp = Option<(u64, SystemTime)>;

impl DataVersionWatch {
    /// The data version, or `None` when it cannot be known now (the database is
    /// unreachable, or the listener is reconnecting and may have missed a number):
    /// nothing should then be served as current from memory.
    pub async fn current(&self) -> Option<u64> {
        match &*self.watch {
            Watch::Notified(current) => u64::try_from(current.load(Ordering::Acquire)).ok(),
            Watch::Files { files, last } => {
                if files.is_empty() {
                    return self.store.data_version().await.ok();
                }
                let stamps: Vec<FileStamp> = files.iter().map(stamp).collect();
                if let Some((seen, version)) = &*last.lock().unwrap_or_else(|e| e.into_inner()) {
                    if *seen == stamps {
                        return Some(*version);
                    }
                }
                let version = self.store.data_version().await.ok()?;
                // The files are looked at before the number is read, so a commit between
                // the two leaves stamps older than the number: the next call reads again.
                *last.lock().unwrap_or_else(|e| e.into_inner()) = Some((stamps, version));
                Some(version)
            }
        }
    }
}

fn stamp(path: &PathBuf) -> FileStamp {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

/// Listens for new data versions on PostgreSQL, for as long as the process runs: reads
/// the number after every (re)connection, since a number announced while the listener
/// was away is not delivered, and marks it unknown while away.
async fn listen(store: Store, current: Arc<AtomicI64>) {
    use sea_orm::sqlx::postgres::PgListener;
    let pool = store.connection().get_postgres_connection_pool().clone();
    loop {
        let listener = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(DATA_VERSION_CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        };
        let mut listener = match listener.await {
            Ok(listener) => listener,
            Err(e) => {
                current.store(UNKNOWN, Ordering::Release);
                tracing::debug!(error = %e, "cannot listen for data versions; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        loop {
            // Listening before reading: a number raised in between arrives as well.
            match store.data_version().await {
                Ok(version) => current.store(as_i64(version), Ordering::Release),
                Err(_) => current.store(UNKNOWN, Ordering::Release),
            }
            let lost = loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => match notification.payload().parse::<u64>() {
                        Ok(version) => current.fetch_max(as_i64(version), Ordering::AcqRel),
                        Err(_) => current.swap(UNKNOWN, Ordering::AcqRel),
                    },
                    // The connection was lost and made again: numbers may have been missed.
                    Ok(None) => break false,
                    Err(_) => break true,
                };
            };
            current.store(UNKNOWN, Ordering::Release);
            if lost {
                break;
            }
        }
        if pool.is_closed() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn as_i64(version: u64) -> i64 {
    i64::try_from(version).unwrap_or(i64::MAX)
}
