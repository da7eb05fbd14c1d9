//! `cooplabel` checks a cooperative's dossier against the charter of the *Coopérer pour
//! entreprendre* network and the law on Scops and activity-and-employment cooperatives.
//!
//! The modules follow the data flow: [`load`] (text → value tree with spans) → [`schema`]
//! (structure) → rules (evaluation at the dossier's date) → verdict → report.

pub mod check;
pub mod cli;
pub mod codes;
pub mod dossier;
pub mod evaluate;
pub mod explain;
pub mod finding;
pub(crate) mod history;
pub(crate) mod identifiers;
pub mod import;
pub(crate) mod init;
pub mod lang;
pub mod load;
pub mod numfmt;
pub mod register;
pub mod report;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod source;
pub mod testing;
pub mod verdict;
