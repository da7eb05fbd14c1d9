//! Parameters: every legal or charter threshold, named, with a value per date of entry into
//! force (OpenFisca-style), a description and its sources.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::model::RawSource;
use super::source::format_sources;
use crate::lang::Lang;
use crate::numfmt;
use crate::source::Location;

/// What a parameter's values are (its `unit`), which says how they are written and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A fraction between 0 and 1 (`0.15` for 15 %).
    Rate,
    /// A number of months.
    Months,
    /// An amount of money.
    Amount,
    /// A count.
    Count,
    /// A date.
    Date,
    /// A list of texts.
    List,
    /// A text.
    Text,
}

impl Unit {
    /// Every unit, in the rule schema's order.
    pub(crate) const ALL: [Unit; 7] = [
        Unit::Rate,
        Unit::Months,
        Unit::Amount,
        Unit::Count,
        Unit::Date,
        Unit::List,
        Unit::Text,
    ];

    /// The rule file's word (`rate`, `months`…).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Unit::Rate => "rate",
            Unit::Months => "months",
            Unit::Amount => "amount",
            Unit::Count => "count",
            Unit::Date => "date",
            Unit::List => "list",
            Unit::Text => "text",
        }
    }

    /// Whether its values are numbers.
    pub(crate) fn is_number(self) -> bool {
        matches!(self, Unit::Rate | Unit::Months | Unit::Amount | Unit::Count)
    }
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParamValue {
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
    pub(crate) fn display(&self, unit: Unit, lang: Lang) -> String {
        match self {
            ParamValue::Num(d) if unit == Unit::Rate => numfmt::percent(*d, lang),
            ParamValue::Num(d) if unit == Unit::Months => format!(
                "{} {}",
                numfmt::number(*d, lang),
                lang.pick("mois", "months")
            ),
            ParamValue::Num(d) if unit == Unit::Amount => numfmt::amount(*d, None, lang),
            ParamValue::Num(d) => numfmt::number(*d, lang),
            ParamValue::Date(d) => d.to_string(),
            ParamValue::Text(t) => t.clone(),
            ParamValue::List(items) => items.join(", "),
        }
    }
}

/// One dated value of a parameter, with where it is written (the line a finding's « défini
/// ici » shows).
#[derive(Debug, Clone)]
pub struct DatedValue {
    /// In force from (`None`: since always, the first value only).
    pub from: Option<Date>,
    /// The value.
    pub(crate) value: ParamValue,
    /// The value in its file (`value: 0.15` of `rules/parameters.yaml`).
    pub at: Location,
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
    /// What its values are.
    pub(crate) unit: Unit,
    /// Sources.
    pub sources: Vec<RawSource>,
    /// Values, oldest first.
    pub values: Vec<DatedValue>,
}

impl Parameter {
    /// The dated value in force at `date`: the last one whose start is on or before it.
    pub fn in_force(&self, date: Date) -> Option<&DatedValue> {
        self.values
            .iter()
            .rev()
            .find(|v| v.from.is_none_or(|f| f <= date))
    }

    /// The value in force at `date`.
    pub(crate) fn at(&self, date: Date) -> Option<&ParamValue> {
        self.in_force(date).map(|v| &v.value)
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
