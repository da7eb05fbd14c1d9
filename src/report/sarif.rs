//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! Hand-written serde structures: the few objects GitHub reads are small, and the `serde-sarif`
//! crate would bring far more than they need. One run; its results are streamed one dossier at
//! a time, and the run's `tool` (with the rules that produced a result, rule packs and load or
//! schema codes alike) is written after them: member order does not matter in JSON, so only the
//! rules seen are kept, never the results.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value as Json;

use super::committee::{position, structure_title};
use super::escape::{neutral, neutral_lines};
use super::json::summary_json;
use super::{ReportOptions, Reporter, Summary};
use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::rules::template::Part;
use crate::rules::{Kind, Rule, RuleSet};
use crate::source::{LineCol, Span};
use crate::tr;
use crate::verdict::DossierResult;

/// The schema URI written in the log.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Default of `--max-sarif-results`: GitHub code scanning refuses a run with more results.
pub(crate) const DEFAULT_MAX_RESULTS: usize = 25_000;

/// The name standard input is reported under.
const STDIN: &str = "<stdin>";

#[derive(Debug, Clone, Serialize)]
struct Text {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Text {
    fn plain(text: impl Into<String>) -> Self {
        Text {
            text: text.into(),
            markdown: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl Region {
    /// The region of `span`, given how its text finds an offset's line and column (a file,
    /// or the excerpt kept of one); an empty or reversed span is its start.
    fn of(line_col: impl Fn(usize) -> LineCol, span: Span) -> Region {
        let start = line_col(span.start);
        let end = line_col(span.end.max(span.start));
        Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    /// Says what the URI stands for when it is no file (standard input).
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties {
    #[serde(skip_serializing_if = "String::is_empty")]
    pointer: String,
    blocking: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    principle: Option<String>,
    /// A register waiver for the rule that does not apply (expired, refused, decided after
    /// the evaluation): it does not suppress the result.
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver_not_applied: Option<String>,
    /// The texts this finding cites: only those in force in the dossier's country at its date
    /// (the rule's description lists them all, with where and when each applies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    /// The finding's stable identity in the repository (`report::repository_fingerprint`: its
    /// dossier, rule and subject, never its line): GitHub tracks an alert across commits with it.
    partial_fingerprints: Fingerprints,
    properties: ResultProperties,
}

#[derive(Debug, Clone, Serialize)]
struct Fingerprints {
    #[serde(rename = "cooplabel/v1")]
    cooplabel: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    principle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    principle_title: Option<String>,
    family: String,
    blocking: bool,
    tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor>,
}

#[derive(Debug, Clone, Serialize)]
struct Tool {
    driver: Driver,
}

/// Streams a SARIF log.
pub(crate) struct Sarif<'a> {
    options: ReportOptions<'a>,
    /// Rule code → index in `rules`, in the order the rules first produced a result.
    index: HashMap<String, usize>,
    rules: Vec<Descriptor>,
    first: bool,
    /// Most results written (`--max-sarif-results`).
    max_results: usize,
    /// Results written.
    written: usize,
    /// Results left out past `max_results`.
    left_out: usize,
    /// The rule reference's base URL (`helpUri`).
    rules_url: Option<String>,
}

impl<'a> Sarif<'a> {
    /// A new SARIF reporter with the CI settings: the cap on results, the rule reference.
    pub(crate) fn with_settings(options: ReportOptions<'a>, ci: &super::CiSettings) -> Self {
        Sarif {
            options,
            index: HashMap::new(),
            rules: Vec::new(),
            first: true,
            max_results: match ci.max_sarif_results {
                0 => DEFAULT_MAX_RESULTS,
                n => n,
            },
            written: 0,
            left_out: 0,
            rules_url: ci.rules_url.clone(),
        }
    }

    /// The index of the finding's rule, registering its descriptor on first sight.
    fn rule_index(&mut self, f: &Finding) -> usize {
        if let Some(&i) = self.index.get(&f.code) {
            return i;
        }
        let set = self.options.rules;
        let lang = self.options.lang;
        let mut descriptor = match set.find(&f.code).filter(|r| r.code == f.code) {
            Some(rule) => rule_descriptor(rule, set, lang),
            None => finding_descriptor(f, lang),
        };
        descriptor.help_uri = self
            .rules_url
            .as_deref()
            .map(|base| rule_url(base, &f.code));
        self.rules.push(descriptor);
        self.index.insert(f.code.clone(), self.rules.len() - 1);
        self.rules.len() - 1
    }
}

/// The page of a rule in the reference at `base`: `{code}` in it is replaced by the rule's
/// code, or the code is appended (`https://…/regles/` → `https://…/regles/RS003`).
pub(crate) fn rule_url(base: &str, code: &str) -> String {
    if base.contains("{code}") {
        base.replace("{code}", code)
    } else {
        format!("{base}{code}")
    }
}

/// The SARIF level of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A template as text, its placeholders (values of a dossier) shown as `…`.
fn template_text(t: &crate::rules::Template) -> String {
    t.parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.as_str(),
            _ => "…",
        })
        .collect()
}

fn rule_descriptor(rule: &Rule, set: &RuleSet, lang: Lang) -> Descriptor {
    // A rule added with `--rules` is a file from the repository too: its texts are
    // neutralized, line by line (an explanation is Markdown of several lines).
    let explanation = neutral_lines(rule.explanation.get(lang).trim().split('\n'));
    let help = neutral_lines(template_text(rule.help.get(lang)).trim().split('\n'));
    let sources: Vec<String> = rule
        .sources_text(lang)
        .iter()
        .map(|s| neutral(s).into_owned())
        .collect();
    let principle = rule
        .principle
        .as_ref()
        .and_then(|p| set.charter.principle(p));
    let fix = if rule.kind == Kind::Note {
        lang.pick("Remarque", "Remark")
    } else {
        lang.pick("Comment corriger", "How to fix")
    };
    let src = lang.pick("Sources", "Sources");
    let colon = lang.pick(" :", ":");
    let mut text = format!("{explanation}\n\n{fix}{colon} {help}");
    let mut markdown = format!("{explanation}\n\n**{fix}**\n\n{help}");
    if let Some(p) = principle {
        let line = tr!(
            lang,
            "Principe {} de la charte : {}",
            "Charter principle {}: {}",
            p.numero,
            p.title(lang)
        );
        text.push_str(&format!("\n\n{line}"));
        markdown.push_str(&format!("\n\n{line}"));
    }
    if !sources.is_empty() {
        text.push_str(&format!("\n\n{src}{colon}\n- {}", sources.join("\n- ")));
        markdown.push_str(&format!("\n\n**{src}**\n\n- {}", sources.join("\n- ")));
    }
    let mut tags = vec![rule.family().to_string()];
    tags.extend(rule.principle.clone());
    if rule.blocking() {
        tags.push("blocking".into());
    }
    Descriptor {
        id: rule.code.clone(),
        name: rule.name.clone(),
        short_description: Text::plain(neutral(rule.title.get(lang)).into_owned()),
        full_description: Text {
            text: explanation.clone(),
            markdown: Some(explanation),
        },
        help: Text {
            text,
            markdown: Some(markdown),
        },
        help_uri: None,
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            principle: rule.principle.clone(),
            principle_title: principle.map(|p| p.title(lang).to_string()),
            family: rule.family().to_string(),
            blocking: rule.blocking(),
            tags,
        },
    }
}

/// The descriptor of a code that is not in the rule packs: a code of the engine (LD…, SC…,
/// RP…), described by the registry ([`crate::codes`]), then by what its stage requires.
fn finding_descriptor(f: &Finding, lang: Lang) -> Descriptor {
    let general = match f.origin {
        Origin::Load => lang.pick(
            "Le fichier doit pouvoir être lu : du YAML valide, en UTF-8, une seule table de clés, dans les limites de taille et de profondeur. Un dossier illisible n'est pas évaluable.",
            "The file must be readable: valid YAML, UTF-8, a single mapping, within the size and depth limits. An unreadable dossier cannot be evaluated.",
        ),
        Origin::Rule => lang.pick(
            "Ce que l'outil dit du rapport lui-même (des constats laissés de côté au-delà de --max-findings).",
            "What the tool says about the report itself (findings left out past --max-findings).",
        ),
        Origin::Schema => lang.pick(
            "Le dossier doit respecter le format des dossiers, version 1 (`cooplabel schema`) : clés connues, types et valeurs admis, sections exigées à son étape. Les règles ne sont évaluées que sur un dossier bien formé.",
            "The dossier must follow the dossier format, version 1 (`cooplabel schema`): known keys, allowed types and values, the sections its stage requires. Rules are only evaluated on a well-formed dossier.",
        ),
    };
    let (short, full) = match crate::codes::Code::find(&f.code) {
        Some(code) => {
            let t = code.texts(lang);
            (t.title.to_string(), format!("{}\n\n{general}", t.doc))
        }
        None => (structure_title(f, lang), general.to_string()),
    };
    let short = neutral(&short).into_owned();
    // Each finding carries its own help in its message: the rule's is the general one.
    let help = full.to_string();
    let family = f.code[..2.min(f.code.len())].to_string();
    let mut tags = vec![family.clone()];
    if f.blocking {
        tags.push("blocking".into());
    }
    Descriptor {
        id: f.code.clone(),
        name: f.name.clone(),
        short_description: Text::plain(short),
        full_description: Text {
            text: full.clone(),
            markdown: Some(full),
        },
        help: Text {
            text: help.clone(),
            markdown: Some(help),
        },
        help_uri: None,
        default_configuration: Configuration {
            level: level(f.severity),
        },
        properties: RuleProperties {
            principle: None,
            principle_title: None,
            family,
            blocking: f.blocking,
            tags,
        },
    }
}

/// A path as a URI reference: relative paths stay relative (GitHub resolves them against the
/// repository's root), absolute ones become `file://` URIs; anything outside the unreserved
/// characters is percent-encoded.
pub(crate) fn path_uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let trimmed = slashed.trim_start_matches("./");
    let bytes = trimmed.as_bytes();
    let drive = bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let mut out = String::with_capacity(trimmed.len());
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (drive && i == 1) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.starts_with('/') {
        format!("file://{out}")
    } else if drive {
        format!("file:///{out}")
    } else {
        out
    }
}

/// The artifact of a dossier: its path, or for standard input a `<stdin>` URI that says so.
fn artifact(r: &DossierResult, uri: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: uri.to_string(),
        description: (r.path == STDIN).then(|| Text::plain("<stdin>")),
    }
}

fn location(f: &Finding, r: &DossierResult, uri: &str) -> Option<Location> {
    let region = position(f, r).map(|(start, end)| Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    });
    Some(Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: artifact(r, uri),
            region,
        },
        message: f
            .primary
            .as_ref()
            .map(|l| Text::plain(neutral(&l.text).into_owned())),
    })
}

/// The places that explain a finding: others in the dossier, then the parameter values in
/// force that set its threshold, in their rule file (« défini ici »).
fn related(f: &Finding, r: &DossierResult, uri: &str) -> Vec<Location> {
    // `in_dossier` also gives the places in the previous year's dossier, after this one's.
    let mut out = in_dossier(f, r, uri);
    for d in &f.defined {
        out.push(Location {
            id: Some(out.len() + 1),
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: path_uri(d.at.name()),
                    description: None,
                },
                region: Some(Region::of(|o| d.at.file.line_col(o), d.at.span)),
            },
            message: Some(Text::plain(neutral(&d.text).into_owned())),
        });
    }
    out
}

/// The other places of the dossier, then those of the previous year's dossier.
fn in_dossier(f: &Finding, r: &DossierResult, uri: &str) -> Vec<Location> {
    let Some(source) = r.source.as_ref() else {
        return Vec::new();
    };
    let here = f.secondary.len();
    // A value of the previous year's dossier (a rule across years): that file, that line.
    let elsewhere = f.elsewhere.iter().enumerate().map(|(i, l)| Location {
        id: Some(here + i + 1),
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: path_uri(&l.path),
                description: None,
            },
            region: Some(Region::of(|o| l.source.line_col(o), l.span)),
        },
        message: Some(Text::plain(neutral(&l.text).into_owned())),
    });
    f.secondary
        .iter()
        .enumerate()
        .map(|(i, l)| Location {
            id: Some(i + 1),
            physical_location: PhysicalLocation {
                artifact_location: artifact(r, uri),
                region: Some(Region::of(|o| source.line_col(o), l.span)),
            },
            message: Some(Text::plain(neutral(&l.text).into_owned())),
        })
        .chain(elsewhere)
        .collect()
}

/// Pretty JSON whose lines after the first are indented by `indent`, with the characters a
/// terminal would interpret written as `\uXXXX` escapes.
fn indented(value: &impl Serialize, indent: &str) -> io::Result<String> {
    let text = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    let text = String::from_utf8_lossy(&super::escape::json_bytes(&text)).into_owned();
    Ok(text.replace('\n', &format!("\n{indent}")))
}

impl Reporter for Sarif<'_> {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"results\": ["
        )
    }

    fn dossier(&mut self, out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let lang = self.options.lang;
        // Standard input is no file of the repository: `<stdin>`, described as such, so that
        // its results still say where in the text they are.
        let uri = path_uri(&r.path);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for f in &r.findings {
            let rank = seen.entry(f.fingerprint.as_str()).or_default();
            *rank += 1;
            if self.written >= self.max_results {
                // A log GitHub would reject loses every result: keep the first, count the rest.
                self.left_out += 1;
                continue;
            }
            self.written += 1;
            let rule_index = self.rule_index(f);
            let locations = location(f, r, &uri).into_iter().collect();
            let related_locations = related(f, r, &uri);
            let (suppressions, waiver_not_applied) = match &f.waiver {
                Some(w) if w.active => (
                    vec![Suppression {
                        kind: "external",
                        status: "accepted",
                        justification: neutral(&super::text::waiver_text(w, lang)).into_owned(),
                    }],
                    None,
                ),
                Some(w) => (
                    Vec::new(),
                    Some(neutral(&super::text::waiver_text(w, lang)).into_owned()),
                ),
                None => (Vec::new(), None),
            };
            let note = f.is_note();
            // GitHub ignores `suppressions`: a waived result is a note, and says why.
            let waived = f.is_waived();
            let result = SarifResult {
                rule_id: f.code.clone(),
                rule_index,
                level: if note || waived {
                    "note"
                } else {
                    level(f.severity)
                },
                message: Text::plain({
                    // The first sentence says what is wrong; the help follows, as GitHub shows
                    // only the message next to the line. Each line neutralized: the tool's
                    // line breaks stay, nothing of the dossier is interpreted by a viewer.
                    let mut message = neutral(&f.message).into_owned();
                    if let Some(w) = f.waiver.as_ref().filter(|_| waived) {
                        message.push_str(&tr!(
                            lang,
                            "\n\nCouvert par une dérogation du registre {}",
                            "\n\nCovered by a register waiver {}",
                            neutral(&super::text::waiver_text(w, lang))
                        ));
                    }
                    match f.help.as_deref().map(|h| neutral_lines(h.split('\n'))) {
                        Some(h) if note => {
                            tr!(
                                lang,
                                "{message}\n\nRemarque : {h}",
                                "{message}\n\nRemark: {h}"
                            )
                        }
                        Some(h) => tr!(lang, "{message}\n\nAide : {h}", "{message}\n\nHelp: {h}"),
                        None => message,
                    }
                }),
                locations,
                related_locations,
                suppressions,
                partial_fingerprints: Fingerprints {
                    cooplabel: super::repository_fingerprint(&r.path, &f.fingerprint, *rank),
                },
                properties: ResultProperties {
                    pointer: f.pointer.clone(),
                    blocking: f.blocking,
                    principle: f.principle.clone(),
                    waiver_not_applied,
                    sources: f.sources.clone(),
                },
            };
            let sep = if self.first { "" } else { "," };
            self.first = false;
            write!(out, "{sep}\n        {}", indented(&result, "        ")?)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let repository = env!("CARGO_PKG_REPOSITORY");
        let tool = Tool {
            driver: Driver {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
                semantic_version: env!("CARGO_PKG_VERSION"),
                information_uri: (!repository.is_empty()).then_some(repository),
                rules: std::mem::take(&mut self.rules),
            },
        };
        let close = if self.first { "]" } else { "\n      ]" };
        let replaced: Vec<Json> = self
            .options
            .rules
            .replaced
            .iter()
            .map(|p| serde_json::json!({ "pack": p.name, "file": p.by }))
            .collect();
        let properties: Json = serde_json::json!({
            "summary": summary_json(summary),
            "replacedPacks": replaced,
        });
        let mut properties = properties;
        properties["resultsLeftOut"] = Json::from(self.left_out);
        let invocations = serde_json::json!([self.invocation()]);
        let automation = serde_json::json!({ "id": AUTOMATION_ID });
        writeln!(
            out,
            "{close},\n      \"tool\": {},\n      \"invocations\": {},\n      \"automationDetails\": {},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"language\": \"{}\",\n      \"properties\": {}\n    }}\n  ]\n}}",
            indented(&tool, "      ")?,
            indented(&invocations, "      ")?,
            indented(&automation, "      ")?,
            self.options.lang.code(),
            indented(&properties, "      ")?,
        )
    }
}

/// The run's category for GitHub code scanning (`automationDetails.id`, "category/"): the
/// same every run, so that a new upload replaces the previous one's alerts.
const AUTOMATION_ID: &str = "cooplabel/";

impl Sarif<'_> {
    /// The run's invocation: successful (a dossier's problems are results, not the tool's
    /// failure), with a warning when results were left out past the cap.
    fn invocation(&self) -> Json {
        let lang = self.options.lang;
        let mut invocation = serde_json::json!({ "executionSuccessful": true });
        if self.left_out > 0 {
            invocation["toolExecutionNotifications"] = serde_json::json!([{
                "level": "warning",
                "descriptor": { "id": "cooplabel/results-left-out" },
                "message": { "text": tr!(
                    lang,
                    "{} résultat(s) laissé(s) de côté : limite de {} résultats par analyse (--max-sarif-results ; GitHub refuse plus de 25 000) ; les rapports json, junit ou human les donnent tous",
                    "{} result(s) left out: limit of {} results per run (--max-sarif-results; GitHub refuses more than 25,000); the json, junit or human reports give them all",
                    self.left_out,
                    self.max_results
                ) }
            }]);
        }
        invocation
    }
}

#[cfg(test)]
mod tests {
    use super::path_uri;

    #[test]
    fn uris() {
        assert_eq!(path_uri("samples/a b.yaml"), "samples/a%20b.yaml");
        assert_eq!(path_uri("./x/é.yaml"), "x/%C3%A9.yaml");
        assert_eq!(path_uri("/tmp/x.yaml"), "file:///tmp/x.yaml");
        assert_eq!(path_uri("C:\\d\\x.yaml"), "file:///C:/d/x.yaml");
    }
}
