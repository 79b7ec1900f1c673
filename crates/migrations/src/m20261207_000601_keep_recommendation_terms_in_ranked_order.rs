//! The stored relevances kept in one order: the ranked one.
//!
//! `recommendation_terms` was kept in two B-trees: its key, `(recommendation_id,
//! stem)`, and the ranked index, `(stem, relevance DESC, recommendation_id)`, which
//! searches read. An import writes each recommendation's terms in one of the two
//! orders, so the other one took them at random places: at the 4.6 million terms of a
//! whole UHRI export that B-tree outgrew its page cache and most of the import's time
//! went to it. The key was only there for removing a recommendation's terms, and the
//! importer can name exactly the rows it removes: a recommendation's terms are the
//! stems of its stored `search_text` with the relevances they compute
//! (`uprgraph_domain::search::relevances`), as every import and migration writes them.
//!
//! After this migration the ranked order is the only one:
//! - On SQLite the table is that order itself, a `WITHOUT ROWID` table whose primary
//!   key is `(stem, relevance DESC, recommendation_id)`: one B-tree. It loses the
//!   foreign key to `recommendations`, which would look a recommendation's terms up by
//!   its id on every removal (a scan of the table, now that nothing is ordered by id);
//!   the importer removes the terms before their recommendations, as PostgreSQL's table
//!   has done since `m20261206_000502`.
//! - On PostgreSQL the table loses its primary key and keeps `idx_recommendation_terms_ranked`.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

use crate::m20261128_000005_add_recommendation_terms;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The table as SQLite keeps it from this migration on.
pub(crate) const SQLITE_TABLE: &str = "CREATE TABLE recommendation_terms (\
     stem TEXT NOT NULL, \
     relevance BIGINT NOT NULL, \
     recommendation_id INTEGER NOT NULL, \
     PRIMARY KEY (stem, relevance DESC, recommendation_id)) WITHOUT ROWID";

/// The name PostgreSQL gave the primary key of `m20261128_000005_add_recommendation_terms`.
const POSTGRES_KEY: &str = "recommendation_terms_pkey";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "ALTER TABLE recommendation_terms DROP CONSTRAINT {POSTGRES_KEY}"
                ))
                .await?;
            }
            _ => {
                refill(db, SQLITE_TABLE, "stem, relevance DESC, recommendation_id").await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "ALTER TABLE recommendation_terms ADD CONSTRAINT {POSTGRES_KEY} \
                     PRIMARY KEY (recommendation_id, stem)"
                ))
                .await?;
            }
            _ => {
                let before = format!(
                    "{} WITHOUT ROWID",
                    m20261128_000005_add_recommendation_terms::CREATE
                );
                refill(db, &before, "recommendation_id, stem").await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_recommendation_terms_ranked \
                     ON recommendation_terms (stem, relevance DESC, recommendation_id)",
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// Makes SQLite's `recommendation_terms` again with `create`, holding the same rows,
/// inserted in `order` (the new key's, so that each is appended). The rows wait in a
/// table of their own rather than the old table being renamed: `ALTER TABLE … RENAME`
/// opens the connection's temporary database, after which SQLite refuses the
/// `PRAGMA temp_store` an import's transaction on that connection sets.
async fn refill(db: &SchemaManagerConnection<'_>, create: &str, order: &str) -> Result<(), DbErr> {
    db.execute_unprepared(
        "CREATE TABLE recommendation_terms_held AS \
         SELECT stem, relevance, recommendation_id FROM recommendation_terms",
    )
    .await?;
    // Dropping the table drops its indexes, whose names are then free.
    db.execute_unprepared("DROP TABLE recommendation_terms")
        .await?;
    db.execute_unprepared(create).await?;
    db.execute_unprepared(&format!(
        "INSERT INTO recommendation_terms (stem, relevance, recommendation_id) \
         SELECT stem, relevance, recommendation_id FROM recommendation_terms_held \
         ORDER BY {order}"
    ))
    .await?;
    db.execute_unprepared("DROP TABLE recommendation_terms_held")
        .await?;
    Ok(())
}
