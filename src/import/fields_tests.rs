use super::*;

#[test]
fn the_lists_and_their_fields_come_from_the_schema() {
    let m = model();
    let paths: Vec<&str> = m.lists.iter().map(|l| l.path.as_str()).collect();
    for expected in [
        "exercices",
        "societaires",
        "entrepreneurs",
        "territoire.partenaires",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }
    assert!(!paths.contains(&"derogations"));
    let e = m.list("entrepreneurs").unwrap();
    assert_eq!(e.title, "Entrepreneurs");
    assert_eq!(e.item_def, "entrepreneur");
    let entree = e.field("entree").unwrap();
    assert_eq!(entree.kind, Kind::Date);
    assert!(entree.required);
    assert!(
        matches!(e.field("contrat").unwrap().kind, Kind::Enum(ref v) if v.contains(&"cesa".to_string()))
    );
    assert_eq!(e.field("cdd_par_mission").unwrap().kind, Kind::Bool);
    assert_eq!(e.naming_field().unwrap().key, "id");
    assert_eq!(
        m.list("exercices").unwrap().naming_field().unwrap().key,
        "annee"
    );
    let rate = m
        .scalars
        .iter()
        .find(|f| f.key == "statuts.contribution.taux")
        .unwrap();
    assert_eq!(rate.kind, Kind::Rate);
    let domaines = m
        .scalars
        .iter()
        .find(|f| f.key == "accompagnement.domaines")
        .unwrap();
    assert_eq!(domaines.kind, Kind::Keywords);
}

#[test]
fn titles_are_unique_within_each_list() {
    // The template's headers are the titles: two equal titles would make a column ambiguous.
    for list in &model().lists {
        let mut seen = std::collections::HashSet::new();
        for f in &list.fields {
            assert!(
                seen.insert(crate::import::normalize(&f.title)),
                "{}: {}",
                list.path,
                f.title
            );
        }
    }
}

#[test]
fn stages_require_what_the_schema_says() {
    let m = model();
    let faisabilite = m.required_at("cooperative", Stage::Faisabilite);
    assert!(faisabilite.contains(&"creation.faisabilite".to_string()));
    assert!(!faisabilite.contains(&"entrepreneurs".to_string()));
    let suivi = m.required_at("cooperative", Stage::Suivi);
    for key in [
        "entrepreneurs",
        "exercices",
        "cooperative.forme_juridique",
        "creation.suivi",
    ] {
        assert!(suivi.contains(&key.to_string()), "{key} not in {suivi:?}");
    }
    assert!(
        m.staged_roots("cooperative")
            .contains(&"statistiques".to_string())
    );
}
