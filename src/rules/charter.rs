//! The charter's four principles (`charter/principles.yaml`), quoted from the seeds.

use serde::Deserialize;

use crate::lang::Lang;

/// A quotation with its source.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Citation {
    /// `seed:003`.
    pub source: String,
    /// The quoted text.
    pub texte: String,
}

/// One principle of the charter.
#[derive(Debug, Clone, Deserialize)]
pub struct Principle {
    /// Stable id used by rules.
    pub id: String,
    /// 1 to 4.
    pub numero: u8,
    /// French title.
    pub titre: String,
    /// English title.
    pub title_en: Option<String>,
    /// Faithful French summary.
    pub texte: String,
    /// Quotations.
    #[serde(default)]
    pub(crate) citations: Vec<Citation>,
}

impl Principle {
    /// Title in the language.
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.title_en.as_deref().unwrap_or(&self.titre),
            Lang::Fr => &self.titre,
        }
    }
}

/// The charter itself.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct CharterText {
    /// Its name.
    pub nom: String,
    /// English name.
    pub name_en: Option<String>,
}

/// `charter/principles.yaml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Charter {
    /// The charter.
    pub(crate) charte: CharterText,
    /// Its principles.
    pub principes: Vec<Principle>,
}

impl Charter {
    /// A principle by id.
    pub(crate) fn principle(&self, id: &str) -> Option<&Principle> {
        self.principes.iter().find(|p| p.id == id)
    }
}
