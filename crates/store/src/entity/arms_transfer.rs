//! The `arms_transfers` table: deals of SIPRI's Arms Transfers Database. Volumes
//! (`tiv_*`) are thousandths of a million SIPRI TIV ([`uprgraph_domain::Tiv`]).

use sea_orm::entity::prelude::*;

use super::code::StoredArmsStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "arms_transfers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub dataset_id: i32,
    pub supplier_state_id: i32,
    pub recipient_state_id: i32,
    pub sipri_id: Option<i64>,
    pub order_year: i32,
    pub order_year_is_estimate: bool,
    pub number_ordered: Option<i32>,
    pub number_ordered_is_estimate: bool,
    pub designation: String,
    pub description: String,
    pub armament_category: Option<String>,
    pub status: StoredArmsStatus,
    pub comments: Option<String>,
    pub tiv_per_unit: Option<i64>,
    pub tiv_sipri_estimate: Option<i64>,
    pub tiv_order: Option<i64>,
    pub number_delivered: Option<i32>,
    pub number_delivered_is_estimate: bool,
    pub tiv_delivered: Option<i64>,
    pub local_production: Option<bool>,
    pub source_line: Option<i32>,
    pub natural_key: String,
    pub row_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
