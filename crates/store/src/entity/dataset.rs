//! The `datasets` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "datasets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub format: String,
    pub checksum: String,
    pub row_count: i64,
    pub imported_at: DateTimeWithTimeZone,
    pub licence: Option<String>,
    pub source_id: Option<i32>,
    /// The day the file says it was generated, where it says (SIPRI's exports do).
    pub generated_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
