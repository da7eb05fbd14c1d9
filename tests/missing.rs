//! The missing-inputs analysis (`evaluate::missing`) on a small inline pack: what a dossier
//! lacks for the rules that apply, ordered mandatory first; what is not a gap (a path read only
//! through `present`/`absent`, an alternative of a rule that passes, a `switch` case not
//! selected, a list item the rule's filter leaves out).

use cooplabel::dossier::{Country, DossierType, Profile, Stage};
use cooplabel::evaluate::missing::{Missing, Standing, missing, progress};
use cooplabel::lang::Lang;
use cooplabel::load::{Limits, load_str};
use cooplabel::rules::{RuleSet, RuleSource, load_sources};
use jiff::civil::Date;

const VERDICT: &str = "verdict:\n  recommended_threshold: { description: Seuil., unit: rate, values: [{ value: 0.5 }] }\n  waiver_notice_days: { description: Préavis., unit: count, values: [{ value: 60 }] }\n";
const PARAMS: &str = "parameters:\n  seuil:\n    description: Un seuil.\n    unit: count\n    values: [{ value: 0 }]\n";

const PACK: &str = r#"
family: { code: TM, title: Test }
rules:
  - code: TM001
    name: structure
    title: Une structure d'appui
    severity: error
    niveau: obligatoire
    check: { not_empty: /creation/faisabilite/structure_appui }
    message: m
    help: h
    sources: [{ practice: test }]
    explanation: e
  - code: TM002
    name: structure-et-offre
    title: Structure et offre
    severity: warning
    niveau: recommande
    check:
      all:
        - { not_empty: /creation/faisabilite/structure_appui }
        - { eq: [/territoire/offre_existante_analysee, true] }
    message: m
    help: h
    sources: [{ practice: test }]
    explanation: e
  - code: TM003
    name: charte-datee
    title: La charte, si signée, l'est avant la fin
    severity: warning
    niveau: recommande
    check:
      any:
        - { absent: /cooperative/charte_signee }
        - { le: [/cooperative/charte_signee, /periode/fin] }
    message: m
    help: h
    sources: [{ practice: test }]
    explanation: e
  - code: TM004
    name: reserves
    title: Réserves impartageables ou dotation forte
    severity: warning
    niveau: recommande
    check:
      any:
        - { eq: [/statuts/reserves_impartageables, true] }
        - { gt: [/statuts/dotation_reserves_min, 0.5] }
    message: m
    help: h
    sources: [{ practice: test }]
    explanation: e
  - code: TM005
    name: engagement-collectivites
    title: Chaque collectivité dit son engagement
    severity: warning
    niveau: recommande
    for_each: /territoire/partenaires
    where: { eq: [.type, collectivite] }
    check: { not_empty: .engagement }
    message: m
    help: h
    sources: [{ practice: test }]
    explanation: e
  - code: TM006
    name: assiette
    title: L'assiette de la contribution est connue
    severity: warning
    niveau: recommande
    applies: { when: { present: /statuts/contribution } }
    let:
      base:
        switch: /statuts/contribution/assiette
        cases:
          marge_brute: /exercices/0/excedent_net
          chiffre_affaires: /statistiques/chiffre_affaires
    check: { ge: [{ var: base }, { param: seuil }] }
    message: m
    help: h
    sources: [{ practice: test }]
    explanation: e
  - code: TM007
    name: debut-du-contrat
    title: Le contrat, CAPE déduit, commence dans la période
    severity: warning
    niveau: recommande
    for_each: /entrepreneurs
    let:
      debut: { coalesce: [.contrat_debut, .entree] }
      cape: { coalesce: [{ days: [.cape/debut, { day_after: .cape/fin }] }, 0] }
      cite: .activite
    check: { ge: [{ add_days: [{ var: debut }, { var: cape }] }, /periode/debut] }
    message: "{cite}"
    help: h
    sources: [{ practice: test }]
    explanation: e
  - code: TM008
    name: delai-de-regularisation
    title: Réserves impartageables, ou encore dans le délai
    severity: warning
    niveau: recommande
    let:
      fin: { add_months: [/cooperative/associes_salaries_sous_minimum_depuis, { param: seuil }] }
    check:
      any:
        - { eq: [/statuts/reserves_impartageables, true] }
        - { le: [{ context: date }, { var: fin }] }
    message: m
    help: h
    sources: [{ practice: test }]
    explanation: e
"#;

fn set() -> RuleSet {
    let source = |rel: &str, text: &str| RuleSource {
        rel: rel.into(),
        name: format!("rules/{rel}"),
        text: text.into(),
        embedded: false,
    };
    load_sources(
        vec![
            source("verdict.yaml", VERDICT),
            source("parameters.yaml", PARAMS),
            source("pack.yaml", PACK),
        ],
        Lang::Fr,
    )
    .unwrap_or_else(|e| {
        panic!(
            "{:?}",
            e.diagnostics
                .iter()
                .map(|(f, _)| &f.message)
                .collect::<Vec<_>>()
        )
    })
}

/// The country, form and type of the dossiers below (`pays: FR`, `type: cooperative`, no form
/// yet), as `check` reads them from the identity.
fn profile() -> Profile {
    Profile {
        country: Some(Country::Fr),
        form: None,
        kind: Some(DossierType::Cooperative),
    }
}

fn missing_of(extra: &str) -> Vec<Missing> {
    let text = format!(
        "dossier: 1\ntype: cooperative\ncooperative: {{ nom: X, pays: FR }}\nperiode: {{ debut: 2000-01-01, fin: 2000-12-31 }}\netape: faisabilite\n{extra}"
    );
    let doc = load_str("d.yaml", &text, &Limits::default()).expect("parses");
    missing(
        &set(),
        &doc,
        Date::constant(2000, 12, 31),
        Stage::Faisabilite,
        profile(),
        Lang::Fr,
        None,
    )
}

fn pointers(m: &[Missing]) -> Vec<&str> {
    m.iter().map(|m| m.pointer.as_str()).collect()
}

#[test]
fn an_empty_dossier_lacks_what_the_rules_read_mandatory_first() {
    let m = missing_of("");
    assert_eq!(m[0].pointer, "/creation/faisabilite/structure_appui");
    assert_eq!(m[0].needed_by, ["TM001", "TM002"]);
    assert_eq!(m[0].mandatory, 1);
    let p = pointers(&m);
    assert!(p.contains(&"/territoire/offre_existante_analysee"));
    assert!(
        p.contains(&"/territoire/partenaires"),
        "a missing list is one input: {p:?}"
    );
    // Absent is an answer for TM003 (not signed), and TM006 does not apply without a contribution.
    assert!(!p.contains(&"/cooperative/charte_signee"), "{p:?}");
    assert!(
        !p.iter()
            .any(|p| p.starts_with("/exercices") || p.starts_with("/statistiques")),
        "{p:?}"
    );
}

#[test]
fn a_given_input_is_no_longer_missing() {
    let m = missing_of(
        "creation: { faisabilite: { structure_appui: Maison } }\nterritoire: { offre_existante_analysee: true, partenaires: [] }\n",
    );
    let p = pointers(&m);
    assert!(
        !p.contains(&"/creation/faisabilite/structure_appui"),
        "{p:?}"
    );
    assert!(
        !p.contains(&"/territoire/offre_existante_analysee"),
        "{p:?}"
    );
}

#[test]
fn an_alternative_counts_only_while_the_rule_fails() {
    let passes = pointers(&missing_of("statuts: { reserves_impartageables: true }\n")).join(" ");
    assert!(!passes.contains("dotation_reserves_min"), "{passes}");
    let fails = pointers(&missing_of("statuts: { reserves_impartageables: false }\n")).join(" ");
    assert!(fails.contains("/statuts/dotation_reserves_min"), "{fails}");
}

#[test]
fn list_items_left_out_by_the_filter_need_nothing() {
    let m = missing_of(
        "territoire:\n  partenaires:\n    - { nom: Ville, type: collectivite }\n    - { nom: Banque, type: financeur }\n    - { nom: Région, type: collectivite, engagement: convention }\n",
    );
    let p = pointers(&m);
    assert!(p.contains(&"/territoire/partenaires/0/engagement"), "{p:?}");
    assert!(
        !p.contains(&"/territoire/partenaires/1/engagement"),
        "{p:?}"
    );
    assert!(
        !p.contains(&"/territoire/partenaires/2/engagement"),
        "{p:?}"
    );
}

#[test]
fn only_the_selected_switch_case_is_needed() {
    let p = pointers(&missing_of(
        "statuts: { contribution: { assiette: marge_brute, taux: 0.1 } }\n",
    ))
    .join(" ");
    assert!(p.contains("/exercices/0/excedent_net"), "{p}");
    assert!(!p.contains("/statistiques/chiffre_affaires"), "{p}");
}

/// `coalesce` reads its values but the last as optional (their absence chooses the next), a
/// value only quoted in a message is no input, and a named value is needed where the check uses
/// it: inside an alternative, only while the rule fails.
#[test]
fn optional_values_and_named_values_are_read_where_the_check_needs_them() {
    let p = pointers(&missing_of(
        "entrepreneurs:\n  - { id: E1, activite: graphiste }\n  - { id: E2, entree: 2000-03-01 }\n",
    ))
    .join(" ");
    assert!(p.contains("/entrepreneurs/0/entree"), "{p}");
    for optional in ["contrat_debut", "cape", "/entrepreneurs/1/activite"] {
        assert!(!p.contains(optional), "{optional} in {p}");
    }
    let passes = pointers(&missing_of("statuts: { reserves_impartageables: true }\n")).join(" ");
    assert!(
        !passes.contains("associes_salaries_sous_minimum_depuis"),
        "{passes}"
    );
    let fails = pointers(&missing_of("statuts: { reserves_impartageables: false }\n")).join(" ");
    assert!(
        fails.contains("/cooperative/associes_salaries_sous_minimum_depuis"),
        "{fails}"
    );
}

#[test]
fn progress_tells_each_criterion_apart() {
    let text = "dossier: 1\ntype: cooperative\ncooperative: { nom: X, pays: FR }\nperiode: { debut: 2000-01-01, fin: 2000-12-31 }\netape: faisabilite\ncreation: { faisabilite: { structure_appui: Maison } }\nterritoire: { offre_existante_analysee: false }\n";
    let doc = load_str("d.yaml", text, &Limits::default()).expect("parses");
    let set = set();
    let p = progress(
        &set,
        &doc,
        Date::constant(2000, 12, 31),
        Stage::Faisabilite,
        profile(),
        Lang::Fr,
        false,
    );
    let standing = |code: &str| {
        p.criteria
            .iter()
            .find(|c| set.rules[c.index].code == code)
            .map(|c| c.standing)
    };
    assert_eq!(standing("TM001"), Some(Standing::Passes));
    assert_eq!(standing("TM002"), Some(Standing::Fails));
    assert_eq!(standing("TM005"), Some(Standing::Missing));
    assert_eq!(
        standing("TM006"),
        None,
        "a contribution is not levied: TM006 does not apply"
    );
}
