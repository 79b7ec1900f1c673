//! Every aid figure names its source: a figure imported without a publication of its
//! own (ForeignAssistance.gov's, a generic aid CSV row without `source_title`) now has
//! its dataset's source, as the importer writes it from now on. Aid sums are kept apart
//! by source, so that two sources' reports of the same money are never added; a figure
//! without one would have formed a group of its own.

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AidFlows {
    Table,
    SourceId,
    DatasetId,
}

#[derive(DeriveIden)]
enum Datasets {
    Table,
    Id,
    SourceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let dataset_source = Query::select()
            .column((Datasets::Table, Datasets::SourceId))
            .from(Datasets::Table)
            .and_where(
                Expr::col((Datasets::Table, Datasets::Id))
                    .equals((AidFlows::Table, AidFlows::DatasetId)),
            )
            .to_owned();
        let update = Query::update()
            .table(AidFlows::Table)
            .value(
                AidFlows::SourceId,
                Expr::expr(SimpleExpr::SubQuery(
                    None,
                    Box::new(dataset_source.into_sub_query_statement()),
                )),
            )
            .and_where(Expr::col(AidFlows::SourceId).is_null())
            .and_where(Expr::col(AidFlows::DatasetId).is_not_null())
            .to_owned();
        manager.get_connection().execute(&update).await?;
        Ok(())
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        // Which figures had no source of their own is not kept: going down leaves them
        // with their dataset's, which says the same.
        Ok(())
    }
}
