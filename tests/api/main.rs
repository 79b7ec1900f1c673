//! End-to-end tests of uprgraph: the real server and schema over real databases,
//! each test on its own database, a copy of one migrated once per run, on SQLite and on
//! PostgreSQL.

mod helpers;

mod abuse;
mod architecture;
mod arms;
mod browser;
mod cache;
mod citations;
mod cli;
mod client;
mod crosslinks;
mod differential;
mod docs;
mod documents;
mod errors;
mod examples;
mod explorer;
mod export;
mod facts;
mod filters;
mod http;
mod http_audit;
mod import_aid;
mod import_hardening;
mod import_oecd;
mod import_sipri;
mod import_uhri;
mod import_uhri_layout;
mod import_uhri_xlsx;
mod import_upr_info;
mod limits;
mod links;
mod live;
mod operations;
mod ordering;
mod pagination;
mod properties;
mod reference_data;
mod schema_contract;
mod schema_file;
mod search;
mod statements;
