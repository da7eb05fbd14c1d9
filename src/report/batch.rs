//! What the reports say about a whole batch: the table of its dossiers, the count per decision
//! and the network's statistics (human, GitHub's step summary, Markdown, HTML).

use super::Summary;
use super::text::statistics_text;
use crate::lang::Lang;
use crate::numfmt::percent;
use crate::tr;
use crate::verdict::Decision;

/// The batch's statistics (the network's "état des lieux") in a sentence.
pub(crate) fn summary_statistics(s: &Summary, lang: Lang) -> String {
    statistics_text(
        s.accueils,
        s.accompagnements,
        s.salaries,
        s.chiffre_affaires.iter().map(|(c, v)| (c.as_str(), *v)),
        lang,
    )
}

/// One row of the batch table: path, name, stage, decision, score, blocking, to fix.
pub(crate) fn batch_rows(s: &Summary, lang: Lang) -> Vec<[String; 7]> {
    s.rows
        .iter()
        .map(|r| {
            [
                r.path.clone(),
                r.name.clone().unwrap_or_default(),
                r.stage.map(|s| s.as_str().to_string()).unwrap_or_default(),
                r.decision.human(r.stage, lang).to_string(),
                r.score
                    .map(|x| percent(x, lang))
                    .unwrap_or_else(|| "—".into()),
                r.blocking.to_string(),
                r.problems.to_string(),
            ]
        })
        .collect()
}

/// The batch table's headers.
pub(crate) fn batch_head(lang: Lang) -> [&'static str; 7] {
    [
        lang.pick("Dossier", "Dossier"),
        lang.pick("Coopérative", "Cooperative"),
        lang.pick("Étape", "Stage"),
        lang.pick("Décision", "Decision"),
        "Score",
        lang.pick("Bloquants", "Blocking"),
        lang.pick("À corriger", "To fix"),
    ]
}

/// The count of dossiers per decision, in words: `8 dossier(s) : 8 conforme(s)`.
pub(crate) fn counts_text(s: &Summary, lang: Lang) -> String {
    let counts = [
        (Decision::Conforming, lang.pick("conforme(s)", "conforming")),
        (
            Decision::Conditional,
            lang.pick("sous conditions", "conditional"),
        ),
        (
            Decision::NonConforming,
            lang.pick("non conforme(s)", "non-conforming"),
        ),
        (
            Decision::NotEvaluable,
            lang.pick("non évaluable(s)", "not evaluable"),
        ),
    ]
    .iter()
    .filter(|(d, _)| s.count(*d) > 0)
    .map(|(d, w)| format!("{} {w}", s.count(*d)))
    .collect::<Vec<_>>()
    .join(", ");
    tr!(
        lang,
        "{} dossier(s) : {counts}",
        "{} dossier(s): {counts}",
        s.dossiers
    )
}
