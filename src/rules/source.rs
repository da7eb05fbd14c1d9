//! How a source is shown to people: the network's texts by author, title and date (never a
//! file number), laws by name and article, secondary sources and unverified dates or articles
//! said as such. A source may be tied to a period (the text, or this version of it, was in
//! force from … until …) and to countries: a dossier is only shown the citations that were law
//! in its country on its date ([`sources_for`]).

use jiff::civil::Date;

use super::model::RawSource;
use crate::lang::Lang;
use crate::load::scalar::parse_date;

/// One of the network's texts (`/work/shared/seeds`), as it is cited.
struct Seed {
    /// Author (or body), title and date, as far as the text says; never invented.
    fr: &'static str,
    en: &'static str,
}

/// The network's texts, by number. Authors, titles and dates are those the texts and their
/// README give; where a text gives none, the citation says what the text is and that it is
/// undated or unsigned.
fn seed(number: &str) -> Option<Seed> {
    Some(match number.trim_start_matches("seed:") {
        "000" => Seed {
            fr: "Cap Services, « Une organisation et une équipe de professionnels », dans « Les 20 ans de Cap Services ! » (texte de la coopérative, non daté)",
            en: "Cap Services, « Une organisation et une équipe de professionnels », in « Les 20 ans de Cap Services ! » (the cooperative's own text, undated)",
        },
        "001" => Seed {
            fr: "D. Giacometti, « Coopérer pour entreprendre », RECMA n° 281, juillet 2001",
            en: "D. Giacometti, « Coopérer pour entreprendre », RECMA no. 281, July 2001",
        },
        "002" => Seed {
            fr: "S. Masure (Coopaname), « Rencontres CAE », compte rendu des premières rencontres des entrepreneurs des CAE d'Île-de-France, de Haute-Normandie et du Centre (10 novembre 2009)",
            en: "S. Masure (Coopaname), « Rencontres CAE », account of the first meeting of the entrepreneurs of the CAEs of Île-de-France, Haute-Normandie and Centre (10 November 2009)",
        },
        "003" => Seed {
            fr: "« Qu'est-ce qu'une coopérative ? », présentation des coopératives d'activités belges (sans auteur ni date)",
            en: "« Qu'est-ce qu'une coopérative ? », presentation of the Belgian activity cooperatives (no author, undated)",
        },
        "004" => Seed {
            fr: "« Qu'est-ce qu'une CAE ? », présentation du réseau Coopérer pour entreprendre (sans auteur ni date)",
            en: "« Qu'est-ce qu'une CAE ? », presentation of the Coopérer pour entreprendre network (no author, undated)",
        },
        _ => return None,
    })
}

/// The citation of a seed by number (`"001"`), in the language; `None` for an unknown number.
pub(crate) fn seed_title(number: &str, lang: Lang) -> Option<&'static str> {
    seed(number).map(|s| lang.pick(s.fr, s.en))
}

/// Whether a source applies to a dossier of `country` judged at `date`: its countries include
/// the dossier's, and the date is within its period.
pub(crate) fn applies(s: &RawSource, country: Option<&str>, date: Date) -> bool {
    let in_country = s
        .countries
        .as_ref()
        .is_none_or(|list| country.is_some_and(|c| list.iter().any(|x| x == c)));
    let after = s
        .from
        .as_deref()
        .and_then(parse_date)
        .is_none_or(|from| date >= from);
    let before = s
        .until
        .as_deref()
        .and_then(parse_date)
        .is_none_or(|until| date <= until);
    in_country && after && before
}

/// The citation itself: the text, its article and place, and what is not certain about it.
fn citation(s: &RawSource, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(number) = &s.seed {
        parts.push(match seed_title(number, lang) {
            Some(t) => t.to_string(),
            // The rule schema only admits the known numbers; a rule author's own text is
            // cited as written.
            None => format!(
                "{} {number}",
                lang.pick("texte du réseau n°", "network text no.")
            ),
        });
    }
    if let Some(law) = &s.law {
        let mut t = law.clone();
        if let Some(a) = &s.article {
            t.push_str(&format!(", art. {a}"));
        }
        parts.push(t);
    } else if let Some(a) = &s.article {
        parts.push(format!("art. {a}"));
    }
    if let Some(c) = &s.charter {
        parts.push(format!(
            "{} « {c} »",
            lang.pick("charte, principe", "charter, principle")
        ));
    }
    if let Some(p) = &s.practice {
        parts.push(format!(
            "{} : {p}",
            lang.pick("pratique du réseau", "network practice")
        ));
    }
    let mut text = parts.join(" — ");
    if let Some(w) = &s.location {
        text.push_str(&format!(", {w}"));
    }
    let mut remarks: Vec<String> = Vec::new();
    if s.secondary {
        remarks.push(
            lang.pick("d'après des sources secondaires", "from secondary sources")
                .into(),
        );
    }
    let date = s.unverified.iter().any(|u| u == "date");
    let article = s.unverified.iter().any(|u| u == "article");
    match (date, article) {
        (true, true) => remarks.push(
            lang.pick(
                "date et article non vérifiés",
                "date and article not verified",
            )
            .into(),
        ),
        (true, false) => remarks.push(lang.pick("date non vérifiée", "date not verified").into()),
        (false, true) => remarks.push(
            lang.pick("article non vérifié", "article not verified")
                .into(),
        ),
        (false, false) => {}
    }
    if let Some(n) = &s.note {
        remarks.push(n.clone());
    }
    if !remarks.is_empty() {
        text.push_str(&format!(" ({})", remarks.join(" ; ")));
    }
    text
}

/// Where and when a source applies, for the rule's documentation (`[France, depuis le
/// 2014-08-02]`); empty when it always applies.
fn scope(s: &RawSource, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(countries) = &s.countries {
        let names: Vec<&str> = countries
            .iter()
            .map(|c| match c.as_str() {
                "FR" => lang.pick("France", "France"),
                "BE" => lang.pick("Belgique", "Belgium"),
                other => other,
            })
            .collect();
        parts.push(names.join(", "));
    }
    let fr = lang == Lang::Fr;
    match (&s.from, &s.until) {
        (Some(f), Some(u)) if fr => parts.push(format!("du {f} au {u}")),
        (Some(f), Some(u)) => parts.push(format!("from {f} to {u}")),
        (Some(f), None) if fr => parts.push(format!("depuis le {f}")),
        (Some(f), None) => parts.push(format!("from {f}")),
        (None, Some(u)) if fr => parts.push(format!("jusqu'au {u}")),
        (None, Some(u)) => parts.push(format!("until {u}")),
        (None, None) => {}
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" [{}]", parts.join(", "))
    }
}

/// One source as a line of the rule's documentation, with where and when it applies.
pub(crate) fn format_source(s: &RawSource, lang: Lang) -> String {
    citation(s, lang) + &scope(s, lang)
}

/// All sources as lines of the rule's documentation (`explain`, the rule reference, SARIF).
pub(crate) fn format_sources(sources: &[RawSource], lang: Lang) -> Vec<String> {
    sources.iter().map(|s| format_source(s, lang)).collect()
}

/// The sources a finding shows on a dossier of `country` judged at `date`: only those in force
/// there and then, so that a French dossier is never shown a Belgian article, nor a dossier of
/// 2000 an article of 2014. Reporters show these lines as they are.
pub(crate) fn sources_for(
    sources: &[RawSource],
    country: Option<&str>,
    date: Date,
    lang: Lang,
) -> Vec<String> {
    sources
        .iter()
        .filter(|s| applies(s, country, date))
        .map(|s| citation(s, lang))
        .collect()
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
