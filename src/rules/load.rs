//! Loading the rule files: parse each once, validate it against its part of the rule schema,
//! compile it, and check what spans files (unique codes, known principles, parameters and
//! rules, no cycles). Every mistake is a finding located in the rule file, like a dossier's.

use crate::codes::Code;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, LazyLock};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::expr::{CompileError, Compiler, Expr};
use super::model::{RawPack, RawParameter, RawParameters, RawRule, RawSource, RawVerdict};
use super::params::{ParamValue, Parameter};
use super::template::Template;
use super::{
    Charter, Family, Kind, Level, Localized, ReplacedPack, Rule, RuleFile, RuleSet, VerdictConfig,
};
use crate::dossier::Stage;
use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::load::scalar::parse_date;
use crate::load::{Document, Limits, load_str};
use crate::schema::Schema;
use crate::schema::json::to_json;
use crate::source::SourceFile;
use crate::tr;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The rule schema, as shipped (`cooplabel schema rules` prints it).
pub const RULES_SCHEMA: &str = include_str!("../schema/rules.schema.json");

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

/// Which part of the rule schema a file is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Pack,
    Parameters,
    Verdict,
}

fn schema_for(kind: &str) -> &'static Schema {
    static SCHEMAS: LazyLock<HashMap<&'static str, Schema>> = LazyLock::new(|| {
        // Embedded at build time and tested to compile: no user input reaches these.
        let doc: Json = serde_json::from_str(RULES_SCHEMA).expect("embedded rule schema is JSON");
        ["pack", "parametres", "verdict", "tests", "case"]
            .into_iter()
            .map(|k| {
                let mut s = doc.clone();
                s["$ref"] = Json::String(format!("#/$defs/{k}"));
                (
                    k,
                    Schema::compile(s).expect("embedded rule schema compiles"),
                )
            })
            .collect()
    });
    &SCHEMAS[kind]
}

/// Validates a parsed rule-side file (pack, parameters, verdict, tests) against its schema.
/// At most `--max-findings`' default are built: a rule author fixes the first ones first.
pub fn validate(doc: &Document, kind: &str, lang: Lang) -> Vec<Finding> {
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
pub const MAX_RULES_BYTES: u64 = 2 * 1024 * 1024;

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
pub fn shipped_packs() -> Vec<&'static str> {
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

struct Loader {
    lang: Lang,
    diagnostics: Vec<(Finding, Option<Arc<SourceFile>>)>,
}

impl Loader {
    fn error_at(&mut self, doc: &Document, err: CompileError) {
        let (span, exact) = doc.span_of(&err.pointer);
        let label = if exact {
            self.lang.pick("ici", "here")
        } else {
            self.lang.pick("dans cette table", "in this mapping")
        };
        let mut f = Finding::new(err.code, Severity::Error, Origin::Rule, err.message)
            .pointer(err.pointer)
            .at(span, label);
        f.help = err.help;
        f.blocking = true;
        self.diagnostics.push((f, Some(doc.source.clone())));
    }

    fn parse(&mut self, file: &RuleSource) -> Option<Document> {
        match load_str(&file.name, &file.text, &Limits::default()) {
            Ok(doc) => Some(doc),
            Err(failure) => {
                self.diagnostics
                    .push((failure.error.to_finding(self.lang), failure.source));
                None
            }
        }
    }

    /// Validates a rule file against its part of the rule schema (the files shipped in the
    /// binary are validated by the project's tests, not at every start), then reads it.
    fn read<T: serde::de::DeserializeOwned>(
        &mut self,
        doc: &Document,
        kind: &str,
        embedded: bool,
    ) -> Option<T> {
        // One conversion serves the schema and serde.
        let json = to_json(&doc.root);
        if !embedded {
            let findings = validate(doc, kind, self.lang);
            if !findings.is_empty() {
                self.diagnostics
                    .extend(findings.into_iter().map(|f| (f, Some(doc.source.clone()))));
                return None;
            }
        }
        match serde_json::from_value(json) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error_at(
                    doc,
                    CompileError {
                        pointer: String::new(),
                        code: Code::Rf002,
                        message: tr!(
                            self.lang,
                            "fichier de règles mal formé : {e}",
                            "malformed rule file: {e}"
                        ),
                        help: None,
                    },
                );
                None
            }
        }
    }
}

/// Loads the rules: the embedded packs, plus those of `dir`, which replace the shipped packs
/// named in `replace` (and only those).
pub fn load(dir: Option<&Path>, replace: &[String], lang: Lang) -> Result<RuleSet, RuleLoadError> {
    let (files, replaced) = gather(dir, replace, lang)?;
    let mut set = load_sources(files, lang)?;
    set.replaced = replaced;
    Ok(set)
}

/// Loads rules from given files (relative paths as in the rules directory) and the embedded
/// charter.
pub fn load_sources(files: Vec<RuleSource>, lang: Lang) -> Result<RuleSet, RuleLoadError> {
    let mut loader = Loader {
        lang,
        diagnostics: Vec::new(),
    };
    // Every file that decides a dossier goes into the rule set's digest: the charter (its
    // principles name the scores), the packs, the parameters and the verdict model.
    let mut used: Vec<RuleFile> = Vec::new();
    let record = |used: &mut Vec<RuleFile>, file: &RuleSource| {
        used.push(RuleFile {
            name: file.name.clone(),
            rel: file.rel.clone(),
            embedded: file.embedded,
            digest: super::sha256(file.text.as_bytes()),
        })
    };
    let charter: Option<Charter> = embedded_file("charter/principles.yaml").and_then(|text| {
        let file = RuleSource {
            rel: "../charter/principles.yaml".into(),
            name: "charter/principles.yaml".into(),
            text: text.to_string(),
            embedded: true,
        };
        record(&mut used, &file);
        let doc = loader.parse(&file)?;
        loader.read(&doc, "charter", true)
    });

    let mut packs: Vec<(Document, RawPack)> = Vec::new();
    let embedded_names: BTreeSet<String> = files
        .iter()
        .filter(|f| f.embedded)
        .map(|f| f.name.clone())
        .collect();
    let mut param_files: Vec<(Document, RawParameters)> = Vec::new();
    let mut verdicts: Vec<(Document, RawVerdict)> = Vec::new();
    let mut test_files = Vec::new();
    for file in files {
        if is_test_file(&file.rel) {
            test_files.push(file);
            continue;
        }
        record(&mut used, &file);
        let Some(doc) = loader.parse(&file) else {
            continue;
        };
        let kind = if doc.root.get("parameters").is_some() {
            FileKind::Parameters
        } else if doc.root.get("verdict").is_some() {
            FileKind::Verdict
        } else if doc.root.get("severity_weights").is_some() {
            // The weighted model before the 2026-11 revision: say what replaced it.
            loader.error_at(
                &doc,
                CompileError {
                    pointer: "/severity_weights".into(),
                    code: Code::Rf016,
                    message: lang.pick(
                        "ce fichier de décision suit l'ancien modèle (poids et seuil de score), remplacé par les critères obligatoires et recommandés",
                        "this decision file follows the old model (weights and score threshold), replaced by mandatory and recommended criteria",
                    ).into(),
                    help: Some(lang.pick(
                        "écrivez `verdict: { recommended_threshold: …, waiver_notice_days: … }` (cooplabel schema verdict) ; le niveau de chaque règle se déclare par `niveau:`",
                        "write `verdict: { recommended_threshold: …, waiver_notice_days: … }` (cooplabel schema verdict); each rule's level is declared with `niveau:`",
                    ).into()),
                },
            );
            continue;
        } else {
            FileKind::Pack
        };
        match kind {
            FileKind::Parameters => {
                if let Some(raw) = loader.read(&doc, "parametres", file.embedded) {
                    param_files.push((doc, raw));
                }
            }
            FileKind::Verdict => {
                if let Some(raw) = loader.read(&doc, "verdict", file.embedded) {
                    verdicts.push((doc, raw));
                }
            }
            FileKind::Pack => {
                if let Some(raw) = loader.read(&doc, "pack", file.embedded) {
                    packs.push((doc, raw));
                }
            }
        }
    }

    let (params, param_index) = build_params(&mut loader, &param_files);
    let verdict = build_verdict(&mut loader, &verdicts);
    let families = build_families(&mut loader, &packs);
    let rules = charter
        .as_ref()
        .map(|c| build_rules(&mut loader, &packs, &param_index, &params, &families, c))
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
    let mut rules = rules;
    for r in &mut rules {
        r.embedded = r
            .origin
            .rsplit_once(':')
            .is_some_and(|(file, _)| embedded_names.contains(file));
    }
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

fn date_at(loader: &mut Loader, doc: &Document, text: &str, pointer: &str) -> Option<Date> {
    let lang = loader.lang;
    let d = parse_date(text);
    if d.is_none() {
        loader.error_at(
            doc,
            CompileError {
                pointer: pointer.to_string(),
                code: Code::Rf012,
                message: tr!(
                    lang,
                    "date invalide : « {text} »",
                    "invalid date: \"{text}\""
                ),
                help: Some(
                    lang.pick(
                        "écrivez la date au format AAAA-MM-JJ",
                        "write the date as YYYY-MM-DD",
                    )
                    .into(),
                ),
            },
        );
    }
    d
}

/// The period of each source (`from`, `until`) is made of real dates, in order.
fn check_source_dates(loader: &mut Loader, doc: &Document, sources: &[RawSource], base: &str) {
    let lang = loader.lang;
    for (i, s) in sources.iter().enumerate() {
        let from = s
            .from
            .as_deref()
            .and_then(|t| date_at(loader, doc, t, &format!("{base}/{i}/from")));
        let until = s
            .until
            .as_deref()
            .and_then(|t| date_at(loader, doc, t, &format!("{base}/{i}/until")));
        if let (Some(f), Some(u)) = (from, until)
            && u < f
        {
            loader.error_at(
                doc,
                CompileError {
                    pointer: format!("{base}/{i}/until"),
                    code: Code::Rf012,
                    message: tr!(
                        lang,
                        "la source cesse de s'appliquer ({u}) avant d'entrer en vigueur ({f})",
                        "the source stops applying ({u}) before it comes into force ({f})"
                    ),
                    help: Some(
                        lang.pick(
                            "`from` est le premier jour où le texte s'applique, `until` le dernier",
                            "`from` is the first day the text applies, `until` the last",
                        )
                        .into(),
                    ),
                },
            );
        }
    }
}

fn decimal(json: &Json) -> Option<Decimal> {
    match json {
        Json::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

fn build_params(
    loader: &mut Loader,
    files: &[(Document, RawParameters)],
) -> (Vec<Parameter>, HashMap<String, usize>) {
    let lang = loader.lang;
    let mut params: Vec<Parameter> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (doc, raw) in files {
        for (name, p) in &raw.parameters {
            let base = format!("/parameters/{}", crate::load::tree::escape_segment(name));
            if index.contains_key(name) {
                loader.error_at(
                    doc,
                    CompileError {
                        pointer: base.clone(),
                        code: Code::Rf008,
                        message: tr!(lang, "le paramètre `{name}` est déclaré deux fois", "parameter `{name}` is declared twice"),
                        help: Some(lang.pick(
                            "un nom de paramètre est unique dans l'ensemble des fichiers de règles ; pour changer une valeur, ajoutez une valeur datée",
                            "a parameter name is unique across all rule files; to change a value, add a dated value",
                        ).into()),
                    },
                );
                continue;
            }
            let param = build_param(loader, doc, name, p, &base);
            index.insert(name.clone(), params.len());
            params.push(param);
        }
    }
    (params, index)
}

/// Compiles one dated parameter (of `parameters.yaml` or of the verdict), reporting each bad
/// value at its place (`base` is the parameter's pointer).
fn build_param(
    loader: &mut Loader,
    doc: &Document,
    name: &str,
    p: &RawParameter,
    base: &str,
) -> Parameter {
    let lang = loader.lang;
    check_source_dates(loader, doc, &p.sources, &format!("{base}/sources"));
    let mut values = Vec::new();
    let mut previous: Option<Date> = None;
    for (i, v) in p.values.iter().enumerate() {
        let ptr = format!("{base}/values/{i}");
        let from = match &v.from {
            Some(text) => match date_at(loader, doc, text, &format!("{ptr}/from")) {
                Some(d) => Some(d),
                None => continue,
            },
            None if i > 0 => {
                loader.error_at(
                    doc,
                    CompileError {
                        pointer: ptr.clone(),
                        code: Code::Rf015,
                        message: lang
                            .pick(
                                "seule la première valeur d'un paramètre peut omettre `from`",
                                "only a parameter's first value may leave out `from`",
                            )
                            .into(),
                        help: Some(
                            lang.pick(
                                "donnez la date d'entrée en vigueur de cette valeur",
                                "give the date this value comes into force",
                            )
                            .into(),
                        ),
                    },
                );
                continue;
            }
            None => None,
        };
        if let (Some(prev), Some(cur)) = (previous, from)
            && cur <= prev
        {
            loader.error_at(
                doc,
                CompileError {
                    pointer: format!("{ptr}/from"),
                    code: Code::Rf015,
                    message: lang
                        .pick(
                            "les valeurs d'un paramètre vont de la plus ancienne à la plus récente",
                            "a parameter's values go from the oldest to the newest",
                        )
                        .into(),
                    help: Some(tr!(
                        lang,
                        "cette date ({cur}) devrait suivre la précédente ({prev})",
                        "this date ({cur}) should follow the previous one ({prev})"
                    )),
                },
            );
        }
        previous = from.or(previous);
        let value = match (&v.value, p.unit.as_str()) {
            (Json::Array(items), "list") => ParamValue::List(
                items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect(),
            ),
            (Json::String(s), "date") => match date_at(loader, doc, s, &format!("{ptr}/value")) {
                Some(d) => ParamValue::Date(d),
                None => continue,
            },
            (Json::String(s), "text") => ParamValue::Text(s.clone()),
            (n @ Json::Number(_), "rate" | "months" | "amount" | "count") => match decimal(n) {
                Some(d) => ParamValue::Num(d),
                None => continue,
            },
            _ => {
                loader.error_at(
                        doc,
                        CompileError {
                            pointer: format!("{ptr}/value"),
                            code: Code::Rf015,
                            message: tr!(
                                lang,
                                "cette valeur ne correspond pas à l'unité `{}` du paramètre",
                                "this value does not match the parameter's unit `{}`",
                                p.unit
                            ),
                            help: Some(lang.pick(
                                "rate, months, amount, count : un nombre ; date : AAAA-MM-JJ ; list : une liste ; text : un texte",
                                "rate, months, amount, count: a number; date: YYYY-MM-DD; list: a list; text: a text",
                            ).into()),
                        },
                    );
                continue;
            }
        };
        if p.unit == "rate"
            && let ParamValue::Num(d) = value
            && (d < Decimal::ZERO || d > Decimal::ONE)
        {
            loader.error_at(
                doc,
                CompileError {
                    pointer: format!("{ptr}/value"),
                    code: Code::Rf015,
                    message: tr!(
                        lang,
                        "un taux est une fraction entre 0 et 1, pas {d}",
                        "a rate is a fraction between 0 and 1, not {d}"
                    ),
                    help: Some(
                        lang.pick("écrivez 0.15 pour 15 %", "write 0.15 for 15 %")
                            .into(),
                    ),
                },
            );
        }
        values.push((from, value));
    }
    Parameter {
        name: name.to_string(),
        description: p.description.clone(),
        description_en: p.description_en.clone(),
        unit: p.unit.clone(),
        sources: p.sources.clone(),
        values,
    }
}

fn build_verdict(loader: &mut Loader, files: &[(Document, RawVerdict)]) -> Option<VerdictConfig> {
    let lang = loader.lang;
    let (doc, raw) = files.last()?;
    if files.len() > 1 {
        loader.error_at(
            doc,
            CompileError {
                pointer: String::new(),
                code: Code::Rf016,
                message: lang
                    .pick(
                        "plusieurs fichiers de décision (verdict:) sont chargés",
                        "several decision files (verdict:) are loaded",
                    )
                    .into(),
                help: Some(lang.pick(
                    "gardez un seul verdict.yaml ; un fichier du même nom dans --rules remplace celui du binaire",
                    "keep a single verdict.yaml; a file of that name in --rules replaces the binary's",
                ).into()),
            },
        );
    }
    let settings = &raw.verdict;
    let mut setting = |key: &str, p: &RawParameter, unit: &str| {
        let base = format!("/verdict/{key}");
        let param = build_param(loader, doc, key, p, &base);
        // The model must decide every dossier, whatever its date: its first value has no
        // start (the earliest documented model), and it is a number of the right unit.
        let problem = if p.unit != unit {
            Some((
                format!("{base}/unit"),
                tr!(
                    lang,
                    "ce réglage a pour unité `{unit}`",
                    "this setting's unit is `{unit}`"
                ),
            ))
        } else if p.values.first().is_some_and(|v| v.from.is_some()) {
            Some((
                format!("{base}/values/0/from"),
                lang.pick(
                    "la première valeur d'un réglage de la décision vaut depuis toujours : elle n'a pas de `from`",
                    "the first value of a decision setting has always held: it has no `from`",
                ).to_string(),
            ))
        } else {
            None
        };
        if let Some((pointer, message)) = problem {
            loader.error_at(
                doc,
                CompileError {
                    pointer,
                    code: Code::Rf016,
                    message,
                    help: Some(
                        lang.pick(
                            "voir `cooplabel schema verdict` et rules/README.md § 7",
                            "see `cooplabel schema verdict` and rules/README.md § 7",
                        )
                        .into(),
                    ),
                },
            );
        }
        param
    };
    Some(VerdictConfig {
        recommended_threshold: setting(
            "recommended_threshold",
            &settings.recommended_threshold,
            "rate",
        ),
        waiver_notice_days: setting("waiver_notice_days", &settings.waiver_notice_days, "count"),
    })
}

fn build_families(loader: &mut Loader, packs: &[(Document, RawPack)]) -> Vec<Family> {
    let lang = loader.lang;
    let mut families: Vec<Family> = Vec::new();
    for (doc, pack) in packs {
        let declared: Vec<_> = pack.family.iter().chain(&pack.families).collect();
        for (i, f) in declared.iter().enumerate() {
            if families.iter().any(|g| g.code == f.code) {
                let pointer = if pack.family.is_some() {
                    "/family/code".to_string()
                } else {
                    format!("/families/{i}/code")
                };
                loader.error_at(
                    doc,
                    CompileError {
                        pointer,
                        code: Code::Rf008,
                        message: tr!(lang, "la famille `{}` est déclarée dans deux fichiers", "family `{}` is declared in two files", f.code),
                        help: Some(lang.pick(
                            "une famille est déclarée une seule fois ; ajoutez vos règles à une nouvelle famille",
                            "a family is declared once; add your rules to a new family",
                        ).into()),
                    },
                );
                continue;
            }
            families.push(Family {
                code: f.code.clone(),
                title: f.title.clone(),
                title_en: f.title_en.clone(),
            });
        }
    }
    families
}

fn localized(
    c: &mut Compiler<'_>,
    params: &HashMap<String, usize>,
    fr: &str,
    en: Option<&String>,
    ptr: &str,
    key: &str,
) -> Localized<Template> {
    Localized {
        fr: Template::compile(fr, &format!("{ptr}/{key}"), c, params),
        en: en.map(|e| Template::compile(e, &format!("{ptr}/{key}_en"), c, params)),
    }
}

/// Most list iterations nested in one rule (`for_each` included): n² stays in milliseconds for
/// the 400 entrepreneurs of a large CAE; n³ would not.
pub const MAX_ITERATION_DEPTH: usize = 2;

fn compile_rule(
    loader: &mut Loader,
    doc: &Document,
    raw: &RawRule,
    ptr: &str,
    params: &HashMap<String, usize>,
    param_info: &[Parameter],
) -> (Rule, Vec<(String, String)>) {
    let lang = loader.lang;
    let mut c = Compiler::new(params, param_info, loader.lang);
    let applies = &raw.applies;
    let when = applies
        .when
        .as_ref()
        .map(|w| c.expr(w, &format!("{ptr}/applies/when")));
    let for_each = raw.for_each.as_ref().map(|e| {
        let pointer = format!("{ptr}/for_each");
        let list = c.expr(e, &pointer);
        // Everything below reads the item: `.x` paths are checked against the item's schema.
        let item = c.list_item(&list, &pointer);
        c.items.push(item);
        list
    });
    let filter = raw
        .filter
        .as_ref()
        .map(|e| c.expr(e, &format!("{ptr}/where")));
    let mut lets = Vec::new();
    for (name, e) in &raw.lets {
        let compiled = c.expr(e, &format!("{ptr}/let/{name}"));
        // A `let` may use the ones before it.
        c.vars.insert(name.clone());
        let kind = c.kind_of(&compiled);
        c.var_kinds.insert(name.clone(), kind);
        lets.push((name.clone(), compiled));
    }
    let check = raw
        .check
        .as_ref()
        .map(|e| c.expr(e, &format!("{ptr}/check")));
    let at = raw
        .at
        .as_ref()
        .and_then(|a| c.path(a, &format!("{ptr}/at")));
    let message = localized(
        &mut c,
        params,
        &raw.message,
        raw.message_en.as_ref(),
        ptr,
        "message",
    );
    let label = raw
        .label
        .as_ref()
        .map(|l| localized(&mut c, params, l, raw.label_en.as_ref(), ptr, "label"));
    let help = localized(&mut c, params, &raw.help, raw.help_en.as_ref(), ptr, "help");
    let kind = match raw.kind.as_deref() {
        Some("note") => Kind::Note,
        Some("builtin") => Kind::Builtin,
        _ => Kind::Check,
    };
    if kind == Kind::Note && raw.check.is_some() {
        c.errors.push(CompileError {
            pointer: format!("{ptr}/check"),
            code: Code::Rf014,
            message: lang
                .pick(
                    "une règle `note` ne vérifie rien : elle n'a pas de `check`",
                    "a `note` rule checks nothing: it has no `check`",
                )
                .into(),
            help: Some(
                lang.pick(
                    "retirez `check`, ou retirez `kind: note`",
                    "remove `check`, or remove `kind: note`",
                )
                .into(),
            ),
        });
    }
    // Refuse a rule whose cost would explode on a long list: each nested iteration multiplies
    // the work by the list's length (35 000 entrepreneurs fit in a dossier).
    let outer = usize::from(for_each.is_some());
    let depths = [
        (when.as_ref(), 0, "applies/when"),
        (for_each.as_ref(), 0, "for_each"),
        (filter.as_ref(), outer, "where"),
        (check.as_ref(), outer, "check"),
    ]
    .into_iter()
    .chain(lets.iter().map(|(_, e)| (Some(e), outer, "let")));
    if let Some((depth, key)) = depths
        .filter_map(|(e, base, key)| e.map(|e| (base + e.iteration_depth(), key)))
        .find(|(depth, _)| *depth > MAX_ITERATION_DEPTH)
    {
        c.errors.push(CompileError {
            pointer: format!("{ptr}/{key}"),
            code: Code::Rf017,
            message: tr!(
                lang,
                "la règle imbrique {depth} parcours de listes (au plus {MAX_ITERATION_DEPTH}) : \
                 sur une liste de n éléments, elle coûterait n^{depth} évaluations",
                "the rule nests {depth} walks over lists (at most {MAX_ITERATION_DEPTH}): \
                 on a list of n items, it would cost n^{depth} evaluations"
            ),
            help: Some(
                lang.pick(
                    "découpez-la en règles plus simples, dont chacune parcourt au plus deux \
                     listes l'une dans l'autre",
                    "split it into simpler rules, each walking at most two lists one inside \
                     the other",
                )
                .into(),
            ),
        });
    }
    let level = Level::parse(&raw.niveau).unwrap_or(Level::Mandatory);
    let cites_law = raw.sources.iter().any(|s| s.law.is_some());
    // The law is not the committee's to waive (CATALOGUE, "Decision levels"): a rule that
    // cites a law is never waivable, and says so at load rather than at a committee meeting.
    if raw.derogeable == Some(true) && cites_law {
        c.errors.push(CompileError {
            pointer: format!("{ptr}/derogeable"),
            code: Code::Rf018,
            message: lang.pick(
                "une règle qui cite une loi ne peut pas être dérogeable : le comité de labellisation n'écarte pas la loi",
                "a rule that cites a law cannot be waivable: the label committee does not set the law aside",
            ).into(),
            help: Some(lang.pick(
                "retirez `derogeable: true` (ou la source légale, si la règle ne vient pas de la loi)",
                "remove `derogeable: true` (or the legal source, if the rule does not come from the law)",
            ).into()),
        });
    }
    let waivable = raw
        .derogeable
        .unwrap_or(!cites_law && level != Level::Information)
        && !cites_law;
    if kind == Kind::Builtin && !crate::evaluate::builtins::KNOWN.contains(&raw.code.as_str()) {
        c.errors.push(CompileError {
            pointer: format!("{ptr}/kind"),
            code: Code::Rf019,
            message: tr!(
                lang,
                "aucune vérification intégrée au moteur ne porte le code {} (règles intégrées : {})",
                "no check built into the engine has the code {} (built-in rules: {})",
                raw.code,
                crate::evaluate::builtins::KNOWN.join(", ")
            ),
            help: Some(lang.pick(
                "une règle d'auteur s'écrit avec `check` (ou `kind: note`)",
                "an author's rule is written with `check` (or `kind: note`)",
            ).into()),
        });
    }
    let mut from = None;
    let mut until = None;
    if let Some(f) = &applies.from {
        from = date_at(loader, doc, f, &format!("{ptr}/applies/from"));
    }
    if let Some(u) = &applies.until {
        until = date_at(loader, doc, u, &format!("{ptr}/applies/until"));
    }
    check_source_dates(loader, doc, &raw.sources, &format!("{ptr}/sources"));
    for err in std::mem::take(&mut c.errors) {
        loader.error_at(doc, err);
    }
    let line = doc
        .root
        .pointer(ptr)
        .map(|n| doc.source.line_col(n.span.start).line)
        .unwrap_or(1);
    let rule = Rule {
        code: raw.code.clone(),
        name: raw.name.clone(),
        title: Localized {
            fr: raw.title.clone(),
            en: raw.title_en.clone(),
        },
        principle: raw.principle.clone(),
        severity: Severity::parse(&raw.severity).unwrap_or(Severity::Error),
        level,
        waivable,
        kind,
        stage: applies
            .stage
            .as_deref()
            .and_then(Stage::parse)
            .unwrap_or(Stage::Faisabilite),
        countries: applies.countries.clone(),
        types: applies
            .types
            .clone()
            .unwrap_or_else(|| vec!["cooperative".into()]),
        forms: applies.forms.clone(),
        from,
        until,
        when,
        for_each,
        filter,
        lets,
        check,
        at,
        message,
        label,
        help,
        sources: raw.sources.clone(),
        explanation: Localized {
            fr: raw.explanation.clone(),
            en: raw.explanation_en.clone(),
        },
        examples: raw.examples.clone(),
        params: c.used_params.clone(),
        depends: Vec::new(),
        origin: format!("{}:{line}", doc.source.name()),
        embedded: false,
    };
    (rule, c.rule_refs)
}

/// A rule's references to other rules: (rule index, pack index, pointer of the rule, and each
/// referenced code with where it is referenced).
type RuleRefs = (usize, usize, String, Vec<(String, String)>);

fn build_rules(
    loader: &mut Loader,
    packs: &[(Document, RawPack)],
    param_index: &HashMap<String, usize>,
    param_info: &[Parameter],
    families: &[Family],
    charter: &Charter,
) -> Vec<Rule> {
    let lang = loader.lang;
    let mut rules: Vec<Rule> = Vec::new();
    let mut refs: Vec<RuleRefs> = Vec::new();
    let family_codes: std::collections::HashSet<&str> =
        families.iter().map(|f| f.code.as_str()).collect();
    let mut seen_codes: HashMap<String, String> = HashMap::new();
    let mut seen_names: HashMap<String, String> = HashMap::new();
    for (pi, (doc, pack)) in packs.iter().enumerate() {
        for (ri, raw) in pack.rules.iter().enumerate() {
            let ptr = format!("/rules/{ri}");
            let (rule, rule_refs) = compile_rule(loader, doc, raw, &ptr, param_index, param_info);
            let mut problem = |pointer: String, code: Code, message: String, help: String| {
                loader.error_at(
                    doc,
                    CompileError {
                        pointer,
                        code,
                        message,
                        help: Some(help),
                    },
                )
            };
            if let Some(other) = seen_codes.insert(rule.code.clone(), rule.origin.clone()) {
                problem(
                    format!("{ptr}/code"),
                    Code::Rf008,
                    tr!(lang, "le code {} est déjà utilisé ({other})", "code {} is already used ({other})", rule.code),
                    lang.pick(
                        "un code est unique et jamais réutilisé : prenez le suivant libre dans la famille",
                        "a code is unique and never reused: take the next free one of the family",
                    ).into(),
                );
            }
            if let Some(other) = seen_names.insert(rule.name.clone(), rule.origin.clone()) {
                problem(
                    format!("{ptr}/name"),
                    Code::Rf008,
                    tr!(
                        lang,
                        "le nom {} est déjà utilisé ({other})",
                        "name {} is already used ({other})",
                        rule.name
                    ),
                    lang.pick("un nom de règle est unique", "a rule name is unique")
                        .into(),
                );
            }
            if !family_codes.contains(rule.family()) {
                problem(
                    format!("{ptr}/code"),
                    Code::Rf010,
                    tr!(
                        lang,
                        "aucune famille `{}` n'est déclarée pour le code {}",
                        "no family `{}` is declared for code {}",
                        rule.family(),
                        rule.code
                    ),
                    lang.pick(
                        "déclarez la famille (family: { code, title }) dans ce fichier ou un autre",
                        "declare the family (family: { code, title }) in this file or another",
                    )
                    .into(),
                );
            }
            if let Some(p) = &rule.principle
                && charter.principle(p).is_none()
            {
                let ids: Vec<&str> = charter.principes.iter().map(|p| p.id.as_str()).collect();
                let help = match crate::schema::messages::did_you_mean(p, ids.iter().copied()) {
                    Some(s) => tr!(
                        lang,
                        "vouliez-vous écrire `{s}` ? Principes : {}",
                        "did you mean `{s}`? Principles: {}",
                        ids.join(", ")
                    ),
                    None => tr!(
                        lang,
                        "principes de la charte : {}",
                        "the charter's principles: {}",
                        ids.join(", ")
                    ),
                };
                problem(
                    format!("{ptr}/principle"),
                    Code::Rf009,
                    tr!(lang, "principe inconnu : `{p}`", "unknown principle: `{p}`"),
                    help,
                );
            }
            refs.push((rules.len(), pi, ptr, rule_refs));
            rules.push(rule);
        }
    }
    // Resolve references to other rules' outcomes, by an index: a chain of n rules each
    // reading the one before costs n lookups, not n².
    let by_code: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| (r.code.as_str(), i))
        .collect();
    let mut depends: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
    for (ri, pi, _, rule_refs) in &refs {
        let doc = &packs[*pi].0;
        for (code, pointer) in rule_refs {
            match by_code.get(code.as_str()).copied() {
                Some(target) => depends[*ri].push(target),
                None => loader.error_at(
                    doc,
                    CompileError {
                        pointer: pointer.clone(),
                        code: Code::Rf007,
                        message: tr!(lang, "règle inconnue : `{code}`", "unknown rule: `{code}`"),
                        help: Some(
                            lang.pick(
                                "`failed` cite des codes de règles chargées",
                                "`failed` names codes of loaded rules",
                            )
                            .into(),
                        ),
                    },
                ),
            }
        }
    }
    drop(by_code);
    for (rule, d) in rules.iter_mut().zip(depends) {
        rule.depends = d;
    }
    match topological_order(&rules) {
        Ok(order) => {
            let remap: HashMap<usize, usize> = order
                .iter()
                .enumerate()
                .map(|(new, &old)| (old, new))
                .collect();
            let mut slots: Vec<Option<Rule>> = rules.into_iter().map(Some).collect();
            let mut ordered: Vec<Rule> = order.iter().filter_map(|&i| slots[i].take()).collect();
            for r in &mut ordered {
                r.depends = r
                    .depends
                    .iter()
                    .filter_map(|d| remap.get(d).copied())
                    .collect();
            }
            ordered
        }
        Err(cycle) => {
            let (_, pi, ptr, _) = &refs[cycle[0]];
            let names: Vec<&str> = cycle.iter().map(|&i| rules[i].code.as_str()).collect();
            loader.error_at(
                &packs[*pi].0,
                CompileError {
                    pointer: ptr.clone(),
                    code: Code::Rf011,
                    message: tr!(
                        lang,
                        "ces règles dépendent les unes des autres en boucle : {}",
                        "these rules depend on each other in a loop: {}",
                        names.join(" → ")
                    ),
                    help: Some(
                        lang.pick(
                            "une règle ne peut lire (`failed`) que des règles qui ne la lisent pas",
                            "a rule may only read (`failed`) rules that do not read it",
                        )
                        .into(),
                    ),
                },
            );
            rules
        }
    }
}

/// Orders rules so that each comes after the rules it reads; keeps the file order otherwise.
/// A cycle is returned as the list of rules in it. Iterative (a depth-first search with its
/// own stack): a chain of 100 000 rules must not overflow the thread's stack.
fn topological_order(rules: &[Rule]) -> Result<Vec<usize>, Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; rules.len()];
    let mut out = Vec::with_capacity(rules.len());
    // The path being explored: a rule and how many of its dependencies were visited.
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..rules.len() {
        if marks[root] != Mark::New {
            continue;
        }
        marks[root] = Mark::Active;
        path.push((root, 0));
        while let Some(&mut (i, ref mut next)) = path.last_mut() {
            match rules[i].depends.get(*next).copied() {
                Some(d) => {
                    *next += 1;
                    match marks[d] {
                        Mark::Done => {}
                        Mark::Active => {
                            let start = path.iter().position(|&(s, _)| s == d).unwrap_or(0);
                            let mut cycle: Vec<usize> =
                                path[start..].iter().map(|&(s, _)| s).collect();
                            cycle.push(d);
                            return Err(cycle);
                        }
                        Mark::New => {
                            marks[d] = Mark::Active;
                            path.push((d, 0));
                        }
                    }
                }
                None => {
                    marks[i] = Mark::Done;
                    out.push(i);
                    path.pop();
                }
            }
        }
    }
    Ok(out)
}

/// The numeric literals of an expression (the packs' tests refuse thresholds written as
/// literals instead of parameters). The year before an exercice's (`{ sub: [.annee, 1] }`, the
/// rules across years) is a calendar step, not a threshold: it is not counted.
pub fn numeric_literals(e: &Expr) -> Vec<Decimal> {
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
