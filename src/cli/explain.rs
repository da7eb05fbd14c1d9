//! `cooplabel explain CODE|NAME|PRINCIPLE`.

use jiff::civil::Date;
use serde_json::{Value as Json, json};

use super::catalogue::rule_json;
use crate::explain::{Subject, find, principle_markdown, rule_markdown};
use crate::lang::Lang;
use crate::rules::RuleSet;
use crate::testing::Runner;

/// The explanation of `key`, as Markdown text or JSON; `None` if nothing has that name.
pub(super) fn explain(
    set: &RuleSet,
    key: &str,
    json_format: bool,
    date: Date,
    lang: Lang,
) -> Option<String> {
    let subject = find(set, key)?;
    if !json_format {
        return Some(match subject {
            Subject::Rule(r) => rule_markdown(r, set, Some(date), lang),
            Subject::Principle(p) => principle_markdown(p, set, lang),
            Subject::Code(c) => c.markdown(lang),
        });
    }
    let value = match subject {
        Subject::Rule(r) => {
            let mut v = rule_json(r, set, lang);
            v["explanation"] = json!(r.explanation.get(lang));
            v["principle_text"] = json!(
                r.principle
                    .as_deref()
                    .and_then(|p| set.charter.principle(p))
                    .map(|p| &p.texte)
            );
            v["parameters"] = Json::Array(
                r.params
                    .iter()
                    .map(|&i| {
                        let p = &set.params[i];
                        json!({
                            "name": p.name,
                            "description": p.describe(lang),
                            "unit": p.unit.as_str(),
                            "value": p.at(date).map(|v| v.display(p.unit, lang)),
                            "date": date.to_string(),
                            "history": p.values.iter().map(|v| json!({
                                "from": v.from.map(|d| d.to_string()),
                                "value": v.value.display(p.unit, lang),
                            })).collect::<Vec<_>>(),
                            "sources": p.sources_text(lang),
                        })
                    })
                    .collect(),
            );
            if let Some(ex) = &r.examples {
                let runner = Runner::new(set, lang);
                let example = |case, name: &str| {
                    let result = runner.evaluate(name, case, None, std::slice::from_ref(&r.code));
                    match result {
                        Ok(res) => json!({
                            "case": serde_json::to_value(CaseView(case)).unwrap_or(Json::Null),
                            "findings": res.findings.iter().filter(|f| f.code == r.code).map(|f| json!({
                                "code": f.code, "message": f.message, "pointer": f.pointer,
                            })).collect::<Vec<_>>(),
                        }),
                        Err(e) => json!({ "error": e }),
                    }
                };
                v["examples"] = json!({
                    "fail": example(&ex.fail, "fail"),
                    "pass": example(&ex.pass, "pass"),
                });
            }
            v
        }
        Subject::Code(c) => {
            let t = c.texts(lang);
            json!({
                "code": c.as_str(),
                "name": c.name(),
                "title": t.title,
                "family": c.family(lang),
                "explanation": t.doc,
            })
        }
        Subject::Principle(p) => json!({
            "id": p.id,
            "number": p.numero,
            "title": p.title(lang),
            "text": p.texte,
            "citations": p.citations.iter().map(|c| json!({ "source": c.source, "cited_as": crate::rules::source::seed_title(&c.source, lang).unwrap_or(&c.source), "text": c.texte })).collect::<Vec<_>>(),
            "rules": set.rules.iter().filter(|r| r.principle.as_deref() == Some(&p.id)).map(|r| &r.code).collect::<Vec<_>>(),
        }),
    };
    serde_json::to_string_pretty(&value).ok().map(|s| s + "\n")
}

/// A case as JSON, for `explain --format json`.
struct CaseView<'a>(&'a crate::rules::RawCase);

impl serde::Serialize for CaseView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Json>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        put("description", c.description.clone().map(Json::String));
        put("base", c.base.clone().map(Json::String));
        put("dossier", c.dossier.clone());
        put("patch", c.patch.clone());
        put("set", c.set.clone().map(Json::Object));
        put("unset", c.unset.clone().map(|u| json!(u)));
        put("date", c.date.clone().map(Json::String));
        put("stage", c.stage.clone().map(Json::String));
        Json::Object(m).serialize(s)
    }
}
