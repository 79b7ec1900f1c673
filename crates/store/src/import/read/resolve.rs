//! Resolving what files call states and sessions to rows, from tables read once
//! per import.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, EntityTrait};
use uprgraph_domain::{normalize_name, Alpha2Code, OrganizationKind, StateCode, StateKey};

use crate::{
    entity::{organization, organization_alias, session, state, state_alias},
    StoreError,
};

/// The states by every name and code, and the sessions by number.
#[derive(Debug)]
pub(crate) struct Resolver {
    by_name: HashMap<String, i32>,
    by_alpha3: HashMap<StateCode, i32>,
    by_alpha2: HashMap<Alpha2Code, i32>,
    sessions: HashMap<i32, (i32, i32)>,
    organizations_by_name: HashMap<String, (i32, OrganizationKind)>,
    organizations_by_code: HashMap<String, (i32, OrganizationKind)>,
}

impl Resolver {
    pub(crate) async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, StoreError> {
        let states = state::Entity::find().all(db).await?;
        let aliases = state_alias::Entity::find().all(db).await?;
        let sessions = session::Entity::find().all(db).await?;
        let organizations = organization::Entity::find().all(db).await?;
        let kinds: HashMap<i32, OrganizationKind> =
            organizations.iter().map(|o| (o.id, o.kind.0)).collect();
        let organization_aliases = organization_alias::Entity::find().all(db).await?;
        Ok(Self {
            // The names files give organisations, then their own names.
            organizations_by_name: organization_aliases
                .into_iter()
                .filter_map(|a| {
                    let kind = *kinds.get(&a.organization_id)?;
                    Some((a.alias_key, (a.organization_id, kind)))
                })
                .chain(
                    organizations
                        .iter()
                        .map(|o| (normalize_name(&o.name), (o.id, o.kind.0))),
                )
                .collect(),
            organizations_by_code: organizations
                .iter()
                .map(|o| (o.code.to_uppercase(), (o.id, o.kind.0)))
                .collect(),
            by_name: aliases
                .into_iter()
                .map(|a| (a.alias_key, a.state_id))
                .collect(),
            by_alpha3: states.iter().map(|s| (s.alpha3.0, s.id)).collect(),
            by_alpha2: states.iter().map(|s| (s.alpha2.0, s.id)).collect(),
            sessions: sessions
                .into_iter()
                .map(|s| (s.number, (s.id, s.cycle_id)))
                .collect(),
        })
    }

    /// A resolver over the given states (id, alpha-3, alpha-2 and names) and sessions
    /// (number, id and cycle id) instead of the database's.
    pub(crate) fn from_parts(
        states: &[(i32, StateCode, Alpha2Code, Vec<String>)],
        sessions: &[(i32, i32, i32)],
    ) -> Self {
        Self {
            organizations_by_name: HashMap::new(),
            organizations_by_code: HashMap::new(),
            by_name: states
                .iter()
                .flat_map(|(id, _, _, names)| names.iter().map(|n| (normalize_name(n), *id)))
                .collect(),
            by_alpha3: states.iter().map(|(id, a3, _, _)| (*a3, *id)).collect(),
            by_alpha2: states.iter().map(|(id, _, a2, _)| (*a2, *id)).collect(),
            sessions: sessions
                .iter()
                .map(|(number, id, cycle)| (*number, (*id, *cycle)))
                .collect(),
        }
    }

    /// An organisation and its kind, by a name a file gives it (`EU Institutions`).
    pub(crate) fn organization_by_name(&self, name: &str) -> Option<(i32, OrganizationKind)> {
        self.organizations_by_name
            .get(&normalize_name(name))
            .copied()
    }

    /// An organisation by its code in any case (`EU`, `ida`), else by a name.
    pub(crate) fn organization(&self, code_or_name: &str) -> Option<i32> {
        self.organizations_by_code
            .get(&code_or_name.trim().to_uppercase())
            .or_else(|| {
                self.organizations_by_name
                    .get(&normalize_name(code_or_name))
            })
            .map(|(id, _)| *id)
    }

    /// A state by any of its names or spellings.
    pub(crate) fn state_by_name(&self, name: &str) -> Option<i32> {
        self.by_name.get(&normalize_name(name)).copied()
    }

    /// A state by ISO code, alpha-3 or alpha-2.
    pub(crate) fn state_by_code(&self, code: &str) -> Option<i32> {
        match StateKey::parse(code).ok()? {
            StateKey::Alpha3(code) => self.by_alpha3.get(&code).copied(),
            StateKey::Alpha2(code) => self.by_alpha2.get(&code).copied(),
        }
    }

    /// A state by code, or else by name.
    pub(crate) fn state(&self, code_or_name: &str) -> Option<i32> {
        self.state_by_code(code_or_name)
            .or_else(|| self.state_by_name(code_or_name))
    }

    /// A session's id and its cycle's id.
    pub(crate) fn session(&self, number: i32) -> Option<(i32, i32)> {
        self.sessions.get(&number).copied()
    }
}
