//! The label committee's waiver register (`check --derogations REGISTRE.yaml`): the only place a
//! waiver comes from. A dossier cannot waive its own rules (what it writes under `derogations`
//! waives nothing, DG001); the committee records each decision here, for one cooperative, named
//! by its SIREN, its Belgian enterprise number or its exact name.
//!
//! The register is read like a rule file: parsed once with spans, validated against its own JSON
//! Schema (`cooplabel schema derogations`), then checked entry by entry (a known rule, dates in
//! order, right check digits); every mistake is a located diagnostic and the run stops with
//! exit status 2, since a committee's decision read wrongly is worse than none.

use crate::codes::Code;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use jiff::civil::Date;
use serde_json::Value as Json;

use crate::dossier::{Identity, identifier_text};
use crate::finding::{Finding, Origin, Severity};
use crate::identifiers::{self, Kind, Problem};
use crate::lang::Lang;
use crate::load::{self, Document, Input, Limits, Node, Value};
use crate::rules::RuleSet;
use crate::schema::Schema;
use crate::source::SourceFile;
use crate::tr;

/// The register's schema, as shipped (`cooplabel schema derogations` prints it).
pub(crate) const DEROGATIONS_SCHEMA: &str = include_str!("../schema/derogations.schema.json");

/// The register's schema, compiled once.
pub(crate) fn schema() -> &'static Schema {
    static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
        // Embedded at build time and tested to compile: no user input reaches this.
        let json = serde_json::from_str(DEROGATIONS_SCHEMA).expect("embedded register schema");
        Schema::compile(json).expect("embedded register schema compiles")
    });
    &SCHEMA
}

/// Who an entry is for: every identifier it gives must match the dossier's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Who {
    /// SIREN, as 9 digits.
    pub siren: Option<String>,
    /// Belgian enterprise number, as 10 digits.
    pub enterprise_number: Option<String>,
    /// Exact name.
    pub name: Option<String>,
}

impl Who {
    /// Whether the entry names this dossier's cooperative. A dossier that does not give an
    /// identifier the entry uses is not named by it: an entry never applies by default.
    pub(crate) fn matches(&self, id: &Identity) -> bool {
        let same = |want: &Option<String>, have: &Option<String>| {
            want.as_ref().is_none_or(|w| have.as_ref() == Some(w))
        };
        (self.siren.is_some() || self.enterprise_number.is_some() || self.name.is_some())
            && same(&self.siren, &id.siren)
            && same(&self.enterprise_number, &id.enterprise_number)
            && same(&self.name, &id.name)
    }
}

/// One decision of the committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Its place in the register (`/derogations/3`).
    pub pointer: String,
    /// Its line in the register.
    pub line: usize,
    /// The cooperative.
    pub who: Who,
    /// The waived rule's code (resolved from a code or a name at load).
    pub rule: String,
    /// Why.
    pub reason: String,
    /// Who decided.
    pub granted_by: String,
    /// The date of the committee's decision.
    pub decision: Date,
    /// Last day of validity.
    pub until: Date,
}

/// A loaded register.
#[derive(Debug, Clone)]
pub struct Register {
    /// The path as given on the command line.
    pub path: String,
    /// `sha256:` of the file's bytes.
    pub digest: String,
    /// The entries, in the file's order.
    pub(crate) entries: Vec<Entry>,
}

impl Register {
    /// The entries for this cooperative (all others never apply to it).
    pub(crate) fn for_identity<'a>(&'a self, id: &Identity) -> Vec<&'a Entry> {
        self.entries.iter().filter(|e| e.who.matches(id)).collect()
    }
}

/// A register that could not be used: every problem, located in it.
#[derive(Debug, Clone)]
pub struct RegisterError {
    /// The findings, with the source they point into.
    pub diagnostics: Vec<(Finding, Option<Arc<SourceFile>>)>,
}

/// Largest waiver register read: a register holds a few entries per cooperative and year (a
/// kilobyte or so each), so 1 MiB is thousands of entries.
pub const MAX_REGISTER_BYTES: u64 = 1024 * 1024;

/// Reads, validates and checks the register at `path` against the rules of the run.
pub fn load_file(path: &Path, rules: &RuleSet, lang: Lang) -> Result<Register, RegisterError> {
    let name = path.display().to_string();
    let input = Input::Path(path.to_path_buf());
    // Read like a dossier: a regular file only (never a FIFO, a device, /proc), within a size
    // limit of its own; a problem is a located diagnostic in the run's language.
    let limits = Limits {
        max_bytes: MAX_REGISTER_BYTES,
        ..Limits::default()
    };
    let doc = load::load(&input, &limits).map_err(|f| RegisterError {
        diagnostics: vec![(f.error.to_finding(lang), f.source)],
    })?;
    let digest = crate::rules::sha256(doc.source.text().as_bytes());
    read(&name, doc, digest, rules, lang)
}

/// Reads a register from a text (the rule tests' `registre`).
pub fn load_text(
    name: &str,
    text: &str,
    rules: &RuleSet,
    lang: Lang,
) -> Result<Register, RegisterError> {
    let doc = load::load_str(name, text, &Limits::default()).map_err(|f| RegisterError {
        diagnostics: vec![(f.error.to_finding(lang), f.source)],
    })?;
    let digest = crate::rules::sha256(text.as_bytes());
    read(name, doc, digest, rules, lang)
}

/// Validates a parsed register, then reads its entries.
fn read(
    name: &str,
    doc: Document,
    digest: String,
    rules: &RuleSet,
    lang: Lang,
) -> Result<Register, RegisterError> {
    let located = |findings: Vec<Finding>, doc: &Document| RegisterError {
        diagnostics: findings
            .into_iter()
            .map(|f| (f, Some(doc.source.clone())))
            .collect(),
    };
    let findings = schema()
        .check(&doc, lang, crate::check::DEFAULT_MAX_FINDINGS)
        .findings;
    if !findings.is_empty() {
        return Err(located(findings, &doc));
    }
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (i, node) in doc
        .root
        .get("derogations")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let pointer = format!("/derogations/{i}");
        if let Some(entry) = read_entry(&doc, node, &pointer, rules, lang, &mut problems) {
            entries.push(entry);
        }
    }
    if !problems.is_empty() {
        return Err(located(problems, &doc));
    }
    Ok(Register {
        path: name.to_string(),
        digest,
        entries,
    })
}

/// A problem of the register at the value `at` (whose pointer is `pointer`: the finding's
/// identity, as for a dossier's).
fn problem(
    doc: &Document,
    at: &Node,
    pointer: &str,
    code: Code,
    message: String,
    lang: Lang,
) -> Finding {
    let mut f = Finding::new(code, Severity::Error, Origin::Schema, message)
        .pointer_in(&doc.root, pointer)
        .at(at.span, tr!(lang, "ici", "here"));
    f.blocking = true;
    f
}

/// One entry, checked; its problems go to `problems`.
fn read_entry(
    doc: &Document,
    node: &Node,
    pointer: &str,
    rules: &RuleSet,
    lang: Lang,
    problems: &mut Vec<Finding>,
) -> Option<Entry> {
    // The register's schema requires these keys, as texts and dates: an entry without them
    // was refused, located, before it reached here.
    let text = |k: &str| node.get(k).and_then(|n| Some((n, n.as_str()?)));
    let date = |k: &str| match node.get(k).map(|n| (n, &n.value)) {
        Some((n, Value::Date(d))) => Some((n, *d)),
        _ => None,
    };
    let before = problems.len();
    let (rule_node, written_rule) = text("regle")?;
    let rule = match rules.find(written_rule) {
        Some(r) => r.code.clone(),
        None => {
            // A rule is written by its code or its name: both are suggested.
            let codes: Vec<&str> = rules
                .rules
                .iter()
                .flat_map(|r| [r.code.as_str(), r.name.as_str()])
                .collect();
            let mut f = problem(
                doc,
                rule_node,
                &format!("{pointer}/regle"),
                Code::Re001,
                tr!(
                    lang,
                    "le registre déroge à une règle inconnue : `{written_rule}`",
                    "the register waives an unknown rule: `{written_rule}`"
                ),
                lang,
            );
            f.help = Some(
                match crate::schema::messages::did_you_mean(written_rule, codes.iter().copied()) {
                    Some(s) => tr!(
                        lang,
                        "vouliez-vous écrire `{s}` ? `cooplabel rules` liste les règles",
                        "did you mean `{s}`? `cooplabel rules` lists the rules"
                    ),
                    None => tr!(
                        lang,
                        "`cooplabel rules` liste les codes des règles",
                        "`cooplabel rules` lists the rule codes"
                    ),
                },
            );
            problems.push(f);
            String::new()
        }
    };
    let ((_, decision), (until_node, until)) = (date("decision")?, date("jusqu_au")?);
    if decision > until {
        let mut f = problem(
            doc,
            until_node,
            &format!("{pointer}/jusqu_au"),
            Code::Re002,
            tr!(
                lang,
                "la dérogation prend fin le {until}, avant la décision qui l'accorde ({decision})",
                "the waiver ends on {until}, before the decision that grants it ({decision})"
            ),
            lang,
        );
        f.help = Some(tr!(
            lang,
            "vérifiez les deux dates : `decision` est le jour de la séance du comité, `jusqu_au` le dernier jour de validité",
            "check both dates: `decision` is the day of the committee's meeting, `jusqu_au` the last day of validity"
        ));
        problems.push(f);
    }
    let who_node = node.get("cooperative")?;
    let mut identifier = |key: &str, kind: Kind| -> Option<String> {
        let n = who_node.get(key)?;
        let written = identifier_text(n, doc.source.text())?;
        match identifiers::check(kind, written) {
            Ok(digits) => Some(digits),
            Err(p) => {
                problems.push(identifier_problem(
                    doc,
                    n,
                    &format!("{pointer}/cooperative/{key}"),
                    kind,
                    written,
                    &p,
                    lang,
                ));
                None
            }
        }
    };
    let who = Who {
        siren: identifier("siren", Kind::Siren),
        enterprise_number: identifier("numero_entreprise", Kind::EnterpriseNumber),
        name: who_node
            .get("nom")
            .and_then(Node::as_str)
            .map(str::to_string),
    };
    if problems.len() > before {
        return None;
    }
    Some(Entry {
        pointer: pointer.to_string(),
        line: doc.source.line_col(node.span.start).line,
        who,
        rule,
        reason: text("motif")?.1.to_string(),
        granted_by: text("accordee_par")?.1.to_string(),
        decision,
        until,
    })
}

/// The finding for a wrong SIREN or enterprise number in the register.
fn identifier_problem(
    doc: &Document,
    at: &Node,
    pointer: &str,
    kind: Kind,
    written: &str,
    p: &Problem,
    lang: Lang,
) -> Finding {
    let code = match kind {
        Kind::Siren => Code::Re003,
        Kind::EnterpriseNumber => Code::Re004,
    };
    let (message, help) = identifier_words(kind, written, p, lang);
    let mut f = problem(doc, at, pointer, code, message, lang);
    f.help = Some(help);
    f
}

/// What is wrong with a written identifier, and how to fix it (the message and the help of
/// both the register's and the dossier's findings).
pub(crate) fn identifier_words(
    kind: Kind,
    written: &str,
    p: &Problem,
    lang: Lang,
) -> (String, String) {
    let what = match kind {
        Kind::Siren => lang.pick("le SIREN", "the SIREN"),
        Kind::EnterpriseNumber => lang.pick("le numéro d'entreprise", "the enterprise number"),
    };
    let n = kind.digits();
    match p {
        Problem::CheckDigit { expected, check } => {
            let rule = match kind {
                Kind::Siren => lang.pick("clé de Luhn", "Luhn check digit"),
                Kind::EnterpriseNumber => lang.pick("clé modulo 97", "mod-97 check"),
            };
            (
                tr!(
                    lang,
                    "{what} « {written} » a une clé de contrôle fausse ({rule})",
                    "{what} \"{written}\" has a wrong check digit ({rule})"
                ),
                tr!(
                    lang,
                    "avec ces premiers chiffres, la clé attendue est {check} ({expected}) ; vérifiez le numéro sur un extrait d'immatriculation : un chiffre est sans doute mal recopié",
                    "with these first digits the expected check is {check} ({expected}); check the number on a registration extract: a digit was probably mistyped"
                ),
            )
        }
        Problem::Length { found } => (
            tr!(
                lang,
                "{what} « {written} » a {found} chiffre(s) au lieu de {n}",
                "{what} \"{written}\" has {found} digit(s) instead of {n}"
            ),
            tr!(
                lang,
                "écrivez ses {n} chiffres, entre guillemets s'il commence par 0",
                "write its {n} digits, quoted if it starts with 0"
            ),
        ),
        Problem::NotDigits => (
            tr!(
                lang,
                "{what} « {written} » contient autre chose que des chiffres",
                "{what} \"{written}\" contains something other than digits"
            ),
            tr!(
                lang,
                "écrivez seulement ses {n} chiffres (espaces ou points entre les groupes admis)",
                "write only its {n} digits (spaces or dots between groups are accepted)"
            ),
        ),
    }
}

/// The entries of a rule test case (`registre:` in `rules/tests/*.yaml`), as a register.
pub(crate) fn from_case(
    name: &str,
    entries: &Json,
    rules: &RuleSet,
    lang: Lang,
) -> Result<Register, String> {
    let doc = serde_json::json!({ "derogations": entries });
    let text = crate::testing::build::to_yaml(&doc);
    load_text(name, &text, rules, lang).map_err(|e| {
        e.diagnostics
            .iter()
            .map(|(f, _)| format!("{} {} ({})", f.code, f.message, f.pointer))
            .collect::<Vec<_>>()
            .join(" ; ")
    })
}
