//! The `arms_deliveries` table: an arms transfer's deliveries, one row per year.
//! `tiv` is thousandths of a million SIPRI TIV ([`uprgraph_domain::Tiv`]).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "arms_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub transfer_id: i32,
    pub year: i32,
    pub year_is_estimate: Option<bool>,
    pub number: Option<i32>,
    pub number_is_estimate: Option<bool>,
    pub tiv: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
