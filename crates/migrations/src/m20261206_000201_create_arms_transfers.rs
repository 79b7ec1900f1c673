//! Arms transfers from SIPRI's Arms Transfers Database: one row per deal
//! (`arms_transfers`) and one per deal and year of delivery (`arms_deliveries`), and
//! the day an export was generated, which SIPRI writes above its table
//! (`datasets.generated_on`).
//!
//! Volumes are SIPRI trend-indicator values (TIV), a measure of military capability
//! and not money: stored as integer thousandths of a million TIV (`tiv_*`, BIGINT),
//! exact on both backends, in columns of their own that no money column is ever added
//! to. What SIPRI marks uncertain (`?` in the register, `Yes` in an "is estimate"
//! column) is kept in a flag beside its value.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ArmsTransfers {
    Table,
    Id,
    DatasetId,
    SupplierStateId,
    RecipientStateId,
    SipriId,
    OrderYear,
    OrderYearIsEstimate,
    NumberOrdered,
    NumberOrderedIsEstimate,
    Designation,
    Description,
    ArmamentCategory,
    Status,
    Comments,
    TivPerUnit,
    TivSipriEstimate,
    TivOrder,
    NumberDelivered,
    NumberDeliveredIsEstimate,
    TivDelivered,
    LocalProduction,
    SourceLine,
    NaturalKey,
    RowHash,
}

#[derive(DeriveIden, Clone, Copy)]
enum ArmsDeliveries {
    Table,
    Id,
    TransferId,
    Year,
    YearIsEstimate,
    Number,
    NumberIsEstimate,
    Tiv,
}

#[derive(DeriveIden, Clone, Copy)]
enum Datasets {
    Table,
    Id,
    GeneratedOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum States {
    Table,
    Id,
}

/// Indexes: `(parent, id)` for the lists the API pages through, and the columns
/// filters and groupings read.
const INDEXES: &[(&str, &[&str])] = &[
    ("arms_transfers", &["supplier_state_id", "id"]),
    ("arms_transfers", &["recipient_state_id", "id"]),
    ("arms_transfers", &["dataset_id", "id"]),
    ("arms_transfers", &["order_year"]),
    ("arms_transfers", &["sipri_id"]),
    ("arms_deliveries", &["transfer_id", "id"]),
    ("arms_deliveries", &["year"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ArmsTransfers as T;
        manager
            .alter_table(
                Table::alter()
                    .table(Datasets::Table)
                    .add_column(date_null(Datasets::GeneratedOn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(pk_auto(T::Id))
                    .col(integer(T::DatasetId))
                    .col(integer(T::SupplierStateId))
                    .col(integer(T::RecipientStateId))
                    .col(big_integer_null(T::SipriId))
                    .col(integer(T::OrderYear))
                    .col(boolean(T::OrderYearIsEstimate))
                    .col(integer_null(T::NumberOrdered))
                    .col(boolean(T::NumberOrderedIsEstimate))
                    .col(text(T::Designation))
                    .col(text(T::Description))
                    .col(string_null(T::ArmamentCategory))
                    .col(string(T::Status))
                    .col(text_null(T::Comments))
                    .col(big_integer_null(T::TivPerUnit))
                    .col(big_integer_null(T::TivSipriEstimate))
                    .col(big_integer_null(T::TivOrder))
                    .col(integer_null(T::NumberDelivered))
                    .col(boolean(T::NumberDeliveredIsEstimate))
                    .col(big_integer_null(T::TivDelivered))
                    .col(boolean_null(T::LocalProduction))
                    .col(integer_null(T::SourceLine))
                    .col(string(T::NaturalKey).unique_key())
                    .col(string(T::RowHash))
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::DatasetId)
                            .to(Datasets::Table, Datasets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::SupplierStateId)
                            .to(States::Table, States::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::RecipientStateId)
                            .to(States::Table, States::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        use ArmsDeliveries as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(pk_auto(D::Id))
                    .col(integer(D::TransferId))
                    .col(integer(D::Year))
                    .col(boolean_null(D::YearIsEstimate))
                    .col(integer_null(D::Number))
                    .col(boolean_null(D::NumberIsEstimate))
                    .col(big_integer_null(D::Tiv))
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::TransferId)
                            .to(T::Table, T::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (table, columns) in INDEXES {
            let mut index = Index::create();
            index
                .name(format!("idx_{table}_{}", columns.join("_")))
                .table(Alias::new(*table));
            for column in *columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ArmsDeliveries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ArmsTransfers::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Datasets::Table)
                    .drop_column(Datasets::GeneratedOn)
                    .to_owned(),
            )
            .await
    }
}
