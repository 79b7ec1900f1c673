//! Arms transfers summed: SIPRI TIV delivered, grouped by any of a deal's dimensions
//! and always by dataset (two exports of SIPRI's database hold the same deals, so a
//! sum never adds one to the other), and set beside recommendations: for reviews, the
//! arms between each recommending state and the state under review in the years
//! before the review; for suppliers, the states they armed and what those states
//! recommended to them. Each in a fixed number of grouped statements, whatever the
//! number of parents.
//!
//! A sum counts deliveries, one per deal and year. The trade register does not split
//! a deal delivered over several years by year, so such a delivery has no TIV of its
//! own: a sum counts it in `deliveries_without_tiv`, and its TIV is then a lower bound.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use sea_orm::{
    sea_query::{Expr, ExprTrait, Func, Query, SelectStatement},
    ColumnTrait, Condition, ConnectionTrait, DeriveIden, FromQueryResult, IdenStatic, QueryResult,
};
use uprgraph_domain::Tiv;

use crate::{
    entity::{arms_delivery, arms_transfer, review},
    stats::{group_by, Measure},
    values::one_of,
    Filter, RecommendationCounts, Store, StoreError,
};

/// What arms transfers can be summed by (and always by dataset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArmsDimension {
    Supplier,
    Recipient,
    DeliveryYear,
    OrderYear,
    ArmamentCategory,
}

impl ArmsDimension {
    /// Every dimension, in the order groups are sorted by them.
    const ALL: [Self; 5] = [
        Self::Supplier,
        Self::Recipient,
        Self::DeliveryYear,
        Self::OrderYear,
        Self::ArmamentCategory,
    ];

    /// The column grouped by, read back by its name.
    fn column(self) -> Expr {
        match self {
            Self::Supplier => arms_transfer::Column::SupplierStateId.into_expr(),
            Self::Recipient => arms_transfer::Column::RecipientStateId.into_expr(),
            Self::DeliveryYear => arms_delivery::Column::Year.into_expr(),
            Self::OrderYear => arms_transfer::Column::OrderYear.into_expr(),
            Self::ArmamentCategory => arms_transfer::Column::ArmamentCategory.into_expr(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Supplier => arms_transfer::Column::SupplierStateId.as_str(),
            Self::Recipient => arms_transfer::Column::RecipientStateId.as_str(),
            Self::DeliveryYear => arms_delivery::Column::Year.as_str(),
            Self::OrderYear => arms_transfer::Column::OrderYear.as_str(),
            Self::ArmamentCategory => arms_transfer::Column::ArmamentCategory.as_str(),
        }
    }

    fn read(self, row: &QueryResult, key: &mut ArmsGroupKey) -> Result<(), sea_orm::DbErr> {
        let name = self.name();
        match self {
            Self::Supplier => key.supplier = row.try_get("", name)?,
            Self::Recipient => key.recipient = row.try_get("", name)?,
            Self::DeliveryYear => key.delivery_year = row.try_get("", name)?,
            Self::OrderYear => key.order_year = row.try_get("", name)?,
            Self::ArmamentCategory => key.armament_category = row.try_get("", name)?,
        }
        Ok(())
    }
}

/// The values one group of deliveries shares; a dimension not grouped by is `None`
/// (and so is an armament category the layout does not give).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArmsGroupKey {
    /// The dataset the deals come from: always grouped by.
    pub dataset: i32,
    pub supplier: Option<i32>,
    pub recipient: Option<i32>,
    pub delivery_year: Option<i32>,
    pub order_year: Option<i32>,
    pub armament_category: Option<String>,
}

/// The SIPRI TIV of a group of deliveries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArmsSum {
    /// The TIV of the deliveries that have one, exact.
    pub tiv: Tiv,
    /// Deliveries summed (a deal's delivery in one year).
    pub deliveries: i64,
    /// Deliveries without a TIV of their own (years of a deal the register does not
    /// split): the group's true TIV is then more than, or as much as, `tiv`.
    pub deliveries_without_tiv: i64,
    /// Deals the deliveries belong to.
    pub deals: i64,
}

impl ArmsSum {
    fn add(&mut self, other: &Self) {
        self.tiv = self.tiv + other.tiv;
        self.deliveries += other.deliveries;
        self.deliveries_without_tiv += other.deliveries_without_tiv;
        self.deals += other.deals;
    }
}

/// One group of deliveries and its SIPRI TIV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmsTotal {
    pub key: ArmsGroupKey,
    pub sum: ArmsSum,
}

/// The names of the columns [`ArmsSum`]'s measure adds.
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Summed {
    Tiv,
    Deliveries,
    WithoutTiv,
    Deals,
}

/// The columns of an arms sum, as read.
#[derive(Debug, FromQueryResult)]
struct ArmsSumColumns {
    tiv: Option<i64>,
    deliveries: i64,
    without_tiv: i64,
    deals: i64,
}

impl From<ArmsSumColumns> for ArmsSum {
    fn from(columns: ArmsSumColumns) -> Self {
        Self {
            tiv: Tiv::from_thousandths(columns.tiv.unwrap_or(0)),
            deliveries: columns.deliveries,
            deliveries_without_tiv: columns.without_tiv,
            deals: columns.deals,
        }
    }
}

impl Measure for ArmsSum {
    /// The group's TIV. SUM of BIGINT is NUMERIC on PostgreSQL; the cast keeps it an
    /// exact integer on both backends, and a group without any TIV ranks as zero.
    fn total() -> Expr {
        Expr::expr(Func::coalesce([
            Expr::expr(Func::sum(arms_delivery::Column::Tiv.into_expr())).cast_as("BIGINT"),
            Expr::val(0i64),
        ]))
    }

    /// Adds the sum's columns to a grouped select of deliveries joined to their deals.
    fn select(select: &mut SelectStatement) {
        select
            .expr_as(Self::total(), Summed::Tiv)
            .expr_as(
                Func::count(arms_delivery::Column::Id.into_expr()),
                Summed::Deliveries,
            )
            .expr_as(
                Func::count(Expr::case(arms_delivery::Column::Tiv.is_null(), 1)),
                Summed::WithoutTiv,
            )
            .expr_as(
                Func::count_distinct(arms_transfer::Column::Id.into_expr()),
                Summed::Deals,
            );
    }

    fn columns() -> Vec<String> {
        [
            Summed::Tiv,
            Summed::Deliveries,
            Summed::WithoutTiv,
            Summed::Deals,
        ]
        .map(|c| sea_orm::sea_query::Iden::to_string(&c))
        .into()
    }
}

/// The deliveries of the deals that pass `filter`, joined to their deals, in the
/// filter's own delivery years.
fn deliveries(filter: &Filter, store: &Store) -> SelectStatement {
    let mut select = Query::select();
    select
        .from(arms_delivery::Entity)
        .inner_join(
            arms_transfer::Entity,
            arms_transfer::Column::Id
                .into_expr()
                .equals(arms_delivery::Column::TransferId),
        )
        .cond_where(filter.condition(store.dialect()));
    if let Filter::ArmsTransfers(filter) = filter {
        if let Some(years) = filter.delivery_years() {
            select.cond_where(years);
        }
    }
    select
}

/// The SIPRI TIV between two states (supplier to recipient) from one dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairArms {
    pub dataset: i32,
    pub supplier: i32,
    pub recipient: i32,
    pub sum: ArmsSum,
}

/// The arms between the state under review and the states that recommended to it, in
/// the years before the review.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewArms {
    /// The years summed, first and last; `None` when the review has no date.
    pub years: Option<(i32, i32)>,
    /// Deliveries to and from the state under review in those years, by counterpart
    /// and dataset.
    pub pairs: Vec<PairArms>,
}

/// A state a supplier armed, with what it recommended to the supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmedState {
    pub state: i32,
    /// The TIV delivered, one sum per dataset.
    pub arms: Vec<PairArms>,
    pub recommendations_to_supplier: RecommendationCounts,
}

/// A row of deliveries between two states in a year, summed.
#[derive(FromQueryResult)]
struct PairYearRow {
    dataset_id: i32,
    supplier_state_id: i32,
    recipient_state_id: i32,
    year: i32,
    #[sea_orm(nested)]
    sum: ArmsSumColumns,
}

impl Store {
    /// Sums the SIPRI TIV delivered under the deals that pass `filter` (in its own
    /// delivery years, if it names any), grouped by `dimensions` and always by dataset,
    /// largest first, at most `cap` groups.
    pub async fn arms_totals(
        &self,
        filter: &Filter,
        dimensions: &[ArmsDimension],
        cap: u64,
    ) -> Result<Vec<ArmsTotal>, StoreError> {
        let dimensions: Vec<ArmsDimension> = ArmsDimension::ALL
            .into_iter()
            .filter(|d| dimensions.contains(d))
            .collect();
        let mut select = deliveries(filter, self);
        let dataset = arms_transfer::Column::DatasetId;
        group_by(&mut select, [dataset]);
        for dimension in &dimensions {
            select
                .expr(dimension.column())
                .add_group_by([dimension.column()]);
        }
        let keys = std::iter::once(dataset.into_expr())
            .chain(dimensions.iter().map(|d| d.column()))
            .collect();
        // Summed as a whole, never per parent: read at once, by the columns' own names.
        self.groups::<ArmsSum>(select, None, keys, Vec::new(), cap)
            .await?
            .rows
            .iter()
            .map(|row| {
                let mut key = ArmsGroupKey {
                    dataset: row.try_get("", dataset.as_str())?,
                    ..ArmsGroupKey::default()
                };
                for dimension in &dimensions {
                    dimension.read(row, &mut key)?;
                }
                Ok(ArmsTotal {
                    key,
                    sum: ArmsSumColumns::from_query_result(row, "")?.into(),
                })
            })
            .collect()
    }

    /// Deliveries summed by dataset, supplier, recipient and year, for the deals that
    /// pass `pairs` and `filter`, in `years` (first and last) if given.
    async fn pair_years(
        &self,
        filter: &Filter,
        pairs: Condition,
        years: Option<(i32, i32)>,
    ) -> Result<Vec<(i32, PairArms)>, StoreError> {
        let mut select = deliveries(filter, self);
        select.cond_where(pairs);
        if let Some((first, last)) = years {
            select.and_where(arms_delivery::Column::Year.between(first, last));
        }
        group_by(
            &mut select,
            [
                arms_transfer::Column::DatasetId,
                arms_transfer::Column::SupplierStateId,
                arms_transfer::Column::RecipientStateId,
            ],
        );
        group_by(&mut select, [arms_delivery::Column::Year]);
        ArmsSum::select(&mut select);
        self.connection()
            .query_all(&select)
            .await?
            .iter()
            .map(|row| {
                let row = PairYearRow::from_query_result(row, "")?;
                Ok((
                    row.year,
                    PairArms {
                        dataset: row.dataset_id,
                        supplier: row.supplier_state_id,
                        recipient: row.recipient_state_id,
                        sum: row.sum.into(),
                    },
                ))
            })
            .collect()
    }

    /// For each review, the arms delivered to and from the state under review in the
    /// `years_before` years before the review (the year it was held, or else
    /// scheduled, left out), by counterpart and dataset. A review with no date has no
    /// years and no arms. Two statements for any number of reviews.
    pub async fn arms_before_reviews(
        &self,
        reviews: &[i32],
        years_before: i32,
    ) -> Result<HashMap<i32, ReviewArms>, StoreError> {
        let dialect = self.dialect();
        let select = Query::select()
            .columns([
                review::Column::Id,
                review::Column::StateId,
                review::Column::HeldOn,
                review::Column::ScheduledOn,
            ])
            .from(review::Entity)
            .and_where(one_of(
                review::Column::Id.into_expr(),
                reviews.iter().copied(),
                dialect,
            ))
            .to_owned();
        let mut windows: Vec<(i32, i32, (i32, i32))> = Vec::new();
        let mut out: HashMap<i32, ReviewArms> = HashMap::new();
        for row in self.connection().query_all(&select).await? {
            let id: i32 = row.try_get("", review::Column::Id.as_str())?;
            let state: i32 = row.try_get("", review::Column::StateId.as_str())?;
            let held: Option<chrono::NaiveDate> =
                row.try_get("", review::Column::HeldOn.as_str())?;
            let scheduled: Option<chrono::NaiveDate> =
                row.try_get("", review::Column::ScheduledOn.as_str())?;
            let years = held
                .or(scheduled)
                .map(|day| (day.year() - years_before, day.year() - 1));
            out.insert(
                id,
                ReviewArms {
                    years,
                    pairs: Vec::new(),
                },
            );
            if let Some(years) = years {
                windows.push((id, state, years));
            }
        }
        let (Some(first), Some(last)) = (
            windows.iter().map(|w| w.2 .0).min(),
            windows.iter().map(|w| w.2 .1).max(),
        ) else {
            return Ok(out);
        };
        let states: Vec<i32> = windows.iter().map(|w| w.1).collect();
        let pairs = Condition::any()
            .add(one_of(
                arms_transfer::Column::SupplierStateId.into_expr(),
                states.iter().copied(),
                dialect,
            ))
            .add(one_of(
                arms_transfer::Column::RecipientStateId.into_expr(),
                states.iter().copied(),
                dialect,
            ));
        let found = self
            .pair_years(&Filter::All, pairs, Some((first, last)))
            .await?;
        for (review, state, (from, to)) in windows {
            let mut sums: BTreeMap<(i32, i32, i32), ArmsSum> = BTreeMap::new();
            for (year, pair) in &found {
                if (from..=to).contains(year) && (pair.supplier == state || pair.recipient == state)
                {
                    sums.entry((pair.supplier, pair.recipient, pair.dataset))
                        .or_default()
                        .add(&pair.sum);
                }
            }
            if let Some(arms) = out.get_mut(&review) {
                arms.pairs = sums
                    .into_iter()
                    .map(|((supplier, recipient, dataset), sum)| PairArms {
                        dataset,
                        supplier,
                        recipient,
                        sum,
                    })
                    .collect();
            }
        }
        Ok(out)
    }

    /// For each supplier, the states it delivered arms to under deals that pass `filter`
    /// (in the filter's delivery years), with the TIV per dataset and what each of them
    /// recommended to the supplier in its reviews. Largest TIV first. Two statements
    /// for any number of suppliers.
    pub async fn armed_states(
        &self,
        suppliers: &[i32],
        filter: &Filter,
    ) -> Result<HashMap<i32, Vec<ArmedState>>, StoreError> {
        let dialect = self.dialect();
        let pairs = Condition::all().add(one_of(
            arms_transfer::Column::SupplierStateId.into_expr(),
            suppliers.iter().copied(),
            dialect,
        ));
        let found = self.pair_years(filter, pairs, None).await?;
        if found.is_empty() {
            return Ok(HashMap::new());
        }
        let recommended = self.recommended_to(suppliers).await?;
        let mut sums: BTreeMap<(i32, i32, i32), ArmsSum> = BTreeMap::new();
        for (_, pair) in &found {
            sums.entry((pair.supplier, pair.recipient, pair.dataset))
                .or_default()
                .add(&pair.sum);
        }
        let mut out: HashMap<i32, Vec<ArmedState>> = HashMap::new();
        for ((supplier, recipient, dataset), sum) in sums {
            let list = out.entry(supplier).or_default();
            let pair = PairArms {
                dataset,
                supplier,
                recipient,
                sum,
            };
            match list.iter_mut().find(|s| s.state == recipient) {
                Some(armed) => armed.arms.push(pair),
                None => list.push(ArmedState {
                    state: recipient,
                    arms: vec![pair],
                    recommendations_to_supplier: recommended
                        .get(&(supplier, recipient))
                        .copied()
                        .unwrap_or_default(),
                }),
            }
        }
        for list in out.values_mut() {
            let largest = |s: &ArmedState| s.arms.iter().map(|a| a.sum.tiv).max();
            list.sort_by(|a, b| largest(b).cmp(&largest(a)).then(a.state.cmp(&b.state)));
        }
        Ok(out)
    }
}
