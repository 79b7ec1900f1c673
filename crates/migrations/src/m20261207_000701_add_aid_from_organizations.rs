//! Aid given by organisations: the EU institutions, the development banks, the UN
//! agencies, the multilateral funds and the private donors of OECD's DAC Table 2a.
//!
//! - `organizations` gains the donors of the table that are neither states nor already
//!   known (`data/oecd_donor_organizations.csv`: each with the name the table gives it,
//!   its code and the kind the table's grouping says). `EU Institutions` is the
//!   European Union, which the reference data holds already.
//! - `organization_aliases` holds the names files give organisations, by the same key
//!   as `state_aliases`, so that an importer finds `EU Institutions` or
//!   `African Development Bank [AfDB]`.
//! - `aid_flows` gets `donor_organization_id`, and `donor_state_id` may be null: a flow
//!   has exactly one donor, a state or an organisation, which a check says. On SQLite,
//!   which cannot drop a `NOT NULL`, the table is made anew from its own definition with
//!   those two changes, and its rows and indexes copied over; no table is renamed (a
//!   rename opens SQLite's temporary database, after which an import's settings are
//!   refused on that connection).

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, Value};
use sea_orm_migration::prelude::*;
use serde::Deserialize;
use uprgraph_domain::{normalize_name, OrganizationKind};

use crate::seed::{id_map, insert_rows, read_csv};

#[derive(DeriveMigrationName)]
pub struct Migration;

const FILE: &str = "oecd_donor_organizations.csv";
const CONTENTS: &str = include_str!("../data/oecd_donor_organizations.csv");

/// A donor of DAC Table 2a that is not a state.
#[derive(Debug, Deserialize)]
struct DonorRow {
    /// The donor's column header in the table.
    oecd_name: String,
    /// The organisation's code: an organisation's own when the reference data holds it.
    code: String,
    /// Empty for an organisation the reference data holds already.
    name: String,
    kind: String,
}

/// The donor column as `m20261127_000001_create_tables` made it on SQLite, and as this
/// migration makes it.
const SQLITE_DONOR_BEFORE: &str = "\"donor_state_id\" integer NOT NULL";
const SQLITE_DONOR_AFTER: &str = "\"donor_state_id\" integer, \"donor_organization_id\" integer \
     REFERENCES \"organizations\" (\"id\") ON DELETE RESTRICT";
/// The check that a flow has one donor, a state or an organisation.
const ONE_DONOR: &str = "CONSTRAINT \"aid_flows_one_donor\" \
     CHECK ((\"donor_state_id\" IS NULL) <> (\"donor_organization_id\" IS NULL))";
const INDEX: &str = "CREATE INDEX \"idx_aid_flows_donor_organization_id_fiscal_year\" \
     ON \"aid_flows\" (\"donor_organization_id\", \"fiscal_year\")";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("organization_aliases"))
                    .col(
                        ColumnDef::new(Alias::new("alias_key"))
                            .string()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Alias::new("alias")).string().not_null())
                    .col(
                        ColumnDef::new(Alias::new("organization_id"))
                            .integer()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Alias::new("organization_aliases"),
                                Alias::new("organization_id"),
                            )
                            .to(Alias::new("organizations"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let donors: Vec<DonorRow> = read_csv(FILE, CONTENTS)?;
        let mut new = Vec::new();
        for donor in donors.iter().filter(|d| !d.name.is_empty()) {
            let kind: OrganizationKind = donor
                .kind
                .parse()
                .map_err(|e: uprgraph_domain::DomainError| invalid(&e.to_string()))?;
            new.push(vec![
                donor.code.clone().into(),
                donor.name.clone().into(),
                kind.code().into(),
                Value::String(None),
            ]);
        }
        insert_rows(
            db,
            "organizations",
            &["code", "name", "kind", "website"],
            new,
        )
        .await?;
        let ids = id_map::<_, String>(db, "organizations", "code").await?;
        let mut aliases = Vec::with_capacity(donors.len());
        for donor in &donors {
            let id = *ids
                .get(&donor.code)
                .ok_or_else(|| invalid(&format!("no organisation has the code {}", donor.code)))?;
            aliases.push(vec![
                normalize_name(&donor.oecd_name).into(),
                donor.oecd_name.clone().into(),
                id.into(),
            ]);
        }
        insert_rows(
            db,
            "organization_aliases",
            &["alias_key", "alias", "organization_id"],
            aliases,
        )
        .await?;

        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                for statement in [
                    "ALTER TABLE aid_flows ALTER COLUMN donor_state_id DROP NOT NULL",
                    "ALTER TABLE aid_flows ADD COLUMN donor_organization_id integer \
                     REFERENCES organizations (id) ON DELETE RESTRICT",
                    &format!("ALTER TABLE aid_flows ADD {ONE_DONOR}"),
                    INDEX,
                ] {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                remake_sqlite_table(db, |sql| {
                    let at = sql.rfind(')').ok_or_else(|| invalid(sql))?;
                    let with_check = format!("{}, {ONE_DONOR}{}", &sql[..at], &sql[at..]);
                    replace_once(&with_check, SQLITE_DONOR_BEFORE, SQLITE_DONOR_AFTER)
                })
                .await?;
                db.execute_unprepared(INDEX).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM aid_flows WHERE donor_organization_id IS NOT NULL")
            .await?;
        // The datasets that held them hold fewer rows now, as an import before this
        // migration would have written them.
        db.execute_unprepared(
            "UPDATE datasets SET row_count = \
             (SELECT COUNT(*) FROM aid_flows WHERE aid_flows.dataset_id = datasets.id) \
             WHERE format = 'oecd-dac2a'",
        )
        .await?;
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                for statement in [
                    "DROP INDEX idx_aid_flows_donor_organization_id_fiscal_year",
                    "ALTER TABLE aid_flows DROP CONSTRAINT aid_flows_one_donor",
                    "ALTER TABLE aid_flows DROP COLUMN donor_organization_id",
                    "ALTER TABLE aid_flows ALTER COLUMN donor_state_id SET NOT NULL",
                ] {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "DROP INDEX \"idx_aid_flows_donor_organization_id_fiscal_year\"",
                )
                .await?;
                remake_sqlite_table(db, |sql| {
                    let without_check = replace_once(sql, &format!(", {ONE_DONOR}"), "")?;
                    replace_once(&without_check, SQLITE_DONOR_AFTER, SQLITE_DONOR_BEFORE)
                })
                .await?;
            }
        }
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("organization_aliases"))
                    .to_owned(),
            )
            .await?;
        let donors: Vec<DonorRow> = read_csv(FILE, CONTENTS)?;
        for donor in donors.iter().filter(|d| !d.name.is_empty()) {
            db.execute_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                match db.get_database_backend() {
                    DatabaseBackend::Postgres => "DELETE FROM organizations WHERE code = $1",
                    _ => "DELETE FROM organizations WHERE code = ?",
                },
                [donor.code.clone().into()],
            ))
            .await?;
        }
        Ok(())
    }
}

fn invalid(what: &str) -> DbErr {
    DbErr::Migration(format!("{FILE}: {what}"))
}

/// `text` with its one `from` replaced by `to`; an error when `from` is not there once,
/// so that a table defined otherwise than expected stops the migration.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String, DbErr> {
    if text.matches(from).count() != 1 {
        return Err(DbErr::Migration(format!(
            "aid_flows is not defined as expected: `{from}` is not in `{text}` once"
        )));
    }
    Ok(text.replacen(from, to, 1))
}

/// Makes SQLite's `aid_flows` anew from its definition changed by `change`: its rows go
/// to a holding table, the table is dropped and made again, the rows come back by
/// column name, and the table's indexes are made again as they were.
async fn remake_sqlite_table<C, F>(db: &C, change: F) -> Result<(), DbErr>
where
    C: ConnectionTrait,
    F: FnOnce(&str) -> Result<String, DbErr>,
{
    let text = |sql: &str| Statement::from_string(DatabaseBackend::Sqlite, sql.to_owned());
    let table = db
        .query_one_raw(text(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'aid_flows'",
        ))
        .await?
        .ok_or_else(|| DbErr::Migration("aid_flows is missing".to_owned()))?
        .try_get::<String>("", "sql")?;
    let indexes: Vec<String> = db
        .query_all_raw(text(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'aid_flows' \
             AND sql IS NOT NULL ORDER BY name",
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "sql"))
        .collect::<Result<_, _>>()?;
    let columns: Vec<String> = db
        .query_all_raw(text(
            "SELECT name FROM pragma_table_info('aid_flows') ORDER BY cid",
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()?;
    let changed = change(&table)?;
    let kept: Vec<String> = columns
        .iter()
        .filter(|c| changed.contains(&format!("\"{c}\"")))
        .map(|c| format!("\"{c}\""))
        .collect();
    let kept = kept.join(", ");
    for statement in [
        "CREATE TABLE aid_flows_held AS SELECT * FROM aid_flows".to_owned(),
        "DROP TABLE aid_flows".to_owned(),
        changed,
        format!("INSERT INTO aid_flows ({kept}) SELECT {kept} FROM aid_flows_held ORDER BY id"),
        "DROP TABLE aid_flows_held".to_owned(),
    ]
    .into_iter()
    .chain(indexes)
    {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}
