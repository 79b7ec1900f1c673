use thiserror::Error;

/// What can go wrong in the store.
#[derive(Debug, Clone, Error)]
pub enum StoreError {
    /// The database refused a statement.
    #[error("database error: {0}")]
    Database(String),
    /// The database cannot be reached: it is down, refuses connections, or the pool
    /// found no connection in time. Worth retrying once it is back.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A migration failed; the database is left at the last one that succeeded.
    #[error("migration failed: {0}")]
    Migration(String),
    /// The database URL names no backend uprgraph supports.
    #[error(
        "unsupported database URL `{0}`: use sqlite://FILE?mode=rwc or postgres://USER@HOST/DB"
    )]
    UnsupportedUrl(String),
    /// The database is reachable but lacks migrations this build needs.
    #[error("the database lacks {0} of uprgraph's migrations; `uprgraph serve` applies them")]
    NotMigrated(usize),
    /// An import committed while something was read in parts: the parts read before it
    /// and after it belong to two states of the database.
    #[error("the data changed while it was read (an import committed: data version {from} became {to}); read it again")]
    DataChanged { from: u64, to: u64 },
}

impl StoreError {
    /// Whether the error says the database could not be reached, rather than that it
    /// refused what was asked.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }

    /// The error with every URL's password in its text hidden, and `password` wherever
    /// it stands.
    pub(crate) fn redacted(self, password: Option<&str>) -> Self {
        let hide = |text: String| crate::redact_secrets(&text, password);
        match self {
            Self::Database(text) => Self::Database(hide(text)),
            Self::Unavailable(text) => Self::Unavailable(hide(text)),
            Self::Migration(text) => Self::Migration(hide(text)),
            Self::UnsupportedUrl(text) => Self::UnsupportedUrl(hide(text)),
            other => other,
        }
    }
}

// DbErr is not Clone, and batch loaders hand one error to many waiting fields.
impl From<sea_orm::DbErr> for StoreError {
    fn from(err: sea_orm::DbErr) -> Self {
        if connection_lost(&err) {
            Self::Unavailable(describe(&err))
        } else {
            Self::Database(describe(&err))
        }
    }
}

/// What the database said, in its own words: for a statement it refused, its message
/// (and PostgreSQL's detail), without the driver's wrapping or PostgreSQL's `at line N`,
/// which is a line of PostgreSQL's own source, not of anything the user gave.
pub(crate) fn describe(err: &sea_orm::DbErr) -> String {
    use sea_orm::{sqlx, DbErr, RuntimeErr};
    let database = match err {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => match e.as_ref() {
            sqlx::Error::Database(database) => Some(database),
            _ => None,
        },
        _ => None,
    };
    let Some(database) = database else {
        return err.to_string();
    };
    let detail = database
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .and_then(|pg| pg.detail());
    match detail {
        Some(detail) => format!("{} ({detail})", database.message()),
        None => database.message().to_owned(),
    }
}

/// Errors of reaching the database, as opposed to errors of a statement.
fn connection_lost(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{sqlx, DbErr, RuntimeErr};
    let sqlx_error = match err {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        DbErr::Conn(_) => return true,
        _ => return false,
    };
    match sqlx_error.as_ref() {
        // The driver refuses a statement with more parameters than the protocol carries
        // before sending anything: the statement's fault, not the connection's.
        sqlx::Error::Protocol(message) if message.contains("too many arguments") => false,
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL's SQLSTATE classes 08 (connection exception) and 57P (operator
        // intervention: shutdown, terminated backend, cannot connect now), 3D000 (the
        // database does not exist) and 55000 for a database not accepting connections.
        sqlx::Error::Database(e) => e.code().is_some_and(|code| {
            code.starts_with("08") || code.starts_with("57P") || code == "3D000" || code == "55000"
        }),
        _ => false,
    }
}
