//! How a source (seed, law and article, charter, practice) is written for people.

use super::model::RawSource;
use crate::lang::Lang;

/// The seeds, by number, as the project's `seeds/README.md` names them.
pub fn seed_title(seed: &str) -> Option<&'static str> {
    match seed.trim_start_matches("seed:") {
        "000" => Some("Cap Services, « Une organisation et une équipe de professionnels »"),
        "001" => Some("D. Giacometti, « Coopérer pour entreprendre », RECMA n° 281 (2001)"),
        "002" => Some("Rencontres des CAE d'Île-de-France (Coopaname, 2009)"),
        "003" => Some("« Qu'est-ce qu'une coopérative ? » (coopérative d'activités, Belgique)"),
        "004" => Some("« Qu'est-ce qu'une CAE ? » (présentation du réseau)"),
        _ => None,
    }
}

/// One source as a line of text.
pub fn format_source(s: &RawSource, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(seed) = &s.seed {
        let id = format!("seed:{}", seed.trim_start_matches("seed:"));
        parts.push(match seed_title(seed) {
            Some(t) => format!("{t} [{id}]"),
            None => id,
        });
    }
    if let Some(law) = &s.law {
        let mut t = law.clone();
        if let Some(a) = &s.article {
            t.push_str(&format!(", art. {a}"));
        }
        if s.secondary {
            t.push_str(lang.pick(
                " (d'après des sources secondaires)",
                " (from secondary sources)",
            ));
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
    if let Some(n) = &s.note {
        text.push_str(&format!(" ({n})"));
    }
    text
}

/// All sources as lines of text.
pub fn format_sources(sources: &[RawSource], lang: Lang) -> Vec<String> {
    sources.iter().map(|s| format_source(s, lang)).collect()
}
