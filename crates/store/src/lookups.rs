//! Single lookups by natural key.

use sea_orm::{
    sea_query::{Expr, ExprTrait, Func, Query},
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uprgraph_domain::{normalize_name, CycleNumber, SessionNumber, StateKey};

use crate::{
    entity::{
        code::{StoredAlpha2Code, StoredStateCode},
        cycle, organization, review, session, state, state_alias, theme,
    },
    values::one_of,
    Store, StoreError,
};

impl Store {
    /// The state with this alpha-3 or alpha-2 code.
    pub async fn state_by_key(&self, key: StateKey) -> Result<Option<state::Model>, StoreError> {
        let filter = match key {
            StateKey::Alpha3(code) => state::Column::Alpha3.eq(StoredStateCode(code)),
            StateKey::Alpha2(code) => state::Column::Alpha2.eq(StoredAlpha2Code(code)),
        };
        Ok(state::Entity::find()
            .filter(filter)
            .one(self.connection())
            .await?)
    }

    /// The state known by this name or spelling (see `normalize_name`).
    pub async fn state_by_name(&self, name: &str) -> Result<Option<state::Model>, StoreError> {
        let aliases = Query::select()
            .column(state_alias::Column::StateId)
            .from(state_alias::Entity)
            .and_where(state_alias::Column::AliasKey.eq(normalize_name(name)))
            .to_owned();
        Ok(state::Entity::find()
            .filter(state::Column::Id.in_subquery(aliases))
            .one(self.connection())
            .await?)
    }

    /// The cycle with this number.
    pub async fn cycle_by_number(
        &self,
        number: CycleNumber,
    ) -> Result<Option<cycle::Model>, StoreError> {
        Ok(cycle::Entity::find()
            .filter(cycle::Column::Number.eq(i32::from(number.get())))
            .one(self.connection())
            .await?)
    }

    /// The session with this number.
    pub async fn session_by_number(
        &self,
        number: SessionNumber,
    ) -> Result<Option<session::Model>, StoreError> {
        Ok(session::Entity::find()
            .filter(session::Column::Number.eq(i32::from(number.get())))
            .one(self.connection())
            .await?)
    }

    /// The organisation with this code, in any case (`EU`, `oic`, `Commonwealth`).
    pub async fn organization_by_code(
        &self,
        code: &str,
    ) -> Result<Option<organization::Model>, StoreError> {
        Ok(organization::Entity::find()
            .filter(
                Expr::expr(Func::lower(Expr::col(organization::Column::Code)))
                    .eq(code.trim().to_lowercase()),
            )
            .one(self.connection())
            .await?)
    }

    /// The theme with this name, in any case.
    pub async fn theme_by_name(&self, name: &str) -> Result<Option<theme::Model>, StoreError> {
        Ok(theme::Entity::find()
            .filter(
                Expr::expr(Func::lower(Expr::col(theme::Column::Name)))
                    .eq(name.trim().to_lowercase()),
            )
            .one(self.connection())
            .await?)
    }

    /// A state's review in a cycle: the one that stands, i.e. that no later review
    /// replaced (Israel's cycle-2 review is the one held at session 17, not the one it
    /// refused at session 15).
    pub async fn review_of(
        &self,
        state_id: i32,
        cycle_id: i32,
    ) -> Result<Option<review::Model>, StoreError> {
        Ok(review::Entity::find()
            .filter(review::Column::StateId.eq(state_id))
            .filter(review::Column::CycleId.eq(cycle_id))
            .filter(review::Column::ReplacedById.is_null())
            .order_by_desc(review::Column::SessionId)
            .one(self.connection())
            .await?)
    }

    /// The standing review in a cycle of each of these states (see [`Store::review_of`]),
    /// in one statement: states without one are left out.
    pub async fn reviews_of(
        &self,
        state_ids: &[i32],
        cycle_id: i32,
    ) -> Result<Vec<(i32, review::Model)>, StoreError> {
        if state_ids.is_empty() {
            return Ok(Vec::new());
        }
        let state = Expr::col((review::Entity, review::Column::StateId));
        let rows = review::Entity::find()
            .filter(one_of(state, state_ids.iter().copied(), self.dialect()))
            .filter(review::Column::CycleId.eq(cycle_id))
            .filter(review::Column::ReplacedById.is_null())
            .order_by_asc(review::Column::StateId)
            .order_by_desc(review::Column::SessionId)
            .all(self.connection())
            .await?;
        let mut standing: Vec<(i32, review::Model)> = Vec::with_capacity(rows.len());
        for row in rows {
            // The first of each state's rows is its latest session's.
            if standing
                .last()
                .is_none_or(|(state, _)| *state != row.state_id)
            {
                standing.push((row.state_id, row));
            }
        }
        Ok(standing)
    }
}
