//! What the pipeline needs to know about a dossier before judging it: identity, stage, date,
//! country, type, currency, statistics. Read tolerantly from the value tree, so that a dossier
//! with schema errors still gets a name and a stage in its report.

use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::lang::Lang;
use crate::load::{Node, Value};

/// The four creation stages of a cooperative (seed 001), in order: a dossier at a stage meets
/// the rules of that stage and of all earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Vérification de la faisabilité.
    Faisabilite,
    /// Mobilisation des partenaires.
    Mobilisation,
    /// Montage de la structure.
    Montage,
    /// Accompagnement et suivi de la structure.
    Suivi,
}

impl Stage {
    /// All stages, in order.
    pub const ALL: [Stage; 4] = [
        Stage::Faisabilite,
        Stage::Mobilisation,
        Stage::Montage,
        Stage::Suivi,
    ];

    /// Parses the dossier's `etape` value.
    pub fn parse(s: &str) -> Option<Self> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The stage after this one (none after `suivi`).
    pub fn next(self) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| *s > self)
    }

    /// The `etape` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Faisabilite => "faisabilite",
            Stage::Mobilisation => "mobilisation",
            Stage::Montage => "montage",
            Stage::Suivi => "suivi",
        }
    }

    /// The stage's name as the seed writes it.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Stage::Faisabilite => lang.pick("vérification de la faisabilité", "feasibility check"),
            Stage::Mobilisation => {
                lang.pick("mobilisation des partenaires", "mobilisation of partners")
            }
            Stage::Montage => lang.pick("montage de la structure", "setting up the structure"),
            Stage::Suivi => lang.pick(
                "accompagnement et suivi de la structure",
                "support and follow-up",
            ),
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `statistiques` section: the yearly figures the network sums into its "état des lieux".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statistics {
    /// People welcomed.
    pub accueils: Decimal,
    /// People supported.
    pub accompagnements: Decimal,
    /// Of whom salaried.
    pub salaries: Decimal,
    /// Entrepreneurs' turnover, with the dossier's currency.
    pub chiffre_affaires: Option<(String, Decimal)>,
}

/// A dossier's identity and context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// `cooperative.nom`.
    pub name: Option<String>,
    /// `etape`.
    pub stage: Option<Stage>,
    /// `type` (`cooperative` or `union`).
    pub kind: Option<String>,
    /// `cooperative.pays`.
    pub country: Option<String>,
    /// `cooperative.forme_juridique`.
    pub form: Option<String>,
    /// `cooperative.territoire`.
    pub territory: Option<String>,
    /// `periode.fin`: the reference date.
    pub period_end: Option<Date>,
    /// `devise`.
    pub currency: Option<String>,
    /// `statistiques`.
    pub statistics: Option<Statistics>,
}

impl Identity {
    /// Reads the identity from a dossier's root.
    pub fn read(root: &Node) -> Self {
        let text = |p: &str| root.pointer(p).and_then(Node::as_str).map(str::to_string);
        let currency = text("/devise");
        Identity {
            name: text("/cooperative/nom"),
            stage: text("/etape").as_deref().and_then(Stage::parse),
            kind: text("/type"),
            country: text("/cooperative/pays"),
            form: text("/cooperative/forme_juridique"),
            territory: text("/cooperative/territoire"),
            period_end: match root.pointer("/periode/fin").map(|n| &n.value) {
                Some(Value::Date(d)) => Some(*d),
                _ => None,
            },
            statistics: root.get("statistiques").map(|s| {
                let num = |k: &str| match s.get(k).map(|n| &n.value) {
                    Some(Value::Number(d)) => *d,
                    _ => Decimal::ZERO,
                };
                let ca = match s.get("chiffre_affaires").map(|n| &n.value) {
                    Some(Value::Number(d)) => {
                        Some((currency.clone().unwrap_or_else(|| "?".into()), *d))
                    }
                    _ => None,
                };
                Statistics {
                    accueils: num("accueils"),
                    accompagnements: num("accompagnements"),
                    salaries: num("salaries"),
                    chiffre_affaires: ca,
                }
            }),
            currency,
        }
    }
}
