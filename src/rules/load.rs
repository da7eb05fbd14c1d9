//! Loading the rule files: parse each once, validate it against its part of the rule schema,
//! compile it, and check what spans files (unique codes, known principles, parameters and
//! rules, no cycles). Every mistake is a finding located in the rule file, like a dossier's.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::build::{Declared, Loader, build_families, build_params, build_rules, build_verdict};
use super::expr::Expr;
use super::read::{PackDecl, ParamDecl, Problem, VerdictDecl};
use super::{Charter, ReplacedPack, RuleFile, RuleSet};
use crate::codes::Code;
use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::load::{Document, Limits, load_str};
use crate::schema::Schema;
use crate::schema::json::to_json;
use crate::source::SourceFile;
use crate::tr;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The rule schema, as shipped (`cooplabel schema rules` prints it).
pub(crate) const RULES_SCHEMA: &str = include_str!("../schema/rules.schema.json");

/// A file of the rules directory.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Path relative to the rules directory (`reserves.yaml`, `tests/RS003.yaml`).
    pub rel: String,
    /// Name shown in diagnostics (`rules/reserves.yaml`, or the user's path).
    pub name: String,
    /// Contents.
    pub text: String,
    /// Shipped with the binary (not from `--rules`).
    pub embedded: bool,
}

/// Rule files that could not be loaded: every problem, located.
#[derive(Debug, Clone)]
pub struct RuleLoadError {
    /// The findings, each with the source it points into.
    pub diagnostics: Vec<(Finding, Option<Arc<SourceFile>>)>,
}

/// An embedded file's text by its repository path (`charter/principles.yaml`).
pub fn embedded_file(path: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// Which part of the rule schema a rule-side file is checked against (`$defs` of
/// `rules.schema.json`): every kind has its schema, so none can be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleFileKind {
    /// A pack: families and rules.
    Pack,
    /// `parameters.yaml`: the dated thresholds.
    Parameters,
    /// `verdict.yaml`: the decision model's settings.
    Verdict,
    /// A test file (`tests/<CODE>.yaml`).
    Tests,
    /// One test case or example.
    Case,
}

impl RuleFileKind {
    /// Every kind, in the order of [`schema_for`]'s table.
    const ALL: [RuleFileKind; 5] = [
        RuleFileKind::Pack,
        RuleFileKind::Parameters,
        RuleFileKind::Verdict,
        RuleFileKind::Tests,
        RuleFileKind::Case,
    ];

    /// The kind of a decision file (not a test file) from its top-level key: `parameters:`,
    /// `verdict:`, else a pack.
    pub fn of(root: &crate::load::tree::Node) -> Self {
        if root.get("parameters").is_some() {
            RuleFileKind::Parameters
        } else if root.get("verdict").is_some() {
            RuleFileKind::Verdict
        } else {
            RuleFileKind::Pack
        }
    }

    /// Its definition in the rule schema.
    fn def(self) -> &'static str {
        match self {
            RuleFileKind::Pack => "pack",
            RuleFileKind::Parameters => "parametres",
            RuleFileKind::Verdict => "verdict",
            RuleFileKind::Tests => "tests",
            RuleFileKind::Case => "case",
        }
    }
}

fn schema_for(kind: RuleFileKind) -> &'static Schema {
    static SCHEMAS: LazyLock<Vec<Schema>> = LazyLock::new(|| {
        // Embedded at build time and tested to compile: no user input reaches these.
        let doc: Json = serde_json::from_str(RULES_SCHEMA).expect("embedded rule schema is JSON");
        RuleFileKind::ALL
            .into_iter()
            .map(|k| {
                let mut s = doc.clone();
                s["$ref"] = Json::String(format!("#/$defs/{}", k.def()));
                Schema::compile(s).expect("embedded rule schema compiles")
            })
            .collect()
    });
    // `ALL` lists every variant in declaration order: the index is always in the table.
    &SCHEMAS[kind as usize]
}

/// Validates a parsed rule-side file (pack, parameters, verdict, tests) against its schema.
/// At most `--max-findings`' default are built: a rule author fixes the first ones first.
pub fn validate(doc: &Document, kind: RuleFileKind, lang: Lang) -> Vec<Finding> {
    schema_for(kind)
        .check(doc, lang, crate::check::DEFAULT_MAX_FINDINGS)
        .findings
}

/// Largest rule-side file read from `--rules` (a pack, parameters, the decision, a test case
/// or base): the largest shipped pack is under 60 KB.
pub const MAX_RULE_FILE_BYTES: u64 = 1024 * 1024;

/// Most bytes read from a `--rules` directory in all (the shipped files total about 170 KB):
/// what a rule set may cost in memory is bounded whatever the directory holds. A compiled rule
/// costs about 13 KB (measured on chains of 100 000 rules): 2 MiB of the most compact rules
/// (~12 000) stay under 200 MB.
pub(crate) const MAX_RULES_BYTES: u64 = 2 * 1024 * 1024;

/// The name of a shipped pack, as `--replace-pack` takes it: its file's stem (`portage` for
/// `portage.yaml`). Only the files that decide (packs, parameters, decision) are packs; test
/// files and bases may be replaced freely, they only serve `cooplabel test`.
fn pack_name(rel: &str) -> Option<&str> {
    if is_test_file(rel) || rel.contains('/') {
        return None;
    }
    rel.strip_suffix(".yaml")
        .or_else(|| rel.strip_suffix(".yml"))
}

/// The names of the shipped packs (`charte`, `parameters`, `portage`…).
pub(crate) fn shipped_packs() -> Vec<&'static str> {
    EMBEDDED
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("rules/").and_then(pack_name))
        .collect()
}

/// The shipped rule files (packs, parameters, decision, tests), as `load_sources` takes them.
pub fn embedded_sources() -> Vec<RuleSource> {
    EMBEDDED
        .iter()
        .filter_map(|(path, text)| {
            path.strip_prefix("rules/").map(|rel| RuleSource {
                rel: rel.to_string(),
                name: path.to_string(),
                text: text.to_string(),
                embedded: true,
            })
        })
        .collect()
}

/// A rules directory or file that cannot be read.
const UNREADABLE: Code = Code::Rf000;
/// A rule-side file over [`MAX_RULE_FILE_BYTES`], or a directory over [`MAX_RULES_BYTES`].
const TOO_LARGE: Code = Code::Rf023;
/// `--replace-pack` misused, or a shipped pack replaced without it.
const REPLACED_PACK: Code = Code::Rf024;

/// A problem with `--rules` or `--replace-pack`, before any file is parsed.
fn refused(code: Code, what: String, help: &str) -> RuleLoadError {
    RuleLoadError {
        diagnostics: vec![(
            Finding::new(code, Severity::Error, Origin::Rule, what).help(help.to_string()),
            None,
        )],
    }
}

/// Reads a rule-side file within the size limits; `budget` is what is left of
/// [`MAX_RULES_BYTES`].
fn read_rule_file(path: &Path, budget: &mut u64, lang: Lang) -> Result<String, RuleLoadError> {
    use std::io::Read;
    let shown = path.display();
    let unreadable = |e: String| {
        refused(
            UNREADABLE,
            tr!(
                lang,
                "impossible de lire {shown} : {e}",
                "cannot read {shown}: {e}"
            ),
            rules_dir_help(lang),
        )
    };
    let file = crate::load::open_regular(path).map_err(|reason| {
        unreadable(
            crate::load::LoadError::Unreadable { reason }
                .to_finding(lang)
                .message,
        )
    })?;
    let limit = MAX_RULE_FILE_BYTES.min(*budget);
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        let message = if limit < MAX_RULE_FILE_BYTES {
            tr!(
                lang,
                "{shown} : l'ensemble des fichiers de --rules dépasse la limite de {MAX_RULES_BYTES} octets",
                "{shown}: the files of --rules together exceed the limit of {MAX_RULES_BYTES} bytes"
            )
        } else {
            tr!(
                lang,
                "{shown} : ce fichier de règles dépasse la limite de {MAX_RULE_FILE_BYTES} octets",
                "{shown}: this rule file exceeds the limit of {MAX_RULE_FILE_BYTES} bytes"
            )
        };
        return Err(refused(
            TOO_LARGE,
            message,
            lang.pick(
                "un paquet de règles fait quelques dizaines de kilo-octets : découpez-le, ou vérifiez que ce fichier est bien un fichier de règles",
                "a rule pack is a few tens of kilobytes: split it, or check that this file is a rule file",
            ),
        ));
    }
    *budget -= bytes.len() as u64;
    String::from_utf8(bytes).map_err(|_| {
        unreadable(
            lang.pick("le fichier n'est pas en UTF-8", "the file is not UTF-8")
                .into(),
        )
    })
}

/// The help of a `--rules` that cannot be read.
fn rules_dir_help(lang: Lang) -> &'static str {
    lang.pick(
        "--rules attend un dossier qui contient des fichiers de règles *.yaml (voir rules/README.md)",
        "--rules expects a directory that holds rule files *.yaml (see rules/README.md)",
    )
}

/// The files of the rules: the embedded ones, completed by those of `dir`. A file of `dir` with
/// the name of a shipped pack replaces it only if that pack is named in `replace` (official
/// packs are not replaced by accident); every name in `replace` must be a shipped pack that
/// `dir` replaces. Returns the files and the packs replaced.
fn gather(
    dir: Option<&Path>,
    replace: &[String],
    lang: Lang,
) -> Result<(Vec<RuleSource>, Vec<ReplacedPack>), RuleLoadError> {
    let mut files = embedded_sources();
    let shipped = shipped_packs();
    if let Some(unknown) = replace.iter().find(|n| !shipped.contains(&n.as_str())) {
        let list = shipped.join(", ");
        return Err(refused(
            REPLACED_PACK,
            tr!(
                lang,
                "--replace-pack : « {unknown} » n'est pas un paquet livré",
                "--replace-pack: \"{unknown}\" is not a shipped pack"
            ),
            &tr!(lang, "paquets livrés : {list}", "shipped packs: {list}"),
        ));
    }
    let Some(dir) = dir else {
        return match replace.first() {
            Some(name) => Err(refused(
                REPLACED_PACK,
                tr!(
                    lang,
                    "--replace-pack {name} : aucun répertoire --rules ne le remplace",
                    "--replace-pack {name}: no --rules directory replaces it"
                ),
                lang.pick(
                    "--replace-pack s'emploie avec --rules DIR, où DIR contient le paquet de remplacement",
                    "--replace-pack is used with --rules DIR, where DIR holds the replacing pack",
                ),
            )),
            None => Ok((files, Vec::new())),
        };
    };
    if !dir.is_dir() {
        let shown = dir.display();
        return Err(refused(
            UNREADABLE,
            tr!(
                lang,
                "--rules : « {shown} » n'est pas un dossier lisible",
                "--rules: \"{shown}\" is not a readable directory"
            ),
            rules_dir_help(lang),
        ));
    }
    let mut replaced = Vec::new();
    let mut budget = MAX_RULES_BYTES;
    // Links are not followed: a rules directory is a repository's content too.
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            refused(
                UNREADABLE,
                tr!(lang, "--rules : {e}", "--rules: {e}"),
                rules_dir_help(lang),
            )
        })?;
        let path = entry.path();
        if !entry.file_type().is_file() || !crate::load::is_yaml_path(path) {
            continue;
        }
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = read_rule_file(path, &mut budget, lang)?;
        let file = RuleSource {
            rel: rel.clone(),
            name: path.display().to_string(),
            text,
            embedded: false,
        };
        match files.iter_mut().find(|f| f.rel == rel) {
            Some(existing) => {
                if let Some(name) = pack_name(&rel) {
                    if !replace.iter().any(|r| r == name) {
                        let shown = path.display();
                        return Err(refused(
                            REPLACED_PACK,
                            tr!(
                                lang,
                                "{shown} porte le nom du paquet livré « {name} » : --rules ajoute des règles, il ne remplace pas un paquet officiel",
                                "{shown} has the name of the shipped pack \"{name}\": --rules adds rules, it does not replace an official pack"
                            ),
                            &tr!(
                                lang,
                                "renommez le fichier pour ajouter ses règles, ou, pour remplacer le paquet livré (et que chaque rapport le dise), ajoutez --replace-pack {name}",
                                "rename the file to add its rules, or, to replace the shipped pack (and have every report say so), add --replace-pack {name}"
                            ),
                        ));
                    }
                    replaced.push(ReplacedPack {
                        name: name.to_string(),
                        by: file.name.clone(),
                    });
                }
                *existing = file;
            }
            None => files.push(file),
        }
    }
    if let Some(name) = replace
        .iter()
        .find(|n| !replaced.iter().any(|r| &r.name == *n))
    {
        let shown = dir.display();
        return Err(refused(
            REPLACED_PACK,
            tr!(
                lang,
                "--replace-pack {name} : {shown} ne contient pas de fichier {name}.yaml",
                "--replace-pack {name}: {shown} holds no file {name}.yaml"
            ),
            lang.pick(
                "--replace-pack nomme un paquet livré que remplace un fichier de même nom dans --rules",
                "--replace-pack names a shipped pack that a file of the same name in --rules replaces",
            ),
        ));
    }
    Ok((files, replaced))
}

fn is_test_file(rel: &str) -> bool {
    rel.starts_with("tests/")
}

/// Loads the rules: the embedded packs, plus those of `dir`, which replace the shipped packs
/// named in `replace` (and only those).
pub fn load(dir: Option<&Path>, replace: &[String], lang: Lang) -> Result<RuleSet, RuleLoadError> {
    let (files, replaced) = gather(dir, replace, lang)?;
    let mut set = load_sources(files, lang)?;
    set.replaced = replaced;
    Ok(set)
}

/// Parses a rule-side file; a file that is not YAML is reported.
fn parse(loader: &mut Loader, file: &RuleSource) -> Option<Document> {
    match load_str(&file.name, &file.text, &Limits::default()) {
        Ok(doc) => Some(doc),
        Err(failure) => {
            loader
                .diagnostics
                .push((failure.error.to_finding(loader.lang), failure.source));
            None
        }
    }
}

/// The charter, shipped with the binary (validated by the project's tests).
fn read_charter(loader: &mut Loader, used: &mut Vec<RuleFile>) -> Option<Charter> {
    let text = embedded_file("charter/principles.yaml")?;
    let file = RuleSource {
        rel: "../charter/principles.yaml".into(),
        name: "charter/principles.yaml".into(),
        text: text.to_string(),
        embedded: true,
    };
    record(used, &file);
    let doc = parse(loader, &file)?;
    let lang = loader.lang;
    match serde_json::from_value(to_json(&doc.root)) {
        Ok(charter) => Some(charter),
        Err(e) => {
            let problem = Problem::at(
                doc.root.span,
                Code::Rf002,
                tr!(lang, "charte mal formée : {e}", "malformed charter: {e}"),
                None,
            );
            loader.report(&doc.source, vec![problem]);
            None
        }
    }
}

/// Every file that decides a dossier goes into the rule set's digest: the charter (its
/// principles name the scores), the packs, the parameters and the verdict model.
fn record(used: &mut Vec<RuleFile>, file: &RuleSource) {
    used.push(RuleFile {
        name: file.name.clone(),
        rel: file.rel.clone(),
        embedded: file.embedded,
        digest: super::sha256(file.text.as_bytes()),
    })
}

/// The decision files' declarations, by kind.
#[derive(Default)]
struct Declarations<'d> {
    packs: Vec<Declared<'d, PackDecl<'d>>>,
    params: Vec<Declared<'d, Vec<ParamDecl<'d>>>>,
    verdicts: Vec<Declared<'d, VerdictDecl<'d>>>,
}

/// Validates each parsed decision file against its part of the rule schema (the files shipped
/// in the binary are validated by the project's tests, not at every start), then reads its
/// typed declarations.
fn declare<'d>(loader: &mut Loader, parsed: &'d [(bool, Document)]) -> Declarations<'d> {
    let mut out = Declarations::default();
    for (embedded, doc) in parsed {
        let embedded = *embedded;
        let kind = RuleFileKind::of(&doc.root);
        if !embedded {
            let findings = validate(doc, kind, loader.lang);
            if !findings.is_empty() {
                loader
                    .diagnostics
                    .extend(findings.into_iter().map(|f| (f, Some(doc.source.clone()))));
                continue;
            }
        }
        match kind {
            RuleFileKind::Parameters => {
                let decl = loader.reading(doc, |r| r.parameters(&doc.root));
                out.params.push(Declared {
                    doc,
                    embedded,
                    decl,
                });
            }
            RuleFileKind::Verdict => {
                if let Some(decl) = loader.reading(doc, |r| r.verdict(&doc.root)) {
                    out.verdicts.push(Declared {
                        doc,
                        embedded,
                        decl,
                    });
                }
            }
            _ => {
                if let Some(decl) = loader.reading(doc, |r| r.pack(&doc.root)) {
                    out.packs.push(Declared {
                        doc,
                        embedded,
                        decl,
                    });
                }
            }
        }
    }
    out
}

/// The weighted decision model before the 2026-11 revision: say what replaced it.
fn old_verdict_model(loader: &mut Loader, doc: &Document) -> bool {
    let Some(entry) = doc.root.entry("severity_weights") else {
        return false;
    };
    let lang = loader.lang;
    let problem = Problem::at(
        entry.key_span,
        Code::Rf016,
        lang.pick(
            "ce fichier de décision suit l'ancien modèle (poids et seuil de score), remplacé par les critères obligatoires et recommandés",
            "this decision file follows the old model (weights and score threshold), replaced by mandatory and recommended criteria",
        ).into(),
        Some(lang.pick(
            "écrivez `verdict: { recommended_threshold: …, waiver_notice_days: … }` (cooplabel schema verdict) ; le niveau de chaque règle se déclare par `niveau:`",
            "write `verdict: { recommended_threshold: …, waiver_notice_days: … }` (cooplabel schema verdict); each rule's level is declared with `niveau:`",
        ).into()),
    );
    loader.report(&doc.source, vec![problem]);
    true
}

/// Loads rules from given files (relative paths as in the rules directory) and the embedded
/// charter.
pub fn load_sources(files: Vec<RuleSource>, lang: Lang) -> Result<RuleSet, RuleLoadError> {
    let mut loader = Loader {
        lang,
        diagnostics: Vec::new(),
    };
    let mut used: Vec<RuleFile> = Vec::new();
    let charter = read_charter(&mut loader, &mut used);
    let mut parsed: Vec<(bool, Document)> = Vec::new();
    let mut test_files = Vec::new();
    for file in files {
        if is_test_file(&file.rel) {
            test_files.push(file);
            continue;
        }
        record(&mut used, &file);
        if let Some(doc) = parse(&mut loader, &file)
            && !old_verdict_model(&mut loader, &doc)
        {
            parsed.push((file.embedded, doc));
        }
    }
    let declared = declare(&mut loader, &parsed);
    let (params, param_index) = build_params(&mut loader, &declared.params);
    let verdict = build_verdict(&mut loader, &declared.verdicts);
    let families = build_families(&mut loader, &declared.packs);
    let rules = charter
        .as_ref()
        .map(|c| {
            build_rules(
                &mut loader,
                &declared.packs,
                &param_index,
                &params,
                &families,
                c,
            )
        })
        .unwrap_or_default();

    if !loader.diagnostics.is_empty() {
        return Err(RuleLoadError {
            diagnostics: loader.diagnostics,
        });
    }
    let (Some(charter), Some(verdict)) = (charter, verdict) else {
        return Err(RuleLoadError {
            diagnostics: vec![(
                Finding::new(
                    Code::Rf032,
                    Severity::Error,
                    Origin::Rule,
                    lang.pick(
                        "la charte ou le fichier de décision (verdict.yaml) manque",
                        "the charter or the decision file (verdict.yaml) is missing",
                    )
                    .into(),
                ),
                None,
            )],
        });
    };
    Ok(RuleSet::new(
        families,
        rules,
        params,
        param_index,
        verdict,
        charter,
        test_files,
        used,
        Vec::new(),
    ))
}

/// The numeric literals of a rule's expressions (`check`, `when`, `for_each`, `filter`, `let`):
/// the packs' tests refuse thresholds written as literals instead of parameters.
pub fn numeric_literals(rule: &super::Rule) -> Vec<Decimal> {
    let exprs = (rule.check.iter())
        .chain(rule.when.iter())
        .chain(rule.for_each.iter())
        .chain(rule.filter.iter())
        .chain(rule.lets.iter().map(|(_, e)| e));
    exprs.flat_map(expr_literals).collect()
}

/// The numeric literals of an expression. The year before an exercice's
/// (`{ sub: [.annee, 1] }`, the rules across years) is a calendar step, not a threshold: it is
/// not counted.
fn expr_literals(e: &Expr) -> Vec<Decimal> {
    use super::expr::{Arith, Lit};
    let mut found = Vec::new();
    let mut year_step: Vec<*const Expr> = Vec::new();
    e.walk(&mut |x| match x {
        Expr::Arith(Arith::Sub, args)
            if matches!(args.first(), Some(Expr::Path(p)) if p.segments.last().is_some_and(|s| s == "annee"))
                && matches!(args.get(1), Some(Expr::Lit(Lit::Num(d))) if *d == Decimal::ONE) =>
        {
            year_step.push(&args[1]);
        }
        Expr::Lit(Lit::Num(d)) if !year_step.contains(&(x as *const Expr)) => found.push(*d),
        _ => {}
    });
    found
}

/// Parameters used nowhere (for the packs' own tests).
pub fn unused_params(set: &RuleSet) -> BTreeSet<String> {
    let used: BTreeSet<usize> = set
        .rules
        .iter()
        .flat_map(|r| r.params.iter().copied())
        .collect();
    set.params
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, p)| p.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RuleFileKind;

    /// `schema_for` indexes its table by the kind: `ALL` must list every kind in declaration
    /// order, each with a definition of the rule schema.
    #[test]
    fn every_rule_file_kind_has_its_schema() {
        for (i, kind) in RuleFileKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i);
            let schema: serde_json::Value =
                serde_json::from_str(super::RULES_SCHEMA).expect("rule schema");
            assert!(schema["$defs"][kind.def()].is_object(), "{kind:?}");
            // Compiles, and validates against the right part.
            let _ = super::schema_for(kind);
        }
    }

    /// Every shipped rule of kind `check` has something to check (the compiler refuses a
    /// `check` rule without one: this keeps it so).
    #[test]
    fn every_shipped_check_rule_has_a_check() {
        let set = super::load(None, &[], crate::lang::Lang::Fr).expect("shipped packs");
        for r in &set.rules {
            if r.kind == crate::rules::Kind::Check {
                assert!(r.check.is_some(), "{} has nothing to check", r.code);
            }
        }
    }
}
