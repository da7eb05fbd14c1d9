//! The rules the engine checks itself (`kind: builtin`): what the rule language cannot say.
//! Their YAML entries (`rules/hygiene.yaml`, `rules/derogations.yaml`) document them; the loader
//! refuses a builtin whose code is not listed in [`KNOWN`].
//!
//! - DG001: a `derogations` section written in a dossier waives nothing; each entry is pointed
//!   out, since only the committee's register waives.
//! - DG005, DG006: the SIREN's Luhn check digit, the Belgian enterprise number's mod-97 check.
//! - DR001 to DR003: what became of the committee register's entries for this cooperative
//!   (refused, expired, ending soon). They run after every other rule ([`DEFERRED`]).

use crate::finding::{Finding, WaiverState};
use crate::identifiers::{self, Kind as IdKind};
use crate::load::{Document, Node};
use crate::outcome::{RegisterUse, Status};
use crate::register::identifier_words;
use crate::rules::Rule;
use crate::tr;

use super::Sink;
use super::eval::Ctx;

/// The codes of the rules the engine checks itself.
pub(crate) const KNOWN: [&str; 8] = [
    "DG001", "DG005", "DG006", "DR001", "DR002", "DR003", "HI005", "HI006",
];

/// The builtins that report on the register's entries or on other rules' outcomes: they run
/// once every other rule has.
pub(crate) const DEFERRED: [&str; 4] = ["DR001", "DR002", "DR003", "HI005"];

/// A finding of a builtin at `pointer` (shown on its value, or on the nearest mapping).
fn located(
    rule: &Rule,
    ctx: &Ctx<'_>,
    doc: &Document,
    pointer: &str,
    message: String,
    label: String,
    help: String,
) -> Finding {
    let (span, _) = doc.span_of(pointer);
    let mut f = Finding::rule(&rule.code, &rule.name, rule.severity, message)
        .pointer_in(&doc.root, pointer)
        .at(span, label)
        .help(help);
    f.blocking = rule.blocking();
    f.principle = rule.principle.clone();
    f.sources = rule.sources_for(ctx.country, ctx.date, ctx.lang);
    f
}

/// Runs a builtin that does not depend on other rules; returns its status.
pub(crate) fn run(rule: &Rule, ctx: &Ctx<'_>, doc: &Document, sink: &mut Sink<'_>) -> Status {
    match rule.code.as_str() {
        "DG001" => dossier_waivers(rule, ctx, doc, sink),
        "DG005" => identifier(rule, ctx, doc, sink, "siren", IdKind::Siren),
        "DG006" => identifier(
            rule,
            ctx,
            doc,
            sink,
            "numero_entreprise",
            IdKind::EnterpriseNumber,
        ),
        "HI006" => twin(rule, ctx, doc, sink),
        _ => Status::NotApplicable,
    }
}

/// HI006: another dossier of the same cooperative for the same period in the run; which one
/// the next year's judgement follows is said.
fn twin(rule: &Rule, ctx: &Ctx<'_>, doc: &Document, sink: &mut Sink<'_>) -> Status {
    let Some(t) = ctx.twin else {
        return Status::NotApplicable;
    };
    let lang = ctx.lang;
    let esc = crate::report::escape::neutral;
    let (other, kept) = (esc(&t.other), esc(&t.kept));
    let message = tr!(
        lang,
        "Ce dossier et {other} sont deux dossiers de la même coopérative pour la même période (fin le {}) : les deux sont jugés, et c'est {kept} qui sert de dossier précédent à l'année suivante",
        "This dossier and {other} are two dossiers of the same cooperative for the same period (ending {}): both are judged, and {kept} is the previous dossier of the next year",
        ctx.date
    );
    let label = tr!(lang, "période en double", "period twice");
    let help = tr!(
        lang,
        "Gardez un seul dossier par coopérative et par année : retirez ou renommez l'autre, ou corrigez sa période",
        "Keep one dossier per cooperative and year: remove or rename the other, or fix its period"
    );
    sink.push(|| located(rule, ctx, doc, "/periode/fin", message, label, help));
    Status::Fail
}

/// DG001: each entry of the dossier's own `derogations` is pointed out at its line: a waiver is
/// the committee's, written in its register.
fn dossier_waivers(rule: &Rule, ctx: &Ctx<'_>, doc: &Document, sink: &mut Sink<'_>) -> Status {
    let entries = ctx
        .root
        .get("derogations")
        .map(Node::items)
        .unwrap_or_default();
    if entries.is_empty() {
        return Status::NotApplicable;
    }
    let lang = ctx.lang;
    for (i, entry) in entries.iter().enumerate() {
        let target = entry
            .get("regle")
            .and_then(Node::as_str)
            .unwrap_or("?")
            .to_string();
        let pointer = format!("/derogations/{i}");
        sink.push(|| {
            located(
                rule,
                ctx,
                doc,
                &pointer,
                tr!(
                    lang,
                    "Cette dérogation à {target}, écrite dans le dossier, ne couvre rien : une dérogation est accordée par le comité de labellisation, dans son registre",
                    "This waiver of {target}, written in the dossier, covers nothing: a waiver is granted by the label committee, in its register"
                ),
                tr!(lang, "sans effet", "no effect"),
                tr!(
                    lang,
                    "Demandez la dérogation au comité de labellisation ; s'il l'accorde, il l'inscrit dans son registre (cooplabel check --derogations REGISTRE.yaml). Retirez la section `derogations` du dossier.",
                    "Ask the label committee for the waiver; if granted, it is recorded in the committee's register (cooplabel check --derogations REGISTER.yaml). Remove the `derogations` section from the dossier."
                ),
            )
        });
    }
    Status::Fail
}

/// DG005 / DG006: an identifier, when the dossier gives one, has the right check digit(s).
fn identifier(
    rule: &Rule,
    ctx: &Ctx<'_>,
    doc: &Document,
    sink: &mut Sink<'_>,
    key: &str,
    kind: IdKind,
) -> Status {
    let Some(node) = ctx.root.get("cooperative").and_then(|c| c.get(key)) else {
        return Status::NotApplicable;
    };
    let Some(written) = crate::dossier::identifier_text(node, doc.source.text()) else {
        return Status::NotApplicable;
    };
    let Err(problem) = identifiers::check(kind, written) else {
        return Status::Pass;
    };
    // Shared with the register's own findings, worded in lower case like every engine
    // diagnostic; a rule's message and help are sentences.
    let (message, help) = identifier_words(kind, written, &problem, ctx.lang);
    let (message, help) = (sentence(&message), sentence(&help));
    let pointer = format!("/cooperative/{key}");
    let label = match &problem {
        identifiers::Problem::CheckDigit { check, .. } => {
            tr!(
                ctx.lang,
                "clé attendue : {check}",
                "expected check: {check}"
            )
        }
        _ => rule.title.get(ctx.lang).clone(),
    };
    sink.push(|| located(rule, ctx, doc, &pointer, message, label, help));
    Status::Fail
}

/// DR001 to DR003: the register's entries for this cooperative that were refused, that have
/// expired, or that cover a rule and end within the notice period. Each is shown where the
/// waived rule's first finding is (else on the cooperative's identity).
pub(crate) fn register(
    rule: &Rule,
    ctx: &Ctx<'_>,
    doc: &Document,
    uses: &[RegisterUse],
    sink: &mut Sink<'_>,
    notice_days: i64,
) -> Status {
    if rule.code == "HI005" {
        return lapsed(rule, ctx, doc, sink);
    }
    let lang = ctx.lang;
    let wanted = |u: &RegisterUse| match rule.code.as_str() {
        "DR001" => u.state == WaiverState::Refused,
        "DR002" => u.state == WaiverState::Expired,
        "DR003" => u.expires_soon,
        _ => false,
    };
    let mut any = false;
    for u in uses.iter().filter(|u| wanted(u)) {
        any = true;
        let e = &u.entry;
        // The waived rule's first finding, when it fails (its findings carry the entry).
        let failing = sink
            .findings
            .iter()
            .find(|f| f.code == e.rule && f.waiver.is_some());
        let pointer = failing.map_or_else(|| "/cooperative".to_string(), |f| f.pointer.clone());
        let at = tr!(lang, "registre, ligne {}", "register, line {}", e.line);
        let (message, label, help) = match rule.code.as_str() {
            "DR001" => (
                if failing.is_some() {
                    tr!(
                        lang,
                        "Dérogation refusée : {} ({at}). Le critère {} reste en échec.",
                        "Waiver refused: {} ({at}). Criterion {} keeps failing.",
                        u.refusal.clone().unwrap_or_default(),
                        e.rule
                    )
                } else {
                    tr!(
                        lang,
                        "Dérogation refusée : {} ({at}). La règle {} ne relève rien ici ; l'entrée est à retirer du registre.",
                        "Waiver refused: {} ({at}). Rule {} reports nothing here; the entry should leave the register.",
                        u.refusal.clone().unwrap_or_default(),
                        e.rule
                    )
                },
                tr!(lang, "dérogation refusée", "waiver refused"),
                if failing.is_some() {
                    tr!(
                        lang,
                        "Corrigez ce que la règle {} relève ; le comité retire l'entrée de son registre",
                        "Fix what rule {} reports; the committee removes the entry from its register",
                        e.rule
                    )
                } else {
                    tr!(
                        lang,
                        "Le comité retire l'entrée de son registre : la règle {} ne peut pas être écartée",
                        "The committee removes the entry from its register: rule {} cannot be set aside",
                        e.rule
                    )
                },
            ),
            "DR002" => (
                tr!(
                    lang,
                    "La dérogation à {} a pris fin le {} ({at}) : elle ne couvre plus la règle au {}",
                    "The waiver of {} ended on {} ({at}): it no longer covers the rule at {}",
                    e.rule,
                    e.until,
                    ctx.date
                ),
                tr!(lang, "dérogation expirée", "waiver expired"),
                tr!(
                    lang,
                    "Corrigez ce que la règle {} relève, ou demandez au comité de renouveler la dérogation",
                    "Fix what rule {} reports, or ask the committee to renew the waiver",
                    e.rule
                ),
            ),
            _ => (
                tr!(
                    lang,
                    "La dérogation à {} prend fin le {}, dans moins de {notice_days} jours après le {} ({at})",
                    "The waiver of {} ends on {}, less than {notice_days} days after {} ({at})",
                    e.rule,
                    e.until,
                    ctx.date
                ),
                tr!(lang, "échéance proche", "ending soon"),
                tr!(
                    lang,
                    "Préparez la mise en conformité à la règle {}, ou la demande de renouvellement au comité",
                    "Prepare to meet rule {}, or to ask the committee for a renewal",
                    e.rule
                ),
            ),
        };
        // About the entry, wherever it is shown: the waived rule and the committee's decision.
        let about = format!("derogation/{}/{}", e.rule, e.decision);
        sink.push(|| located(rule, ctx, doc, &pointer, message, label, help).about(&about));
    }
    if any {
        Status::Note
    } else {
        Status::NotApplicable
    }
}

/// HI005: a criterion the committee waived for the previous dossier that fails now without a
/// waiver — the waiver lapsed (or left the register) and the cooperative did not meet it.
fn lapsed(rule: &Rule, ctx: &Ctx<'_>, doc: &Document, sink: &mut Sink<'_>) -> Status {
    if ctx.previous_waived.is_empty() {
        return Status::NotApplicable;
    }
    let lang = ctx.lang;
    let mut any = false;
    let mut seen: Vec<&str> = Vec::new();
    for code in ctx.previous_waived {
        if seen.contains(&code.as_str()) {
            continue;
        }
        seen.push(code);
        let failing = ctx
            .set
            .index_of(code)
            .and_then(|i| ctx.status.get(i).copied().flatten())
            == Some(Status::Fail);
        if !failing {
            continue;
        }
        any = true;
        let pointer = sink
            .findings
            .iter()
            .find(|f| &f.code == code)
            .map_or_else(String::new, |f| f.pointer.clone());
        let message = tr!(
            lang,
            "Le comité avait dérogé à {code} pour le dossier précédent ; cette année, aucune dérogation ne le couvre et le critère n'est toujours pas rempli",
            "The committee waived {code} for the previous dossier; this year no waiver covers it and the criterion is still not met"
        );
        let label = tr!(lang, "dérogation échue", "waiver lapsed");
        let help = tr!(
            lang,
            "Mettez le dossier en conformité avec {code}, ou demandez au comité de renouveler sa dérogation",
            "Bring the dossier in line with {code}, or ask the committee to renew its waiver"
        );
        // One finding per lapsed criterion, wherever its own finding is.
        sink.push(|| located(rule, ctx, doc, &pointer, message, label, help).about(code));
    }
    if any { Status::Fail } else { Status::Pass }
}

/// The text with its first letter in capitals, as a rule's message starts.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
