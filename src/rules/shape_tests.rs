//! Unit tests of `shape.rs`.
use super::*;

fn segs(path: &str) -> Vec<String> {
    path.split('/').map(str::to_string).collect()
}

#[test]
fn known_paths_have_their_kind() {
    let root = Shape::root();
    let kind = |p: &str| root.follow(&segs(p)).map(Shape::kind);
    assert_eq!(kind("periode/fin"), Ok(Kind::Date));
    assert_eq!(kind("statuts/dotation_reserves_min"), Ok(Kind::Number));
    assert_eq!(kind("statuts/reserves_impartageables"), Ok(Kind::Bool));
    assert_eq!(kind("exercices"), Ok(Kind::List));
    assert_eq!(kind("exercices/0/annee"), Ok(Kind::Number));
    match kind("cooperative/forme_juridique") {
        Ok(Kind::Text(Some(values))) => {
            assert!(values.contains("scop_sa") && !values.contains("scop"));
            assert!(values.names().contains(&"scic".to_string()));
        }
        other => panic!("{other:?}"),
    }
    let item = root
        .follow(&segs("entrepreneurs"))
        .unwrap()
        .items()
        .unwrap();
    assert_eq!(
        item.follow(&segs("entree")).map(Shape::kind),
        Ok(Kind::Date)
    );
}

#[test]
fn an_unknown_key_says_where_and_what_exists() {
    let err = Shape::root()
        .follow(&segs("statuts/dotation_reserve_min"))
        .unwrap_err();
    assert_eq!(err.segment, 1);
    assert!(err.keys.contains(&"dotation_reserves_min".to_string()));
    // Below a scalar there is nothing.
    let err = Shape::root().follow(&segs("periode/fin/jour")).unwrap_err();
    assert_eq!((err.segment, err.parent), (2, Kind::Date));
}

#[test]
fn dates_and_numbers_do_not_compare() {
    assert!(Kind::Date.incompatible(&Kind::Number));
    assert!(Kind::Bool.incompatible(&Kind::Text(None)));
    assert!(!Kind::Date.incompatible(&Kind::Text(None)));
    assert!(!Kind::Unknown.incompatible(&Kind::Number));
}
