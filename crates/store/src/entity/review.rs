//! The `reviews` table.

use sea_orm::entity::prelude::*;

use super::code::StoredReviewStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub state_id: i32,
    pub cycle_id: i32,
    pub session_id: i32,
    pub status: StoredReviewStatus,
    pub scheduled_on: Option<Date>,
    pub held_on: Option<Date>,
    pub replaced_by_id: Option<i32>,
    pub outcome_symbol: Option<String>,
    pub source_id: Option<i32>,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
