//! The formats an import reads, a module each: what a format declares once (`spec.rs`:
//! its name, licence, source and columns) and how it turns the checked records of a
//! file into rows (`rows.rs` of the import). Each format reads its records through
//! `read::sheet` and writes nothing: the writer takes the rows it makes.

pub(crate) mod aid_csv;
pub(crate) mod foreign_assistance;
pub(crate) mod oecd_dac2a;
pub(crate) mod sipri;
pub(crate) mod spec;
pub(crate) mod uhri;
pub(crate) mod upr_info;
