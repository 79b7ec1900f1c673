//! The `states` table.

use sea_orm::entity::prelude::*;

use super::code::StoredUnStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "states")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub alpha3: String,
    pub alpha2: String,
    pub numeric_code: String,
    pub short_name: String,
    pub official_name: String,
    pub un_status: StoredUnStatus,
    pub admitted_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
