//! The `sources` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sources")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub key: Option<String>,
    pub title: String,
    pub publisher: String,
    pub publisher_organization_id: Option<i32>,
    pub url: Option<String>,
    pub published_on: Option<Date>,
    pub document_symbol: Option<String>,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
