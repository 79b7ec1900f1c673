//! Refolds the search index with the vocabularies of `uprgraph_domain::search`
//! (irregular plurals, spelling variants of UN English, closed compounds, derived
//! forms): every recommendation's `search_text` and `search_words` are made again
//! from its text with the folding now in force, and `recommendation_terms` with them,
//! so that the stored relevances stay those the SQL computes. The FTS5 triggers
//! (SQLite) and the generated `tsvector` columns (PostgreSQL) follow the columns.
//!
//! A later change of the folding rules is a migration like this one: the stored
//! index is only ever made by the domain's folding, so refolding is enough.

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

use crate::{
    m20261128_000004_add_recommendation_search, m20261128_000005_add_recommendation_terms,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Folds every text again and rewrites its stored terms.
pub(crate) async fn refold(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    m20261128_000004_add_recommendation_search::fill(db).await?;
    db.execute_unprepared("DELETE FROM recommendation_terms")
        .await?;
    m20261128_000005_add_recommendation_terms::fill(db).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        refold(manager).await
    }

    /// The folding of before lives only in the code of before: going down keeps the
    /// index folded as now, which the code of before searches as well as it can (its
    /// queries are folded without the vocabularies). Going up again refolds.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
