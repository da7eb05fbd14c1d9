//! `cooplabel` checks a cooperative's dossier against the charter of the *Coopérer pour
//! entreprendre* network and the law on Scops and activity-and-employment cooperatives.
//!
//! The modules follow the data flow: [`load`] (text → value tree with spans) → [`schema`]
//! (structure) → rules (evaluation at the dossier's date) → verdict → report.

pub mod finding;
pub mod lang;
pub mod load;
pub mod schema;
pub mod source;
pub mod check;
pub mod dossier;
pub mod numfmt;
pub mod report;
pub mod verdict;
pub mod cli;
