//! `cooplabel test`: the rule packs' own test cases (`tests/<CODE>.yaml`) and the `examples`
//! of every rule, run through the real engine, with the difference between the findings each
//! case expects and those it gets.

pub(crate) mod build;
pub mod corpus;

use std::collections::{BTreeSet, HashMap};

use serde_json::Value as Json;

use crate::check::{CheckOptions, check_document_after};
use crate::dossier::Stage;
use crate::finding::Finding;
use crate::lang::Lang;
use crate::load::{Limits, load_str};
use crate::rules::model::{RawCase, RawTestFile};
use crate::rules::{RuleSet, RuleSource, validate};
use crate::schema::json::to_json;
use crate::source::SourceFile;
use crate::verdict::DossierResult;

/// A finding as a test compares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Observed {
    /// Rule code.
    pub code: String,
    /// JSON pointer.
    pub pointer: String,
    /// Covered by a valid waiver.
    pub waived: bool,
}

/// What a case expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expectation {
    /// Exactly these findings of the rules under test.
    Findings(Vec<Observed>),
    /// At least one finding of the rule (an example that fails).
    SomeOf(String),
    /// No finding of the rule (an example that passes, or `expect: none`).
    NoneOf(Vec<String>),
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The file, or `RS003 (exemples)`.
    pub group: String,
    /// The case's name.
    pub name: String,
    /// Whether it passed.
    pub ok: bool,
    /// Expected findings (for the diff).
    pub expected: Vec<Observed>,
    /// Findings obtained, of the rules under test (and schema errors).
    pub actual: Vec<Observed>,
    /// Messages of the findings obtained, by (code, pointer).
    pub messages: HashMap<(String, String), String>,
    /// A case that could not be built (unknown base, bad pointer…).
    pub error: Option<String>,
    /// Human description of what was expected, when not a list.
    pub expectation: String,
}

/// Problems in the test files themselves (schema errors), located.
pub(crate) type FileErrors = Vec<(Finding, Option<std::sync::Arc<SourceFile>>)>;

/// Runs the test files and examples. `only_user` restricts to files and rules from `--rules`
/// / the given directory (a rule author's own tests).
pub fn run(set: &RuleSet, only_user: bool, lang: Lang) -> (Vec<CaseResult>, FileErrors) {
    let mut results = Vec::new();
    let mut errors: FileErrors = Vec::new();
    let runner = Runner::new(set, lang);

    for file in set
        .test_files
        .iter()
        .filter(|f| !f.rel.starts_with("tests/bases/"))
    {
        if only_user && file.embedded {
            continue;
        }
        // A file that cannot be read is a failure of its own, counted with the cases: its
        // cases never ran, so they must never look passed.
        let unreadable = lang.pick("fichier de test illisible", "unreadable test file");
        let doc = match load_str(&file.name, &file.text, &Limits::default()) {
            Ok(d) => d,
            Err(failure) => {
                let finding = failure.error.to_finding(lang);
                results.push(runner.broken(&file.name, unreadable, finding.message.clone()));
                errors.push((finding, failure.source));
                continue;
            }
        };
        let findings = validate(&doc, crate::rules::RuleFileKind::Tests, lang);
        if !findings.is_empty() {
            let first = findings[0].message.clone();
            let more = findings.len() - 1;
            let message = if more == 0 {
                first
            } else {
                crate::tr!(
                    lang,
                    "{first} (et {more} autre(s))",
                    "{first} (and {more} more)"
                )
            };
            results.push(runner.broken(&file.name, unreadable, message));
            errors.extend(findings.into_iter().map(|f| (f, Some(doc.source.clone()))));
            continue;
        }
        let raw: RawTestFile = match serde_json::from_value(to_json(&doc.root)) {
            Ok(r) => r,
            Err(e) => {
                results.push(runner.broken(&file.name, "?", e.to_string()));
                continue;
            }
        };
        let rules: Vec<String> = raw.rules.clone().unwrap_or_default();
        if let Some(unknown) = rules.iter().find(|c| set.index_of(c).is_none()) {
            results.push(runner.broken(&file.name, "*", format!("règle inconnue : {unknown}")));
            continue;
        }
        for (i, case) in raw.cases.iter().enumerate() {
            let name = case
                .name
                .clone()
                .unwrap_or_else(|| format!("cas {}", i + 1));
            let expectation = match &case.expect {
                None => Expectation::NoneOf(rules.clone()),
                Some(Json::String(s)) if s == "none" => Expectation::NoneOf(rules.clone()),
                Some(Json::Array(items)) => Expectation::Findings(
                    items
                        .iter()
                        .map(|e| Observed {
                            code: e["code"].as_str().unwrap_or_default().to_string(),
                            pointer: e
                                .get("pointer")
                                .and_then(Json::as_str)
                                .unwrap_or_default()
                                .to_string(),
                            waived: e.get("waived").and_then(Json::as_bool).unwrap_or(false),
                        })
                        .collect(),
                ),
                Some(_) => Expectation::NoneOf(rules.clone()),
            };
            results.push(runner.case(
                &file.name,
                &name,
                case,
                raw.base.as_deref(),
                &rules,
                expectation,
            ));
        }
    }
    for rule in &set.rules {
        if only_user && rule.embedded {
            // A shipped rule: its examples are the project's, not the author's.
            continue;
        }
        let Some(examples) = &rule.examples else {
            continue;
        };
        let group = format!("{} ({})", rule.code, lang.pick("exemples", "examples"));
        let codes = vec![rule.code.clone()];
        results.push(runner.case(
            &group,
            "fail",
            &examples.fail,
            None,
            &codes,
            Expectation::SomeOf(rule.code.clone()),
        ));
        results.push(runner.case(
            &group,
            "pass",
            &examples.pass,
            None,
            &codes,
            Expectation::NoneOf(codes.clone()),
        ));
    }
    (results, errors)
}

/// Builds and runs cases against a rule set.
pub(crate) struct Runner<'s> {
    set: &'s RuleSet,
    bases: HashMap<&'s str, &'s RuleSource>,
    lang: Lang,
}

impl<'s> Runner<'s> {
    /// A runner for the rules and base dossiers of `set`.
    pub(crate) fn new(set: &'s RuleSet, lang: Lang) -> Self {
        let bases = set
            .test_files
            .iter()
            .filter_map(|f| {
                f.rel
                    .strip_prefix("tests/bases/")
                    .and_then(|n| n.strip_suffix(".yaml"))
                    .map(|n| (n, f))
            })
            .collect();
        Runner { set, bases, lang }
    }

    fn broken(&self, group: &str, name: &str, error: String) -> CaseResult {
        CaseResult {
            group: group.to_string(),
            name: name.to_string(),
            ok: false,
            expected: Vec::new(),
            actual: Vec::new(),
            messages: HashMap::new(),
            error: Some(error),
            expectation: String::new(),
        }
    }

    /// Builds the dossier of a case.
    /// The dossier of a case, as JSON.
    pub(crate) fn dossier(
        &self,
        case: &RawCase,
        default_base: Option<&str>,
    ) -> Result<Json, String> {
        let mut doc = match (&case.dossier, case.base.as_deref().or(default_base)) {
            (Some(d), _) => d.clone(),
            (None, Some(base)) => {
                let file = self.bases.get(base).ok_or_else(|| {
                    format!("base inconnue : `{base}` (attendu : tests/bases/{base}.yaml)")
                })?;
                let parsed = load_str(&file.name, &file.text, &Limits::default()).map_err(|f| {
                    format!("{} : {}", file.name, f.error.to_finding(self.lang).message)
                })?;
                to_json(&parsed.root)
            }
            (None, None) => return Err("le cas n'a ni `base` ni `dossier`".into()),
        };
        if let Some(patch) = &case.patch {
            build::merge(&mut doc, patch);
        }
        if let Some(set) = &case.set {
            for (pointer, value) in set {
                build::set(&mut doc, pointer, value.clone())?;
            }
        }
        for pointer in case.unset.iter().flatten() {
            build::unset(&mut doc, pointer);
        }
        Ok(doc)
    }

    /// Builds a case's dossier and checks it with the rules under test enabled, together with
    /// the rules they read (PT010 reads PT001–PT005); all rules when `rules` is empty.
    pub(crate) fn evaluate(
        &self,
        title: &str,
        case: &RawCase,
        default_base: Option<&str>,
        rules: &[String],
    ) -> Result<DossierResult, String> {
        let json = self.dossier(case, default_base)?;
        let register = match &case.registre {
            Some(entries) => Some(std::sync::Arc::new(crate::register::from_case(
                &format!("{title} (registre)"),
                entries,
                self.set,
                self.lang,
            )?)),
            None => None,
        };
        let text = build::to_yaml(&json);
        let doc = load_str(title, &text, &Limits::default())
            .map_err(|f| f.error.to_finding(self.lang).message)?;
        let mut set = self.set.clone();
        // The rules under test run with the rules they read, and with the rules the case's
        // register waives (DR002 reports on the waiver of a rule that must have run).
        let waived = register
            .as_ref()
            .map(|r| r.entries.iter().map(|e| e.rule.clone()).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut enabled: BTreeSet<usize> = rules
            .iter()
            .chain(&waived)
            .filter_map(|c| set.index_of(c))
            .collect();
        let mut stack: Vec<usize> = enabled.iter().copied().collect();
        while let Some(i) = stack.pop() {
            for &d in &set.rules[i].depends {
                if enabled.insert(d) {
                    stack.push(d);
                }
            }
        }
        if !rules.is_empty() {
            for (i, e) in set.enabled.iter_mut().enumerate() {
                *e = enabled.contains(&i);
            }
        }
        // The previous year, judged with the same rules, leaves what the rules across years read.
        let previous = match &case.precedent {
            Some(p) => {
                let json = self.dossier(p, default_base)?;
                let name = format!("{title} (précédent)");
                let doc = load_str(&name, &build::to_yaml(&json), &Limits::default())
                    .map_err(|f| f.error.to_finding(self.lang).message)?;
                let options = CheckOptions {
                    lang: self.lang,
                    register: register.clone(),
                    ..CheckOptions::default()
                };
                crate::check::check_document_after(
                    &name,
                    doc,
                    &set,
                    &options,
                    Default::default(),
                    true,
                )
                .1
            }
            None => None,
        };
        let options = CheckOptions {
            lang: self.lang,
            limits: Limits::default(),
            date: case
                .date
                .as_deref()
                .and_then(crate::load::scalar::parse_date),
            stage: case.stage.as_deref().and_then(Stage::parse),
            max_findings: None,
            evaluated_on: None,
            register,
        };
        let twin = case.jumeau.as_ref().map(|other| crate::history::Twin {
            other: other.clone(),
            kept: title.to_string(),
        });
        let link = crate::history::Link {
            previous: previous.as_ref(),
            twin: twin.as_ref(),
        };
        Ok(check_document_after(title, doc, &set, &options, link, false).0)
    }

    fn case(
        &self,
        group: &str,
        name: &str,
        case: &RawCase,
        default_base: Option<&str>,
        rules: &[String],
        expectation: Expectation,
    ) -> CaseResult {
        let result = match self.evaluate(&format!("{group} — {name}"), case, default_base, rules)
        {
            Ok(r) => r,
            Err(e) => return self.broken(group, name, e),
        };
        let compared =
            |f: &Finding| f.code.starts_with("SC") || rules.is_empty() || rules.contains(&f.code);
        let mut actual: Vec<Observed> = result
            .findings
            .iter()
            .filter(|f| compared(f))
            .map(|f| Observed {
                code: f.code.clone(),
                pointer: f.pointer.clone(),
                waived: f.is_waived(),
            })
            .collect();
        actual.sort();
        let messages = result
            .findings
            .iter()
            .map(|f| ((f.code.clone(), f.pointer.clone()), f.message.clone()))
            .collect();
        let schema_error = actual.iter().any(|o| o.code.starts_with("SC"));
        let (ok, expected, expectation_text) = match &expectation {
            Expectation::Findings(exp) => {
                let mut exp = exp.clone();
                exp.sort();
                (actual == exp, exp, String::new())
            }
            Expectation::SomeOf(code) => (
                !schema_error && actual.iter().any(|o| &o.code == code && !o.waived),
                Vec::new(),
                self.lang.pick(
                    format!("au moins un constat {code}"),
                    format!("at least one {code} finding"),
                ),
            ),
            Expectation::NoneOf(codes) => (
                !schema_error && !actual.iter().any(|o| codes.contains(&o.code)),
                Vec::new(),
                self.lang
                    .pick("aucun constat".to_string(), "no finding".to_string()),
            ),
        };
        CaseResult {
            group: group.to_string(),
            name: name.to_string(),
            ok,
            expected,
            actual,
            messages,
            error: None,
            expectation: expectation_text,
        }
    }
}
