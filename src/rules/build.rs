//! From the typed declarations of the decision files ([`super::read`]) to the compiled rule
//! set: parameters with their dated values and places, the decision settings, the families,
//! the rules compiled and ordered. Every problem is reported at the bytes of the value that
//! causes it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::expr::{Compiler, Expr, PathRef};
use super::params::{DatedValue, ParamValue, Parameter, Unit};
use super::read::{PackDecl, ParamDecl, Problem, Reader, RuleDecl, Spanned, TextPair, VerdictDecl};
use super::template::Template;
use super::{Charter, Family, Kind, Level, Localized, Rule, VerdictConfig};
use crate::codes::Code;
use crate::dossier::Stage;
use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::load::Document;
use crate::load::tree::{Node, Value};
use crate::schema::json::to_json;
use crate::source::{Location, SourceFile, Span};
use crate::tr;

/// Collects the located problems of a rule set's files.
pub(super) struct Loader {
    /// The language of the messages (`--lang`).
    pub lang: Lang,
    /// The problems found, each with the file it points into.
    pub diagnostics: Vec<(Finding, Option<Arc<SourceFile>>)>,
}

impl Loader {
    /// Turns problems found in `file` into findings.
    pub(super) fn report(&mut self, file: &Arc<SourceFile>, problems: Vec<Problem>) {
        for p in problems {
            let label = if p.exact {
                self.lang.pick("ici", "here")
            } else {
                self.lang.pick("dans cette table", "in this mapping")
            };
            let mut f =
                Finding::new(p.code, Severity::Error, Origin::Rule, p.message).at(p.span, label);
            f.help = p.help;
            f.blocking = true;
            self.diagnostics.push((f, Some(file.clone())));
        }
    }

    /// Runs `read` with a reader whose problems are reported in `doc`.
    pub(super) fn reading<T>(&mut self, doc: &Document, read: impl FnOnce(&mut Reader) -> T) -> T {
        let mut reader = Reader::new(self.lang);
        let out = read(&mut reader);
        self.report(&doc.source, reader.problems);
        out
    }
}

/// A decision file's declarations, with the file they come from.
pub(super) struct Declared<'d, T> {
    /// The parsed file.
    pub doc: &'d Document,
    /// Shipped with the binary.
    pub embedded: bool,
    /// What it declares.
    pub decl: T,
}

/// Help shared by the problems of a parameter's values.
fn unit_help(lang: Lang) -> Option<String> {
    Some(lang.pick(
        "rate, months, amount, count : un nombre ; date : AAAA-MM-JJ ; list : une liste ; text : un texte",
        "rate, months, amount, count: a number; date: YYYY-MM-DD; list: a list; text: a text",
    ).into())
}

/// The parameters of every `parameters.yaml`, by name; a name declared twice is refused.
pub(super) fn build_params(
    loader: &mut Loader,
    files: &[Declared<'_, Vec<ParamDecl<'_>>>],
) -> (Vec<Parameter>, HashMap<String, usize>) {
    let lang = loader.lang;
    let mut params: Vec<Parameter> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for file in files {
        loader.reading(file.doc, |r| {
            for p in &file.decl {
                if index.contains_key(&p.name.value) {
                    r.push(Problem::at(
                        p.name.span,
                        Code::Rf008,
                        tr!(lang, "le paramètre `{}` est déclaré deux fois", "parameter `{}` is declared twice", p.name.value),
                        Some(lang.pick(
                            "un nom de paramètre est unique dans l'ensemble des fichiers de règles ; pour changer une valeur, ajoutez une valeur datée",
                            "a parameter name is unique across all rule files; to change a value, add a dated value",
                        ).into()),
                    ));
                    continue;
                }
                let param = build_param(r, &file.doc.source, p);
                index.insert(p.name.value.clone(), params.len());
                params.push(param);
            }
        });
    }
    (params, index)
}

/// A list parameter's item as a text.
fn item_text(node: &Node) -> String {
    match &node.value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.kind_fr().to_string(),
    }
}

/// One dated value read for its parameter's unit; `None` when it does not match (reported).
fn param_value(r: &mut Reader, unit: Unit, node: &Node, lang: Lang) -> Option<ParamValue> {
    let value = match (&node.value, unit) {
        (Value::Seq(items), Unit::List) => ParamValue::List(items.iter().map(item_text).collect()),
        (Value::Date(_) | Value::String(_), Unit::Date) => ParamValue::Date(r.date(node)?),
        (Value::String(s), Unit::Text) => ParamValue::Text(s.clone()),
        // The number as written (`0.15`), exact: no float ever holds a rate.
        (Value::Number(d), u) if u.is_number() => ParamValue::Num(*d),
        _ => {
            r.push(Problem::at(
                node.span,
                Code::Rf015,
                tr!(
                    lang,
                    "cette valeur ne correspond pas à l'unité `{}` du paramètre",
                    "this value does not match the parameter's unit `{}`",
                    unit.as_str()
                ),
                unit_help(lang),
            ));
            return None;
        }
    };
    if unit == Unit::Rate
        && let ParamValue::Num(d) = value
        && (d < Decimal::ZERO || d > Decimal::ONE)
    {
        r.push(Problem::at(
            node.span,
            Code::Rf015,
            tr!(
                lang,
                "un taux est une fraction entre 0 et 1, pas {d}",
                "a rate is a fraction between 0 and 1, not {d}"
            ),
            Some(
                lang.pick("écrivez 0.15 pour 15 %", "write 0.15 for 15 %")
                    .into(),
            ),
        ));
    }
    Some(value)
}

/// Compiles one dated parameter (of `parameters.yaml` or of the verdict), reporting each bad
/// value at its place; each value keeps its place in `file`.
fn build_param(r: &mut Reader, file: &Arc<SourceFile>, p: &ParamDecl<'_>) -> Parameter {
    let lang = r.lang();
    let mut values = Vec::new();
    let mut previous: Option<Date> = None;
    for v in &p.values {
        if v.from.is_none() && v.index > 0 {
            r.push(Problem::at(
                v.item.span,
                Code::Rf015,
                lang.pick(
                    "seule la première valeur d'un paramètre peut omettre `from`",
                    "only a parameter's first value may leave out `from`",
                )
                .into(),
                Some(
                    lang.pick(
                        "donnez la date d'entrée en vigueur de cette valeur",
                        "give the date this value comes into force",
                    )
                    .into(),
                ),
            ));
            continue;
        }
        let from = v.from.as_ref().map(|f| f.value);
        if let (Some(prev), Some(cur)) = (previous, &v.from)
            && cur.value <= prev
        {
            r.push(Problem::at(
                cur.span,
                Code::Rf015,
                lang.pick(
                    "les valeurs d'un paramètre vont de la plus ancienne à la plus récente",
                    "a parameter's values go from the oldest to the newest",
                )
                .into(),
                Some(tr!(
                    lang,
                    "cette date ({}) devrait suivre la précédente ({prev})",
                    "this date ({}) should follow the previous one ({prev})",
                    cur.value
                )),
            ));
        }
        previous = from.or(previous);
        let Some(value) = param_value(r, p.unit.value, v.value, lang) else {
            continue;
        };
        values.push(DatedValue {
            from,
            value,
            at: Location::new(file.clone(), v.value.span),
        });
    }
    Parameter {
        name: p.name.value.clone(),
        description: p.description.clone(),
        description_en: p.description_en.clone(),
        unit: p.unit.value,
        sources: p.sources.clone(),
        values,
    }
}

/// The decision model's settings; one decision file only.
pub(super) fn build_verdict(
    loader: &mut Loader,
    files: &[Declared<'_, VerdictDecl<'_>>],
) -> Option<VerdictConfig> {
    let lang = loader.lang;
    let file = files.last()?;
    let several = files.len() > 1;
    let (doc, settings) = (file.doc, &file.decl);
    Some(loader.reading(doc, |r| {
        if several {
            let at = doc.root.entry("verdict").map_or(doc.root.span, |e| e.key_span);
            r.push(Problem::at(
                at,
                Code::Rf016,
                lang.pick(
                    "plusieurs fichiers de décision (verdict:) sont chargés",
                    "several decision files (verdict:) are loaded",
                )
                .into(),
                Some(lang.pick(
                    "gardez un seul verdict.yaml ; un fichier du même nom dans --rules remplace celui du binaire",
                    "keep a single verdict.yaml; a file of that name in --rules replaces the binary's",
                ).into()),
            ));
        }
        let mut setting = |p: &ParamDecl<'_>, unit: Unit| {
            let param = build_param(r, &doc.source, p);
            // The model must decide every dossier, whatever its date: its first value has no
            // start (the earliest documented model), and it is a number of the right unit.
            let first_from = p.values.first().filter(|v| v.index == 0).and_then(|v| v.from.as_ref());
            let problem = if p.unit.value != unit {
                Some((
                    p.unit.span,
                    tr!(
                        lang,
                        "ce réglage a pour unité `{}`",
                        "this setting's unit is `{}`",
                        unit.as_str()
                    ),
                ))
            } else {
                first_from.map(|from| (from.span, lang.pick(
                    "la première valeur d'un réglage de la décision vaut depuis toujours : elle n'a pas de `from`",
                    "the first value of a decision setting has always held: it has no `from`",
                ).to_string()))
            };
            if let Some((span, message)) = problem {
                r.push(Problem::at(
                    span,
                    Code::Rf016,
                    message,
                    Some(
                        lang.pick(
                            "voir `cooplabel schema verdict` et rules/README.md § 7",
                            "see `cooplabel schema verdict` and rules/README.md § 7",
                        )
                        .into(),
                    ),
                ));
            }
            param
        };
        VerdictConfig {
            recommended_threshold: setting(&settings.recommended_threshold, Unit::Rate),
            waiver_notice_days: setting(&settings.waiver_notice_days, Unit::Count),
        }
    }))
}

/// The families of every pack; a family is declared once.
pub(super) fn build_families(
    loader: &mut Loader,
    packs: &[Declared<'_, PackDecl<'_>>],
) -> Vec<Family> {
    let lang = loader.lang;
    let mut families: Vec<Family> = Vec::new();
    for pack in packs {
        loader.reading(pack.doc, |r| {
            for f in &pack.decl.families {
                if families.iter().any(|g| g.code == f.code.value) {
                    r.push(Problem::at(
                        f.code.span,
                        Code::Rf008,
                        tr!(lang, "la famille `{}` est déclarée dans deux fichiers", "family `{}` is declared in two files", f.code.value),
                        Some(lang.pick(
                            "une famille est déclarée une seule fois ; ajoutez vos règles à une nouvelle famille",
                            "a family is declared once; add your rules to a new family",
                        ).into()),
                    ));
                    continue;
                }
                families.push(Family {
                    code: f.code.value.clone(),
                    title: f.title.clone(),
                    title_en: f.title_en.clone(),
                });
            }
        });
    }
    families
}

/// Most list iterations nested in one rule (`for_each` included): n² stays in milliseconds for
/// the 400 entrepreneurs of a large CAE; n³ would not.
pub(super) const MAX_ITERATION_DEPTH: usize = 2;

/// The expression compiler for one rule, whose errors and references to other rules are
/// located as soon as each expression is compiled, in the node it was compiled from (the
/// compiler's pointers are relative to that node).
struct RuleCompiler<'c, 'p> {
    c: Compiler<'p>,
    reader: &'c mut Reader,
    /// Rules read by `failed`, with where their codes are written.
    refs: Vec<(String, Span)>,
}

impl RuleCompiler<'_, '_> {
    /// Takes the compiler's errors and references, located in `node`.
    fn settle(&mut self, node: &Node) {
        for err in std::mem::take(&mut self.c.errors) {
            self.reader.push(Problem::compiled(node, err));
        }
        for (code, pointer) in std::mem::take(&mut self.c.rule_refs) {
            self.refs.push((code, node.locate(&pointer).0.span));
        }
    }

    fn expr(&mut self, node: &Node) -> Expr {
        let e = self.c.expr(&to_json(node), "");
        self.settle(node);
        e
    }

    fn path(&mut self, text: &Spanned<String>) -> Option<PathRef> {
        let p = self.c.path(&text.value, "");
        self.settle_at(text.span);
        p
    }

    /// Takes the compiler's errors, all at `span` (a template: one text).
    fn settle_at(&mut self, span: Span) {
        for err in std::mem::take(&mut self.c.errors) {
            self.reader
                .push(Problem::at(span, err.code, err.message, err.help));
        }
    }

    fn template(&mut self, text: &Spanned<String>, params: &HashMap<String, usize>) -> Template {
        let t = Template::compile(&text.value, "", &mut self.c, params);
        self.settle_at(text.span);
        t
    }

    fn localized(
        &mut self,
        pair: &TextPair,
        params: &HashMap<String, usize>,
    ) -> Localized<Template> {
        Localized {
            fr: self.template(&pair.fr, params),
            en: pair.en.as_ref().map(|e| self.template(e, params)),
        }
    }
}

/// The parts of a rule compiled from its expressions.
struct Compiled {
    when: Option<Expr>,
    for_each: Option<Expr>,
    filter: Option<Expr>,
    lets: Vec<(String, Expr)>,
    check: Option<Expr>,
    at: Option<PathRef>,
    message: Localized<Template>,
    label: Option<Localized<Template>>,
    help: Localized<Template>,
}

/// Compiles a rule's expressions and texts, in the order they see each other (`let` names are
/// visible after their definition, `.x` paths below `for_each` read its items).
fn compile_parts(
    rc: &mut RuleCompiler<'_, '_>,
    d: &RuleDecl<'_>,
    params: &HashMap<String, usize>,
) -> Compiled {
    let when = d.applies.when.map(|n| rc.expr(n));
    let for_each = d.for_each.map(|n| {
        let list = rc.expr(n);
        // Everything below reads the item: `.x` paths are checked against the item's schema.
        let item = rc.c.list_item(&list, "");
        rc.settle(n);
        rc.c.items.push(item);
        list
    });
    let filter = d.filter.map(|n| rc.expr(n));
    let mut lets = Vec::new();
    for (name, node) in &d.lets {
        let compiled = rc.expr(node);
        // A `let` may use the ones before it.
        rc.c.vars.insert(name.clone());
        let kind = rc.c.kind_of(&compiled);
        rc.c.var_kinds.insert(name.clone(), kind);
        lets.push((name.clone(), compiled));
    }
    let check = d.check.map(|n| rc.expr(n));
    let at = d.at.as_ref().and_then(|a| rc.path(a));
    let message = rc.localized(&d.message, params);
    let label = d.label.as_ref().map(|l| rc.localized(l, params));
    let help = rc.localized(&d.help, params);
    Compiled {
        when,
        for_each,
        filter,
        lets,
        check,
        at,
        message,
        label,
        help,
    }
}

/// Refuses a rule whose cost would explode on a long list: each nested iteration multiplies
/// the work by the list's length (35 000 entrepreneurs fit in a dossier).
fn check_depth(r: &mut Reader, d: &RuleDecl<'_>, parts: &Compiled) {
    let lang = r.lang();
    let outer = usize::from(parts.for_each.is_some());
    let depths = [
        (parts.when.as_ref(), 0, d.applies.when),
        (parts.for_each.as_ref(), 0, d.for_each),
        (parts.filter.as_ref(), outer, d.filter),
        (parts.check.as_ref(), outer, d.check),
    ]
    .into_iter()
    .chain(
        parts
            .lets
            .iter()
            .zip(&d.lets)
            .map(|((_, e), (_, n))| (Some(e), outer, Some(*n))),
    );
    if let Some((depth, node)) = depths
        .filter_map(|(e, base, node)| Some((base + e?.iteration_depth(), node?)))
        .find(|(depth, _)| *depth > MAX_ITERATION_DEPTH)
    {
        r.push(Problem::at(
            node.span,
            Code::Rf017,
            tr!(
                lang,
                "la règle imbrique {depth} parcours de listes (au plus {MAX_ITERATION_DEPTH}) : \
                 sur une liste de n éléments, elle coûterait n^{depth} évaluations",
                "the rule nests {depth} walks over lists (at most {MAX_ITERATION_DEPTH}): \
                 on a list of n items, it would cost n^{depth} evaluations"
            ),
            Some(
                lang.pick(
                    "découpez-la en règles plus simples, dont chacune parcourt au plus deux \
                     listes l'une dans l'autre",
                    "split it into simpler rules, each walking at most two lists one inside \
                     the other",
                )
                .into(),
            ),
        ));
    }
}

/// Whether the committee may waive the rule: never when it cites a law (CATALOGUE, "Decision
/// levels") — said at load rather than at a committee meeting — and by default for the
/// criteria that count.
fn waivable(r: &mut Reader, d: &RuleDecl<'_>) -> bool {
    let lang = r.lang();
    let cites_law = d.sources.iter().any(|s| s.law.is_some());
    if let Some(flag) = &d.derogeable
        && flag.value
        && cites_law
    {
        r.push(Problem::at(
            flag.span,
            Code::Rf018,
            lang.pick(
                "une règle qui cite une loi ne peut pas être dérogeable : le comité de labellisation n'écarte pas la loi",
                "a rule that cites a law cannot be waivable: the label committee does not set the law aside",
            ).into(),
            Some(lang.pick(
                "retirez `derogeable: true` (ou la source légale, si la règle ne vient pas de la loi)",
                "remove `derogeable: true` (or the legal source, if the rule does not come from the law)",
            ).into()),
        ));
    }
    d.derogeable
        .as_ref()
        .map_or(!cites_law && d.level != Level::Information, |f| f.value)
        && !cites_law
}

/// Checks what the rule's kind asks of it: a note has no `check`, a builtin is one the engine
/// knows.
fn check_kind(r: &mut Reader, d: &RuleDecl<'_>) {
    let lang = r.lang();
    if d.kind.value == Kind::Note
        && let Some(check) = d.check
    {
        // The key says what to remove.
        let at = d.node.entry("check").map_or(check.span, |e| e.key_span);
        r.push(Problem::at(
            at,
            Code::Rf014,
            lang.pick(
                "une règle `note` ne vérifie rien : elle n'a pas de `check`",
                "a `note` rule checks nothing: it has no `check`",
            )
            .into(),
            Some(
                lang.pick(
                    "retirez `check`, ou retirez `kind: note`",
                    "remove `check`, or remove `kind: note`",
                )
                .into(),
            ),
        ));
    }
    if d.kind.value == Kind::Builtin
        && !crate::evaluate::builtins::KNOWN.contains(&d.code.value.as_str())
    {
        r.push(Problem::at(
            d.kind.span,
            Code::Rf019,
            tr!(
                lang,
                "aucune vérification intégrée au moteur ne porte le code {} (règles intégrées : {})",
                "no check built into the engine has the code {} (built-in rules: {})",
                d.code.value,
                crate::evaluate::builtins::KNOWN.join(", ")
            ),
            Some(
                lang.pick(
                    "une règle d'auteur s'écrit avec `check` (ou `kind: note`)",
                    "an author's rule is written with `check` (or `kind: note`)",
                )
                .into(),
            ),
        ));
    }
}

/// Compiles one rule; returns it and the rules it reads, with where they are named.
fn compile_rule(
    r: &mut Reader,
    file: &Declared<'_, PackDecl<'_>>,
    d: &RuleDecl<'_>,
    params: &HashMap<String, usize>,
    param_info: &[Parameter],
) -> (Rule, Vec<(String, Span)>) {
    let mut rc = RuleCompiler {
        c: Compiler::new(params, param_info, r.lang()),
        reader: r,
        refs: Vec::new(),
    };
    let parts = compile_parts(&mut rc, d, params);
    let RuleCompiler { c, reader: r, refs } = rc;
    check_kind(r, d);
    check_depth(r, d, &parts);
    let waivable = waivable(r, d);
    let rule = Rule {
        code: d.code.value.clone(),
        name: d.name.value.clone(),
        title: Localized {
            fr: d.title.clone(),
            en: d.title_en.clone(),
        },
        principle: d.principle.as_ref().map(|p| p.value.clone()),
        severity: d.severity,
        level: d.level,
        waivable,
        kind: d.kind.value,
        stage: d.applies.stage.unwrap_or(Stage::Faisabilite),
        countries: d.applies.countries.clone(),
        types: d
            .applies
            .types
            .clone()
            .unwrap_or_else(|| vec!["cooperative".into()]),
        forms: d.applies.forms.clone(),
        from: d.applies.from,
        until: d.applies.until,
        when: parts.when,
        for_each: parts.for_each,
        filter: parts.filter,
        lets: parts.lets,
        check: parts.check,
        at: parts.at,
        message: parts.message,
        label: parts.label,
        help: parts.help,
        sources: d.sources.clone(),
        explanation: Localized {
            fr: d.explanation.clone(),
            en: d.explanation_en.clone(),
        },
        examples: d.examples.clone(),
        params: c.used_params,
        depends: Vec::new(),
        origin: Location::new(file.doc.source.clone(), d.node.head_span()),
        embedded: file.embedded,
    };
    (rule, refs)
}

/// A rule's references to other rules: (rule index, pack index, where the rule starts, and
/// each referenced code with where it is named).
type RuleRefs = (usize, usize, Span, Vec<(String, Span)>);

/// Checks a compiled rule against the others and the charter: unique code and name, a
/// declared family, a known principle.
struct Registry<'a> {
    lang: Lang,
    family_codes: HashSet<&'a str>,
    charter: &'a Charter,
    seen_codes: HashMap<String, Location>,
    seen_names: HashMap<String, Location>,
}

impl Registry<'_> {
    fn check(&mut self, r: &mut Reader, d: &RuleDecl<'_>, rule: &Rule) {
        let lang = self.lang;
        if let Some(other) = self
            .seen_codes
            .insert(rule.code.clone(), rule.origin.clone())
        {
            r.push(Problem::at(
                d.code.span,
                Code::Rf008,
                tr!(lang, "le code {} est déjà utilisé ({other})", "code {} is already used ({other})", rule.code),
                Some(lang.pick(
                    "un code est unique et jamais réutilisé : prenez le suivant libre dans la famille",
                    "a code is unique and never reused: take the next free one of the family",
                ).into()),
            ));
        }
        if let Some(other) = self
            .seen_names
            .insert(rule.name.clone(), rule.origin.clone())
        {
            r.push(Problem::at(
                d.name.span,
                Code::Rf008,
                tr!(
                    lang,
                    "le nom {} est déjà utilisé ({other})",
                    "name {} is already used ({other})",
                    rule.name
                ),
                Some(
                    lang.pick("un nom de règle est unique", "a rule name is unique")
                        .into(),
                ),
            ));
        }
        if !self.family_codes.contains(rule.family()) {
            r.push(Problem::at(
                d.code.span,
                Code::Rf010,
                tr!(
                    lang,
                    "aucune famille `{}` n'est déclarée pour le code {}",
                    "no family `{}` is declared for code {}",
                    rule.family(),
                    rule.code
                ),
                Some(
                    lang.pick(
                        "déclarez la famille (family: { code, title }) dans ce fichier ou un autre",
                        "declare the family (family: { code, title }) in this file or another",
                    )
                    .into(),
                ),
            ));
        }
        if let Some(p) = &d.principle
            && self.charter.principle(&p.value).is_none()
        {
            let ids: Vec<&str> = self
                .charter
                .principes
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            let help = match crate::schema::messages::did_you_mean(&p.value, ids.iter().copied()) {
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
            r.push(Problem::at(
                p.span,
                Code::Rf009,
                tr!(
                    lang,
                    "principe inconnu : `{}`",
                    "unknown principle: `{}`",
                    p.value
                ),
                Some(help),
            ));
        }
    }
}

/// Compiles the rules of every pack, resolves the rules they read, and orders them so that
/// each comes after those it reads.
pub(super) fn build_rules(
    loader: &mut Loader,
    packs: &[Declared<'_, PackDecl<'_>>],
    param_index: &HashMap<String, usize>,
    param_info: &[Parameter],
    families: &[Family],
    charter: &Charter,
) -> Vec<Rule> {
    let lang = loader.lang;
    let mut rules: Vec<Rule> = Vec::new();
    let mut refs: Vec<RuleRefs> = Vec::new();
    let mut registry = Registry {
        lang,
        family_codes: families.iter().map(|f| f.code.as_str()).collect(),
        charter,
        seen_codes: HashMap::new(),
        seen_names: HashMap::new(),
    };
    for (pi, pack) in packs.iter().enumerate() {
        loader.reading(pack.doc, |r| {
            for d in &pack.decl.rules {
                let (rule, rule_refs) = compile_rule(r, pack, d, param_index, param_info);
                registry.check(r, d, &rule);
                refs.push((rules.len(), pi, d.node.head_span(), rule_refs));
                rules.push(rule);
            }
        });
    }
    resolve_and_order(loader, packs, rules, &refs)
}

/// Resolves references to other rules' outcomes, by an index (a chain of n rules each reading
/// the one before costs n lookups, not n²), then orders the rules.
fn resolve_and_order(
    loader: &mut Loader,
    packs: &[Declared<'_, PackDecl<'_>>],
    mut rules: Vec<Rule>,
    refs: &[RuleRefs],
) -> Vec<Rule> {
    let lang = loader.lang;
    let by_code: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| (r.code.as_str(), i))
        .collect();
    let mut depends: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
    for (ri, pi, _, rule_refs) in refs {
        let unknown: Vec<Problem> = rule_refs
            .iter()
            .filter_map(|(code, span)| match by_code.get(code.as_str()).copied() {
                Some(target) => {
                    depends[*ri].push(target);
                    None
                }
                None => Some(Problem::at(
                    *span,
                    Code::Rf007,
                    tr!(lang, "règle inconnue : `{code}`", "unknown rule: `{code}`"),
                    Some(
                        lang.pick(
                            "`failed` cite des codes de règles chargées",
                            "`failed` names codes of loaded rules",
                        )
                        .into(),
                    ),
                )),
            })
            .collect();
        loader.report(&packs[*pi].doc.source, unknown);
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
            let (_, pi, span, _) = &refs[cycle[0]];
            let names: Vec<&str> = cycle.iter().map(|&i| rules[i].code.as_str()).collect();
            let problem = Problem::at(
                *span,
                Code::Rf011,
                tr!(
                    lang,
                    "ces règles dépendent les unes des autres en boucle : {}",
                    "these rules depend on each other in a loop: {}",
                    names.join(" → ")
                ),
                Some(
                    lang.pick(
                        "une règle ne peut lire (`failed`) que des règles qui ne la lisent pas",
                        "a rule may only read (`failed`) rules that do not read it",
                    )
                    .into(),
                ),
            );
            loader.report(&packs[*pi].doc.source, vec![problem]);
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
