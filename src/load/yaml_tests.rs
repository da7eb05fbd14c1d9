//! Unit tests of `yaml.rs`.
use super::*;

fn tree(text: &str) -> Node {
    parse(text, &Limits::default()).expect("parses")
}

/// The source text of the node at `pointer`.
fn at<'t>(text: &'t str, pointer: &str) -> &'t str {
    let root = tree(text);
    let node = root.pointer(pointer).expect("pointer exists");
    &text[node.span.start..node.span.end]
}

fn key_at<'t>(text: &'t str, pointer: &str, key: &str) -> &'t str {
    let root = tree(text);
    let span = root.key_span(pointer, key).expect("key exists");
    &text[span.start..span.end]
}

#[test]
fn block_mapping_values_and_keys() {
    let t = "a: 1\nb:\n  c: texte libre\n  d: 2000-12-31\n";
    assert_eq!(at(t, "/a"), "1");
    assert_eq!(at(t, "/b/c"), "texte libre");
    assert_eq!(at(t, "/b/d"), "2000-12-31");
    assert_eq!(key_at(t, "/b", "d"), "d");
    assert_eq!(key_at(t, "", "b"), "b");
    // A block collection ends at its last value, not at the trailing blank lines.
    assert_eq!(at(t, "/b"), "c: texte libre\n  d: 2000-12-31");
}

#[test]
fn flow_collections_include_their_brackets() {
    let t = "b: [x, \"y\", {c: 2}]\nd: { e: 1 }\n";
    assert_eq!(at(t, "/b"), "[x, \"y\", {c: 2}]");
    assert_eq!(at(t, "/b/1"), "\"y\"");
    assert_eq!(at(t, "/b/2"), "{c: 2}");
    assert_eq!(at(t, "/b/2/c"), "2");
    assert_eq!(at(t, "/d"), "{ e: 1 }");
}

#[test]
fn sequence_items_block_and_flow() {
    let t = "e:\n  - id: E1\n    v: 3\n  - { id: E2, v: 4 }\n  - plain\n";
    assert_eq!(at(t, "/e/0"), "id: E1\n    v: 3");
    assert_eq!(at(t, "/e/0/v"), "3");
    assert_eq!(at(t, "/e/1/id"), "E2");
    assert_eq!(at(t, "/e/2"), "plain");
}

#[test]
fn multi_line_strings() {
    let t = "txt: |\n  ligne 1\n  ligne 2\n\nf: >-\n  plié\n  ici\ng: \"sur\n  deux\"\nh: x\n";
    assert_eq!(at(t, "/txt"), "ligne 1\n  ligne 2");
    assert_eq!(
        tree(t).get("txt").unwrap().as_str(),
        Some("ligne 1\nligne 2\n")
    );
    assert_eq!(at(t, "/f"), "plié\n  ici");
    assert_eq!(at(t, "/g"), "\"sur\n  deux\"");
    assert_eq!(at(t, "/h"), "x");
}

#[test]
fn quoted_values_end_at_their_closing_quote() {
    let t = "a: \"deux \\\" cents\"   # commentaire\nb: { c: 'l''an 2000'  }\nd: \"x\"\n";
    assert_eq!(at(t, "/a"), "\"deux \\\" cents\"");
    assert_eq!(at(t, "/b/c"), "'l''an 2000'");
    assert_eq!(at(t, "/d"), "\"x\"");
}

#[test]
fn anchors_and_aliases() {
    let t = "a: &taux 0.15\nb: *taux\nc: &m { x: 1 }\nd: *m\n";
    // The anchor is not part of the value's span; an alias is shown where it is used.
    assert_eq!(at(t, "/a"), "0.15");
    assert_eq!(at(t, "/b"), "*taux");
    assert_eq!(at(t, "/d"), "*m");
    let root = tree(t);
    assert_eq!(root.get("b").unwrap().value, root.get("a").unwrap().value);
    assert_eq!(root.pointer("/d/x").unwrap().value, Value::Number(1.into()));
}

#[test]
fn utf8_text_spans_are_bytes() {
    let t = "nom: Société coopérative à Zoé\nville: Créteil\nn: 1\n";
    assert_eq!(at(t, "/nom"), "Société coopérative à Zoé");
    assert_eq!(at(t, "/ville"), "Créteil");
    assert_eq!(at(t, "/n"), "1");
    assert_eq!(key_at(t, "", "ville"), "ville");
}

#[test]
fn numbers_are_exact_and_dates_are_dates() {
    let root = tree("x: 16384.40\nd: 2000-12-31\ns: '12'\nbad: 2000-02-30\n");
    assert_eq!(
        root.get("x").unwrap().value,
        Value::Number("16384.40".parse().unwrap())
    );
    assert!(
        matches!(&root.get("x").unwrap().value, Value::Number(d) if d.to_string() == "16384.40")
    );
    assert!(matches!(root.get("d").unwrap().value, Value::Date(_)));
    assert_eq!(root.get("s").unwrap().value, Value::String("12".into()));
    assert_eq!(
        root.get("bad").unwrap().value,
        Value::String("2000-02-30".into())
    );
}

#[test]
fn empty_value_is_shown_on_its_key() {
    let t = "a:\nb: 2\n";
    assert_eq!(at(t, "/a"), "a");
    assert_eq!(tree(t).get("a").unwrap().value, Value::Null);
}

#[test]
fn duplicate_key_at_second_occurrence() {
    let t = "a: 1\nb:\n  c: 1\n  c: 2\n";
    match parse(t, &Limits::default()) {
        Err(LoadError::DuplicateKey { key, first, second }) => {
            assert_eq!(key, "c");
            assert_eq!(first.start, t.find("c:").unwrap());
            assert_eq!(second.start, t.rfind("c:").unwrap());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn duplicate_key_in_a_large_mapping() {
    let mut t: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
    t.push_str("k7: again\n");
    assert!(matches!(
        parse(&t, &Limits::default()),
        Err(LoadError::DuplicateKey { key, .. }) if key == "k7"
    ));
}

#[test]
fn limits() {
    let limits = Limits {
        max_depth: 5,
        max_alias_nodes: 50,
        max_nodes: 1000,
        ..Limits::default()
    };
    let deep = format!("a: {}1{}\n", "[".repeat(10), "]".repeat(10));
    assert!(matches!(
        parse(&deep, &limits),
        Err(LoadError::TooDeep { limit: 5, .. })
    ));
    let bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n";
    assert!(matches!(
        parse(bomb, &limits),
        Err(LoadError::AliasBudget { limit: 50, .. })
    ));
    let many: String = format!("a: [{}]\n", vec!["1"; 2000].join(","));
    assert!(matches!(
        parse(&many, &limits),
        Err(LoadError::TooManyNodes { .. })
    ));
}

#[test]
fn document_shape() {
    assert!(matches!(
        parse("# rien\n", &Limits::default()),
        Err(LoadError::NoData)
    ));
    assert!(matches!(
        parse("- a\n- b\n", &Limits::default()),
        Err(LoadError::NotAMapping {
            found: "une liste",
            ..
        })
    ));
    assert!(matches!(
        parse("a: 1\n---\nb: 2\n", &Limits::default()),
        Err(LoadError::MultipleDocuments { .. })
    ));
    assert!(matches!(
        parse("? [a]\n: 1\n", &Limits::default()),
        Err(LoadError::ComplexKey { .. })
    ));
    assert!(matches!(
        parse("a: 'ouvert\n", &Limits::default()),
        Err(LoadError::Syntax { .. })
    ));
}

/// The cheap read that links a batch's years: the kept root keys are built exactly as in a full
/// read (same values, same spans), the others are nulls, whatever they hold.
#[test]
fn a_read_keeping_some_root_keys_builds_them_as_a_full_read_does() {
    let text = "dossier: 1\nentrepreneurs:\n  - { id: E1, a: [1, { b: 2 }] }\n  - id: E2\n    c:\n      - d\ncooperative:\n  nom: Azalée\n  siren: \"123456789\"\nstatistiques: 3\nperiode: { fin: 2021-12-31 }\n";
    let full = tree(text);
    let kept = parse_keeping(
        text,
        &Limits::default(),
        Some(&["dossier", "cooperative", "periode"]),
    )
    .expect("parses");
    for pointer in [
        "/dossier",
        "/cooperative",
        "/cooperative/nom",
        "/periode/fin",
    ] {
        let (a, b) = (
            full.pointer(pointer).unwrap(),
            kept.pointer(pointer).unwrap(),
        );
        assert_eq!((&a.value, a.span), (&b.value, b.span), "{pointer}");
    }
    for key in ["entrepreneurs", "statistiques"] {
        assert_eq!(kept.get(key).map(|n| &n.value), Some(&Value::Null), "{key}");
    }
    let keys: Vec<_> = match &kept.value {
        Value::Map(entries) => entries.iter().map(|e| e.key.as_str()).collect(),
        _ => panic!("not a mapping"),
    };
    assert_eq!(
        keys,
        [
            "dossier",
            "entrepreneurs",
            "cooperative",
            "statistiques",
            "periode"
        ]
    );
    // Once every kept key is built, the rest is not read (not even a syntax error there).
    let early = parse_keeping(
        "dossier: 1\nperiode: { fin: 2021-12-31 }\nreste: [ouvert\n",
        &Limits::default(),
        Some(&["dossier", "periode"]),
    )
    .expect("stops before the broken part");
    assert!(early.pointer("/periode/fin").is_some());
    assert!(early.get("reste").is_none());
    // An alias to an anchor inside a skipped value cannot be resolved: the caller reads fully.
    let aliased = "dossier: 1\nautre: &nom Azalée\ncooperative: { nom: *nom }\n";
    assert!(parse_keeping(aliased, &Limits::default(), Some(&["cooperative"])).is_err());
    assert!(parse_keeping(aliased, &Limits::default(), None).is_ok());
}
