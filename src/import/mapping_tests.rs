use super::*;

#[test]
fn the_mapping_schema_compiles_and_lists_the_dossier_fields() {
    let _ = compiled();
    let s = schema_json();
    let champs = &s["$defs"]["section_entrepreneurs"]["properties"]["champs"]["properties"];
    assert!(champs.get("entree").is_some() && champs.get("id").is_some());
    assert!(
        s["properties"]["sections"]["properties"]
            .get("territoire.partenaires")
            .is_some()
    );
}

#[test]
fn the_endi_mapping_loads() {
    let m = load("endi", Lang::Fr).unwrap();
    let e = m.section("entrepreneurs").unwrap();
    assert!(
        e.fields
            .iter()
            .any(|f| f.field.key == "id" && f.pseudonymise)
    );
    assert!(
        m.note
            .as_deref()
            .unwrap()
            .contains("à vérifier sur un export réel")
    );
    // Every column the mapping reads is one a dossier field has: nothing else can be read.
    for f in &e.fields {
        assert!(
            model()
                .list("entrepreneurs")
                .unwrap()
                .field(&f.field.key)
                .is_some()
        );
        if let Feed::Columns(titles) = &f.origin {
            for t in titles {
                assert!(!crate::import::is_personal(t, &f.field.key), "{t}");
            }
        }
    }
}

#[test]
fn a_field_typo_is_refused_on_its_line_with_a_suggestion() {
    let text = "correspondance: 1\nsections:\n  entrepreneurs:\n    champs:\n      id: { colonne: Code }\n      entre: { colonne: Entrée }\n";
    let err = parse("m.yaml", text, Lang::Fr).unwrap_err();
    assert_eq!(err.findings.len(), 1, "{:?}", err.findings);
    let f = &err.findings[0];
    assert_eq!(f.code, "SC003");
    assert!(
        f.help.as_deref().unwrap().contains("`entree`"),
        "{:?}",
        f.help
    );
    let span = f.primary.as_ref().unwrap().span;
    let line = err.source.unwrap().line_col(span.start).line;
    assert_eq!(line, 6);
}

#[test]
fn a_field_a_later_format_adds_is_ignored_only_when_marked() {
    let marked = "correspondance: 1\nsections:\n  entrepreneurs:\n    champs:\n      id: { colonne: Code }\n      champ_futur: { colonne: X, si_champ_connu: true }\n";
    let m = parse("m.yaml", marked, Lang::Fr).unwrap();
    assert_eq!(
        m.section("entrepreneurs").unwrap().unknown_fields,
        ["champ_futur"]
    );
    let unmarked = marked.replace(", si_champ_connu: true", "");
    assert!(parse("m.yaml", &unmarked, Lang::Fr).is_err());
}

#[test]
fn value_tables_must_lead_to_values_the_field_takes() {
    let text = "correspondance: 1\nsections:\n  entrepreneurs:\n    champs:\n      cdd_par_mission: { colonne: CDD, valeurs: { Oui: oui } }\n";
    let err = parse("m.yaml", text, Lang::Fr).unwrap_err();
    assert_eq!(err.findings[0].code, "IM002");
    let text = "correspondance: 1\nsections:\n  entrepreneurs:\n    champs:\n      contrat: { colonne: C, valeurs: { X: contrat_inconnu } }\n";
    let m = parse("m.yaml", text, Lang::Fr).unwrap();
    assert_eq!(m.warnings[0].code, "IM003");
}
