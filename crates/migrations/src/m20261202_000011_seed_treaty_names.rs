//! The names of the core international human-rights instruments, their optional
//! protocols and monitoring bodies, and the Rome Statute and its court, by short name
//! (acronym) and full name: `data/treaty_names.csv`, with its sources in
//! `data/README.md`. A search for either name of one also looks for the other; the
//! domain reads the same file (`uprgraph_domain::search::treaty_names`), and this
//! table keeps it in the database beside the index it applies to.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use sea_orm_migration::prelude::*;
use uprgraph_domain::search::treaty_names;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CREATE: &str = "CREATE TABLE treaty_names (\
     id INTEGER NOT NULL PRIMARY KEY, \
     short TEXT NOT NULL, \
     name TEXT NOT NULL, \
     kind TEXT NOT NULL CHECK (kind IN ('instrument', 'body')), \
     UNIQUE (short, name))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        db.execute_unprepared(CREATE).await?;
        let mut values: Vec<Value> = Vec::new();
        let mut rows = Vec::new();
        for (i, name) in treaty_names().iter().enumerate() {
            let mut row = Vec::new();
            for value in [
                Value::from(<i32 as TryFrom<usize>>::try_from(i + 1).unwrap_or(i32::MAX)),
                name.short.clone().into(),
                name.name.clone().into(),
                name.kind.clone().into(),
            ] {
                values.push(value);
                row.push(match backend {
                    DatabaseBackend::Postgres => format!("${}", values.len()),
                    _ => "?".to_owned(),
                });
            }
            rows.push(format!("({})", row.join(", ")));
        }
        let sql = format!(
            "INSERT INTO treaty_names (id, short, name, kind) VALUES {}",
            rows.join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE treaty_names")
            .await?;
        Ok(())
    }
}
