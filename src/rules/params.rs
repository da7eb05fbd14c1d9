//! Parameters: every legal or charter threshold, named, with a value per date of entry into
//! force (OpenFisca-style), a description and its sources.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::model::RawSource;
use super::source::format_sources;
use crate::lang::Lang;
use crate::numfmt;

/// A parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A number (rate, months, amount, count).
    Num(Decimal),
    /// A date.
    Date(Date),
    /// A text.
    Text(String),
    /// A list of texts (e.g. admitted legal forms).
    List(Vec<String>),
}

impl ParamValue {
    /// The value as people read it (`15 %` for a rate).
    pub fn display(&self, unit: &str, lang: Lang) -> String {
        match self {
            ParamValue::Num(d) if unit == "rate" => numfmt::percent(*d, lang),
            ParamValue::Num(d) if unit == "months" => format!(
                "{} {}",
                numfmt::number(*d, lang),
                lang.pick("mois", "months")
            ),
            ParamValue::Num(d) => numfmt::number(*d, lang),
            ParamValue::Date(d) => d.to_string(),
            ParamValue::Text(t) => t.clone(),
            ParamValue::List(items) => items.join(", "),
        }
    }
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Dotted name (`scop.reserve_legale.taux_min`).
    pub name: String,
    /// French description.
    pub description: String,
    /// English description.
    pub description_en: Option<String>,
    /// `rate`, `months`, …
    pub unit: String,
    /// Sources.
    pub sources: Vec<RawSource>,
    /// Values, oldest first; `None` means "since always".
    pub values: Vec<(Option<Date>, ParamValue)>,
}

impl Parameter {
    /// The value in force at `date`: the last one whose start is on or before it.
    pub fn at(&self, date: Date) -> Option<&ParamValue> {
        self.values
            .iter()
            .rev()
            .find(|(from, _)| from.is_none_or(|f| f <= date))
            .map(|(_, v)| v)
    }

    /// Description in the language.
    pub fn describe(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.description_en.as_deref().unwrap_or(&self.description),
            Lang::Fr => &self.description,
        }
    }

    /// Sources as displayed.
    pub fn sources_text(&self, lang: Lang) -> Vec<String> {
        format_sources(&self.sources, lang)
    }
}
