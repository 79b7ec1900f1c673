//! The reference data every uprgraph database starts with: the 193 UN member
//! states and the two observer states, their names and aliases, their dated
//! regional-group memberships, the organisations UPR data cites and their
//! members, and the UPR cycles and sessions. See `migrations/data/README.md`
//! for where each file comes from.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm_migration::prelude::*;
use serde::Deserialize;
use uprgraph_domain::{normalize_name, OrganizationKind, RegionalGroup, StateCode, UnStatus};

use crate::seed::{id_map, insert_rows, lookup, opt_date, opt_text, read_csv};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Deserialize)]
struct StateRow {
    alpha3: String,
    alpha2: String,
    numeric: String,
    short_name: String,
    official_name: String,
    un_status: String,
    admitted_on: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct AliasRow {
    alpha3: String,
    alias: String,
}

#[derive(Deserialize)]
struct GroupRow {
    alpha3: String,
    regional_group: String,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    note: Option<String>,
}

#[derive(Deserialize)]
struct OrganizationRow {
    code: String,
    name: String,
    kind: String,
    website: Option<String>,
}

#[derive(Deserialize)]
struct MemberRow {
    organization_code: String,
    alpha3: String,
}

#[derive(Deserialize)]
struct CycleRow {
    number: i32,
    first_session: i32,
    last_session: Option<i32>,
    start_year: i32,
    end_year: Option<i32>,
}

#[derive(Deserialize)]
struct SessionRow {
    number: i32,
    cycle: i32,
}

fn invalid(file: &str, detail: impl std::fmt::Display) -> DbErr {
    DbErr::Migration(format!("{file}: {detail}"))
}

/// The source credited for organisation memberships read from UPR Info data.
const UPR_INFO_SOURCE_KEY: &str = "upr-info-export-2008-2012";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();

        let states: Vec<StateRow> = read_csv("states.csv", include_str!("../data/states.csv"))?;
        let mut rows = Vec::with_capacity(states.len());
        for s in &states {
            StateCode::parse(&s.alpha3).map_err(|e| invalid("states.csv", e))?;
            let status: UnStatus = s.un_status.parse().map_err(|e| invalid("states.csv", e))?;
            rows.push(vec![
                s.alpha3.clone().into(),
                s.alpha2.clone().into(),
                s.numeric.clone().into(),
                s.short_name.clone().into(),
                s.official_name.clone().into(),
                status.code().into(),
                opt_date(s.admitted_on),
            ]);
        }
        insert_rows(
            db,
            "states",
            &[
                "alpha3",
                "alpha2",
                "numeric_code",
                "short_name",
                "official_name",
                "un_status",
                "admitted_on",
            ],
            rows,
        )
        .await?;
        let state_ids = id_map::<_, String>(db, "states", "alpha3").await?;

        // Every state is found by its short and official names as well as by its aliases;
        // a name that would lead to two states is a data error, not something to guess at.
        let aliases: Vec<AliasRow> = read_csv(
            "state_aliases.csv",
            include_str!("../data/state_aliases.csv"),
        )?;
        let names = states
            .iter()
            .flat_map(|s| [(&s.alpha3, &s.short_name), (&s.alpha3, &s.official_name)])
            .chain(aliases.iter().map(|a| (&a.alpha3, &a.alias)));
        let mut by_key: HashMap<String, &String> = HashMap::new();
        let mut rows = Vec::new();
        for (alpha3, alias) in names {
            let key = normalize_name(alias);
            match by_key.get(&key) {
                Some(existing) if *existing == alpha3 => continue,
                Some(existing) => {
                    return Err(invalid(
                        "state_aliases.csv",
                        format!("`{alias}` names both {existing} and {alpha3}"),
                    ))
                }
                None => {
                    by_key.insert(key.clone(), alpha3);
                    let state_id = lookup(&state_ids, alpha3, "state_aliases.csv")?;
                    rows.push(vec![state_id.into(), alias.clone().into(), key.into()]);
                }
            }
        }
        insert_rows(
            db,
            "state_aliases",
            &["state_id", "alias", "alias_key"],
            rows,
        )
        .await?;

        let groups: Vec<GroupRow> = read_csv(
            "group_memberships.csv",
            include_str!("../data/group_memberships.csv"),
        )?;
        let mut rows = Vec::with_capacity(groups.len());
        for g in groups {
            let group: RegionalGroup = g
                .regional_group
                .parse()
                .map_err(|e| invalid("group_memberships.csv", e))?;
            rows.push(vec![
                lookup(&state_ids, &g.alpha3, "group_memberships.csv")?.into(),
                group.code().into(),
                opt_date(g.valid_from),
                opt_date(g.valid_to),
                opt_text(g.note),
            ]);
        }
        insert_rows(
            db,
            "regional_group_memberships",
            &[
                "state_id",
                "regional_group",
                "valid_from",
                "valid_to",
                "note",
            ],
            rows,
        )
        .await?;

        let organizations: Vec<OrganizationRow> = read_csv(
            "organizations.csv",
            include_str!("../data/organizations.csv"),
        )?;
        let mut rows = Vec::with_capacity(organizations.len());
        for o in organizations {
            let kind: OrganizationKind = o
                .kind
                .parse()
                .map_err(|e| invalid("organizations.csv", e))?;
            rows.push(vec![
                o.code.into(),
                o.name.into(),
                kind.code().into(),
                opt_text(o.website),
            ]);
        }
        insert_rows(
            db,
            "organizations",
            &["code", "name", "kind", "website"],
            rows,
        )
        .await?;
        let organization_ids = id_map::<_, String>(db, "organizations", "code").await?;

        insert_rows(
            db,
            "sources",
            &["key", "title", "publisher", "publisher_organization_id", "url", "note"],
            vec![vec![
                UPR_INFO_SOURCE_KEY.into(),
                "UPR Info database: recommendations of the Universal Periodic Review, sessions 1 to 13 (2008-2012)".into(),
                "UPR Info".into(),
                lookup(&organization_ids, &"UPRINFO".to_owned(), "sources")?.into(),
                "https://www.upr-info.org/database/".into(),
                "Organisation memberships of states as recorded in the To-Org and From-Org columns of the export.".into(),
            ]],
        )
        .await?;
        let source_ids = id_map::<_, String>(db, "sources", "key").await?;
        let upr_info = lookup(&source_ids, &UPR_INFO_SOURCE_KEY.to_owned(), "sources")?;

        let members: Vec<MemberRow> = read_csv(
            "organization_members.csv",
            include_str!("../data/organization_members.csv"),
        )?;
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(members.len());
        for m in members {
            let organization = lookup(
                &organization_ids,
                &m.organization_code,
                "organization_members.csv",
            )?;
            let state = lookup(&state_ids, &m.alpha3, "organization_members.csv")?;
            if seen.insert((organization, state)) {
                rows.push(vec![organization.into(), state.into(), upr_info.into()]);
            }
        }
        insert_rows(
            db,
            "organization_members",
            &["organization_id", "state_id", "source_id"],
            rows,
        )
        .await?;

        let cycles: Vec<CycleRow> = read_csv("cycles.csv", include_str!("../data/cycles.csv"))?;
        let rows = cycles
            .iter()
            .map(|c| {
                vec![
                    c.number.into(),
                    c.first_session.into(),
                    c.last_session.into(),
                    c.start_year.into(),
                    c.end_year.into(),
                ]
            })
            .collect();
        insert_rows(
            db,
            "cycles",
            &[
                "number",
                "first_session",
                "last_session",
                "start_year",
                "end_year",
            ],
            rows,
        )
        .await?;
        let cycle_ids = id_map::<_, i32>(db, "cycles", "number").await?;

        let sessions: Vec<SessionRow> =
            read_csv("sessions.csv", include_str!("../data/sessions.csv"))?;
        let mut rows = Vec::with_capacity(sessions.len());
        for s in sessions {
            let cycle = cycles
                .iter()
                .find(|c| c.number == s.cycle)
                .ok_or_else(|| invalid("sessions.csv", format!("unknown cycle {}", s.cycle)))?;
            if s.number < cycle.first_session
                || cycle.last_session.is_some_and(|last| s.number > last)
            {
                return Err(invalid(
                    "sessions.csv",
                    format!("session {} is outside cycle {}", s.number, s.cycle),
                ));
            }
            rows.push(vec![
                s.number.into(),
                lookup(&cycle_ids, &s.cycle, "sessions.csv")?.into(),
            ]);
        }
        // Session dates stay empty until a source for them ships; they are never guessed.
        insert_rows(db, "sessions", &["number", "cycle_id"], rows).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in [
            "sessions",
            "cycles",
            "organization_members",
            "sources",
            "organizations",
            "regional_group_memberships",
            "state_aliases",
            "states",
        ] {
            db.execute(&Query::delete().from_table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
