//! Unit tests of `mod.rs` and `parts.rs`.

use std::collections::BTreeSet;

use serde_json::{Value as Json, json};

use super::parts::Parts;
use crate::lang::Lang;
use crate::load::{Document, Limits, load_bytes};

#[test]
fn embedded_schema_compiles() {
    let json: Json = serde_json::from_str(super::DOSSIER_SCHEMA).expect("JSON");
    super::Schema::compile(json).expect("compiles");
}

fn doc(text: &str) -> Document {
    load_bytes("t.yaml", text.as_bytes().to_vec(), &Limits::default()).expect("loads")
}

/// Every error of `text` as (pointer, keyword path), from the full schema in one go.
fn full_errors(schema: &super::Schema, text: &str) -> BTreeSet<(String, String)> {
    let doc = doc(text);
    schema
        .validator
        .iter_errors(&doc.root)
        .map(|e| {
            let keyword = e.schema_path().as_str();
            let keyword = keyword.rsplit('/').next().unwrap_or_default().to_string();
            (e.instance_path().as_str().to_string(), keyword)
        })
        .collect()
}

/// The same, part by part.
fn part_errors(parts: &Parts, text: &str) -> BTreeSet<(String, String)> {
    let doc = doc(text);
    let mut out = BTreeSet::new();
    parts.errors(&doc.root, &mut |e, at, _| {
        let keyword = e.schema_path().as_str();
        let keyword = keyword.rsplit('/').next().unwrap_or_default().to_string();
        out.insert((format!("{at}{}", e.instance_path().as_str()), keyword));
        true
    });
    out
}

const WRONG: &str = "\
dossier: 1
type: cae
cooperative: { nom: Essai, pays: FR, forme: scop_sarl, date_creation: 31/12/1999 }
periode: { debut: 2000-01-01, fin: 2000-12-31 }
etape: suivi
entrepreneurs:
  - { id: E01, entree: 2000-02-30, statut: inconnu }
  - {}
  - { id: E03, entree: 2000-01-01, statut: cape, chiffre_affaires: x, inconnue: 1 }
exercices:
  - { annee: 2000, part_travail: 65 }
derogations: [ { code: 1 } ]
";

#[test]
fn the_dossier_explained_part_by_part_has_exactly_the_full_schemas_errors() {
    let schema = super::dossier();
    let parts = schema.parts().expect("the shallow parts compile");
    let full = full_errors(schema, WRONG);
    assert!(full.len() > 10, "{full:#?}");
    assert!(full.iter().any(|(p, _)| p.starts_with("/entrepreneurs/2/")));
    assert_eq!(part_errors(parts, WRONG), full);
}

/// A rule-side schema: the rules schema document with its root at `$defs/kind`.
fn rule_schema(kind: &str) -> super::Schema {
    let mut json: Json = serde_json::from_str(crate::rules::RULES_SCHEMA).expect("JSON");
    json["$ref"] = json!(format!("#/$defs/{kind}"));
    super::Schema::compile(json).expect("compiles")
}

#[test]
fn the_rule_files_explained_part_by_part_have_exactly_the_full_schemas_errors() {
    let files = [
        (
            "pack",
            "\
rules:
  - code: XX001
    name: essai
    severity: grave
    check: { all: [ { le: [/a, 1] }, { inconnu: 2 } ] }
    sources: [ { seed: 1 }, {} ]
  - {}
",
        ),
        // `expect` is a list inside an `anyOf`: its items stay in the schema that sees them.
        (
            "tests",
            "\
rules: [XX001, 2]
cases:
  - name: a
    expect: [ { code: 1, pointer: x, inconnu: 1 }, {} ]
  - { expect: [ {} ] }
",
        ),
        // Parameters are an `additionalProperties` map: the same.
        (
            "parametres",
            "\
parameters:
  a.b:
    description: D
    unit: rate
    sources: [ { inconnu: 1 }, 2 ]
    values: [ { value: x }, {} ]
",
        ),
    ];
    for (kind, text) in files {
        let schema = rule_schema(kind);
        let parts = schema.parts().expect("the shallow parts compile");
        let full = full_errors(&schema, text);
        assert!(full.len() >= 3, "{kind}: {full:#?}");
        // Errors deep inside the lists are among them.
        let deep = [
            "/rules/0/sources/1",
            "/cases/0/expect",
            "/parameters/a.b/sources/0",
        ];
        assert!(
            full.iter()
                .any(|(p, _)| deep.iter().any(|d| p.starts_with(d))),
            "{kind}: {full:#?}"
        );
        assert_eq!(part_errors(parts, text), full, "{kind}");
    }
}

#[test]
fn every_part_of_the_shipped_schemas_compiles() {
    assert!(super::dossier().parts().expect("root").compile_all());
    assert!(
        crate::register::schema()
            .parts()
            .expect("root")
            .compile_all()
    );
    for kind in ["pack", "parametres", "verdict", "tests", "case"] {
        let schema = rule_schema(kind);
        assert!(schema.parts().expect("root").compile_all(), "{kind}");
    }
}

#[test]
fn shallow_lists_are_marked_and_a_property_named_items_is_left_alone() {
    let schema = json!({
        "$defs": { "x": { "type": "integer" } },
        "properties": {
            "items": { "$ref": "#/$defs/x" },
            "liste": { "items": { "$ref": "#/$defs/x" } },
            "autre": { "items": { "type": "string" } },
            "cachee": { "anyOf": [ { "items": { "$ref": "#/$defs/x" } } ] }
        }
    });
    let compiled = super::Schema::compile(schema).expect("compiles");
    let parts = compiled.parts().expect("parts");
    // `items` the property is still checked by the root; `liste`'s items by their own part;
    // `autre`'s inline item schema and the list behind `anyOf` by the root.
    let errors = part_errors(parts, "items: a\nliste: [1, b]\nautre: [1]\ncachee: [c]\n");
    let expected: BTreeSet<(String, String)> = [
        ("/items".to_string(), "type".to_string()),
        ("/liste/1".to_string(), "type".to_string()),
        ("/autre/0".to_string(), "type".to_string()),
        ("/cachee".to_string(), "anyOf".to_string()),
    ]
    .into();
    assert_eq!(errors, expected);
}

#[test]
fn a_loop_of_references_ends() {
    let schema = json!({
        "$defs": { "a": { "$ref": "#/$defs/b" }, "b": { "$ref": "#/$defs/a" } },
        "properties": { "x": { "$ref": "#/$defs/a" } }
    });
    // The validator itself may refuse such a schema; if it compiles, explaining must end.
    if let Ok(compiled) = super::Schema::compile(schema)
        && let Some(parts) = compiled.parts()
    {
        let _ = part_errors(parts, "x: 1\n");
    }
}

#[test]
fn findings_past_the_limit_are_counted_not_built() {
    let mut text = String::from(WRONG);
    for _ in 0..50 {
        text = text.replace("derogations:", "  - {}\nderogations:");
    }
    let doc = doc(&text);
    let all = super::check_dossier(&doc, Lang::Fr, usize::MAX);
    assert_eq!(all.left_out, 0);
    let total = all.findings.len();
    assert!(total > 100, "{total}");
    let cut = super::check_dossier(&doc, Lang::Fr, 10);
    assert_eq!(cut.findings.len(), 10);
    assert_eq!(cut.findings.len() + cut.left_out, total);
    // The ones built are the first of the full list, in the same order.
    let codes = |fs: &[crate::finding::Finding]| {
        fs.iter()
            .map(|f| (f.code.clone(), f.pointer.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&cut.findings), codes(&all.findings[..10]));
}

#[test]
fn one_finding_per_wrong_value_in_its_most_precise_words() {
    // `31/12/1999` breaks the date's `pattern` and `format`: one finding, SC006 (format).
    let doc = doc(WRONG);
    let found = super::check_dossier(&doc, Lang::Fr, usize::MAX);
    let at_date: Vec<_> = found
        .findings
        .iter()
        .filter(|f| f.pointer == "/cooperative/date_creation")
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(at_date, ["SC006"]);
}

#[test]
fn one_finding_per_missing_key_with_the_help_of_the_dossiers_own_stage() {
    // Each stage's branch of the schema requires `creation` (faisabilite, mobilisation,
    // montage, suivi): a suivi dossier without it hears of it once, with the suivi help.
    let text = "dossier: 1\ntype: cooperative\ncooperative: { nom: X, pays: FR }\n\
                periode: { debut: 2020-01-01, fin: 2020-12-31 }\netape: suivi\n";
    for (lang, stage_word) in [(Lang::Fr, "l'étape suivi"), (Lang::En, "suivi stage")] {
        let found = super::check_dossier(&doc(text), lang, usize::MAX);
        let creation: Vec<_> = found
            .findings
            .iter()
            .filter(|f| f.code == "SC002" && f.message.contains("`creation`"))
            .collect();
        assert_eq!(creation.len(), 1, "{:#?}", found.findings);
        let help = creation[0].help.as_deref().unwrap_or_default();
        assert!(help.contains(stage_word), "{help}");
        // The other keys the stage requires are each named once too.
        let mut named: Vec<&str> = found
            .findings
            .iter()
            .filter(|f| f.code == "SC002")
            .map(|f| f.message.as_str())
            .collect();
        let all = named.len();
        named.dedup();
        assert_eq!(named.len(), all, "{named:#?}");
    }
    // Past the limit, a key required by four branches is counted once.
    let all = super::check_dossier(&doc(text), Lang::Fr, usize::MAX);
    let cut = super::check_dossier(&doc(text), Lang::Fr, 1);
    assert_eq!(cut.findings.len() + cut.left_out, all.findings.len());
    // A feasibility dossier hears the feasibility help.
    let early = text.replace("etape: suivi", "etape: faisabilite");
    let found = super::check_dossier(&doc(&early), Lang::Fr, usize::MAX);
    let creation: Vec<_> = found
        .findings
        .iter()
        .filter(|f| f.message.contains("`creation`"))
        .collect();
    assert_eq!(creation.len(), 1);
    assert!(
        creation[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("faisabilite")),
        "{:?}",
        creation[0].help
    );
}

/// The questionnaire asks in English from the schema's `x-title-en` / `x-description-en`:
/// every node with a French title or description has its English one, not empty.
#[test]
fn every_title_and_description_has_its_english() {
    fn walk(node: &Json, path: &str, missing: &mut Vec<String>) {
        match node {
            Json::Object(map) => {
                for (fr, en) in [("title", "x-title-en"), ("description", "x-description-en")] {
                    if map.get(fr).is_some_and(Json::is_string)
                        && map
                            .get(en)
                            .and_then(Json::as_str)
                            .is_none_or(|s| s.trim().is_empty())
                    {
                        missing.push(format!("{path} ({en})"));
                    }
                }
                for (k, v) in map {
                    // `properties` maps field names: a field called `title` is not a keyword.
                    walk(v, &format!("{path}/{k}"), missing);
                }
            }
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{path}/{i}"), missing);
                }
            }
            _ => {}
        }
    }
    let json: Json = serde_json::from_str(super::DOSSIER_SCHEMA).expect("JSON");
    let mut missing = Vec::new();
    walk(&json, "", &mut missing);
    assert!(missing.is_empty(), "no English for: {missing:#?}");
}
