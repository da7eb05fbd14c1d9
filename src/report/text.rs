//! Words shared by every report format, so that each says a thing the same way: what became of
//! a register waiver, above all (a waiver not applied may be expired, refused, not yet decided
//! or not needed: the state says which, and no format guesses it).

use crate::finding::{Waiver, WaiverState};
use crate::lang::Lang;
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
}
