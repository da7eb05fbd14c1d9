//! Linking a batch's dossiers year after year, from a cheap identity pre-pass: which dossier
//! is each one's previous year, which are duplicates, and in which rounds the previous years
//! must be judged so that each is judged after its own previous year.
//!
//! Why rounds: the report is written in input order, but a dossier's judgement needs its
//! previous year's (its findings, its decision); keeping whole results until they can be
//! written would make memory grow with the batch. So the dossiers that are someone's previous
//! year are judged first, oldest rank first, each leaving only a compact
//! [`super::Carried`]; then every dossier is judged again in input order, and written.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::{CoopKey, fold_name};
use crate::dossier::Identity;

/// What the pre-pass reads of one input.
#[derive(Debug, Clone, Default)]
pub(crate) struct Probe {
    /// `siren` / `numero_entreprise` key, when valid.
    pub number: Option<CoopKey>,
    /// The folded name.
    pub name: Option<String>,
    /// `periode.fin`.
    pub date: Option<Date>,
}

impl Probe {
    /// Reads the probe from an identity.
    pub(crate) fn of(identity: &Identity) -> Probe {
        let number = match CoopKey::of(identity) {
            Some(k @ (CoopKey::Siren(_) | CoopKey::EnterpriseNumber(_))) => Some(k),
            _ => None,
        };
        Probe {
            number,
            name: identity
                .name
                .as_deref()
                .map(fold_name)
                .filter(|n| !n.is_empty()),
            date: identity.period_end,
        }
    }
}

/// Another dossier of the same cooperative for the same period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate {
    /// Index of the other input (the first other one).
    pub other: usize,
    /// Index of the input the history follows (the last one of the group, in input order).
    pub kept: usize,
}

/// How a batch's inputs are linked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// Per input: the input that is its previous year.
    pub previous: Vec<Option<usize>>,
    /// Per input: the same cooperative's other dossier for the same period, if any.
    pub duplicates: Vec<Option<Duplicate>>,
    /// The inputs that are some other's previous year, by rank (the oldest year of a
    /// cooperative first): round `r` needs only rounds before it.
    pub rounds: Vec<Vec<usize>>,
}

/// Links the inputs: a dossier with a valid SIREN or enterprise number is recognised by it; a
/// dossier without one by its folded name, which also joins it to the number a dossier of the
/// same name gives (one of the years may lack it). Inputs without a date stay alone.
pub(crate) fn plan(probes: &[Option<Probe>]) -> Plan {
    let n = probes.len();
    // Names that one number alone goes with.
    let mut by_name: HashMap<&str, Option<&CoopKey>> = HashMap::new();
    for p in probes.iter().flatten() {
        if let (Some(num), Some(name)) = (&p.number, &p.name) {
            by_name
                .entry(name.as_str())
                .and_modify(|k| {
                    if *k != Some(num) {
                        *k = None;
                    }
                })
                .or_insert(Some(num));
        }
    }
    // Cooperative → (date → inputs of that period, in input order).
    let mut groups: BTreeMap<CoopKey, BTreeMap<Date, Vec<usize>>> = BTreeMap::new();
    for (i, p) in probes.iter().enumerate() {
        let Some(p) = p else { continue };
        let Some(date) = p.date else { continue };
        let key = match (&p.number, &p.name) {
            (Some(k), _) => k.clone(),
            (None, Some(name)) => match by_name.get(name.as_str()) {
                Some(Some(k)) => (*k).clone(),
                _ => CoopKey::Name(name.clone()),
            },
            (None, None) => continue,
        };
        groups
            .entry(key)
            .or_default()
            .entry(date)
            .or_default()
            .push(i);
    }
    let mut plan = Plan {
        previous: vec![None; n],
        duplicates: vec![None; n],
        rounds: Vec::new(),
    };
    for years in groups.values() {
        let mut before: Option<usize> = None;
        for (rank, inputs) in years.values().enumerate() {
            // The last of a period's dossiers in input order is the one its history follows.
            let Some(&kept) = inputs.last() else { continue };
            for &i in inputs {
                plan.previous[i] = before;
                if inputs.len() > 1 {
                    let other = inputs.iter().copied().find(|&j| j != i).unwrap_or(i);
                    plan.duplicates[i] = Some(Duplicate { other, kept });
                }
            }
            // The year before this one is judged in the round of its rank.
            if let Some(b) = before {
                let r = rank - 1;
                if plan.rounds.len() <= r {
                    plan.rounds.resize(r + 1, Vec::new());
                }
                plan.rounds[r].push(b);
            }
            before = Some(kept);
        }
    }
    for round in &mut plan.rounds {
        round.sort_unstable();
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(number: Option<&str>, name: &str, date: &str) -> Option<Probe> {
        Some(Probe {
            number: number.map(|s| CoopKey::Siren(s.into())),
            name: Some(fold_name(name)),
            date: Some(date.parse().unwrap()),
        })
    }

    #[test]
    fn years_link_by_siren_then_by_name_without_case_or_accents() {
        let plan = plan(&[
            probe(None, "Coopérative  Azur", "2001-12-31"),
            probe(Some("732829320"), "Autre nom", "2000-12-31"),
            probe(None, "COOPERATIVE AZUR", "1999-12-31"),
            probe(Some("732829320"), "Autre nom 2", "2002-12-31"),
            None,
        ]);
        assert_eq!(plan.previous, vec![Some(2), None, None, Some(1), None]);
        // The 1999 dossier is judged before anything; the 2000 one too (rank 0 of its SIREN).
        assert_eq!(plan.rounds, vec![vec![1, 2]]);
        assert!(plan.duplicates.iter().all(Option::is_none));
    }

    #[test]
    fn a_name_joins_the_number_another_year_gives() {
        let plan = plan(&[
            probe(Some("732829320"), "Azur", "2000-12-31"),
            probe(None, "azur", "2001-12-31"),
            probe(None, "azur", "2002-12-31"),
        ]);
        assert_eq!(plan.previous, vec![None, Some(0), Some(1)]);
        assert_eq!(plan.rounds, vec![vec![0], vec![1]]);
    }

    #[test]
    fn two_dossiers_for_one_period_are_duplicates_and_the_last_is_followed() {
        let plan = plan(&[
            probe(None, "Azur", "2000-12-31"),
            probe(None, "Azur", "2000-12-31"),
            probe(None, "Azur", "2001-12-31"),
        ]);
        assert_eq!(plan.duplicates[0], Some(Duplicate { other: 1, kept: 1 }));
        assert_eq!(plan.duplicates[1], Some(Duplicate { other: 0, kept: 1 }));
        assert_eq!(plan.previous[2], Some(1));
        assert_eq!(plan.rounds, vec![vec![1]]);
    }
}
