//! The stored relevances name their stem by a number.
//!
//! `recommendation_terms` held each stem's text once per recommendation holding it:
//! 5.8 million texts for a whole UHRI export, each bound to its INSERT as a text and
//! compared as a text in the ranked B-tree. After this migration `search_stems` holds
//! each stem once, with a number, and `recommendation_terms` holds that number
//! (`stem_id`): its ranked order is `(stem_id, relevance DESC, recommendation_id)`, the
//! same entries of each stem in the same order as before, and a search looks its stem's
//! number up once (`uprgraph_store`'s `search::best_matches`).
//!
//! No foreign key joins the two: each term would look its stem up on every insert, and
//! only the importer and the migrations write them, a stem always before its terms. A
//! stem whose recommendations are all removed keeps its number; it holds no terms.
//!
//! As in `m20261207_000601`, the terms wait in a table of their own while the table is
//! made anew, and are inserted in the new key's order, so that each is appended.

use std::collections::{BTreeSet, HashMap};

use sea_orm::{ConnectionTrait, DatabaseBackend, Value};
use sea_orm_migration::prelude::*;
use uprgraph_domain::search::relevances;

use crate::{m20261207_000601_keep_recommendation_terms_in_ranked_order as ranked, seed};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The stems, each once.
const STEMS: &str = "search_stems";

/// The terms as SQLite keeps them from this migration on: the table is its key.
const SQLITE_TERMS: &str = "CREATE TABLE recommendation_terms (\
     stem_id INTEGER NOT NULL, \
     relevance BIGINT NOT NULL, \
     recommendation_id INTEGER NOT NULL, \
     PRIMARY KEY (stem_id, relevance DESC, recommendation_id)) WITHOUT ROWID";

/// The terms as PostgreSQL keeps them from this migration on, with [`POSTGRES_INDEX`].
const POSTGRES_TERMS: &str = "CREATE TABLE recommendation_terms (\
     stem_id INTEGER NOT NULL, \
     relevance BIGINT NOT NULL, \
     recommendation_id INTEGER NOT NULL)";

/// PostgreSQL's one B-tree of the terms, made after they are copied.
const POSTGRES_INDEX: &str = "CREATE INDEX idx_recommendation_terms_ranked \
     ON recommendation_terms (stem_id, relevance DESC, recommendation_id)";

/// The terms before this migration on PostgreSQL (`m20261128_000005`, without the
/// foreign key and the primary key later migrations dropped), and their index.
const POSTGRES_TERMS_BEFORE: &[&str] = &[
    "CREATE TABLE recommendation_terms (\
     recommendation_id INTEGER NOT NULL, \
     stem TEXT NOT NULL, \
     relevance BIGINT NOT NULL)",
    "CREATE INDEX idx_recommendation_terms_ranked \
     ON recommendation_terms (stem, relevance DESC, recommendation_id)",
];

/// Recommendations read per statement while filling.
const BATCH: u64 = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new(STEMS))
                    .col(
                        ColumnDef::new(Alias::new("id"))
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Alias::new("stem"))
                            .text()
                            .not_null()
                            .unique_key(),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO search_stems (stem) \
             SELECT DISTINCT stem FROM recommendation_terms ORDER BY stem",
        )
        .await?;
        let (create, index): (&[&str], _) = match db.get_database_backend() {
            DatabaseBackend::Postgres => (&[POSTGRES_TERMS], Some(POSTGRES_INDEX)),
            _ => (&[SQLITE_TERMS], None),
        };
        remake(
            db,
            "SELECT s.id AS stem_id, t.relevance, t.recommendation_id \
             FROM recommendation_terms t JOIN search_stems s ON s.stem = t.stem",
            create,
            "stem_id, relevance, recommendation_id",
            "stem_id, relevance DESC, recommendation_id",
        )
        .await?;
        if let Some(index) = index {
            db.execute_unprepared(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let create: &[&str] = match db.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_TERMS_BEFORE,
            _ => &[ranked::SQLITE_TABLE],
        };
        remake(
            db,
            "SELECT s.stem, t.relevance, t.recommendation_id \
             FROM recommendation_terms t JOIN search_stems s ON s.id = t.stem_id",
            create,
            "stem, relevance, recommendation_id",
            "stem, relevance DESC, recommendation_id",
        )
        .await?;
        manager
            .drop_table(Table::drop().table(Alias::new(STEMS)).to_owned())
            .await
    }
}

/// Makes `recommendation_terms` anew with the statements `create`, holding the rows
/// `select` gives (its columns `columns`), inserted in `order`. The rows wait in a
/// table of their own rather than the old table being renamed (see
/// `m20261207_000601`).
async fn remake(
    db: &SchemaManagerConnection<'_>,
    select: &str,
    create: &[&str],
    columns: &str,
    order: &str,
) -> Result<(), DbErr> {
    db.execute_unprepared(&format!(
        "CREATE TABLE recommendation_terms_held AS {select}"
    ))
    .await?;
    // Dropping the table drops its indexes, whose names are then free.
    db.execute_unprepared("DROP TABLE recommendation_terms")
        .await?;
    for statement in create {
        db.execute_unprepared(statement).await?;
    }
    db.execute_unprepared(&format!(
        "INSERT INTO recommendation_terms ({columns}) \
         SELECT {columns} FROM recommendation_terms_held ORDER BY {order}"
    ))
    .await?;
    db.execute_unprepared("DROP TABLE recommendation_terms_held")
        .await?;
    Ok(())
}

/// Writes the stored relevances of the recommendations whose id is greater than
/// `after`, from their folded text, numbering the stems `search_stems` lacks: for rows
/// written other than by the importer.
pub(crate) async fn fill_after(
    db: &SchemaManagerConnection<'_>,
    mut after: i32,
) -> Result<(), DbErr> {
    let mut stems: HashMap<String, i32> = seed::id_map(db, STEMS, "stem").await?;
    loop {
        let (id, text) = (Alias::new("id"), Alias::new("search_text"));
        let batch = Query::select()
            .columns([id.clone(), text])
            .from(Alias::new("recommendations"))
            .and_where(Expr::col(id.clone()).gt(after))
            .order_by(id, Order::Asc)
            .limit(BATCH)
            .to_owned();
        let texts: Vec<(i32, String)> = db
            .query_all(&batch)
            .await?
            .iter()
            .map(|row| Ok((row.try_get("", "id")?, row.try_get("", "search_text")?)))
            .collect::<Result<_, DbErr>>()?;
        let Some((last, _)) = texts.last() else {
            return Ok(());
        };
        after = *last;
        let new: BTreeSet<&str> = texts
            .iter()
            .flat_map(|(_, text)| text.split_whitespace())
            .filter(|stem| !stems.contains_key(*stem))
            .collect();
        if !new.is_empty() {
            let rows = new.into_iter().map(|stem| vec![stem.into()]).collect();
            seed::insert_rows(db, STEMS, &["stem"], rows).await?;
            stems = seed::id_map(db, STEMS, "stem").await?;
        }
        let mut terms: Vec<Vec<Value>> = Vec::new();
        for (id, text) in &texts {
            for (stem, relevance) in relevances(text) {
                terms.push(vec![stems[stem].into(), relevance.into(), (*id).into()]);
            }
        }
        let columns = ["stem_id", "relevance", "recommendation_id"];
        seed::insert_rows(db, "recommendation_terms", &columns, terms).await?;
    }
}
