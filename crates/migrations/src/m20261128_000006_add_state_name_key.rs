//! A sort key for state names: `states.name_key`, the short name as
//! `uprgraph_domain::normalize_name` folds it (lower case, no diacritics, no leading
//! "the"). Lists ordered by a state's name sort by it, so that `Côte d'Ivoire` comes
//! before `Croatia` and `Türkiye` before `Turkmenistan` on both backends, whatever
//! collation the database was created with.
//!
//! States are reference data: the seed migration inserts them all. A later migration
//! that adds a state must fill its `name_key` too.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use sea_orm_migration::prelude::*;
use uprgraph_domain::normalize_name;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("states"))
                    .add_column(
                        ColumnDef::new(Alias::new("name_key"))
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, short_name FROM states",
            ))
            .await?;
        let update = match backend {
            DatabaseBackend::Postgres => "UPDATE states SET name_key = $1 WHERE id = $2",
            _ => "UPDATE states SET name_key = ? WHERE id = ?",
        };
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let name: String = row.try_get("", "short_name")?;
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                update,
                [normalize_name(&name).into(), id.into()],
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("states"))
                    .drop_column(Alias::new("name_key"))
                    .to_owned(),
            )
            .await
    }
}
