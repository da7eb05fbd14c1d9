//! Unit tests of `build.rs`.
use super::*;
use serde_json::json;

#[test]
fn merge_set_unset() {
    let mut d = json!({ "a": { "b": 1, "c": 2 }, "l": [1, 2] });
    merge(&mut d, &json!({ "a": { "b": 5, "c": null }, "l": [3] }));
    assert_eq!(d, json!({ "a": { "b": 5 }, "l": [3] }));
    set(&mut d, "/l/1", json!(4)).unwrap();
    set(&mut d, "/x/y", json!("z")).unwrap();
    assert_eq!(
        d,
        json!({ "a": { "b": 5 }, "l": [3, 4], "x": { "y": "z" } })
    );
    assert!(set(&mut d, "/l/5", json!(0)).is_err());
    unset(&mut d, "/a/b");
    unset(&mut d, "/l/0");
    assert_eq!(d, json!({ "a": {}, "l": [4], "x": { "y": "z" } }));
}

#[test]
fn yaml_round_trip() {
    let d = json!({ "nom": "Société « à » : x", "n": 16384.40, "d": "2000-12-31",
                    "l": [{ "id": "E1", "v": [1, 2] }, "x"], "vide": [], "t": true, "rien": null });
    let text = to_yaml(&d);
    let doc = crate::load::load_str("t", &text, &crate::load::Limits::default()).unwrap();
    let back = crate::schema::json::to_json(&doc.root);
    assert_eq!(back, d, "{text}");
    assert!(matches!(
        doc.root.get("d").unwrap().value,
        crate::load::Value::Date(_)
    ));
}

#[test]
fn a_pointer_deeper_than_any_dossier_is_refused() {
    // 50 000 segments used to build 50 000 nested mappings, and overflow the stack writing
    // them as YAML.
    let pointer = "/a".repeat(50_000);
    let mut d = json!({});
    let err = set(&mut d, &pointer, json!(1)).unwrap_err();
    assert!(err.contains("50000 segments"), "{err}");
    assert_eq!(d, json!({}));
    let ok = "/a".repeat(MAX_POINTER_SEGMENTS);
    set(&mut d, &ok, json!(1)).unwrap();
    assert!(to_yaml(&d).lines().count() == MAX_POINTER_SEGMENTS);
}
