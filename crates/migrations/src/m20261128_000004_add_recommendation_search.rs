//! Full-text search over recommendation texts.
//!
//! Two columns hold each text as the domain folds it (`uprgraph_domain::search`):
//! `search_text`, the stems in text order (words and phrases are matched there), and
//! `search_words`, the distinct unstemmed words (prefixes are matched there). Rows
//! already imported are filled here with the same Rust function the importer uses.
//! Then each backend indexes the two columns its own way:
//!
//! - SQLite: an FTS5 table over them (external content, keyed by the recommendation
//!   id), kept in step by triggers. Its `ascii` tokenizer cuts only at ASCII
//!   punctuation and spaces, so it takes the folded words exactly as they are.
//! - PostgreSQL: `tsvector` columns generated with the `simple` configuration (no
//!   stemming or stop words of its own) and a GIN index on each.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use sea_orm_migration::prelude::*;
use uprgraph_domain::search::search_text;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Rows read and rewritten per statement while filling the new columns.
const BATCH: usize = 500;

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE recommendations_fts USING fts5(\
     search_text, search_words, content='recommendations', content_rowid='id', \
     tokenize='ascii', detail='full')",
    "CREATE TRIGGER recommendations_fts_insert AFTER INSERT ON recommendations BEGIN \
     INSERT INTO recommendations_fts(rowid, search_text, search_words) \
     VALUES (new.id, new.search_text, new.search_words); END",
    "CREATE TRIGGER recommendations_fts_delete AFTER DELETE ON recommendations BEGIN \
     INSERT INTO recommendations_fts(recommendations_fts, rowid, search_text, search_words) \
     VALUES ('delete', old.id, old.search_text, old.search_words); END",
    "CREATE TRIGGER recommendations_fts_update AFTER UPDATE OF search_text, search_words \
     ON recommendations BEGIN \
     INSERT INTO recommendations_fts(recommendations_fts, rowid, search_text, search_words) \
     VALUES ('delete', old.id, old.search_text, old.search_words); \
     INSERT INTO recommendations_fts(rowid, search_text, search_words) \
     VALUES (new.id, new.search_text, new.search_words); END",
    "INSERT INTO recommendations_fts(recommendations_fts) VALUES ('rebuild')",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER recommendations_fts_update",
    "DROP TRIGGER recommendations_fts_delete",
    "DROP TRIGGER recommendations_fts_insert",
    "DROP TABLE recommendations_fts",
];

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE recommendations ADD COLUMN search_vector tsvector \
     GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "ALTER TABLE recommendations ADD COLUMN search_words_vector tsvector \
     GENERATED ALWAYS AS (to_tsvector('simple', search_words)) STORED",
    "CREATE INDEX idx_recommendations_search_vector ON recommendations USING GIN (search_vector)",
    "CREATE INDEX idx_recommendations_search_words_vector ON recommendations \
     USING GIN (search_words_vector)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX idx_recommendations_search_words_vector",
    "DROP INDEX idx_recommendations_search_vector",
    "ALTER TABLE recommendations DROP COLUMN search_words_vector",
    "ALTER TABLE recommendations DROP COLUMN search_vector",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one ALTER action per statement.
        for column in ["search_text", "search_words"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("recommendations"))
                        .add_column(
                            ColumnDef::new(Alias::new(column))
                                .text()
                                .not_null()
                                .default(""),
                        )
                        .to_owned(),
                )
                .await?;
        }
        fill(manager.get_connection()).await?;
        let db = manager.get_connection();
        let statements = match db.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match db.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_DOWN,
            _ => SQLITE_DOWN,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        for column in ["search_words", "search_text"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("recommendations"))
                        .drop_column(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// Fills the two columns of every recommendation already in the database, in id
/// order, a batch at a time.
pub(crate) async fn fill(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut after = 0;
    loop {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    DatabaseBackend::Postgres => {
                        "SELECT id, text FROM recommendations WHERE id > $1 ORDER BY id LIMIT $2"
                    }
                    _ => "SELECT id, text FROM recommendations WHERE id > ? ORDER BY id LIMIT ?",
                },
                [after.into(), (BATCH as i64).into()],
            ))
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get::<i32>("", "id")?;
        // UPDATE … SET search_text = CASE id WHEN … THEN … END, … WHERE id IN (…).
        let mut texts = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i32 = row.try_get("", "id")?;
            let text: String = row.try_get("", "text")?;
            texts.push((id, search_text(&text)));
        }
        let mut values: Vec<Value> = Vec::new();
        let parameter = |values: &mut Vec<Value>, value: Value| {
            values.push(value);
            match backend {
                DatabaseBackend::Postgres => format!("${}", values.len()),
                _ => "?".to_owned(),
            }
        };
        let mut stems = String::from("CASE id");
        for (id, text) in &texts {
            let id = parameter(&mut values, (*id).into());
            let value = parameter(&mut values, text.stems.clone().into());
            stems.push_str(&format!(" WHEN {id} THEN {value}"));
        }
        let mut words = String::from("CASE id");
        for (id, text) in &texts {
            let id = parameter(&mut values, (*id).into());
            let value = parameter(&mut values, text.words.clone().into());
            words.push_str(&format!(" WHEN {id} THEN {value}"));
        }
        let ids: Vec<String> = texts
            .iter()
            .map(|(id, _)| parameter(&mut values, (*id).into()))
            .collect();
        let sql = format!(
            "UPDATE recommendations SET search_text = {stems} END, search_words = {words} END \
             WHERE id IN ({})",
            ids.join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
}
