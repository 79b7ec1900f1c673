//! The `recommendations` table.

use sea_orm::entity::prelude::*;

use super::code::{StoredActionCategory, StoredResponse};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recommendations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub review_id: i32,
    pub state_under_review_id: i32,
    pub recommending_state_id: Option<i32>,
    pub text: String,
    pub response: StoredResponse,
    pub action_category: Option<StoredActionCategory>,
    pub dataset_id: Option<i32>,
    pub source_line: Option<i32>,
    pub document_symbol: Option<String>,
    /// The paragraph of the document that records it (`166.6`), where the source gives it.
    pub paragraph: Option<String>,
    pub published_on: Option<Date>,
    pub natural_key: String,
    pub row_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
