//! The spellings SIPRI's Arms Transfers Database uses for member states that the
//! reference data did not yet know, so that its exports resolve every state they
//! name (`data/sipri_state_aliases.csv`, with where each spelling is found).
//! SIPRI's other spellings (`Turkiye`, `Viet Nam`, `UAE`, `DR Congo`,
//! `Bosnia-Herzegovina`, `eSwatini`, ...) were known already.

use sea_orm::DbErr;
use sea_orm_migration::prelude::*;

use crate::seed::{add_state_aliases, remove_state_aliases};

#[derive(DeriveMigrationName)]
pub struct Migration;

const FILE: &str = "sipri_state_aliases.csv";
const CONTENTS: &str = include_str!("../data/sipri_state_aliases.csv");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_state_aliases(manager.get_connection(), FILE, CONTENTS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        remove_state_aliases(manager.get_connection(), FILE, CONTENTS).await
    }
}
