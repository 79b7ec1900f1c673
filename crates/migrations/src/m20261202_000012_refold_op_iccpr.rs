//! Refolds the search index for two closed compounds added to the vocabulary
//! (`crates/domain/data/search/compounds.csv`): `OPICCPR` (written `OP-ICCPR` as well)
//! and `ICCPROP` (`ICCPR-OP`), so that a search for `ICCPR` finds the texts that close
//! them up, as it finds `OP-ICCPR` and `ICCPR-OP 2`. The refolding is that of
//! [`m20261202_000010_refold_recommendation_search`](crate::m20261202_000010_refold_recommendation_search).

use sea_orm_migration::prelude::*;

use crate::m20261202_000010_refold_recommendation_search::refold;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        refold(manager).await
    }

    /// As for the refolding before: going down keeps the index folded as now.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
