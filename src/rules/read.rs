//! The decision files as written — packs, `parameters.yaml`, `verdict.yaml` — read from the
//! spanned value tree into typed declarations.
//!
//! Every value keeps the bytes it was read from, so that each later mistake (a duplicate code,
//! a bad date, an expression that does not compile, a rate over 1) is drawn on its own line
//! without searching the file again, and a parameter's dated value can be shown next to the
//! finding it decided. The file has passed its part of the rule schema first (unknown keys,
//! missing keys and unknown words are the schema's findings); what this reading still refuses
//! — a shipped file is not validated at every start — is a located RF002, never a default.
//! Expressions stay as their nodes: the expression compiler reads them.

use jiff::civil::Date;

use super::model::{RawExamples, RawSource};
use super::params::Unit;
use super::{Kind, Level};
use crate::codes::Code;
use crate::dossier::Stage;
use crate::finding::Severity;
use crate::lang::Lang;
use crate::load::scalar::parse_date;
use crate::load::tree::{Entry, Node, Value};
use crate::schema::json::to_json;
use crate::source::Span;
use crate::tr;

/// A value with the bytes it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

/// A mistake in a rule-side file, at its place.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    /// Where.
    pub span: Span,
    /// Whether `span` is the faulty value itself (else the mapping that lacks a key).
    pub exact: bool,
    /// Stable code (`RF…`).
    pub code: Code,
    /// Message, in the run's language.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    /// A problem on the value at `span`.
    pub(super) fn at(span: Span, code: Code, message: String, help: Option<String>) -> Self {
        Problem {
            span,
            exact: true,
            code,
            message,
            help,
        }
    }

    /// An error of the expression compiler, whose pointer is relative to the compiled node
    /// (`/1/>=` inside an `all`): located at once in that node, the nearest existing one.
    pub(super) fn compiled(node: &Node, err: super::expr::CompileError) -> Self {
        // Shown like a dossier's pointer: an operator by its key (`gte` in `{ gte: [...] }`).
        let shown = node.shown(&err.pointer);
        Problem {
            span: shown.span,
            exact: shown.exact,
            code: err.code,
            message: err.message,
            help: err.help,
        }
    }
}

/// A family declaration.
#[derive(Debug, Clone)]
pub(crate) struct FamilyDecl {
    /// `RS`.
    pub code: Spanned<String>,
    /// French title.
    pub title: String,
    /// English title.
    pub title_en: Option<String>,
}

/// A pack: its families and rules.
#[derive(Debug)]
pub(crate) struct PackDecl<'d> {
    /// Families declared (`family:` or `families:`).
    pub families: Vec<FamilyDecl>,
    /// Rules, in file order (a rule that cannot be read is left out, its problem reported).
    pub rules: Vec<RuleDecl<'d>>,
}

/// Where a rule applies.
#[derive(Debug, Default)]
pub(crate) struct AppliesDecl<'d> {
    /// Minimum stage.
    pub stage: Option<Stage>,
    /// Countries (all when absent).
    pub countries: Option<Vec<String>>,
    /// Dossier types (cooperatives when absent).
    pub types: Option<Vec<String>>,
    /// Legal forms (all when absent).
    pub forms: Option<Vec<String>>,
    /// In force from.
    pub from: Option<Date>,
    /// In force until (inclusive).
    pub until: Option<Date>,
    /// Any other condition.
    pub when: Option<&'d Node>,
}

/// A French text and its optional English version, each with its place (templates are
/// compiled from them).
#[derive(Debug)]
pub(crate) struct TextPair {
    /// French.
    pub fr: Spanned<String>,
    /// English.
    pub en: Option<Spanned<String>>,
}

/// A rule as declared.
#[derive(Debug)]
pub(crate) struct RuleDecl<'d> {
    /// The whole rule (where it is declared).
    pub node: &'d Node,
    /// `RS003`.
    pub code: Spanned<String>,
    /// `dotation-reserve-legale`.
    pub name: Spanned<String>,
    /// One-line summary.
    pub title: String,
    /// English summary.
    pub title_en: Option<String>,
    /// Charter principle id.
    pub principle: Option<Spanned<String>>,
    /// How its findings are displayed.
    pub severity: Severity,
    /// Its level in the decision.
    pub level: Level,
    /// `derogeable:` as written.
    pub derogeable: Option<Spanned<bool>>,
    /// Check, note or builtin, with where `kind:` is written (the rule's code when absent).
    pub kind: Spanned<Kind>,
    /// Where it applies.
    pub applies: AppliesDecl<'d>,
    /// One finding per failing item of this list.
    pub for_each: Option<&'d Node>,
    /// Items kept.
    pub filter: Option<&'d Node>,
    /// Named values, in order.
    pub lets: Vec<(String, &'d Node)>,
    /// The condition.
    pub check: Option<&'d Node>,
    /// Where the finding is shown.
    pub at: Option<Spanned<String>>,
    /// Message.
    pub message: TextPair,
    /// Label under the underline.
    pub label: Option<TextPair>,
    /// How to fix it.
    pub help: TextPair,
    /// Sources (their dates checked).
    pub sources: Vec<RawSource>,
    /// Documentation.
    pub explanation: String,
    /// English documentation.
    pub explanation_en: Option<String>,
    /// Failing and passing examples (dossiers for `cooplabel test`).
    pub examples: Option<RawExamples>,
}

/// One dated value of a parameter as declared.
#[derive(Debug)]
pub(crate) struct ValueDecl<'d> {
    /// Its position in `values` (only the first may leave out `from`).
    pub index: usize,
    /// The `- from: … value: …` item.
    pub item: &'d Node,
    /// In force from, if written (a `from` that is not a date is reported and the value left
    /// out).
    pub from: Option<Spanned<Date>>,
    /// The value.
    pub value: &'d Node,
}

/// A dated parameter as declared (in `parameters.yaml` or a decision setting).
#[derive(Debug)]
pub(crate) struct ParamDecl<'d> {
    /// The parameter's key.
    pub name: Spanned<String>,
    /// What it is.
    pub description: String,
    /// English description.
    pub description_en: Option<String>,
    /// What its values are.
    pub unit: Spanned<Unit>,
    /// Sources (their dates checked).
    pub sources: Vec<RawSource>,
    /// Dated values, as written.
    pub values: Vec<ValueDecl<'d>>,
}

/// `verdict.yaml`'s settings.
#[derive(Debug)]
pub(crate) struct VerdictDecl<'d> {
    /// Share of the applicable recommended criteria that must pass.
    pub recommended_threshold: ParamDecl<'d>,
    /// Days before its end at which a register waiver gives a note.
    pub waiver_notice_days: ParamDecl<'d>,
}

/// Reads typed declarations from a tree, collecting the problems.
pub(crate) struct Reader {
    lang: Lang,
    /// Problems found so far.
    pub problems: Vec<Problem>,
}

impl Reader {
    /// A reader writing its problems in `lang`.
    pub(super) fn new(lang: Lang) -> Self {
        Reader {
            lang,
            problems: Vec::new(),
        }
    }

    /// The language of the messages.
    pub(super) fn lang(&self) -> Lang {
        self.lang
    }

    /// Records a problem.
    pub(super) fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn malformed(&mut self, node: &Node, fr: &str, en: &str) {
        let lang = self.lang;
        self.push(Problem::at(
            node.span,
            Code::Rf002,
            tr!(
                lang,
                "{fr} attendu ici, pas {}",
                "{en} expected here, not {}",
                node.value.kind_fr()
            ),
            Some(
                lang.pick(
                    "voir `cooplabel schema rules` et rules/README.md",
                    "see `cooplabel schema rules` and rules/README.md",
                )
                .into(),
            ),
        ));
    }

    fn entries<'d>(&mut self, node: &'d Node) -> Option<&'d [Entry]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            _ => {
                self.malformed(node, "une table de clés", "a mapping");
                None
            }
        }
    }

    fn items<'d>(&mut self, node: &'d Node) -> Option<&'d [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.malformed(node, "une liste", "a list");
                None
            }
        }
    }

    /// The value of a key the map must have.
    fn required<'d>(&mut self, map: &'d Node, key: &str) -> Option<&'d Node> {
        let found = map.get(key);
        if found.is_none() {
            let lang = self.lang;
            self.push(Problem {
                span: map.head_span(),
                exact: false,
                code: Code::Rf002,
                message: tr!(lang, "il manque `{key}`", "`{key}` is missing"),
                help: Some(
                    lang.pick(
                        "voir `cooplabel schema rules` et rules/README.md",
                        "see `cooplabel schema rules` and rules/README.md",
                    )
                    .into(),
                ),
            });
        }
        found
    }

    /// A text (a date written plainly is a text where a text is expected).
    fn text(&mut self, node: &Node) -> Option<Spanned<String>> {
        let value = match &node.value {
            Value::String(s) => s.clone(),
            Value::Date(d) => d.to_string(),
            _ => {
                self.malformed(node, "un texte", "a text");
                return None;
            }
        };
        Some(Spanned {
            value,
            span: node.span,
        })
    }

    fn required_text(&mut self, map: &Node, key: &str) -> Option<Spanned<String>> {
        let node = self.required(map, key)?;
        self.text(node)
    }

    fn optional_text(&mut self, map: &Node, key: &str) -> Option<Spanned<String>> {
        map.get(key).and_then(|n| self.text(n))
    }

    fn texts(&mut self, node: &Node) -> Option<Vec<String>> {
        let items = self.items(node)?;
        items
            .iter()
            .map(|n| self.text(n).map(|t| t.value))
            .collect()
    }

    fn optional_texts(&mut self, map: &Node, key: &str) -> Option<Vec<String>> {
        map.get(key).and_then(|n| self.texts(n))
    }

    fn flag(&mut self, map: &Node, key: &str) -> Option<Spanned<bool>> {
        let node = map.get(key)?;
        match node.value {
            Value::Bool(b) => Some(Spanned {
                value: b,
                span: node.span,
            }),
            _ => {
                self.malformed(node, "`true` ou `false`", "`true` or `false`");
                None
            }
        }
    }

    /// One of a closed list of words (`obligatoire`, `rate`…): an unknown one is refused with
    /// the closest word and the list.
    fn word<T: Copy>(&mut self, node: &Node, words: &[(T, &'static str)]) -> Option<Spanned<T>> {
        let text = self.text(node)?;
        if let Some((w, _)) = words.iter().find(|(_, s)| *s == text.value) {
            return Some(Spanned {
                value: *w,
                span: node.span,
            });
        }
        let lang = self.lang;
        let names: Vec<&str> = words.iter().map(|(_, s)| *s).collect();
        let list = names.join(", ");
        let help = match crate::schema::messages::did_you_mean(&text.value, names.iter().copied()) {
            Some(s) => tr!(
                lang,
                "vouliez-vous écrire `{s}` ? Valeurs possibles : {list}",
                "did you mean `{s}`? Possible values: {list}"
            ),
            None => tr!(
                lang,
                "valeurs possibles : {list}",
                "possible values: {list}"
            ),
        };
        self.push(Problem::at(
            node.span,
            Code::Rf002,
            tr!(
                lang,
                "valeur inconnue : « {} »",
                "unknown value: \"{}\"",
                text.value
            ),
            Some(help),
        ));
        None
    }

    /// A `YYYY-MM-DD` date; anything else is an RF012 at its place.
    pub(super) fn date(&mut self, node: &Node) -> Option<Date> {
        let parsed = match &node.value {
            Value::Date(d) => Some(*d),
            Value::String(s) => parse_date(s),
            _ => None,
        };
        if parsed.is_none() {
            let lang = self.lang;
            let shown = match &node.value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => other.kind_fr().to_string(),
            };
            self.push(Problem::at(
                node.span,
                Code::Rf012,
                tr!(
                    lang,
                    "date invalide : « {shown} »",
                    "invalid date: \"{shown}\""
                ),
                Some(
                    lang.pick(
                        "écrivez la date au format AAAA-MM-JJ",
                        "write the date as YYYY-MM-DD",
                    )
                    .into(),
                ),
            ));
        }
        parsed
    }

    fn optional_date(&mut self, map: &Node, key: &str) -> Option<Date> {
        map.get(key).and_then(|n| self.date(n))
    }

    /// The sources of a rule or parameter, each period made of real dates in order.
    fn sources(&mut self, node: &Node) -> Vec<RawSource> {
        let Some(items) = self.items(node) else {
            return Vec::new();
        };
        items.iter().filter_map(|s| self.source(s)).collect()
    }

    fn source(&mut self, node: &Node) -> Option<RawSource> {
        self.entries(node)?;
        let from = node.get("from");
        let until = node.get("until");
        let from_date = from.and_then(|n| self.date(n));
        let until_date = until.and_then(|n| self.date(n));
        if let (Some(f), Some(u), Some(at)) = (from_date, until_date, until)
            && u < f
        {
            let lang = self.lang;
            self.push(Problem::at(
                at.span,
                Code::Rf012,
                tr!(
                    lang,
                    "la source cesse de s'appliquer ({u}) avant d'entrer en vigueur ({f})",
                    "the source stops applying ({u}) before it comes into force ({f})"
                ),
                Some(
                    lang.pick(
                        "`from` est le premier jour où le texte s'applique, `until` le dernier",
                        "`from` is the first day the text applies, `until` the last",
                    )
                    .into(),
                ),
            ));
        }
        let text = |r: &mut Self, key: &str| r.optional_text(node, key).map(|t| t.value);
        Some(RawSource {
            seed: text(self, "seed"),
            law: text(self, "law"),
            article: text(self, "article"),
            charter: text(self, "charter"),
            practice: text(self, "practice"),
            location: text(self, "where"),
            note: text(self, "note"),
            secondary: self.flag(node, "secondary").is_some_and(|f| f.value),
            unverified: self.optional_texts(node, "unverified").unwrap_or_default(),
            // Kept as written (ISO dates, checked above): the citations print them.
            from: from_date.map(|d| d.to_string()),
            until: until_date.map(|d| d.to_string()),
            countries: self.optional_texts(node, "countries"),
        })
    }

    /// A pack file.
    pub(super) fn pack<'d>(&mut self, root: &'d Node) -> Option<PackDecl<'d>> {
        self.entries(root)?;
        let mut families = Vec::new();
        if let Some(f) = root.get("family") {
            families.extend(self.family(f));
        }
        if let Some(list) = root.get("families")
            && let Some(items) = self.items(list)
        {
            families.extend(items.iter().filter_map(|f| self.family(f)));
        }
        let rules = match root.get("rules") {
            Some(list) => self
                .items(list)
                .unwrap_or_default()
                .iter()
                .filter_map(|r| self.rule(r))
                .collect(),
            None => Vec::new(),
        };
        Some(PackDecl { families, rules })
    }

    fn family(&mut self, node: &Node) -> Option<FamilyDecl> {
        self.entries(node)?;
        Some(FamilyDecl {
            code: self.required_text(node, "code")?,
            title: self.required_text(node, "title")?.value,
            title_en: self.optional_text(node, "title_en").map(|t| t.value),
        })
    }

    fn pair(&mut self, map: &Node, key: &str, required: bool) -> Option<TextPair> {
        let fr = if required {
            self.required_text(map, key)?
        } else {
            self.optional_text(map, key)?
        };
        Some(TextPair {
            fr,
            en: self.optional_text(map, &format!("{key}_en")),
        })
    }

    fn applies<'d>(&mut self, node: &'d Node) -> AppliesDecl<'d> {
        if self.entries(node).is_none() {
            return AppliesDecl::default();
        }
        let stages = Stage::ALL.map(|s| (s, s.as_str()));
        AppliesDecl {
            stage: node
                .get("stage")
                .and_then(|n| self.word(n, &stages))
                .map(|s| s.value),
            countries: self.optional_texts(node, "countries"),
            types: self.optional_texts(node, "types"),
            forms: self.optional_texts(node, "forms"),
            from: self.optional_date(node, "from"),
            until: self.optional_date(node, "until"),
            when: node.get("when"),
        }
    }

    /// One rule; `None` when a key it cannot do without is missing or malformed (reported).
    fn rule<'d>(&mut self, node: &'d Node) -> Option<RuleDecl<'d>> {
        self.entries(node)?;
        let severities =
            [Severity::Error, Severity::Warning, Severity::Info].map(|s| (s, s.as_str()));
        let levels = Level::ALL.map(|l| (l, l.as_yaml()));
        let kinds = Kind::ALL.map(|k| (k, k.as_yaml()));
        // Every key is read before giving up, so that one pass reports all of a rule's
        // problems.
        let code = self.required_text(node, "code");
        let name = self.required_text(node, "name");
        let title = self.required_text(node, "title");
        let severity = self
            .required(node, "severity")
            .and_then(|n| self.word(n, &severities));
        let level = self
            .required(node, "niveau")
            .and_then(|n| self.word(n, &levels));
        let kind = match node.get("kind") {
            Some(n) => self.word(n, &kinds),
            None => code.as_ref().map(|c| Spanned {
                value: Kind::Check,
                span: c.span,
            }),
        };
        let message = self.pair(node, "message", true);
        let help = self.pair(node, "help", true);
        let explanation = self.required_text(node, "explanation");
        let sources = self.required(node, "sources").map(|n| self.sources(n));
        let examples = node.get("examples").and_then(|n| self.examples(n));
        let lets = match node.get("let") {
            Some(n) => self
                .entries(n)
                .unwrap_or_default()
                .iter()
                .map(|e| (e.key.clone(), &e.node))
                .collect(),
            None => Vec::new(),
        };
        Some(RuleDecl {
            node,
            code: code?,
            name: name?,
            title: title?.value,
            title_en: self.optional_text(node, "title_en").map(|t| t.value),
            principle: self.optional_text(node, "principle"),
            severity: severity?.value,
            level: level?.value,
            derogeable: self.flag(node, "derogeable"),
            kind: kind?,
            applies: node
                .get("applies")
                .map(|n| self.applies(n))
                .unwrap_or_default(),
            for_each: node.get("for_each"),
            filter: node.get("where"),
            lets,
            check: node.get("check"),
            at: self.optional_text(node, "at"),
            message: message?,
            label: self.pair(node, "label", false),
            help: help?,
            sources: sources?,
            explanation: explanation?.value,
            explanation_en: self.optional_text(node, "explanation_en").map(|t| t.value),
            examples,
        })
    }

    /// A rule's examples: two dossiers (a base and changes) that `cooplabel test` builds; their
    /// shape is the rule schema's `case`, read as the test files are.
    fn examples(&mut self, node: &Node) -> Option<RawExamples> {
        match serde_json::from_value(to_json(node)) {
            Ok(examples) => Some(examples),
            Err(e) => {
                let lang = self.lang;
                self.push(Problem::at(
                    node.span,
                    Code::Rf002,
                    tr!(lang, "exemples mal formés : {e}", "malformed examples: {e}"),
                    Some(
                        lang.pick(
                            "`examples` a deux cas, `fail` et `pass` (rules/README.md)",
                            "`examples` has two cases, `fail` and `pass` (rules/README.md)",
                        )
                        .into(),
                    ),
                ));
                None
            }
        }
    }

    /// `parameters.yaml`: its parameters in file order.
    pub(super) fn parameters<'d>(&mut self, root: &'d Node) -> Vec<ParamDecl<'d>> {
        let Some(map) = self.required(root, "parameters") else {
            return Vec::new();
        };
        let Some(entries) = self.entries(map) else {
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|e| {
                let name = Spanned {
                    value: e.key.clone(),
                    span: e.key_span,
                };
                self.parameter(name, &e.node)
            })
            .collect()
    }

    /// One dated parameter, named `name`.
    fn parameter<'d>(&mut self, name: Spanned<String>, node: &'d Node) -> Option<ParamDecl<'d>> {
        self.entries(node)?;
        let units = Unit::ALL.map(|u| (u, u.as_str()));
        let description = self.required_text(node, "description");
        let unit = self
            .required(node, "unit")
            .and_then(|n| self.word(n, &units));
        let sources = node
            .get("sources")
            .map(|n| self.sources(n))
            .unwrap_or_default();
        let list = self.required(node, "values").and_then(|n| self.items(n));
        let mut values = Vec::new();
        for (index, item) in list.unwrap_or_default().iter().enumerate() {
            if self.entries(item).is_none() {
                continue;
            }
            let from = match item.get("from") {
                Some(n) => match self.date(n) {
                    Some(d) => Some(Spanned {
                        value: d,
                        span: n.span,
                    }),
                    None => continue,
                },
                None => None,
            };
            let Some(value) = self.required(item, "value") else {
                continue;
            };
            values.push(ValueDecl {
                index,
                item,
                from,
                value,
            });
        }
        Some(ParamDecl {
            name,
            description: description?.value,
            description_en: self.optional_text(node, "description_en").map(|t| t.value),
            unit: unit?,
            sources,
            values,
        })
    }

    /// `verdict.yaml`.
    pub(super) fn verdict<'d>(&mut self, root: &'d Node) -> Option<VerdictDecl<'d>> {
        let settings = self.required(root, "verdict")?;
        self.entries(settings)?;
        let setting = |r: &mut Self, key: &str| {
            let node = r.required(settings, key)?;
            let entry = settings.entry(key)?;
            r.parameter(
                Spanned {
                    value: key.to_string(),
                    span: entry.key_span,
                },
                node,
            )
        };
        let recommended_threshold = setting(self, "recommended_threshold");
        let waiver_notice_days = setting(self, "waiver_notice_days");
        Some(VerdictDecl {
            recommended_threshold: recommended_threshold?,
            waiver_notice_days: waiver_notice_days?,
        })
    }
}
