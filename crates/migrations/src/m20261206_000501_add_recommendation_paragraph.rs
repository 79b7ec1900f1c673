//! A recommendation's paragraph in the document that records it (`166.6` of a working
//! group report): UHRI's export writes it at the start of each recommendation's text,
//! and a citation needs it. The column is empty for recommendations whose source does
//! not give it (UPR Info's exports); a UHRI file imported before this migration fills it
//! when imported again (its rows then change, as their text loses the number).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recommendations {
    Table,
    Paragraph,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Recommendations::Table)
                    .add_column(ColumnDef::new(Recommendations::Paragraph).text().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Recommendations::Table)
                    .drop_column(Recommendations::Paragraph)
                    .to_owned(),
            )
            .await
    }
}
