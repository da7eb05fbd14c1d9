//! `cooplabel rules` (the catalogue) and `cooplabel schema` (the JSON Schemas).

use serde_json::{Value as Json, json};

use crate::lang::Lang;
use crate::rules::{Rule, RuleSet};

/// The catalogue line of a rule, as JSON.
pub(crate) fn rule_json(r: &Rule, set: &RuleSet, lang: Lang) -> Json {
    json!({
        "code": r.code,
        "name": r.name,
        "title": r.title.get(lang),
        "principle": r.principle,
        "principle_title": r.principle.as_deref().map(|p| set.principle_title(p, lang)),
        "family": r.family(),
        "severity": r.severity.as_str(),
        "level": r.level.as_json(),
        "waivable": r.waivable,
        "blocking": r.blocking(),
        "kind": match r.kind { crate::rules::Kind::Check => "check", crate::rules::Kind::Note => "note", crate::rules::Kind::Builtin => "builtin" },
        "stage": r.stage.as_str(),
        "countries": r.countries,
        "types": r.types,
        "forms": r.forms,
        "from": r.from.map(|d| d.to_string()),
        "in_force_from": set.in_force_from(r).map(|d| d.to_string()),
        "until": r.until.map(|d| d.to_string()),
        "parameters": r.params.iter().map(|&i| set.params[i].name.clone()).collect::<Vec<_>>(),
        "sources": r.sources_text(lang),
        "origin": r.origin.to_string(),
    })
}

/// `cooplabel rules`: a table, or JSON.
pub(crate) fn rules(set: &RuleSet, json_format: bool, lang: Lang) -> String {
    if json_format {
        let list: Vec<Json> = set.rules.iter().map(|r| rule_json(r, set, lang)).collect();
        let mut sorted = list;
        sorted.sort_by(|a, b| a["code"].as_str().cmp(&b["code"].as_str()));
        return serde_json::to_string_pretty(&json!({ "rules": sorted })).unwrap_or_default()
            + "\n";
    }
    let mut rules: Vec<&Rule> = set.rules.iter().collect();
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    let head = [
        lang.pick("code", "code"),
        lang.pick("nom", "name"),
        lang.pick("principe", "principle"),
        lang.pick("gravité", "severity"),
        lang.pick("niveau", "level"),
        lang.pick("dérogeable", "waivable"),
        lang.pick("étape", "stage"),
        lang.pick("pays", "countries"),
        lang.pick("validité", "validity"),
    ];
    let rows: Vec<[String; 9]> = rules
        .iter()
        .map(|r| {
            let validity = match (set.in_force_from(r), r.until) {
                (None, None) => "—".to_string(),
                (Some(f), None) => format!("{} {f}", lang.pick("depuis", "from")),
                (None, Some(u)) => format!("{} {u}", lang.pick("jusqu'au", "until")),
                (Some(f), Some(u)) => format!("{f} → {u}"),
            };
            [
                r.code.clone(),
                r.name.clone(),
                r.principle.clone().unwrap_or_else(|| "—".into()),
                r.severity.as_str().to_string(),
                r.level.word(lang).to_string(),
                if r.waivable {
                    lang.pick("oui", "yes")
                } else {
                    lang.pick("non", "no")
                }
                .to_string(),
                r.stage.as_str().to_string(),
                r.countries
                    .as_ref()
                    .map_or_else(|| lang.pick("tous", "all").to_string(), |c| c.join(", ")),
                validity,
            ]
        })
        .collect();
    let mut widths = head.map(|h| h.chars().count());
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = line(head.iter().map(|h| h.to_string()).collect()) + "\n";
    for row in rows {
        out.push_str(&line(row.to_vec()));
        out.push('\n');
    }
    out.push_str(&crate::tr!(lang, "{} règles\n", "{} rules\n", rules.len()));
    out
}

/// `cooplabel schema KIND`.
pub(crate) fn schema(kind: &str) -> Option<String> {
    let text = match kind {
        "dossier" => crate::schema::DOSSIER_SCHEMA.to_string(),
        "rules" => crate::rules::RULES_SCHEMA.to_string(),
        "derogations" => crate::register::DEROGATIONS_SCHEMA.to_string(),
        "config" => super::config::CONFIG_SCHEMA.to_string(),
        "report" => crate::report::json::REPORT_SCHEMA.to_string(),
        "mapping" => {
            serde_json::to_string_pretty(crate::import::mapping::schema_json()).ok()? + "\n"
        }
        other => {
            let def = match other {
                "parameters" => "parametres",
                "verdict" => "verdict",
                "tests" => "tests",
                _ => return None,
            };
            let mut s: Json = serde_json::from_str(crate::rules::RULES_SCHEMA).ok()?;
            s["$ref"] = Json::String(format!("#/$defs/{def}"));
            s["$id"] = Json::String(format!("urn:cooplabel:schema:{other}:1"));
            serde_json::to_string_pretty(&s).ok()? + "\n"
        }
    };
    Some(text)
}
