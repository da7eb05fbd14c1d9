//! `check` year after year: the identity pre-pass of a batch, the previous years judged first
//! (compact summaries only), and `--previous` for a single dossier. See
//! [`crate::history::link`] for why the work is ordered this way.

use std::collections::HashMap;
use std::path::Path;

use super::inputs::Found;
use super::pipeline;
use crate::check::{CheckOptions, check_input_after};
use crate::dossier::Identity;
use crate::history::link::{self, Plan, Probe};
use crate::history::{Carried, CoopKey, Link, Twin};
use crate::lang::Lang;
use crate::load::{self, Input};
use crate::rules::RuleSet;
use crate::tr;

/// How the inputs of a run are linked year after year.
#[derive(Default)]
pub(super) struct Links {
    plan: Plan,
    /// What an input leaves for the next year, for the inputs that are another's previous
    /// year only (a vector with a slot per input held a whole `Option<Carried>` for each of
    /// them: about 1 KB per file of a 10 000-file batch).
    carried: HashMap<usize, Carried>,
    /// Per input: another dossier for the same period.
    twins: Vec<Option<Twin>>,
    /// `--previous`: the previous dossier of the run's single input.
    given: Option<Carried>,
}

impl Links {
    /// What input `i` is judged after.
    pub(super) fn of(&self, i: usize) -> Link<'_> {
        let previous = self.given.as_ref().or_else(|| {
            self.plan
                .previous
                .get(i)
                .copied()
                .flatten()
                .and_then(|p| self.carried.get(&p))
        });
        Link {
            previous,
            twin: self.twins.get(i).and_then(Option::as_ref),
        }
    }
}

/// The root keys a dossier's identity is read from (`Probe`: the SIREN or enterprise number
/// and the name under `cooperative`, the date under `periode`; `dossier` tells a dossier).
const IDENTITY_KEYS: &[&str] = &["dossier", "cooperative", "periode"];

/// Links a batch: reads each input's identity (in parallel), plans, then judges the inputs
/// that are another's previous year, oldest rank first, keeping only their summaries. Inputs
/// that are not files (stdin, refused paths) stay alone: stdin cannot be read twice.
pub(super) fn link(
    found: &[Found],
    rules: &RuleSet,
    options: &CheckOptions,
    workers: usize,
) -> Links {
    let inputs: Vec<&Input> = found.iter().map(|f| &f.input).collect();
    if inputs.len() < 2 {
        return Links::default();
    }
    let mut probes: Vec<Option<Probe>> = Vec::with_capacity(inputs.len());
    // Only dossiers (a `dossier:` key at the root) are linked: another YAML file found while
    // walking is skipped by the run, and a named one is not evaluable.
    // The identity is all the plan needs: the rest of each file is scanned, not built (a
    // full read is the fallback, for an alias to a value the cheap read left out).
    let probe = |i: usize| match inputs[i] {
        Input::Path(_) => load::load_keeping(inputs[i], &options.limits, IDENTITY_KEYS)
            .or_else(|_| load::load(inputs[i], &options.limits))
            .ok()
            .filter(|doc| doc.root.get("dossier").is_some())
            .map(|doc| Probe::of(&Identity::read(&doc.root, doc.source.text()))),
        _ => None,
    };
    // Writing into a vector cannot fail.
    let _ = pipeline::ordered(inputs.len(), workers, probe, |p| {
        probes.push(p);
        Ok(())
    });
    let plan = link::plan(&probes);
    drop(probes);
    let mut twins: Vec<Option<Twin>> = vec![None; inputs.len()];
    for (i, d) in plan.duplicates.iter().enumerate() {
        if let Some(d) = d {
            twins[i] = Some(Twin {
                other: inputs[d.other].display_name(),
                kept: inputs[d.kept].display_name(),
            });
        }
    }
    let mut links = Links {
        carried: HashMap::new(),
        twins,
        plan,
        given: None,
    };
    for r in 0..links.plan.rounds.len() {
        let round = &links.plan.rounds[r];
        let mut done: Vec<Option<Carried>> = Vec::with_capacity(round.len());
        {
            let links = &links;
            let judge = |k: usize| {
                let i = round[k];
                check_input_after(inputs[i], rules, options, links.of(i), true).1
            };
            let _ = pipeline::ordered(round.len(), workers, judge, |c| {
                done.push(c);
                Ok(())
            });
        }
        let round = links.plan.rounds[r].clone();
        for (i, c) in round.into_iter().zip(done) {
            if let Some(c) = c {
                links.carried.insert(i, c);
            }
        }
    }
    links
}

/// `--previous FILE` for a run of one dossier: the file is judged (alone) and must be an
/// earlier dossier of the same cooperative. Returns the links, or the message of why not.
pub(super) fn given(
    path: &Path,
    inputs: &[Found],
    rules: &RuleSet,
    options: &CheckOptions,
    lang: Lang,
) -> Result<Links, String> {
    let shown = crate::report::escape::neutral(&path.display().to_string()).into_owned();
    let [Found { input, .. }] = inputs else {
        return Err(tr!(
            lang,
            "--previous {shown} ne vaut que pour un seul dossier ({} donnés) : dans un lot, le dossier précédent de chaque coopérative est trouvé de lui-même",
            "--previous {shown} is for a single dossier ({} given): in a batch, each cooperative's previous dossier is found by itself",
            inputs.len()
        ));
    };
    // The judged dossier's identity is read before it is judged: standard input cannot be
    // read twice (the judged dossier would be empty), so it cannot follow a named file.
    if !matches!(input, Input::Path(_)) {
        return Err(tr!(
            lang,
            "--previous {shown} demande un dossier jugé nommé par son chemin, pas l'entrée standard",
            "--previous {shown} needs the judged dossier named by its path, not standard input"
        ));
    }
    let prev_input = Input::Path(path.to_path_buf());
    let (result, carried) = check_input_after(&prev_input, rules, options, Link::default(), true);
    let carried = match (result.decision, carried) {
        (crate::verdict::Decision::NotEvaluable, _) | (_, None) => {
            return Err(tr!(
                lang,
                "--previous {shown} : le dossier précédent n'est pas évaluable ({})",
                "--previous {shown}: the previous dossier cannot be evaluated ({})",
                result
                    .findings
                    .first()
                    .map(|f| crate::report::escape::neutral(&f.message).into_owned())
                    .unwrap_or_default()
            ));
        }
        (_, Some(c)) => c,
    };
    // The dossier judged: its identity and date, to check they follow the previous one (only
    // the keys that hold them are built, as for a batch; it is judged, read whole, next).
    if let Ok(doc) = load::load_keeping(input, &options.limits, IDENTITY_KEYS)
        .or_else(|_| load::load(input, &options.limits))
    {
        let id = Identity::read(&doc.root, doc.source.text());
        let probe = Probe::of(&id);
        let plan = link::plan(&[Some(Probe::of(&result.identity)), Some(probe)]);
        if plan.previous[1] != Some(0) {
            let same = CoopKey::of(&result.identity) == CoopKey::of(&id)
                || result
                    .identity
                    .name
                    .as_deref()
                    .map(crate::history::fold_name)
                    == id.name.as_deref().map(crate::history::fold_name);
            return Err(if same {
                tr!(
                    lang,
                    "--previous {shown} : sa période (fin le {}) n'est pas antérieure à celle du dossier jugé ({})",
                    "--previous {shown}: its period (ending {}) is not before the judged dossier's ({})",
                    fmt_date(result.date),
                    fmt_date(id.period_end)
                )
            } else {
                tr!(
                    lang,
                    "--previous {shown} n'est pas un dossier de la même coopérative (ni le même SIREN ou numéro d'entreprise, ni le même nom)",
                    "--previous {shown} is not a dossier of the same cooperative (neither the same SIREN or enterprise number, nor the same name)"
                )
            });
        }
    }
    Ok(Links {
        given: Some(carried),
        ..Links::default()
    })
}

fn fmt_date(d: Option<jiff::civil::Date>) -> String {
    d.map_or_else(|| "?".to_string(), |d| d.to_string())
}
