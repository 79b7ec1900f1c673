//! The `aid_flows` table.

use sea_orm::entity::prelude::*;

use super::code::{StoredAidCategory, StoredBound, StoredCurrency, StoredTransactionType};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "aid_flows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The donor when it is a state; exactly one of the two donors is set.
    pub donor_state_id: Option<i32>,
    /// The donor when it is an organisation.
    pub donor_organization_id: Option<i32>,
    pub recipient_state_id: i32,
    pub category: StoredAidCategory,
    pub transaction_type: StoredTransactionType,
    pub fiscal_year: Option<i32>,
    pub period_start: Option<Date>,
    pub period_end: Option<Date>,
    pub amount_minor: i64,
    pub currency: StoredCurrency,
    pub amount_bound: StoredBound,
    pub constant_amount_minor: Option<i64>,
    pub constant_base_year: Option<i32>,
    pub programme: Option<String>,
    pub agency: Option<String>,
    pub part_of_id: Option<i32>,
    pub source_id: Option<i32>,
    pub dataset_id: Option<i32>,
    pub note: Option<String>,
    pub source_line: Option<i32>,
    pub natural_key: Option<String>,
    pub row_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
