//! The `organization_aliases` table: the names files give organisations.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization_aliases")]
pub struct Model {
    /// The name's key (`uprgraph_domain::normalize_name`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub alias_key: String,
    pub alias: String,
    pub organization_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
