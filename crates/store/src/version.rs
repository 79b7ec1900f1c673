//! The data version: a number every import and every migration raises in its own
//! transaction (`data_version`), so that whoever holds answers made at one version
//! knows they are current while the number stays the same. With the number the same
//! transaction writes a random stamp, made when the database is created and anew at
//! every raise: two databases (one rebuilt from other files, a copy that diverged,
//! another server's) may reach the same number, never the same stamp, so an answer
//! named by both names the database it came from.
//!
//! A server learns of a new number without asking for it at each request. On
//! PostgreSQL the transaction that raises it also sends it with `NOTIFY`, which the
//! database delivers to every listening server as the transaction commits. On SQLite
//! another process's commit changes the database's files; a server looks at their
//! size and time of change (one `stat` each) and reads the number again only when
//! they have changed.

use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime},
};

use sea_orm::{
    sea_query::{Expr, ExprTrait, Query},
    ConnectionTrait, FromQueryResult,
};

use crate::{
    dialect::{DataVersionSignal, Dialect, DATA_VERSION_CHANNEL},
    entity::unlisted::DataVersion as Table,
    Store, StoreError,
};

/// Raises the data version within `conn`'s transaction, with a new stamp, and, where
/// the backend can, announces them, which listeners receive when the transaction
/// commits.
pub(crate) async fn raise(
    conn: &impl ConnectionTrait,
    dialect: &dyn Dialect,
) -> Result<(), StoreError> {
    let update = Query::update()
        .table(Table::Table)
        .value(Table::Version, Expr::col(Table::Version).add(1))
        .value(Table::Stamp, dialect.random_stamp())
        .and_where(Expr::col(Table::Id).eq(1))
        .to_owned();
    conn.execute(&update).await?;
    if let Some(announce) = dialect.announce_data_version() {
        conn.execute_raw(announce).await?;
    }
    Ok(())
}

/// The state of the data a server answers from: the data version and its stamp.
#[derive(Debug, Clone, PartialEq, Eq, Hash, FromQueryResult)]
pub struct DataVersion {
    /// The number every import and migration raises.
    pub version: i64,
    /// Random hexadecimal digits, made anew with every raise.
    pub stamp: String,
}

impl DataVersion {
    /// The number, as a count.
    pub fn number(&self) -> u64 {
        u64::try_from(self.version).unwrap_or_default()
    }

    /// Reads `NUMBER STAMP`, as the database announces them.
    fn parse(announced: &str) -> Option<Self> {
        let (number, stamp) = announced.split_once(' ')?;
        Some(Self {
            version: number.parse().ok()?,
            stamp: stamp.to_owned(),
        })
    }
}

async fn read(conn: &impl ConnectionTrait) -> Result<DataVersion, StoreError> {
    let select = Query::select()
        .columns([Table::Version, Table::Stamp])
        .from(Table::Table)
        .and_where(Expr::col(Table::Id).eq(1))
        .to_owned();
    DataVersion::find_by_statement(conn.get_database_backend().build(&select))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::Database("data_version has no row".to_owned()))
}

impl Store {
    /// The data version now, read from the database.
    pub async fn data_version(&self) -> Result<u64, StoreError> {
        Ok(read(self.connection()).await?.number())
    }

    /// The data version and its stamp now, read from the database.
    pub async fn data_state(&self) -> Result<DataVersion, StoreError> {
        read(self.connection()).await
    }

    /// Runs `read` (statements of this store's), then checks that the data is still at
    /// `expected`, which the caller read (or checked) before `read` began: no import
    /// committed between the two, so what `read` saw belongs to that state of the
    /// database, however many statements it took. Otherwise
    /// [`StoreError::DataChanged`]. Reads in turns (an export's chunks) each check after
    /// themselves, and each check stands before the next read.
    pub async fn read_at<T>(
        &self,
        expected: &DataVersion,
        read: impl std::future::Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        let value = read.await?;
        let now = self.data_state().await?;
        if now != *expected {
            return Err(StoreError::DataChanged {
                from: expected.number(),
                to: now.number(),
            });
        }
        Ok(value)
    }

    /// Follows the data version from now on (see [`DataVersionWatch`]). On PostgreSQL
    /// this starts a task on the current Tokio runtime that listens for new numbers.
    pub fn watch_data_version(&self) -> DataVersionWatch {
        let watch = match self.dialect().data_version_signal() {
            DataVersionSignal::Notify => {
                let current = Arc::new(tokio::sync::watch::Sender::new(None));
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

/// The data version as a server knows it, kept current without a statement per request.
#[derive(Debug, Clone)]
pub struct DataVersionWatch {
    store: Store,
    watch: Arc<Watch>,
}

#[derive(Debug)]
enum Watch {
    /// PostgreSQL: the last version announced (or read after connecting the listener);
    /// none while the listener is away. A channel, so that [`DataVersionWatch::known`]
    /// can wait for the first.
    Notified(Arc<tokio::sync::watch::Sender<Option<DataVersion>>>),
    /// SQLite: the database's files, and what they looked like when the version was
    /// last read, with that version. No files (an in-memory database): read every time.
    Files {
        files: Vec<PathBuf>,
        last: Mutex<Option<(Vec<FileStamp>, DataVersion)>>,
    },
}

/// A file's size and time of change, or that it does not exist.
type FileStamp = Option<(u64, SystemTime)>;

impl DataVersionWatch {
    /// The data version, or `None` when it cannot be known now (the database is
    /// unreachable, or the listener is reconnecting and may have missed a number):
    /// nothing should then be served as current from memory.
    pub async fn current(&self) -> Option<DataVersion> {
        match &*self.watch {
            Watch::Notified(current) => current.borrow().clone(),
            Watch::Files { files, last } => {
                if files.is_empty() {
                    return self.store.data_state().await.ok();
                }
                let stamps: Vec<FileStamp> = files.iter().map(stamp).collect();
                if let Some((seen, version)) = &*lock(last) {
                    if *seen == stamps {
                        return Some(version.clone());
                    }
                }
                let version = self.store.data_state().await.ok()?;
                // The files are looked at before the version is read, so a commit between
                // the two leaves stamps older than the version: the next call reads again.
                *lock(last) = Some((stamps, version.clone()));
                Some(version)
            }
        }
    }

    /// The data versions from now on, each once, as they are raised: on PostgreSQL as the
    /// listener hears them (within a fraction of a second of the commit, on any server of
    /// the database), on SQLite as the database's files change, looked at every `poll`.
    /// A version raised twice while the stream was not read is given once, the newer.
    pub fn changes(&self, poll: Duration) -> impl futures_util::Stream<Item = DataVersion> + Send {
        struct Follow {
            watch: DataVersionWatch,
            receiver: Option<tokio::sync::watch::Receiver<Option<DataVersion>>>,
            last: Option<DataVersion>,
            poll: Duration,
        }
        let receiver = match &*self.watch {
            Watch::Notified(current) => Some(current.subscribe()),
            Watch::Files { .. } => None,
        };
        let follow = Follow {
            watch: self.clone(),
            receiver,
            last: None,
            poll,
        };
        futures_util::stream::unfold(follow, |mut follow| async move {
            if follow.last.is_none() {
                follow.last = follow.watch.current().await;
            }
            loop {
                match &mut follow.receiver {
                    Some(receiver) => {
                        // A closed channel: the listener is gone with the pool.
                        receiver.changed().await.ok()?;
                    }
                    None => tokio::time::sleep(follow.poll).await,
                }
                let Some(now) = follow.watch.current().await else {
                    continue;
                };
                if follow.last.is_none() {
                    // The version the stream starts from, learnt late: not a change.
                    follow.last = Some(now);
                    continue;
                }
                if follow.last.as_ref() != Some(&now) {
                    follow.last = Some(now.clone());
                    return Some((now, follow));
                }
            }
        })
    }

    /// Waits until the data version is known, for at most `within`; whether it is. On
    /// PostgreSQL the listener's first read is awaited; on SQLite the version is read,
    /// again after a failed read.
    pub async fn known(&self, within: Duration) -> bool {
        let known = async {
            match &*self.watch {
                Watch::Notified(current) => {
                    current.subscribe().wait_for(Option::is_some).await.is_ok()
                }
                // A read that fails (the database busy) is tried again shortly.
                Watch::Files { .. } => loop {
                    if self.current().await.is_some() {
                        break true;
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                },
            }
        };
        tokio::time::timeout(within, known).await.unwrap_or(false)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn stamp(path: &PathBuf) -> FileStamp {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

/// Listens for new data versions on PostgreSQL, for as long as the process runs: reads
/// the version after every (re)connection, since one announced while the listener was
/// away is not delivered, and holds none while away. Losing the listener, and getting
/// it back, are logged: meanwhile the server serves nothing from memory.
async fn listen(store: Store, current: Arc<tokio::sync::watch::Sender<Option<DataVersion>>>) {
    use sea_orm::sqlx::postgres::PgListener;
    let pool = store.connection().get_postgres_connection_pool().clone();
    let set = |version: Option<DataVersion>| {
        current.send_replace(version);
    };
    let mut lost_since: Option<std::time::Instant> = None;
    loop {
        let listener = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(DATA_VERSION_CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        };
        let mut listener = match listener.await {
            Ok(listener) => listener,
            Err(e) => {
                set(None);
                if pool.is_closed() {
                    return;
                }
                tracing::debug!(error = %e, "cannot listen for data versions; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Some(since) = lost_since.take() {
            tracing::info!(
                away_ms = since.elapsed().as_millis() as u64,
                "listening for data versions again; answers are served from memory again"
            );
        }
        // Listening before reading: a version raised in between arrives as well.
        set(store.data_state().await.ok());
        // Until the connection is lost (and the listener would make it again): versions
        // may have been missed then, so a new listener starts over.
        while let Ok(Some(notification)) = listener.try_recv().await {
            let announced = DataVersion::parse(notification.payload());
            current.send_if_modified(|known| match (&*known, announced) {
                (Some(now), Some(new)) if new.version < now.version => false,
                (_, announced) => {
                    *known = announced;
                    true
                }
            });
        }
        set(None);
        if pool.is_closed() {
            return;
        }
        tracing::warn!(
            "lost the connection that listens for new data versions; answers are not served from memory until it is back"
        );
        lost_since.get_or_insert_with(std::time::Instant::now);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
