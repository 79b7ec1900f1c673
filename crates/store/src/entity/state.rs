//! The `states` table.

use sea_orm::entity::prelude::*;

use super::code::{StoredAlpha2Code, StoredStateCode, StoredUnStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "states")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub alpha3: StoredStateCode,
    pub alpha2: StoredAlpha2Code,
    pub numeric_code: String,
    pub short_name: String,
    pub official_name: String,
    pub un_status: StoredUnStatus,
    pub admitted_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
