//! The stored relevances without a foreign key on PostgreSQL.
//!
//! `recommendation_terms` holds about eighteen rows per recommendation: 4.6 million for
//! the 250,000 recommendations of a whole UHRI export. On PostgreSQL every row inserted
//! ran the foreign key's trigger, a look-up of its recommendation, which was a third of
//! the time the terms took to write. Only the importer writes and removes
//! recommendations and their terms, in one transaction: it writes a row's terms with the
//! row, and removes them before the row (`import/write/recommendations.rs`), as the
//! key's `ON DELETE CASCADE` did. SQLite keeps the key: its check is a look-up of a
//! row id, and dropping it would mean copying the table.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The name PostgreSQL gave the key of `m20261128_000005_add_recommendation_terms`.
const KEY: &str = "recommendation_terms_recommendation_id_fkey";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(&format!(
                "ALTER TABLE recommendation_terms DROP CONSTRAINT {KEY}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(&format!(
                "ALTER TABLE recommendation_terms ADD CONSTRAINT {KEY} \
                 FOREIGN KEY (recommendation_id) REFERENCES recommendations (id) \
                 ON DELETE CASCADE"
            ))
            .await?;
        }
        Ok(())
    }
}
