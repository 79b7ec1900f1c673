//! Indexes in list order for the children the API pages through: `(parent, id)`.
//!
//! A page of a review's recommendations is the first rows by id among those of the
//! review. On PostgreSQL each parent's page is read with its own `LIMIT` (see
//! `Store::child_pages`), and an index on `(review_id, id)` hands it those rows in
//! order, where an index on `review_id` alone makes it read and sort every
//! recommendation of the review first. (SQLite's indexes end in the row id already,
//! which is `id` here, so there the new indexes take the place of the old ones.) The
//! single-column indexes they replace are dropped: a `(parent, id)` index serves every
//! look-up by the parent as well.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each table with the parent columns whose single-column index becomes `(parent, id)`.
const REPLACED: &[(&str, &[&str])] = &[
    (
        "recommendations",
        &[
            "review_id",
            "state_under_review_id",
            "recommending_state_id",
            "dataset_id",
        ],
    ),
    ("aid_flows", &["part_of_id", "source_id", "dataset_id"]),
];

/// Each table with parent columns that get a `(parent, id)` index beside the indexes
/// they have (which lead with the parent but go on in another order).
const ADDED: &[(&str, &[&str])] = &[("aid_flows", &["donor_state_id", "recipient_state_id"])];

fn single(table: &str, column: &str) -> String {
    format!("idx_{table}_{column}")
}

fn ordered(table: &str, column: &str) -> String {
    format!("idx_{table}_{column}_id")
}

async fn create(
    manager: &SchemaManager<'_>,
    name: String,
    table: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    manager.create_index(index.to_owned()).await
}

async fn drop(manager: &SchemaManager<'_>, name: String, table: &str) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, columns) in REPLACED {
            for column in *columns {
                create(manager, ordered(table, column), table, &[column, "id"]).await?;
                drop(manager, single(table, column), table).await?;
            }
        }
        for (table, columns) in ADDED {
            for column in *columns {
                create(manager, ordered(table, column), table, &[column, "id"]).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, columns) in ADDED {
            for column in *columns {
                drop(manager, ordered(table, column), table).await?;
            }
        }
        for (table, columns) in REPLACED {
            for column in *columns {
                create(manager, single(table, column), table, &[column]).await?;
                drop(manager, ordered(table, column), table).await?;
            }
        }
        Ok(())
    }
}
