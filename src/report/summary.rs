//! What a whole run adds up to: counts per decision, the network's statistics, one row per
//! dossier for the batch table.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::dossier::Stage;
use crate::verdict::{Decision, DossierResult};

/// One line of the batch table.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// Input name.
    pub path: String,
    /// Cooperative name.
    pub name: Option<String>,
    /// Stage judged.
    pub stage: Option<Stage>,
    /// Decision.
    pub decision: Decision,
    /// Score.
    pub score: Option<Decimal>,
    /// Findings that ask for a fix: neither waived nor notes.
    pub problems: usize,
    /// Failing mandatory criteria, or structural problems when the rules did not run.
    pub blocking: usize,
}

/// Totals of a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Dossiers seen.
    pub dossiers: usize,
    /// Per decision.
    pub counts: BTreeMap<Decision, usize>,
    /// Sum of `statistiques.accueils`.
    pub accueils: Decimal,
    /// Sum of `statistiques.accompagnements`.
    pub accompagnements: Decimal,
    /// Sum of `statistiques.salaries`.
    pub salaries: Decimal,
    /// Sum of `statistiques.chiffre_affaires`, per currency.
    pub chiffre_affaires: BTreeMap<String, Decimal>,
    /// One row per dossier, in output order.
    pub(crate) rows: Vec<Row>,
    /// The network's état des lieux year by year (the year of `statistiques.annee`, else of
    /// `periode.fin`).
    pub(crate) by_year: BTreeMap<i16, YearTotals>,
}

/// One year of the network's état des lieux.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearTotals {
    /// Dossiers of the year.
    pub dossiers: usize,
    /// The cooperatives they are about (as the history recognises them).
    pub cooperatives: std::collections::BTreeSet<crate::history::CoopKey>,
    /// Sum of `statistiques.accueils`.
    pub accueils: Decimal,
    /// Sum of `statistiques.accompagnements`.
    pub accompagnements: Decimal,
    /// Sum of `statistiques.salaries`.
    pub salaries: Decimal,
    /// Sum of `statistiques.chiffre_affaires`, per currency.
    pub chiffre_affaires: BTreeMap<String, Decimal>,
}

impl Summary {
    /// Adds one dossier.
    pub fn add(&mut self, r: &DossierResult) {
        self.dossiers += 1;
        *self.counts.entry(r.decision).or_default() += 1;
        self.add_year(r);
        if let Some(s) = &r.identity.statistics {
            // Totals of absurd figures saturate rather than abort the whole batch.
            self.accueils = self.accueils.saturating_add(s.accueils);
            self.accompagnements = self.accompagnements.saturating_add(s.accompagnements);
            self.salaries = self.salaries.saturating_add(s.salaries);
            if let Some((currency, ca)) = &s.chiffre_affaires {
                let total = self.chiffre_affaires.entry(currency.clone()).or_default();
                *total = total.saturating_add(*ca);
            }
        }
        self.rows.push(Row {
            path: r.path.clone(),
            name: r.identity.name.clone(),
            stage: r.stage,
            decision: r.decision,
            score: r.score,
            problems: super::committee::to_fix(r).count(),
            // Failing mandatory criteria (each rule once, however many findings), or the
            // structural problems of a dossier whose rules did not run.
            blocking: match &r.criteria {
                Some(c) => c.mandatory.failed,
                None => super::committee::to_fix(r).filter(|f| f.blocking).count(),
            },
        });
    }

    /// Adds a dossier to its year's totals.
    fn add_year(&mut self, r: &DossierResult) {
        let stats = r.identity.statistics.as_ref();
        let Some(year) = stats
            .and_then(|s| s.year)
            .or(r.identity.period_end.map(|d| d.year()))
        else {
            return;
        };
        let y = self.by_year.entry(year).or_default();
        y.dossiers += 1;
        if let Some(key) = crate::history::CoopKey::of(&r.identity) {
            y.cooperatives.insert(key);
        }
        if let Some(s) = stats {
            y.accueils = y.accueils.saturating_add(s.accueils);
            y.accompagnements = y.accompagnements.saturating_add(s.accompagnements);
            y.salaries = y.salaries.saturating_add(s.salaries);
            if let Some((currency, ca)) = &s.chiffre_affaires {
                let total = y.chiffre_affaires.entry(currency.clone()).or_default();
                *total = total.saturating_add(*ca);
            }
        }
    }

    /// Dossiers with this decision.
    pub fn count(&self, d: Decision) -> usize {
        self.counts.get(&d).copied().unwrap_or(0)
    }

    /// The run's exit status: the worst decision's (DESIGN §7).
    pub fn exit_code(&self) -> u8 {
        self.counts.keys().map(|d| d.exit_code()).max().unwrap_or(0)
    }
}
