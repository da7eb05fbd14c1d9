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

/// Declares a closed list of dossier words (`pays`, `forme_juridique`, `type`): the enum, its
/// `ALL`, `parse`/`as_str` on the word as the dossier and the rule files write it, `Display`
/// and `Serialize` as that word (the JSON outputs keep the words they always had).
macro_rules! words {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )+ }
    ) => {
        $(#[$meta])*
        pub enum $name { $( $(#[$vmeta])* $variant, )+ }

        impl $name {
            /// Every value, in the schema's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Reads the word as written (`None` for any other: the dossier schema or the rule
            /// reader reports it at its place).
            pub(crate) fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// The word as written in a dossier or a rule file.
            pub(crate) fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

words! {
    /// `cooperative.pays`: the country whose law applies (the schema's `pays`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
    pub enum Country {
        /// France.
        #[value(name = "FR")]
        Fr = "FR",
        /// Belgique.
        #[value(name = "BE")]
        Be = "BE",
    }
}

impl Country {
    /// The country's name.
    pub(crate) fn name(self, lang: Lang) -> &'static str {
        match self {
            Country::Fr => "France",
            Country::Be => lang.pick("Belgique", "Belgium"),
        }
    }
}

words! {
    /// `cooperative.forme_juridique`: the company's legal form (the schema's
    /// `forme_juridique`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum LegalForm {
        /// Scop SA.
        ScopSa = "scop_sa",
        /// Scop SARL.
        ScopSarl = "scop_sarl",
        /// Scop SAS.
        ScopSas = "scop_sas",
        /// SCIC.
        Scic = "scic",
        /// Another cooperative of the 1947 law.
        Cooperative = "cooperative",
        /// Belgium: a cooperative company with a social purpose.
        ScFinaliteSociale = "sc_finalite_sociale",
        /// Belgium: a cooperative company approved as a social enterprise.
        ScEntrepriseSociale = "sc_entreprise_sociale",
        /// SA (not a cooperative).
        Sa = "sa",
        /// SARL (not a cooperative).
        Sarl = "sarl",
        /// SAS (not a cooperative).
        Sas = "sas",
        /// An association.
        Association = "association",
    }
}

impl LegalForm {
    /// The form in words.
    pub(crate) fn name(self, lang: Lang) -> &'static str {
        match self {
            LegalForm::ScopSa => "Scop SA",
            LegalForm::ScopSarl => "Scop SARL",
            LegalForm::ScopSas => "Scop SAS",
            LegalForm::Scic => "SCIC",
            LegalForm::Cooperative => lang.pick("coopérative", "cooperative"),
            LegalForm::ScFinaliteSociale => lang.pick(
                "société coopérative à finalité sociale",
                "cooperative company with a social purpose",
            ),
            LegalForm::ScEntrepriseSociale => lang.pick(
                "société coopérative agréée entreprise sociale",
                "cooperative company approved as a social enterprise",
            ),
            LegalForm::Sa => "SA",
            LegalForm::Sarl => "SARL",
            LegalForm::Sas => "SAS",
            LegalForm::Association => "association",
        }
    }
}

words! {
    /// `type`: what the dossier describes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
    pub enum DossierType {
        /// Une coopérative d'activités et d'emploi.
        #[value(name = "cooperative")]
        Cooperative = "cooperative",
        /// L'union du réseau (l'union d'économie sociale Coopérer pour entreprendre).
        #[value(name = "union")]
        Union = "union",
    }
}

impl DossierType {
    /// The type in words, capitalised (a row title of the committee's sheet).
    pub(crate) fn name(self, lang: Lang) -> &'static str {
        match self {
            DossierType::Cooperative => lang.pick("Coopérative", "Cooperative"),
            DossierType::Union => "Union",
        }
    }
}

/// What decides which rules apply to a dossier besides its stage and date: its country, legal
/// form and type, read once with its [`Identity`] and given to the evaluation. `None` where
/// the dossier does not say, or says a word outside the schema's list (a schema finding).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    /// `cooperative.pays`.
    pub country: Option<Country>,
    /// `cooperative.forme_juridique`.
    pub form: Option<LegalForm>,
    /// `type`.
    pub kind: Option<DossierType>,
}

/// A list of words as written, separated by commas (`FR, BE`).
pub(crate) fn join_words<T: fmt::Display>(words: &[T]) -> String {
    words
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
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
    /// `type`.
    pub kind: Option<DossierType>,
    /// `cooperative.pays`.
    pub country: Option<Country>,
    /// `cooperative.forme_juridique`.
    pub form: Option<LegalForm>,
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
            kind: text("/type").as_deref().and_then(DossierType::parse),
            country: text("/cooperative/pays")
                .as_deref()
                .and_then(Country::parse),
            form: text("/cooperative/forme_juridique")
                .as_deref()
                .and_then(LegalForm::parse),
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

impl Identity {
    /// The words that decide which rules apply.
    pub(crate) fn profile(&self) -> Profile {
        Profile {
            country: self.country,
            form: self.form,
            kind: self.kind,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value as Json;

    /// The words of an `enum` in a schema, at a JSON pointer.
    fn schema_words(schema: &str, pointer: &str) -> Vec<String> {
        let json: Json = serde_json::from_str(schema).expect("embedded schema is JSON");
        json.pointer(pointer)
            .and_then(Json::as_array)
            .unwrap_or_else(|| panic!("no enum at {pointer}"))
            .iter()
            .map(|w| w.as_str().expect("a word").to_string())
            .collect()
    }

    fn words<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<String> {
        all.iter().map(|w| as_str(*w).to_string()).collect()
    }

    #[test]
    fn the_enums_hold_the_words_of_the_dossier_and_rule_schemas() {
        let dossier = crate::schema::DOSSIER_SCHEMA;
        let rules = crate::rules::RULES_SCHEMA;
        let countries = words(Country::ALL, Country::as_str);
        let forms = words(LegalForm::ALL, LegalForm::as_str);
        let types = words(DossierType::ALL, DossierType::as_str);
        assert_eq!(countries, schema_words(dossier, "/$defs/pays/enum"));
        assert_eq!(forms, schema_words(dossier, "/$defs/forme_juridique/enum"));
        assert_eq!(types, schema_words(dossier, "/$defs/type_dossier/enum"));
        let applies = "/$defs/applies/properties";
        assert_eq!(
            countries,
            schema_words(rules, &format!("{applies}/countries/items/enum"))
        );
        assert_eq!(
            forms,
            schema_words(rules, &format!("{applies}/forms/items/enum"))
        );
        assert_eq!(
            types,
            schema_words(rules, &format!("{applies}/types/items/enum"))
        );
        assert_eq!(
            countries,
            schema_words(rules, "/$defs/source/properties/countries/items/enum")
        );
    }

    #[test]
    fn each_word_reads_back_and_an_unknown_one_is_none() {
        for c in Country::ALL {
            assert_eq!(Country::parse(c.as_str()), Some(*c));
            assert_eq!(c.to_string(), c.as_str());
        }
        for f in LegalForm::ALL {
            assert_eq!(LegalForm::parse(f.as_str()), Some(*f));
        }
        for t in DossierType::ALL {
            assert_eq!(DossierType::parse(t.as_str()), Some(*t));
        }
        // Words are case-sensitive, as in the schema: `fr` is not a country.
        assert_eq!(Country::parse("fr"), None);
        assert_eq!(Country::parse("DE"), None);
        assert_eq!(LegalForm::parse("mutuelle"), None);
        assert_eq!(DossierType::parse("Union"), None);
        assert_eq!(
            serde_json::to_string(&[Country::Fr, Country::Be]).unwrap(),
            r#"["FR","BE"]"#
        );
    }

    #[test]
    fn names_follow_the_language() {
        assert_eq!(Country::Be.name(Lang::Fr), "Belgique");
        assert_eq!(Country::Be.name(Lang::En), "Belgium");
        assert_eq!(LegalForm::ScopSarl.name(Lang::En), "Scop SARL");
        assert_eq!(LegalForm::Cooperative.name(Lang::Fr), "coopérative");
        assert_eq!(DossierType::Cooperative.name(Lang::En), "Cooperative");
    }

    #[test]
    fn the_identity_reads_the_words_once_and_refuses_unknown_ones() {
        let text = "dossier: 1\ntype: union\ncooperative: { nom: U, pays: BE, forme_juridique: scic }\netape: montage\n";
        let doc = crate::load::load_str("d.yaml", text, &crate::load::Limits::default()).unwrap();
        let id = Identity::read(&doc.root, doc.source.text());
        assert_eq!(
            id.profile(),
            Profile {
                country: Some(Country::Be),
                form: Some(LegalForm::Scic),
                kind: Some(DossierType::Union),
            }
        );
        // An unknown word is no value (the dossier schema reports it), never a default.
        let text =
            "dossier: 1\ntype: autre\ncooperative: { nom: U, pays: DE, forme_juridique: gmbh }\n";
        let doc = crate::load::load_str("d.yaml", text, &crate::load::Limits::default()).unwrap();
        assert_eq!(
            Identity::read(&doc.root, doc.source.text()).profile(),
            Profile::default()
        );
    }
}
