//! uprgraph's migrations: the schema, then the reference data and the documented
//! facts the server ships with. They run on SQLite and PostgreSQL alike, with no
//! network. An applied migration is never edited: a correction is a new migration.

use sea_orm::TransactionTrait;
pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_tables;
mod m20261127_000002_seed_reference_data;
mod m20261127_000003_seed_documented_facts;
mod m20261128_000004_add_recommendation_search;
mod m20261128_000005_add_recommendation_terms;
mod m20261128_000006_add_state_name_key;
mod m20261201_000001_add_data_version;
mod m20261202_000001_add_child_order_indexes;
mod m20261202_000010_refold_recommendation_search;
mod m20261202_000011_seed_treaty_names;
mod m20261202_000012_refold_op_iccpr;
mod m20261206_000201_create_arms_transfers;
mod m20261206_000202_add_sipri_state_aliases;
mod m20261206_000301_add_data_version_stamp;
mod m20261206_000401_fill_aid_flow_sources;
mod m20261206_000402_add_oecd_state_aliases;
mod m20261206_000501_add_recommendation_paragraph;
mod m20261206_000502_drop_recommendation_terms_foreign_key;
mod m20261207_000601_keep_recommendation_terms_in_ranked_order;
mod m20261207_000701_add_aid_from_organizations;
mod m20261208_000801_number_search_stems;
mod seed;

/// Writes the stored relevances (`recommendation_terms`) of the recommendations whose id
/// is greater than `after`, from their folded text, numbering the stems `search_stems`
/// lacks, as the importer does: for rows written other than by the importer, such as
/// the benchmarks' synthetic copies.
pub async fn store_relevances_after(
    db: &sea_orm::DatabaseConnection,
    after: i32,
) -> Result<(), DbErr> {
    // One transaction, so that SQLite does not commit (and sync) every batch.
    let txn = db.begin().await?;
    let manager = SchemaManager::new(&txn);
    m20261208_000801_number_search_stems::fill_after(manager.get_connection(), after).await?;
    txn.commit().await
}

/// The ordered list of uprgraph's migrations.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let migrations: Vec<Box<dyn MigrationTrait>> = vec![
            Box::new(m20261127_000001_create_tables::Migration),
            Box::new(m20261127_000002_seed_reference_data::Migration),
            Box::new(m20261127_000003_seed_documented_facts::Migration),
            Box::new(m20261128_000004_add_recommendation_search::Migration),
            Box::new(m20261128_000005_add_recommendation_terms::Migration),
            Box::new(m20261128_000006_add_state_name_key::Migration),
            Box::new(m20261201_000001_add_data_version::Migration),
            Box::new(m20261202_000001_add_child_order_indexes::Migration),
            Box::new(m20261202_000010_refold_recommendation_search::Migration),
            Box::new(m20261202_000011_seed_treaty_names::Migration),
            Box::new(m20261202_000012_refold_op_iccpr::Migration),
            Box::new(m20261206_000201_create_arms_transfers::Migration),
            Box::new(m20261206_000202_add_sipri_state_aliases::Migration),
            Box::new(m20261206_000301_add_data_version_stamp::Migration),
            Box::new(m20261206_000401_fill_aid_flow_sources::Migration),
            Box::new(m20261206_000402_add_oecd_state_aliases::Migration),
            Box::new(m20261206_000501_add_recommendation_paragraph::Migration),
            Box::new(m20261206_000502_drop_recommendation_terms_foreign_key::Migration),
            Box::new(m20261207_000601_keep_recommendation_terms_in_ranked_order::Migration),
            Box::new(m20261207_000701_add_aid_from_organizations::Migration),
            Box::new(m20261208_000801_number_search_stems::Migration),
        ];
        migrations
            .into_iter()
            .map(|migration| Box::new(AllOrNothing(migration)) as Box<dyn MigrationTrait>)
            .collect()
    }
}

/// A migration run in one transaction with the record that it ran, on every backend.
/// sea-orm-migration does that on PostgreSQL only: on SQLite a process killed part-way
/// through a migration left its first tables and rows, without the record, and every
/// later start failed on them ("table states already exists"). SQLite's schema changes
/// are transactional, so there a killed migration now leaves nothing, and the next
/// start runs it again from the beginning.
struct AllOrNothing(Box<dyn MigrationTrait>);

impl MigrationName for AllOrNothing {
    fn name(&self) -> &str {
        self.0.name()
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AllOrNothing {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.up(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.down(manager).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
