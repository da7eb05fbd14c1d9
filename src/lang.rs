//! The language of the tool's own text: French first, English on request (`--lang en`).

/// A language the tool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// French, the default: the users are francophone.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<T>(self, fr: T, en: T) -> T {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        self.pick("fr", "en")
    }
}

/// `tr!(lang, "texte {x}", "text {x}")`: a formatted message in the chosen language.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $fr:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::lang::Lang::Fr => format!($fr),
            $crate::lang::Lang::En => format!($en),
        }
    };
    ($lang:expr, $fr:literal, $en:literal, $($arg:tt)*) => {
        match $lang {
            $crate::lang::Lang::Fr => format!($fr, $($arg)*),
            $crate::lang::Lang::En => format!($en, $($arg)*),
        }
    };
}
