//! The relevance of every stem of every recommendation, stored ahead.
//!
//! Under a search, lists are ordered by relevance (`uprgraph_store`'s `search::rank`).
//! Computed in the statement, that relevance has to be worked out for every match
//! before the first page is known: a third of all rows for a word like "rights". With
//! `recommendation_terms` (one row per recommendation and distinct stem, holding the
//! relevance a search of that stem gives it, `uprgraph_domain::search::relevances`),
//! the best matches of a stem are the first entries of an index, read in order, and the
//! matches of a stem can be counted without reading the recommendations.
//!
//! The rows are filled here for the recommendations already imported, from their
//! `search_text`, and the importer writes them with the recommendations after that.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use sea_orm_migration::prelude::*;
use uprgraph_domain::search::relevances;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Recommendations read per statement while filling the table.
const BATCH: i64 = 500;

/// Rows inserted per statement: three parameters each, within SQLite's limit of
/// 32,766 parameters.
const ROWS_PER_INSERT: usize = 5_000;

pub(crate) const CREATE: &str = "CREATE TABLE recommendation_terms (\
     recommendation_id INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE, \
     stem TEXT NOT NULL, \
     relevance BIGINT NOT NULL, \
     PRIMARY KEY (recommendation_id, stem))";

/// Created after the table is filled, which is faster than keeping it up to date row
/// by row. The order of a ranked list (relevance, best first, then id) within a stem.
const INDEX: &str = "CREATE INDEX idx_recommendation_terms_ranked \
     ON recommendation_terms (stem, relevance DESC, recommendation_id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let create = match db.get_database_backend() {
            DatabaseBackend::Postgres => CREATE.to_owned(),
            // Without a rowid, the table is its primary key: one B-tree instead of two.
            _ => format!("{CREATE} WITHOUT ROWID"),
        };
        db.execute_unprepared(&create).await?;
        fill(db).await?;
        db.execute_unprepared(INDEX).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE recommendation_terms")
            .await?;
        Ok(())
    }
}

/// Fills the table for every recommendation already in the database, in id order, a
/// batch at a time.
pub(crate) async fn fill(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    fill_after(db, 0).await
}

/// Fills the table for the recommendations whose id is greater than `after`.
pub(crate) async fn fill_after(
    db: &SchemaManagerConnection<'_>,
    mut after: i32,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    loop {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    DatabaseBackend::Postgres => {
                        "SELECT id, search_text FROM recommendations WHERE id > $1 \
                         ORDER BY id LIMIT $2"
                    }
                    _ => {
                        "SELECT id, search_text FROM recommendations WHERE id > ? \
                         ORDER BY id LIMIT ?"
                    }
                },
                [after.into(), BATCH.into()],
            ))
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get::<i32>("", "id")?;
        let mut terms: Vec<[Value; 3]> = Vec::new();
        for row in &rows {
            let id: i32 = row.try_get("", "id")?;
            let stems: String = row.try_get("", "search_text")?;
            for (stem, relevance) in relevances(&stems) {
                terms.push([id.into(), stem.into(), relevance.into()]);
            }
        }
        for chunk in terms.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO recommendation_terms (recommendation_id, stem, relevance) VALUES ",
            );
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push_str(", ");
                }
                match backend {
                    DatabaseBackend::Postgres => {
                        sql.push_str(&format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                    }
                    _ => sql.push_str("(?, ?, ?)"),
                }
            }
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                chunk.iter().flatten().cloned(),
            ))
            .await?;
        }
    }
}
