use thiserror::Error;

/// What can go wrong in the store.
#[derive(Debug, Clone, Error)]
pub enum StoreError {
    /// The database refused a statement or could not be reached.
    #[error("database error: {0}")]
    Database(String),
    /// A migration failed; the database is left at the last one that succeeded.
    #[error("migration failed: {0}")]
    Migration(String),
    /// The database URL names no backend uprgraph supports.
    #[error(
        "unsupported database URL `{0}`: use sqlite://FILE?mode=rwc or postgres://USER@HOST/DB"
    )]
    UnsupportedUrl(String),
}

// DbErr is not Clone, and batch loaders hand one error to many waiting fields.
impl From<sea_orm::DbErr> for StoreError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Database(err.to_string())
    }
}
