//! What the label committee reads, whatever the format: a dossier's identity, its decision and
//! why, its findings grouped by charter principle (then by family for the rules of the law and
//! of the network, then the file's own problems), its waivers, and for a batch the network's
//! statistics. Built once from the result model; `markdown` and `html` only render it, so the two
//! reports always say the same thing. The helpers at the top are shared by the CI formats too.

use rust_decimal::Decimal;

use super::Summary;
use super::record;
use super::text::waiver_word;
use crate::finding::{Finding, Origin, Severity, Waiver};
use crate::lang::Lang;
use crate::numfmt::{number, percent};
use crate::register::Register;
use crate::rules::{Level, RuleFile, RuleSet};
use crate::source::LineCol;
use crate::tr;
use crate::verdict::{Decision, DossierResult, PrincipleScore, RegisterUse, Status};

/// Where a finding starts and ends in its dossier (1-based, columns in characters; the end is
/// the position just past the last character).
pub(crate) fn position(f: &Finding, r: &DossierResult) -> Option<(LineCol, LineCol)> {
    let label = f.primary.as_ref()?;
    let source = r.source.as_ref()?;
    Some((
        source.line_col(label.span.start),
        source.line_col(label.span.end.max(label.span.start)),
    ))
}

/// The findings that ask for a fix, in the order to fix them (blocking first): the file's own
/// problems and the failures of rules — not the waived ones, not the notes, not what the run
/// says about the report itself (findings left out past `--max-findings`).
pub(crate) fn to_fix(r: &DossierResult) -> impl Iterator<Item = &Finding> {
    r.findings.iter().filter(|f| f.is_failed())
}

/// A severity in words.
pub(crate) fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("erreur", "error"),
        Severity::Warning => lang.pick("avertissement", "warning"),
        Severity::Info => lang.pick("information", "information"),
    }
}

/// A country code in words.
pub(crate) fn country_name(code: &str, lang: Lang) -> String {
    match code {
        "FR" => lang.pick("France", "France").to_string(),
        "BE" => lang.pick("Belgique", "Belgium").to_string(),
        other => other.to_string(),
    }
}

/// A `forme_juridique` value in words.
pub(crate) fn form_name(code: &str, lang: Lang) -> String {
    let words = match code {
        "scop_sa" => "Scop SA",
        "scop_sarl" => "Scop SARL",
        "scop_sas" => "Scop SAS",
        "scic" => "SCIC",
        "cooperative" => lang.pick("coopérative", "cooperative"),
        "sc_finalite_sociale" => lang.pick(
            "société coopérative à finalité sociale",
            "cooperative company with a social purpose",
        ),
        "sc_entreprise_sociale" => lang.pick(
            "société coopérative agréée entreprise sociale",
            "cooperative company approved as a social enterprise",
        ),
        "sa" => "SA",
        "sarl" => "SARL",
        "sas" => "SAS",
        "association" => "association",
        other => return other.to_string(),
    };
    words.to_string()
}

/// The title of a code that is not a rule of the packs (LD…, SC…): what it is about, then
/// its name in words (`Structure du dossier — cle inconnue`).
pub(crate) fn structure_title(f: &Finding, lang: Lang) -> String {
    let what = match f.origin {
        Origin::Load => lang.pick("Lecture du dossier", "Reading the dossier"),
        Origin::Schema => lang.pick("Structure du dossier", "Structure of the dossier"),
        Origin::Rule => lang.pick("Rapport", "Report"),
    };
    format!("{what} — {}", f.name.replace('-', " "))
}

/// A piece of running text: plain, or code (written between backticks in messages and help).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inline<'a> {
    /// Plain text.
    Text(&'a str),
    /// Code: a key, a value to write.
    Code(&'a str),
}

/// Splits a message at its backticks. An unpaired backtick stays plain text.
pub(crate) fn inline(text: &str) -> Vec<Inline<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        if open > 0 {
            out.push(Inline::Text(&rest[..open]));
        }
        out.push(Inline::Code(&rest[open + 1..open + 1 + len]));
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest));
    }
    out
}

/// A heading of the findings.
#[derive(Debug, Clone)]
pub(crate) enum Heading {
    /// A charter principle.
    Principle {
        /// 1 to 4.
        number: u8,
        /// Its title.
        title: String,
    },
    /// A family of rules without a principle (the law's reserves, governance…).
    Family {
        /// `RS`.
        code: String,
        /// Its title.
        title: String,
    },
    /// The file's own problems (reading, structure).
    Structure,
    /// What the run says about the report itself (findings left out).
    Other,
}

impl Heading {
    /// The heading as text.
    pub(crate) fn text(&self, lang: Lang) -> String {
        match self {
            Heading::Principle { number, title } => {
                tr!(
                    lang,
                    "Principe {number} — {title}",
                    "Principle {number} — {title}"
                )
            }
            Heading::Family { code, title } => format!("{code} — {title}"),
            Heading::Structure => lang
                .pick(
                    "Lecture et structure du dossier",
                    "Reading and structure of the dossier",
                )
                .to_string(),
            Heading::Other => lang.pick("Autres constats", "Other findings").to_string(),
        }
    }
}

/// The findings of one rule in a dossier: said once, with each place it was found.
#[derive(Debug, Clone)]
pub(crate) struct RuleGroup<'a> {
    /// Code.
    pub code: &'a str,
    /// Name.
    pub name: &'a str,
    /// The rule's one-line title (its name when the rule is not in the packs: LD…, SC…).
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// Whether a failure refuses the label.
    pub blocking: bool,
    /// The rule's level (`None` for what is not a rule of the packs: LD…, SC…).
    pub level: Option<Level>,
    /// A note: for information only.
    pub note: bool,
    /// The findings, in the order to fix them.
    pub findings: Vec<&'a Finding>,
    /// The distinct help texts, in order. When there are several, each finding shows its own.
    pub helps: Vec<&'a str>,
    /// Sources.
    pub sources: &'a [String],
    /// The waiver that covers (or covered) the rule.
    pub waiver: Option<&'a Waiver>,
}

impl RuleGroup<'_> {
    /// What the committee must know first about the rule: its level, waived, a note…
    pub(crate) fn status(&self, lang: Lang) -> String {
        let mut words = vec![severity_word(self.severity, lang).to_string()];
        match self.level {
            _ if self.note => {
                words = vec![lang.pick("pour information", "for information").to_string()];
            }
            Some(Level::Mandatory) => {
                words.push(
                    lang.pick("critère obligatoire", "mandatory criterion")
                        .to_string(),
                );
            }
            Some(Level::Recommended) => {
                words.push(
                    lang.pick("critère recommandé", "recommended criterion")
                        .to_string(),
                );
            }
            Some(Level::Information) => {
                words.push(lang.pick("pour information", "for information").to_string());
            }
            None if self.blocking => words.push(lang.pick("bloquant", "blocking").to_string()),
            None => {}
        }
        if let Some(w) = self.waiver {
            words.push(waiver_word(w.state, lang).to_string());
        }
        words.join(", ")
    }
}

/// One heading and its rules' findings.
#[derive(Debug, Clone)]
pub(crate) struct Section<'a> {
    /// Heading.
    pub heading: Heading,
    /// The principle's score, for a principle with applicable rules.
    pub score: Option<&'a PrincipleScore>,
    /// The rules with findings, in the order to fix them.
    pub rules: Vec<RuleGroup<'a>>,
}

/// The committee's view of one dossier.
pub(crate) struct DossierView<'a> {
    /// The result.
    pub result: &'a DossierResult,
    /// Identity lines: label, value, and the value's code when it is worth showing.
    pub identity: Vec<(&'static str, String, Option<String>)>,
    /// The decision in words.
    pub decision: &'static str,
    /// Why.
    pub reason: String,
    /// The failing mandatory criteria (or structural problems), each rule once: code, title,
    /// line of the first finding.
    pub blocking: Vec<(&'a str, String, Option<usize>)>,
    /// Whether the rules were evaluated (a dossier with structural errors is not scored).
    pub evaluated: bool,
    /// Sections of findings, in the charter's order, then the families, then the structure.
    pub sections: Vec<Section<'a>>,
    /// The decision's computation in one line (« obligatoires : 31/31 ; recommandés : … »).
    pub formula: Option<String>,
    /// The computation, line by line: label and text.
    pub computation: Vec<(String, String)>,
    /// Every criterion checked, grouped by principle.
    pub criteria: Vec<record::CriteriaGroup<'a>>,
    /// The register's entries for this cooperative, with their fate in words.
    pub register: Vec<(&'a RegisterUse, String)>,
    /// The record of the evaluation: dates, tool, rule set, register.
    pub provenance: Vec<(String, String)>,
    /// The files of the rule set.
    pub files: &'a [RuleFile],
}

impl<'a> DossierView<'a> {
    /// Builds the view.
    pub(crate) fn new(
        r: &'a DossierResult,
        rules: &'a RuleSet,
        register: Option<&'a Register>,
        lang: Lang,
    ) -> Self {
        let blocking = blocking(r, rules, lang);
        DossierView {
            result: r,
            identity: identity(r, lang),
            decision: r.decision.human(r.stage, lang),
            reason: reason(r, blocking.len(), lang),
            blocking,
            evaluated: r.criteria.is_some(),
            sections: sections(r, rules, lang),
            formula: r.criteria.as_ref().map(|c| record::formula(c, lang)),
            computation: r
                .criteria
                .as_ref()
                .map(|c| record::computation(r, c, lang))
                .unwrap_or_default(),
            criteria: record::criteria_groups(r, rules, lang),
            register: record::register_rows(r, lang),
            provenance: record::provenance(r, rules, register, lang),
            files: record::rule_files(rules),
        }
    }

    /// Whether the report is the label's (stage `suivi`), not a stage's.
    pub(crate) fn is_label(&self) -> bool {
        self.result
            .stage
            .is_none_or(|s| s == crate::dossier::Stage::Suivi)
    }

    /// What the report is: « Rapport de labellisation », or at an earlier stage « Rapport
    /// d'étape — montage de la structure ».
    pub(crate) fn kind(&self, lang: Lang) -> String {
        match self.result.stage {
            Some(s) if !self.is_label() => tr!(
                lang,
                "Rapport d'étape — {}",
                "Stage report — {}",
                s.title(lang)
            ),
            _ => lang
                .pick("Rapport de labellisation", "Label report")
                .to_string(),
        }
    }

    /// The cooperative and the year: `Cap Services — 2000`.
    pub(crate) fn heading(&self) -> String {
        let name = self
            .result
            .identity
            .name
            .clone()
            .unwrap_or_else(|| self.result.path.clone());
        match self.result.date {
            Some(d) => format!("{name} — {}", d.year()),
            None => name,
        }
    }

    /// The title of the dossier's report: its kind, the cooperative and the year.
    pub(crate) fn title(&self, lang: Lang) -> String {
        format!("{} — {}", self.kind(lang), self.heading())
    }

    /// The principles' scores with their charter numbers, in the charter's order, then the
    /// line of the criteria without a principle (number 0).
    pub(crate) fn principle_rows(&self) -> Vec<(u8, &'a PrincipleScore)> {
        self.result
            .principles
            .iter()
            .map(|p| (p.number, p))
            .collect()
    }
}

fn identity(r: &DossierResult, lang: Lang) -> Vec<(&'static str, String, Option<String>)> {
    let id = &r.identity;
    let mut rows = Vec::new();
    let kind = match id.kind.as_deref() {
        Some("union") => lang.pick("Union", "Union"),
        _ => lang.pick("Coopérative", "Cooperative"),
    };
    if let Some(n) = &id.name {
        rows.push((kind, n.clone(), None));
    }
    if let Some(f) = &id.form {
        rows.push((
            lang.pick("Forme juridique", "Legal form"),
            form_name(f, lang),
            Some(f.clone()),
        ));
    }
    if let Some(c) = &id.country {
        rows.push((lang.pick("Pays", "Country"), country_name(c, lang), None));
    }
    if let Some(t) = &id.territory {
        rows.push((lang.pick("Territoire", "Territory"), t.clone(), None));
    }
    if let Some(s) = r.stage {
        rows.push((
            lang.pick("Étape", "Stage"),
            s.title(lang).to_string(),
            Some(s.as_str().to_string()),
        ));
    }
    if let Some(d) = r.date {
        rows.push((
            lang.pick("Date de référence", "Reference date"),
            d.to_string(),
            None,
        ));
    }
    if let Some(d) = r.evaluated_on {
        rows.push((
            lang.pick("Date de l'évaluation", "Evaluation date"),
            d.to_string(),
            None,
        ));
    }
    if let Some(s) = &id.siren {
        rows.push(("SIREN", s.clone(), None));
    }
    if let Some(n) = &id.enterprise_number {
        rows.push((
            lang.pick("Numéro d'entreprise", "Enterprise number"),
            n.clone(),
            None,
        ));
    }
    if let Some(s) = &id.statistics {
        rows.push((
            lang.pick("Statistiques de l'année", "Figures of the year"),
            statistics_text(
                s.accueils,
                s.accompagnements,
                s.salaries,
                s.chiffre_affaires.iter().map(|(c, v)| (c.as_str(), *v)),
                lang,
            ),
            None,
        ));
    }
    rows.push((
        lang.pick("Fichier", "File"),
        String::new(),
        Some(r.path.clone()),
    ));
    rows
}

/// The yearly figures in a sentence: `216 accueils, 101 accompagnements, 49 salariés, chiffre
/// d'affaires 10 413 000 FRF`.
pub(crate) fn statistics_text<'c>(
    accueils: Decimal,
    accompagnements: Decimal,
    salaries: Decimal,
    turnover: impl Iterator<Item = (&'c str, Decimal)>,
    lang: Lang,
) -> String {
    let ca = turnover
        .map(|(c, v)| crate::numfmt::amount(v, Some(c), lang))
        .collect::<Vec<_>>()
        .join(" + ");
    let mut text = tr!(
        lang,
        "{} accueils, {} accompagnements, {} salariés",
        "{} welcomed, {} supported, {} salaried",
        number(accueils, lang),
        number(accompagnements, lang),
        number(salaries, lang)
    );
    if !ca.is_empty() {
        text.push_str(&tr!(lang, ", chiffre d'affaires {ca}", ", turnover {ca}"));
    }
    text
}

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

fn reason(r: &DossierResult, n: usize, lang: Lang) -> String {
    match (r.decision, r.criteria.as_ref()) {
        (Decision::NotEvaluable, _) => lang
            .pick(
                "Le fichier n'a pas pu être lu : aucune règle n'a été évaluée.",
                "The file could not be read: no rule was evaluated.",
            )
            .to_string(),
        (Decision::NonConforming, None) | (_, None) if to_fix(r).next().is_some() => tr!(
            lang,
            "{n} problème(s) de structure, à corriger en premier : les règles n'ont pas été évaluées.",
            "{n} structural problem(s), to fix first: the rules were not evaluated."
        ),
        (_, None) => lang
            .pick("Aucune règle n'a été évaluée.", "No rule was evaluated.")
            .to_string(),
        (Decision::NonConforming, Some(c)) => tr!(
            lang,
            "{} critère(s) obligatoire(s) sur {} non respecté(s) : le label exige tous les critères obligatoires.",
            "{} of {} mandatory criteria not met: the label needs every mandatory criterion.",
            c.mandatory.failed,
            c.mandatory.applicable
        ),
        (Decision::Conditional, Some(c)) => tr!(
            lang,
            "Tous les critères obligatoires sont respectés, mais {} critère(s) recommandé(s) sur {} seulement, sous le seuil de {}.",
            "Every mandatory criterion is met, but only {} of {} recommended criteria, below the threshold of {}.",
            c.recommended.met(),
            c.recommended.applicable,
            percent(c.threshold, lang)
        ),
        (Decision::Conforming, Some(c)) => tr!(
            lang,
            "Tous les critères obligatoires sont respectés ({}/{}) et {} critère(s) recommandé(s) sur {}, au moins le seuil de {}.",
            "Every mandatory criterion is met ({}/{}) and {} of {} recommended criteria, at least the threshold of {}.",
            c.mandatory.met(),
            c.mandatory.applicable,
            c.recommended.met(),
            c.recommended.applicable,
            percent(c.threshold, lang)
        ),
    }
}

/// The failing mandatory criteria, each rule once, from the outcomes (every one counts, even
/// past `--max-findings`); a structural problem when the rules did not run.
fn blocking<'a>(
    r: &'a DossierResult,
    rules: &'a RuleSet,
    lang: Lang,
) -> Vec<(&'a str, String, Option<usize>)> {
    if r.criteria.is_none() {
        return to_fix(r)
            .filter(|f| f.blocking)
            .map(|f| {
                (
                    f.code.as_str(),
                    f.message.clone(),
                    position(f, r).map(|(p, _)| p.line),
                )
            })
            .collect();
    }
    r.outcomes
        .iter()
        .filter(|o| o.status == Status::Fail)
        .filter_map(|o| {
            let rule = rules.rules.get(o.index)?;
            (rule.level == Level::Mandatory).then(|| {
                let line = r
                    .findings
                    .iter()
                    .find(|f| f.code == rule.code)
                    .and_then(|f| position(f, r))
                    .map(|(p, _)| p.line);
                (rule.code.as_str(), rule.title.get(lang).clone(), line)
            })
        })
        .collect()
}

fn heading_of(f: &Finding, rules: &RuleSet, lang: Lang) -> Heading {
    if f.origin != Origin::Rule {
        return Heading::Structure;
    }
    if rules.find(&f.code).is_none_or(|rule| rule.code != f.code) {
        return Heading::Other;
    }
    if let Some(p) = f
        .principle
        .as_deref()
        .and_then(|p| rules.charter.principle(p))
    {
        return Heading::Principle {
            number: p.numero,
            title: p.title(lang).to_string(),
        };
    }
    let code = &f.code[..2.min(f.code.len())];
    let title = rules
        .families
        .iter()
        .find(|fam| fam.code == code)
        .map(|fam| match lang {
            Lang::En => fam.title_en.clone().unwrap_or_else(|| fam.title.clone()),
            Lang::Fr => fam.title.clone(),
        })
        .unwrap_or_else(|| code.to_string());
    Heading::Family {
        code: code.to_string(),
        title,
    }
}

fn same_heading(a: &Heading, b: &Heading) -> bool {
    match (a, b) {
        (Heading::Principle { number: x, .. }, Heading::Principle { number: y, .. }) => x == y,
        (Heading::Family { code: x, .. }, Heading::Family { code: y, .. }) => x == y,
        (Heading::Structure, Heading::Structure) | (Heading::Other, Heading::Other) => true,
        _ => false,
    }
}

fn sections<'a>(r: &'a DossierResult, rules: &'a RuleSet, lang: Lang) -> Vec<Section<'a>> {
    let evaluated = r.score.is_some() || !r.outcomes.is_empty();
    // Every principle of the charter is shown once the rules ran, even without findings: the
    // committee reads "nothing to report" as a result too.
    let mut sections: Vec<Section<'a>> = if evaluated {
        rules
            .charter
            .principes
            .iter()
            .map(|p| Section {
                heading: Heading::Principle {
                    number: p.numero,
                    title: p.title(lang).to_string(),
                },
                score: r.principles.iter().find(|s| s.id == p.id),
                rules: Vec::new(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut families: Vec<Section<'a>> = Vec::new();
    let mut structure = Section {
        heading: Heading::Structure,
        score: None,
        rules: Vec::new(),
    };
    let mut other = Section {
        heading: Heading::Other,
        score: None,
        rules: Vec::new(),
    };
    for f in &r.findings {
        let heading = heading_of(f, rules, lang);
        let section = match &heading {
            Heading::Structure => &mut structure,
            Heading::Other => &mut other,
            Heading::Principle { .. } => {
                match sections
                    .iter()
                    .position(|s| same_heading(&s.heading, &heading))
                {
                    Some(i) => &mut sections[i],
                    None => {
                        sections.push(Section {
                            heading,
                            score: None,
                            rules: Vec::new(),
                        });
                        let last = sections.len() - 1;
                        &mut sections[last]
                    }
                }
            }
            Heading::Family { .. } => {
                match families
                    .iter()
                    .position(|s| same_heading(&s.heading, &heading))
                {
                    Some(i) => &mut families[i],
                    None => {
                        families.push(Section {
                            heading,
                            score: None,
                            rules: Vec::new(),
                        });
                        let last = families.len() - 1;
                        &mut families[last]
                    }
                }
            }
        };
        add_finding(section, f, rules, lang);
    }
    // Families in the packs' order, whatever the order of their findings.
    let order = |s: &Section<'_>| match &s.heading {
        Heading::Family { code, .. } => rules
            .families
            .iter()
            .position(|f| &f.code == code)
            .unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    families.sort_by_key(order);
    sections.extend(families);
    for s in [structure, other] {
        if !s.rules.is_empty() {
            sections.push(s);
        }
    }
    sections
}

fn add_finding<'a>(section: &mut Section<'a>, f: &'a Finding, rules: &'a RuleSet, lang: Lang) {
    let group = match section.rules.iter().position(|g| g.code == f.code) {
        Some(i) => &mut section.rules[i],
        None => {
            let title = rules
                .find(&f.code)
                .filter(|rule| rule.code == f.code)
                .map_or_else(
                    || structure_title(f, lang),
                    |rule| rule.title.get(lang).clone(),
                );
            let level = rules
                .find(&f.code)
                .filter(|rule| rule.code == f.code && f.origin == Origin::Rule)
                .map(|rule| rule.level);
            section.rules.push(RuleGroup {
                code: &f.code,
                name: &f.name,
                title,
                severity: f.severity,
                blocking: f.blocking,
                level,
                note: f.is_note(),
                findings: Vec::new(),
                helps: Vec::new(),
                sources: &f.sources,
                waiver: f.waiver.as_ref(),
            });
            let last = section.rules.len() - 1;
            &mut section.rules[last]
        }
    };
    group.findings.push(f);
    if let Some(h) = f.help.as_deref()
        && !group.helps.contains(&h)
    {
        group.helps.push(h);
    }
}

/// Which shipped packs `--replace-pack` replaced, in words (`None` when the official packs were
/// used as shipped): every report says it, as the decision depends on it.
pub(crate) fn replaced_packs_text(rules: &RuleSet, lang: Lang) -> Option<String> {
    if rules.replaced.is_empty() {
        return None;
    }
    let list = rules
        .replaced
        .iter()
        .map(|p| tr!(lang, "{} (par {})", "{} (by {})", p.name, p.by))
        .collect::<Vec<_>>()
        .join(", ");
    Some(tr!(
        lang,
        "paquets livrés remplacés (--replace-pack) : {list}",
        "shipped packs replaced (--replace-pack): {list}"
    ))
}

/// The location of a finding in words: `ligne 51, colonne 5`.
pub(crate) fn location_text(f: &Finding, r: &DossierResult, lang: Lang) -> Option<String> {
    let (start, _) = position(f, r)?;
    Some(tr!(
        lang,
        "ligne {}, colonne {}",
        "line {}, column {}",
        start.line,
        start.column
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_splits_code() {
        assert_eq!(
            inline("écrivez `a: 1` puis `b`."),
            vec![
                Inline::Text("écrivez "),
                Inline::Code("a: 1"),
                Inline::Text(" puis "),
                Inline::Code("b"),
                Inline::Text("."),
            ]
        );
        assert_eq!(inline("un ` seul"), vec![Inline::Text("un ` seul")]);
        assert_eq!(inline(""), Vec::<Inline<'_>>::new());
    }
}
