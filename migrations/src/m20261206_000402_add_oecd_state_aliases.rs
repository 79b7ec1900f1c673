//! The spellings OECD's DAC Table 2a uses for member and observer states that the
//! reference data did not yet know, so that its files resolve every state they name as
//! a donor or a recipient (`data/oecd_state_aliases.csv`, with where each spelling is
//! found). Names OECD gives to what is not a member or observer state (`Kosovo`,
//! `Chinese Taipei`, `Hong Kong (China)`, territories) are deliberately not aliases.

use sea_orm::{ConnectionTrait, DbErr};
use sea_orm_migration::prelude::*;
use serde::Deserialize;
use uprgraph_domain::normalize_name;

use crate::seed::{id_map, insert_rows, lookup, read_csv};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Deserialize)]
struct AliasRow {
    alpha3: String,
    alias: String,
    /// Where the spelling is found; documentation only.
    #[allow(dead_code)]
    found_in: String,
}

const FILE: &str = "oecd_state_aliases.csv";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let aliases: Vec<AliasRow> =
            read_csv(FILE, include_str!("../data/oecd_state_aliases.csv"))?;
        let states = id_map::<_, String>(db, "states", "alpha3").await?;
        let known = id_map::<_, String>(db, "state_aliases", "alias_key").await?;
        let mut rows = Vec::new();
        for row in aliases {
            let state = lookup(&states, &row.alpha3, FILE)?;
            let key = normalize_name(&row.alias);
            if known.contains_key(&key) {
                return Err(DbErr::Migration(format!(
                    "{FILE}: `{}` is already a known name",
                    row.alias
                )));
            }
            rows.push(vec![state.into(), row.alias.into(), key.into()]);
        }
        insert_rows(
            db,
            "state_aliases",
            &["state_id", "alias", "alias_key"],
            rows,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let aliases: Vec<AliasRow> =
            read_csv(FILE, include_str!("../data/oecd_state_aliases.csv"))?;
        for row in aliases {
            let delete = Query::delete()
                .from_table(Alias::new("state_aliases"))
                .and_where(Expr::col(Alias::new("alias")).eq(row.alias))
                .to_owned();
            db.execute(&delete).await?;
        }
        Ok(())
    }
}
