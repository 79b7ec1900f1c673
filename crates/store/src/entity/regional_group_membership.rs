//! The `regional_group_memberships` table.

use sea_orm::entity::prelude::*;

use super::code::StoredRegionalGroup;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "regional_group_memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub state_id: i32,
    pub regional_group: StoredRegionalGroup,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
