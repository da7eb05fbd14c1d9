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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
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
    pub(crate) fn parse(s: &str) -> Option<Self> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The stage after this one (none after `suivi`).
    pub(crate) fn next(self) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| *s > self)
    }

    /// The `etape` value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Stage::Faisabilite => "faisabilite",
            Stage::Mobilisation => "mobilisation",
            Stage::Montage => "montage",
            Stage::Suivi => "suivi",
        }
    }

    /// The stage's name as the seed writes it.
    pub(crate) fn title(self, lang: Lang) -> &'static str {
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
    /// `statistiques.annee`: the year the figures are of.
    pub year: Option<i16>,
}

/// A dossier's identity and context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// `cooperative.nom`.
    pub name: Option<String>,
    /// `cooperative.siren`, as its 9 digits, when its check digit is right.
    pub siren: Option<String>,
    /// `cooperative.numero_entreprise`, as its 10 digits, when its check is right.
    pub enterprise_number: Option<String>,
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
    /// Reads the identity from a dossier's root; `source` is the dossier's text (an identifier
    /// written as a number is read from its digits, leading zeros included).
    pub(crate) fn read(root: &Node, source: &str) -> Self {
        let text = |p: &str| root.pointer(p).and_then(Node::as_str).map(str::to_string);
        let identifier = |p: &str, kind| {
            let written = identifier_text(root.pointer(p)?, source)?;
            crate::identifiers::check(kind, written).ok()
        };
        let currency = text("/devise");
        Identity {
            name: text("/cooperative/nom"),
            siren: identifier("/cooperative/siren", crate::identifiers::Kind::Siren),
            enterprise_number: identifier(
                "/cooperative/numero_entreprise",
                crate::identifiers::Kind::EnterpriseNumber,
            ),
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
                    year: match s.get("annee").map(|n| &n.value) {
                        Some(Value::Number(d)) => rust_decimal::prelude::ToPrimitive::to_i16(d)
                            .filter(|y| (1..=9999).contains(y) && d.fract().is_zero()),
                        _ => None,
                    },
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

/// The text of an identifier as written: a string's value, or a number's source digits (YAML
/// reads `012345678` as the number 12345678: its text keeps the zero).
pub(crate) fn identifier_text<'a>(node: &'a Node, source: &'a str) -> Option<&'a str> {
    match &node.value {
        Value::String(s) => Some(s.as_str()),
        Value::Number(_) => source.get(node.span.start..node.span.end),
        _ => None,
    }
}
