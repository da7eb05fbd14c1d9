//! A rule's documentation, from its one entry in the packs: what it checks, why (its
//! principle, quoted), its sources, its parameters with their history, and its two examples
//! with what `cooplabel check` says of them. The same text feeds `cooplabel explain` and the
//! committed rule reference (`rules/REFERENCE.md`).

use std::fmt::Write;

use jiff::civil::Date;
use serde_json::{Value as Json, json};

use crate::lang::Lang;
use crate::report::diagnostic::render;
use crate::rules::{Kind, Principle, RawCase, Rule, RuleSet};
use crate::testing::Runner;
use crate::testing::build::to_yaml;
use crate::tr;

/// What `explain` found for a key.
pub(crate) enum Subject<'a> {
    /// A rule.
    Rule(&'a Rule),
    /// A charter principle.
    Principle(&'a Principle),
    /// A code of the engine itself (LD…, SC…, RF…, RE…, IM…, RP…).
    Code(crate::codes::Code),
}

/// Finds a rule by code or name, a principle by id or number, or a code of the engine by code
/// or name.
pub(crate) fn find<'a>(set: &'a RuleSet, key: &str) -> Option<Subject<'a>> {
    if let Some(r) = set.find(key) {
        return Some(Subject::Rule(r));
    }
    set.charter
        .principes
        .iter()
        .find(|p| p.id == key || p.numero.to_string() == key)
        .map(Subject::Principle)
        .or_else(|| crate::codes::Code::find(key).map(Subject::Code))
}

fn severity_word(rule: &Rule, lang: Lang) -> &'static str {
    match rule.severity {
        crate::finding::Severity::Error => lang.pick("erreur", "error"),
        crate::finding::Severity::Warning => lang.pick("avertissement", "warning"),
        crate::finding::Severity::Info => lang.pick("information", "information"),
    }
}

/// A rule's level and what it means for the decision.
pub(crate) fn level_text(rule: &Rule, lang: Lang) -> String {
    let meaning = match rule.level {
        crate::rules::Level::Mandatory => lang.pick(
            "le label exige chaque critère obligatoire applicable",
            "the label needs every applicable mandatory criterion",
        ),
        crate::rules::Level::Recommended => lang.pick(
            "le label exige au moins la part des critères recommandés applicables que fixe rules/verdict.yaml",
            "the label needs at least the share of the applicable recommended criteria that rules/verdict.yaml sets",
        ),
        crate::rules::Level::Information => lang.pick(
            "ne compte pas dans la décision",
            "does not count in the decision",
        ),
    };
    format!("{} ({meaning})", rule.level.word(lang))
}

/// Whether the committee may waive a rule, and why not.
pub(crate) fn waiver_text(rule: &Rule, lang: Lang) -> String {
    if rule.waivable {
        lang.pick(
            "possible : le comité de labellisation peut y déroger dans son registre",
            "possible: the label committee may waive it in its register",
        )
        .to_string()
    } else if rule.cites_law() {
        lang.pick(
            "impossible : la règle a pour source la loi",
            "impossible: the rule comes from the law",
        )
        .to_string()
    } else if rule.level == crate::rules::Level::Information {
        lang.pick(
            "sans objet : la règle ne compte pas dans la décision",
            "not applicable: the rule does not count in the decision",
        )
        .to_string()
    } else {
        lang.pick(
            "impossible : la règle est déclarée non dérogeable",
            "impossible: the rule is declared not waivable",
        )
        .to_string()
    }
}

/// Where a rule applies, in words.
pub(crate) fn applicability(rule: &Rule, set: &RuleSet, lang: Lang) -> Vec<(String, String)> {
    let all = lang.pick("tous", "all").to_string();
    let mut rows = vec![
        (
            lang.pick("Étape", "Stage").to_string(),
            tr!(
                lang,
                "à partir de « {} » ({})",
                "from \"{}\" ({})",
                rule.stage.as_str(),
                rule.stage.title(lang)
            ),
        ),
        (
            lang.pick("Pays", "Countries").to_string(),
            rule.countries
                .as_ref()
                .map_or(all.clone(), |c| c.join(", ")),
        ),
        (
            lang.pick("Dossiers", "Dossiers").to_string(),
            rule.types.join(", "),
        ),
    ];
    if let Some(forms) = &rule.forms {
        rows.push((
            lang.pick("Formes juridiques", "Legal forms").to_string(),
            forms.join(", "),
        ));
    }
    // From the rule's own date, or from the first value of a dated parameter it reads.
    let validity = match (set.in_force_from(rule), rule.until) {
        (None, None) => lang
            .pick("sans limite de date", "no date limit")
            .to_string(),
        (Some(f), None) => tr!(lang, "depuis le {f}", "from {f}"),
        (None, Some(u)) => tr!(lang, "jusqu'au {u}", "until {u}"),
        (Some(f), Some(u)) => tr!(lang, "du {f} au {u}", "from {f} to {u}"),
    };
    rows.push((lang.pick("En vigueur", "In force").to_string(), validity));
    rows
}

/// The Markdown documentation of a rule. `date`: show each parameter's value at that date
/// (the reference leaves it out: it must not change with the calendar).
pub(crate) fn rule_markdown(rule: &Rule, set: &RuleSet, date: Option<Date>, lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "## {} — {}\n", rule.code, rule.name);
    let _ = writeln!(md, "**{}**\n", rule.title.get(lang));
    let kind = match rule.kind {
        Kind::Check => "",
        Kind::Note => lang.pick(
            " (note : rapporte une information, n'échoue jamais)",
            " (note: reports a fact, never fails)",
        ),
        Kind::Builtin => lang.pick(" (vérifiée par le moteur)", " (checked by the engine)"),
    };
    let mut rows = vec![
        (
            lang.pick("Principe", "Principle").to_string(),
            rule.principle.as_deref().map_or_else(
                || {
                    lang.pick("aucun (exigence générale)", "none (general requirement)")
                        .to_string()
                },
                |p| format!("{} (`{p}`)", set.principle_title(p, lang)),
            ),
        ),
        (
            lang.pick("Famille", "Family").to_string(),
            set.families
                .iter()
                .find(|f| f.code == rule.family())
                .map_or_else(
                    || rule.family().to_string(),
                    |f| {
                        let title = match lang {
                            Lang::En => f.title_en.as_deref().unwrap_or(&f.title),
                            Lang::Fr => &f.title,
                        };
                        format!("{} — {title}", f.code)
                    },
                ),
        ),
        (
            lang.pick("Niveau", "Level").to_string(),
            level_text(rule, lang),
        ),
        (
            lang.pick("Dérogation", "Waiver").to_string(),
            waiver_text(rule, lang),
        ),
        (
            lang.pick("Gravité", "Severity").to_string(),
            format!("{}{kind}", severity_word(rule, lang)),
        ),
    ];
    rows.extend(applicability(rule, set, lang));
    let _ = writeln!(md, "| | |\n|---|---|");
    for (k, v) in rows {
        let _ = writeln!(md, "| {k} | {v} |");
    }
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "### {}\n",
        lang.pick(
            "Ce que la règle vérifie, et pourquoi",
            "What it checks, and why"
        )
    );
    let _ = writeln!(md, "{}\n", rule.explanation.get(lang).trim_end());
    let _ = writeln!(md, "### {}\n", lang.pick("Sources", "Sources"));
    for s in rule.sources_text(lang) {
        let _ = writeln!(md, "- {s}");
    }
    let _ = writeln!(md);
    if !rule.params.is_empty() {
        let _ = writeln!(md, "### {}\n", lang.pick("Paramètres", "Parameters"));
        for &i in &rule.params {
            let p = &set.params[i];
            let _ = writeln!(md, "- `{}` — {}", p.name, p.describe(lang));
            if let Some(d) = date {
                let now = p.at(d).map_or_else(
                    || lang.pick("aucune", "none").to_string(),
                    |v| v.display(p.unit, lang),
                );
                let _ = writeln!(
                    md,
                    "  - {} : **{now}**",
                    tr!(lang, "valeur au {d}", "value at {d}")
                );
            }
            for dated in &p.values {
                let (from, v) = (dated.from, &dated.value);
                let since = from.map_or_else(
                    || {
                        lang.pick(
                            "depuis toujours (date non connue)",
                            "since always (date not known)",
                        )
                        .to_string()
                    },
                    |f| tr!(lang, "depuis le {f}", "from {f}"),
                );
                let _ = writeln!(md, "  - {since} : {}", v.display(p.unit, lang));
            }
            for s in p.sources_text(lang) {
                let _ = writeln!(md, "  - {} {s}", lang.pick("source :", "source:"));
            }
        }
        let _ = writeln!(md);
    }
    let _ = writeln!(md, "### {}\n", lang.pick("Comment corriger", "How to fix"));
    let help: String = rule
        .help
        .get(lang)
        .parts
        .iter()
        .map(|p| match p {
            crate::rules::template::Part::Text(t) => t.clone(),
            _ => "…".to_string(),
        })
        .collect();
    let _ = writeln!(md, "{}\n", help.trim());
    if let Some(ex) = &rule.examples {
        let runner = Runner::new(set, lang);
        for (title, case, fails) in [
            (
                lang.pick("Exemple qui échoue", "Failing example"),
                &ex.fail,
                true,
            ),
            (
                lang.pick("Exemple qui passe", "Passing example"),
                &ex.pass,
                false,
            ),
        ] {
            let _ = writeln!(md, "### {title}\n");
            let _ = write!(md, "{}", example_markdown(&runner, rule, case, fails, lang));
        }
    }
    md
}

fn case_description(case: &RawCase, lang: Lang) -> String {
    let mut md = String::new();
    if let Some(d) = &case.description {
        let _ = writeln!(md, "{d}\n");
    }
    let base = case.base.as_deref().unwrap_or("—");
    let mut changes = serde_json::Map::new();
    if let Some(p) = &case.patch {
        changes.insert("patch".into(), p.clone());
    }
    if let Some(s) = &case.set {
        changes.insert("set".into(), Json::Object(s.clone()));
    }
    if let Some(u) = &case.unset {
        changes.insert("unset".into(), json!(u));
    }
    if let Some(d) = &case.date {
        changes.insert("date".into(), json!(d));
    }
    if case.dossier.is_some() {
        let _ = writeln!(
            md,
            "{}\n",
            lang.pick(
                "Un dossier complet, écrit dans le cas.",
                "A whole dossier, written in the case."
            )
        );
    } else if changes.is_empty() {
        let _ = writeln!(
            md,
            "{}\n",
            tr!(
                lang,
                "Le dossier de base `{base}`, tel quel.",
                "The base dossier `{base}`, as is."
            )
        );
    } else {
        let _ = writeln!(
            md,
            "{}\n",
            tr!(
                lang,
                "Le dossier de base `{base}`, modifié :",
                "The base dossier `{base}`, changed:"
            )
        );
        let _ = writeln!(md, "```yaml\n{}```\n", to_yaml(&Json::Object(changes)));
    }
    md
}

fn example_markdown(
    runner: &Runner<'_>,
    rule: &Rule,
    case: &RawCase,
    fails: bool,
    lang: Lang,
) -> String {
    let mut md = case_description(case, lang);
    let title = format!(
        "{}-{}.yaml",
        rule.code,
        if fails { "echec" } else { "succes" }
    );
    match runner.evaluate(&title, case, None, std::slice::from_ref(&rule.code)) {
        Ok(result) => {
            let own: Vec<_> = result
                .findings
                .iter()
                .filter(|f| f.code == rule.code)
                .collect();
            if own.is_empty() {
                let _ = writeln!(
                    md,
                    "{}\n",
                    tr!(
                        lang,
                        "`cooplabel check` : aucun constat {}.",
                        "`cooplabel check`: no {} finding.",
                        rule.code
                    )
                );
            } else {
                let _ = writeln!(
                    md,
                    "{}\n",
                    lang.pick("`cooplabel check` dit :", "`cooplabel check` says:")
                );
                let _ = writeln!(md, "```text");
                for f in own.iter().take(2) {
                    let _ = write!(md, "{}", render(f, result.source.as_deref(), false, lang));
                }
                let _ = writeln!(md, "```\n");
            }
        }
        Err(e) => {
            let _ = writeln!(
                md,
                "{}\n",
                tr!(lang, "(exemple invalide : {e})", "(invalid example: {e})")
            );
        }
    }
    md
}

/// The Markdown page of a principle: its text, its quotations, its rules.
pub(crate) fn principle_markdown(p: &Principle, set: &RuleSet, lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## {} {} — {}\n",
        lang.pick("Principe", "Principle"),
        p.numero,
        p.title(lang)
    );
    let _ = writeln!(md, "`{}`\n", p.id);
    let _ = writeln!(md, "{}\n", p.texte.trim());
    for c in &p.citations {
        // The network's texts by author, title and date, never by file number.
        let cited = crate::rules::source::seed_title(&c.source, lang).unwrap_or(&c.source);
        let _ = writeln!(md, "> « {} » ({cited})\n", c.texte.trim());
    }
    let _ = writeln!(md, "### {}\n", lang.pick("Règles", "Rules"));
    let mut rules: Vec<&Rule> = set
        .rules
        .iter()
        .filter(|r| r.principle.as_deref() == Some(&p.id))
        .collect();
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    for r in rules {
        let _ = writeln!(
            md,
            "- **{}** `{}` — {} ({}, {})",
            r.code,
            r.name,
            r.title.get(lang),
            r.level.word(lang),
            severity_word(r, lang)
        );
    }
    md
}

/// The whole rule reference: principles, then every rule by code.
pub fn reference(set: &RuleSet, lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# {}\n",
        lang.pick(
            "Référence des règles de cooplabel",
            "cooplabel rule reference"
        )
    );
    let _ = writeln!(
        md,
        "{}\n",
        lang.pick(
            "Généré par `cargo run -- rules --format markdown > rules/REFERENCE.md` à partir des entrées des règles (`rules/*.yaml`) ; ne pas modifier à la main : un test échoue quand ce fichier n'est plus à jour.",
            "Generated by `cargo run -- rules --format markdown --lang en` from the rules' entries (`rules/*.yaml`); do not edit by hand."
        )
    );
    let mut rules: Vec<&Rule> = set.rules.iter().collect();
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    let _ = writeln!(
        md,
        "| code | {} | {} | {} |\n|---|---|---|---|",
        lang.pick("nom", "name"),
        lang.pick("titre", "title"),
        lang.pick("principe", "principle")
    );
    for r in &rules {
        let _ = writeln!(
            md,
            "| [{}](#{}) | `{}` | {} | {} |",
            r.code,
            format!("{}--{}", r.code, r.name).to_lowercase(),
            r.name,
            r.title.get(lang),
            r.principle
                .as_deref()
                .map_or("—".to_string(), |p| set.principle_title(p, lang))
        );
    }
    let _ = writeln!(md);
    for p in &set.charter.principes {
        let _ = write!(
            md,
            "{}",
            principle_markdown(p, set, lang)
                .replacen("## ", "# ", 1)
                .replace("\n### ", "\n## ")
        );
        let _ = writeln!(md);
    }
    let _ = writeln!(md, "# {}\n", lang.pick("Règles", "Rules"));
    for r in rules {
        let _ = write!(md, "{}", rule_markdown(r, set, None, lang));
        let _ = writeln!(md);
    }
    md
}
