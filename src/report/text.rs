//! Words shared by every report format, so that each says a thing the same way: what became of
//! a register waiver, above all (a waiver not applied may be expired, refused, not yet decided
//! or not needed: the state says which, and no format guesses it), and the words of a finding,
//! a dossier's identity and figures, the rule set.

use rust_decimal::Decimal;

use crate::finding::{Finding, Origin, Severity, Waiver, WaiverState};
use crate::lang::Lang;
use crate::numfmt::number;
use crate::rules::RuleSet;
use crate::tr;

/// A register entry's fate in words.
pub(crate) fn waiver_word(state: WaiverState, lang: Lang) -> &'static str {
    match state {
        WaiverState::Applied => lang.pick("dérogation appliquée", "waiver applied"),
        WaiverState::Expired => lang.pick("dérogation expirée", "waiver expired"),
        WaiverState::Refused => lang.pick("dérogation refusée", "waiver refused"),
        WaiverState::NotYetDecided => lang.pick(
            "dérogation décidée après l'évaluation",
            "waiver decided after the evaluation",
        ),
        WaiverState::Unused => lang.pick("dérogation sans objet", "waiver not needed"),
    }
}

/// A waiver as it bears on a rule, in words: who granted it, until when, and its fate.
pub(crate) fn waiver_text(w: &Waiver, lang: Lang) -> String {
    let mut text = tr!(
        lang,
        "décidée le {} par {}, jusqu'au {} : {}",
        "decided on {} by {}, until {}: {}",
        w.decision,
        w.granted_by,
        w.until,
        w.reason
    );
    text.push_str(&format!(" — {}", waiver_word(w.state, lang)));
    if let Some(why) = &w.refusal {
        text.push_str(&format!(" ({why})"));
    }
    text
}

/// What the committee's reports (Markdown, HTML) write before [`waiver_text`] under a rule.
pub(crate) fn waiver_heading(lang: Lang) -> &'static str {
    lang.pick("Dérogation du registre", "Register waiver")
}

/// A waiver that covers a finding, as a sentence after its message (SARIF, whose viewers
/// ignore `suppressions`).
pub(crate) fn waiver_covers(w: &Waiver, lang: Lang) -> String {
    tr!(
        lang,
        "Couvert par une dérogation du registre {}",
        "Covered by a register waiver {}",
        waiver_text(w, lang)
    )
}

/// A register waiver in one line, as the finding-by-finding formats (human, JUnit, GitHub)
/// show it under a finding.
pub(crate) fn waiver_line(w: &Waiver, lang: Lang) -> String {
    tr!(
        lang,
        "dérogation du registre {}",
        "register waiver {}",
        waiver_text(w, lang)
    )
}

/// A severity in words.
pub(crate) fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("erreur", "error"),
        Severity::Warning => lang.pick("avertissement", "warning"),
        Severity::Info => lang.pick("information", "information"),
    }
}

/// The title of a code that is not a rule of the packs (LD…, SC…): what it is about, then
/// its name in words (`Structure du dossier — cle inconnue`).
pub(crate) fn structure_title(f: &Finding, lang: Lang) -> String {
    let what = match f.origin {
        Origin::Load => lang.pick("Lecture du dossier", "Reading the dossier"),
        Origin::Schema => lang.pick("Structure du dossier", "Structure of the dossier"),
        Origin::Rule => lang.pick("Rapport", "Report"),
    };
    format!("{what} — {}", f.name.replace('-', " "))
}

/// A piece of running text: plain, or code (written between backticks in messages and help).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inline<'a> {
    /// Plain text.
    Text(&'a str),
    /// Code: a key, a value to write.
    Code(&'a str),
}

/// Splits a message at its backticks. An unpaired backtick stays plain text.
pub(crate) fn inline(text: &str) -> Vec<Inline<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        if open > 0 {
            out.push(Inline::Text(&rest[..open]));
        }
        out.push(Inline::Code(&rest[open + 1..open + 1 + len]));
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest));
    }
    out
}

/// The yearly figures in a sentence: `216 accueils, 101 accompagnements, 49 salariés, chiffre
/// d'affaires 10 413 000 FRF`.
pub(crate) fn statistics_text<'c>(
    accueils: Decimal,
    accompagnements: Decimal,
    salaries: Decimal,
    turnover: impl Iterator<Item = (&'c str, Decimal)>,
    lang: Lang,
) -> String {
    let ca = turnover
        .map(|(c, v)| crate::numfmt::amount(v, Some(c), lang))
        .collect::<Vec<_>>()
        .join(" + ");
    let mut text = tr!(
        lang,
        "{} accueils, {} accompagnements, {} salariés",
        "{} welcomed, {} supported, {} salaried",
        number(accueils, lang),
        number(accompagnements, lang),
        number(salaries, lang)
    );
    if !ca.is_empty() {
        text.push_str(&tr!(lang, ", chiffre d'affaires {ca}", ", turnover {ca}"));
    }
    text
}

/// Which shipped packs `--replace-pack` replaced, in words (`None` when the official packs were
/// used as shipped): every report says it, as the decision depends on it.
pub(crate) fn replaced_packs_text(rules: &RuleSet, lang: Lang) -> Option<String> {
    if rules.replaced.is_empty() {
        return None;
    }
    let list = rules
        .replaced
        .iter()
        .map(|p| tr!(lang, "{} (par {})", "{} (by {})", p.name, p.by))
        .collect::<Vec<_>>()
        .join(", ");
    Some(tr!(
        lang,
        "paquets livrés remplacés (--replace-pack) : {list}",
        "shipped packs replaced (--replace-pack): {list}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiver(state: WaiverState, refusal: Option<&str>) -> Waiver {
        Waiver {
            reason: "motif".into(),
            granted_by: "comité".into(),
            until: "2001-06-30".into(),
            decision: "2001-03-15".into(),
            active: state == WaiverState::Applied,
            state,
            refusal: refusal.map(String::from),
        }
    }

    /// A waiver not applied is not called expired unless it is: each state says its own fate
    /// (the human and JUnit reports used to call every one "expired").
    #[test]
    fn each_state_of_a_waiver_says_its_own_fate() {
        let line = |w: &Waiver| waiver_line(w, Lang::Fr);
        let refused = line(&waiver(WaiverState::Refused, Some("la loi")));
        assert!(
            refused.ends_with("— dérogation refusée (la loi)"),
            "{refused}"
        );
        assert!(!refused.contains("expir"), "{refused}");
        let later = line(&waiver(WaiverState::NotYetDecided, None));
        assert!(
            later.ends_with("dérogation décidée après l'évaluation"),
            "{later}"
        );
        assert!(line(&waiver(WaiverState::Expired, None)).ends_with("dérogation expirée"));
        assert!(line(&waiver(WaiverState::Applied, None)).ends_with("dérogation appliquée"));
        assert_eq!(
            waiver_line(&waiver(WaiverState::Unused, None), Lang::En),
            "register waiver decided on 2001-03-15 by comité, until 2001-06-30: motif — waiver not needed"
        );
    }

    #[test]
    fn inline_splits_code() {
        assert_eq!(
            inline("écrivez `a: 1` puis `b`."),
            vec![
                Inline::Text("écrivez "),
                Inline::Code("a: 1"),
                Inline::Text(" puis "),
                Inline::Code("b"),
                Inline::Text("."),
            ]
        );
        assert_eq!(inline("un ` seul"), vec![Inline::Text("un ` seul")]);
        assert_eq!(inline(""), Vec::<Inline<'_>>::new());
    }
}
