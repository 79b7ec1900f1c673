//! The data version's stamp: random hexadecimal digits written with the version, here
//! and at every raise of it, so that an answer named by the version and the stamp
//! names the database it came from. Two databases reach the same version (one rebuilt
//! from other files, two servers' behind one load balancer), never the same stamp.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DataVersion {
    Table,
    Stamp,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DataVersion::Table)
                    .add_column(
                        ColumnDef::new(DataVersion::Stamp)
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let random = match db.get_database_backend() {
            DatabaseBackend::Postgres => "replace(gen_random_uuid()::text, '-', '')",
            _ => "lower(hex(randomblob(16)))",
        };
        db.execute_raw(Statement::from_string(
            db.get_database_backend(),
            format!("UPDATE data_version SET stamp = {random}"),
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DataVersion::Table)
                    .drop_column(DataVersion::Stamp)
                    .to_owned(),
            )
            .await
    }
}
