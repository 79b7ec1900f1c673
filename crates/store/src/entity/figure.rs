//! The `figures` table.

use sea_orm::entity::prelude::*;

use super::code::{StoredBound, StoredFigureMeasure};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "figures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub state_id: i32,
    pub measure: StoredFigureMeasure,
    pub value: i64,
    pub bound: StoredBound,
    pub period_start: Option<Date>,
    pub as_of: Option<Date>,
    pub description: String,
    pub note: Option<String>,
    pub source_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
