use super::*;
use crate::codes::Code;
use crate::load::{Limits, load_str};

fn root(text: &str) -> Node {
    load_str("t.yaml", text, &Limits::default())
        .unwrap_or_else(|_| panic!("the test's YAML parses"))
        .root
}

const DOSSIER: &str = "\
entrepreneurs:
  - { id: E001, statut: en_test }
  - { id: E002, statut: en_test }
exercices: [{ annee: 2000 }, { annee: 2001 }]
societaires: [{ nom: \"Zoé / Léa\", parts: 2 }]
creation: { suivi: { bilans: [1999, 2000] } }
listes: [[1, 2], { sans: identite }]
";

#[test]
fn list_items_are_named_by_their_identity_not_their_position() {
    let r = root(DOSSIER);
    let cases = [
        ("/entrepreneurs/1/statut", "/entrepreneurs/[id=E002]/statut"),
        ("/exercices/0", "/exercices/[annee=2000]"),
        // A `/` in a name is escaped: the path stays unambiguous.
        (
            "/societaires/0/parts",
            "/societaires/[nom=Zoé ~1 Léa]/parts",
        ),
        ("/creation/suivi/bilans/1", "/creation/suivi/bilans/[=2000]"),
        // Nothing to know an item by: its position.
        ("/listes/0/1", "/listes/[#0]/[=2]"),
        ("/listes/1/sans", "/listes/[#1]/sans"),
        // Past the tree (a missing key, an index out of range): the pointer as written.
        (
            "/entrepreneurs/0/contrat",
            "/entrepreneurs/[id=E001]/contrat",
        ),
        ("/entrepreneurs/7/contrat", "/entrepreneurs/[#7]/contrat"),
        ("", ""),
    ];
    for (pointer, expected) in cases {
        assert_eq!(identity_path(&r, pointer), expected, "{pointer}");
    }
}

#[test]
fn the_fingerprint_depends_on_the_code_and_the_subject_only() {
    let r = root(DOSSIER);
    let f = |code: &str, p: &str| {
        Finding::rule(code, "n", Severity::Error, String::new())
            .pointer_in(&r, p)
            .fingerprint
    };
    assert_eq!(
        f("CJ001", "/entrepreneurs/0/statut"),
        f("CJ001", "/entrepreneurs/0/statut")
    );
    assert_ne!(
        f("CJ001", "/entrepreneurs/0/statut"),
        f("CJ001", "/entrepreneurs/1/statut")
    );
    assert_ne!(
        f("CJ001", "/entrepreneurs/0/statut"),
        f("CJ002", "/entrepreneurs/0/statut")
    );
    // Code and subject are separated: `A` + `B1` is not `AB` + `1`.
    assert_ne!(fingerprint("A", "B1"), fingerprint("AB", "1"));
    assert_eq!(fingerprint("RS003", "").len(), 32);
    // Without a tree, the pointer as written; an explicit subject replaces it.
    let bare = Finding::new(Code::Ld001, Severity::Error, Origin::Load, String::new());
    assert_eq!(bare.fingerprint, fingerprint("LD001", ""));
    assert_eq!(
        bare.clone().pointer("/a/0").fingerprint,
        fingerprint("LD001", "/a/0")
    );
    assert_eq!(bare.about("x").fingerprint, fingerprint("LD001", "x"));
}
