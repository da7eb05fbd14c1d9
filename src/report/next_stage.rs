//! « Pour passer à l'étape suivante »: for a dossier judged before `suivi`, where it stands on
//! the next stage's own criteria and which inputs that stage still needs. Shared by the human
//! and HTML reports; it changes neither the decision nor the exit status.

use crate::evaluate::missing::{StageProgress, Standing};
use crate::lang::Lang;
use crate::rules::RuleSet;
use crate::tr;
use crate::verdict::DossierResult;

/// One criterion of the next stage.
pub(crate) struct Row<'a> {
    /// Rule code.
    pub code: &'a str,
    /// Rule title, in the report's language.
    pub title: &'a str,
    /// A failure blocks the decision.
    pub mandatory: bool,
    /// How it stands.
    pub standing: Standing,
    /// What it still needs, as dossier keys (`creation.mobilisation.partenaires_engages`).
    pub fields: Vec<String>,
}

/// The next stage's section.
pub(crate) struct NextStage<'a> {
    /// The heading (« Pour passer à l'étape suivante : mobilisation des partenaires »).
    pub heading: String,
    /// One line of counts.
    pub counts: String,
    /// Its criteria.
    pub rows: Vec<Row<'a>>,
}

/// A JSON pointer as the dossier's keys are written in help texts: `territoire.partenaires`,
/// `entrepreneurs[2].contrat`.
pub(crate) fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for seg in crate::load::tree::segments(pointer) {
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

/// The word for a criterion's standing.
pub(crate) fn standing_word(s: Standing, lang: Lang) -> &'static str {
    match s {
        Standing::Passes => lang.pick("respecté", "met"),
        Standing::Fails => lang.pick("à corriger", "to fix"),
        Standing::Waived => lang.pick("dérogation", "waived"),
        Standing::Missing => lang.pick("à renseigner", "to fill in"),
    }
}

/// The section for a result judged before `suivi`, if any.
pub(crate) fn view<'a>(
    r: &'a DossierResult,
    rules: &'a RuleSet,
    lang: Lang,
) -> Option<NextStage<'a>> {
    let next: &StageProgress = r.next.as_ref()?;
    let rows: Vec<Row<'a>> = next
        .criteria
        .iter()
        .filter_map(|c| {
            let rule = rules.rules.get(c.index)?;
            Some(Row {
                code: &rule.code,
                title: rule.title.get(lang),
                mandatory: rule.blocking(),
                standing: c.standing,
                fields: c.missing.iter().map(|p| dotted(p)).collect(),
            })
        })
        .collect();
    let counts = tr!(
        lang,
        "{} critère(s) : {} respecté(s), {} à corriger, {} à renseigner",
        "{} criteria: {} met, {} to fix, {} to fill in",
        rows.len(),
        next.count(Standing::Passes) + next.count(Standing::Waived),
        next.count(Standing::Fails),
        next.count(Standing::Missing)
    );
    Some(NextStage {
        heading: tr!(
            lang,
            "Pour passer à l'étape suivante : {}",
            "To move on to the next stage: {}",
            next.stage.title(lang)
        ),
        counts,
        rows,
    })
}
