//! The spellings OECD's DAC Table 2a uses for member and observer states that the
//! reference data did not yet know, so that its files resolve every state they name as
//! a donor or a recipient (`data/oecd_state_aliases.csv`, with where each spelling is
//! found). Names OECD gives to what is not a member or observer state (`Kosovo`,
//! `Chinese Taipei`, `Hong Kong (China)`, territories) are deliberately not aliases.

use sea_orm::DbErr;
use sea_orm_migration::prelude::*;

use crate::seed::{add_state_aliases, remove_state_aliases};

#[derive(DeriveMigrationName)]
pub struct Migration;

const FILE: &str = "oecd_state_aliases.csv";
const CONTENTS: &str = include_str!("../data/oecd_state_aliases.csv");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_state_aliases(manager.get_connection(), FILE, CONTENTS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        remove_state_aliases(manager.get_connection(), FILE, CONTENTS).await
    }
}
