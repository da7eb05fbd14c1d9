//! The rule language, run through the real engine on small inline packs: semantics (decimal
//! arithmetic, dates, quantifiers, rules over rules, waivers, the union's votes), locations of
//! findings, and the located errors of a broken rule file. The shipped packs have their own
//! tests (`packs.rs`, and `cooplabel test` on `rules/tests/`).

use cooplabel::check::{CheckOptions, check_document};
use cooplabel::lang::Lang;
use cooplabel::load::{Limits, load_str};
use std::sync::Arc;

use cooplabel::finding::{FindingStatus, WaiverState};
use cooplabel::outcome::Status;
use cooplabel::register::{Register, load_text};
use cooplabel::rules::{RuleLoadError, RuleSet, RuleSource, load_sources};
use cooplabel::verdict::{Decision, DossierResult};

const VERDICT: &str = "verdict:\n  recommended_threshold: { description: Seuil., unit: rate, values: [{ value: 0.5 }] }\n  waiver_notice_days: { description: Préavis., unit: count, values: [{ value: 60 }] }\n";

const PARAMS: &str = r#"
parameters:
  scop.reserve_legale.taux_min:
    description: Part minimale de l'excédent affectée à la réserve légale.
    unit: rate
    sources: [{ law: "Loi n° 78-763 du 19 juillet 1978", article: "33" }]
    values: [{ from: 1978-07-19, value: 0.15 }]
  essai.mois_max:
    description: Durée maximale de l'essai.
    unit: months
    values: [{ value: 6 }, { from: 2010-01-01, value: 8 }]
  nouveau.seuil:
    description: Un seuil qui n'existe qu'à partir de 2014.
    unit: count
    values: [{ from: 2014-08-02, value: 1 }]
  portage.traits_seuil:
    description: Nombre de traits.
    unit: count
    values: [{ value: 2 }]
  ues.seuil:
    description: Seuil du collège B.
    unit: rate
    values: [{ value: 0.35 }]
  ues.part:
    description: Part du collège B.
    unit: rate
    values: [{ value: 0.35 }]
  ues.part_a_min:
    description: Part minimale du groupe A.
    unit: rate
    values: [{ value: 0.65 }]
"#;

fn source(rel: &str, text: &str) -> RuleSource {
    RuleSource {
        rel: rel.into(),
        name: format!("rules/{rel}"),
        text: text.into(),
        embedded: false,
    }
}

fn try_set(pack: &str) -> Result<RuleSet, RuleLoadError> {
    load_sources(
        vec![
            source("verdict.yaml", VERDICT),
            source("parameters.yaml", PARAMS),
            source("pack.yaml", pack),
        ],
        Lang::Fr,
    )
}

fn set(pack: &str) -> RuleSet {
    match try_set(pack) {
        Ok(s) => s,
        Err(e) => panic!(
            "pack does not load: {:#?}",
            e.diagnostics
                .iter()
                .map(|(f, _)| (&f.code, &f.message, &f.pointer))
                .collect::<Vec<_>>()
        ),
    }
}

/// A small, schema-valid dossier (stage faisabilite: the rules of the inline packs apply at
/// every stage).
fn dossier(extra: &str) -> String {
    format!(
        "dossier: 1\ntype: cooperative\ncooperative:\n  nom: Société coopérative à Zoé\n  pays: FR\n  forme_juridique: scop_sa\nperiode: {{ debut: 2000-01-01, fin: 2000-12-31 }}\netape: faisabilite\ndevise: FRF\ncreation:\n  faisabilite: {{ volonte_territoriale: \"délibération\", structure_appui: \"Maison de l'initiative\", offre_existante_analysee: true }}\n{extra}"
    )
}

fn run_with(set: &RuleSet, text: &str, options: &CheckOptions) -> DossierResult {
    let doc = load_str("dossier.yaml", text, &Limits::default()).expect("dossier parses");
    let r = check_document("dossier.yaml", doc, set, options);
    let schema: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code.starts_with("SC"))
        .map(|f| (&f.code, &f.message))
        .collect();
    assert!(
        schema.is_empty(),
        "test dossier must be schema-valid: {schema:?}"
    );
    r
}

fn run(set: &RuleSet, text: &str) -> DossierResult {
    run_with(set, text, &CheckOptions::default())
}

fn codes_and_pointers(r: &DossierResult) -> Vec<(String, String)> {
    r.findings
        .iter()
        .map(|f| (f.code.clone(), f.pointer.clone()))
        .collect()
}

fn status(r: &DossierResult, code: &str) -> Status {
    r.outcomes
        .iter()
        .find(|o| o.code == code)
        .map(|o| o.status)
        .unwrap_or_else(|| panic!("no outcome for {code}"))
}

const RESERVE_RULE: &str = r#"
family: { code: RS, title: Réserves }
rules:
  - code: RS003
    name: dotation-reserve-legale
    title: La réserve légale reçoit au moins 15 % de l'excédent net
    severity: error
    niveau: recommande
    for_each: /exercices
    where: { gt: [.excedent_net, 0] }
    let:
      minimum: { mul: [.excedent_net, { param: scop.reserve_legale.taux_min }] }
      taux: { div: [.dotation_reserve_legale, .excedent_net] }
    check: { ge: [.dotation_reserve_legale, { var: minimum }] }
    message: "Exercice {.annee} : la réserve légale reçoit {taux|%} de l'excédent net ({.excedent_net}), moins que {param:scop.reserve_legale.taux_min|%}."
    help: "Portez-la à au moins {minimum}."
    sources: [{ law: "Loi n° 78-763 du 19 juillet 1978", article: "33" }]
    explanation: La loi impose 15 %.
"#;

#[test]
fn decimal_trap_exactly_fifteen_percent_passes() {
    let s = set(RESERVE_RULE);
    let r = run(
        &s,
        &dossier(
            "exercices:\n  - { annee: 1999, excedent_net: 16384.40, dotation_reserve_legale: 2457.66 }\n",
        ),
    );
    assert_eq!(
        status(&r, "RS003"),
        Status::Pass,
        "{:?}",
        codes_and_pointers(&r)
    );
    assert!(r.findings.is_empty());
    // One cent less fails.
    let r = run(
        &s,
        &dossier(
            "exercices:\n  - { annee: 1999, excedent_net: 16384.40, dotation_reserve_legale: 2457.65 }\n",
        ),
    );
    assert_eq!(status(&r, "RS003"), Status::Fail);
}

#[test]
fn failing_item_is_located_on_its_value_with_the_compared_value_as_second_label() {
    let s = set(RESERVE_RULE);
    let text = dossier(
        "exercices:\n  - { annee: 1999, excedent_net: 16384.40, dotation_reserve_legale: 2457.66 }\n  - annee: 2000\n    excedent_net: 16384.40\n    dotation_reserve_legale: 2293.82\n",
    );
    let r = run(&s, &text);
    assert_eq!(
        codes_and_pointers(&r),
        vec![(
            "RS003".into(),
            "/exercices/1/dotation_reserve_legale".into()
        )]
    );
    let f = &r.findings[0];
    let source = r.source.as_ref().unwrap();
    let primary = f.primary.as_ref().unwrap();
    assert_eq!(&text[primary.span.start..primary.span.end], "2293.82");
    assert_eq!(source.line_col(primary.span.start).line, 16);
    let second = &f.secondary[0];
    assert_eq!(&text[second.span.start..second.span.end], "16384.40");
    // French formatting of the quoted values.
    assert_eq!(
        f.message,
        "Exercice 2000 : la réserve légale reçoit 14 % de l'excédent net (16 384,40), moins que 15 %."
    );
    assert_eq!(f.help.as_deref(), Some("Portez-la à au moins 2457,66."));
}

/// Each finding's fingerprint, by the year its message names.
fn fingerprints_by_year(r: &DossierResult) -> Vec<(String, String)> {
    let mut v: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.message[..13].to_string(), f.fingerprint.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn a_finding_keeps_its_fingerprint_when_lines_move_and_items_are_reordered() {
    let s = set(RESERVE_RULE);
    let y1999 = "  - { annee: 1999, excedent_net: 1000, dotation_reserve_legale: 10 }\n";
    let y2000 = "  - { annee: 2000, excedent_net: 2000, dotation_reserve_legale: 20 }\n";
    let first = run(&s, &dossier(&format!("exercices:\n{y1999}{y2000}")));
    assert_eq!(first.findings.len(), 2);
    // Three more lines above, the years in the other order: the same fingerprints, each
    // following its year, though every line and every list index changed.
    let moved = run(
        &s,
        &format!(
            "# un commentaire\n# et un autre\n\n{}",
            dossier(&format!("exercices:\n{y2000}{y1999}"))
        ),
    );
    assert_eq!(
        first.findings[0].pointer,
        "/exercices/0/dotation_reserve_legale"
    );
    assert_eq!(
        moved.findings[0].pointer,
        "/exercices/0/dotation_reserve_legale"
    );
    assert_eq!(fingerprints_by_year(&first), fingerprints_by_year(&moved));
    assert_ne!(first.findings[0].fingerprint, first.findings[1].fingerprint);
    // Another year is another thing: its fingerprint changes, the other year's stays.
    let renamed = run(
        &s,
        &dossier(&format!(
            "exercices:\n{}{y2000}",
            y1999.replace("1999", "1998")
        )),
    );
    let (a, b) = (fingerprints_by_year(&first), fingerprints_by_year(&renamed));
    assert_ne!(a[0].1, b[0].1, "{a:?} {b:?}");
    assert_eq!(a[1], b[1]);
    // 128 bits in hexadecimal: no name of the dossier travels in it.
    assert!(
        a.iter()
            .all(|(_, f)| f.len() == 32 && f.bytes().all(|c| c.is_ascii_hexdigit()))
    );
}

#[test]
fn a_deficit_year_is_filtered_out_and_no_item_means_not_applicable() {
    let s = set(RESERVE_RULE);
    let r = run(
        &s,
        &dossier(
            "exercices:\n  - { annee: 2000, excedent_net: -5000, dotation_reserve_legale: 0 }\n",
        ),
    );
    assert_eq!(status(&r, "RS003"), Status::NotApplicable);
    assert_eq!(r.score, None);
}

#[test]
fn a_missing_value_is_shown_on_the_mapping_that_should_hold_it() {
    let s = set(RESERVE_RULE);
    let text = dossier("exercices:\n  - annee: 2000\n    excedent_net: 1000\n");
    let r = run(&s, &text);
    // The pointer is the mapping that should hold the value (DESIGN §7); the label names it.
    assert_eq!(
        codes_and_pointers(&r),
        vec![("RS003".into(), "/exercices/0".into())]
    );
    let primary = r.findings[0].primary.as_ref().unwrap();
    assert_eq!(&text[primary.span.start..primary.span.end], "annee: 2000");
    assert_eq!(primary.text, "il manque `dotation_reserve_legale` ici");
}

const DATED: &str = r#"
family: { code: CJ, title: Cadre juridique }
rules:
  - code: CJ002
    name: societariat-trois-ans
    title: Associé dans les trois ans
    severity: error
    niveau: recommande
    applies: { from: 2014-08-02 }
    for_each: /entrepreneurs
    where: { absent: .societariat }
    check: { le: [{ months: [.entree, { context: date }] }, { param: nouveau.seuil }] }
    at: .entree
    message: "{.id} est entré le {.entree} et n'est pas associé."
    help: Proposez-lui le sociétariat.
    sources: [{ law: Code du travail, article: L7331-3 }]
    explanation: Trois ans.
  - code: CJ005
    name: periode-essai
    title: Essai
    severity: warning
    niveau: recommande
    for_each: /entrepreneurs
    where: { present: .periode_essai_mois }
    check: { le: [.periode_essai_mois, { param: essai.mois_max }] }
    message: "Essai de {.periode_essai_mois} mois, plus que {param:essai.mois_max}."
    help: Raccourcissez l'essai.
    sources: [{ law: Code du travail, article: L7332-1 }]
    explanation: Huit mois.
"#;

fn entrepreneurs(end: &str, entree: &str, essai: &str) -> String {
    dossier(&format!(
        "entrepreneurs:\n  - {{ id: E1, activite: graphiste, statut: entrepreneur_salarie, contrat: cdi, entree: {entree}{essai} }}\n"
    ))
    .replace("fin: 2000-12-31", &format!("fin: {end}"))
}

#[test]
fn a_rule_applies_from_its_date_and_months_are_calendar_months() {
    let s = set(DATED);
    // In 2000 the 2014 rule does not apply.
    let r = run(&s, &entrepreneurs("2000-12-31", "1995-01-01", ""));
    assert_eq!(status(&r, "CJ002"), Status::NotApplicable);
    // In 2021, 1 month allowed by the inline parameter: 2021-11-30 → 2021-12-31 is 1 month.
    let r = run(&s, &entrepreneurs("2021-12-31", "2021-11-30", ""));
    assert_eq!(status(&r, "CJ002"), Status::Pass);
    let r = run(&s, &entrepreneurs("2021-12-31", "2021-10-31", ""));
    assert_eq!(
        codes_and_pointers(&r),
        vec![("CJ002".into(), "/entrepreneurs/0/entree".into())]
    );
    assert_eq!(
        r.findings[0].message,
        "E1 est entré le 2021-10-31 et n'est pas associé."
    );
    // `--date` overrides the dossier's date.
    let options = CheckOptions {
        date: Some(jiff::civil::date(2021, 12, 1)),
        ..CheckOptions::default()
    };
    let r = run_with(&s, &entrepreneurs("2021-12-31", "2021-10-31", ""), &options);
    assert_eq!(status(&r, "CJ002"), Status::Pass);
}

#[test]
fn parameters_take_the_value_in_force_at_the_date() {
    let s = set(DATED);
    // 7 months: over the 6 of before 2010, within the 8 of after.
    let r = run(
        &s,
        &entrepreneurs("2000-12-31", "2000-01-01", ", periode_essai_mois: 7"),
    );
    assert_eq!(status(&r, "CJ005"), Status::Fail);
    assert_eq!(r.findings[0].message, "Essai de 7 mois, plus que 6 mois.");
    let r = run(
        &s,
        &entrepreneurs("2012-12-31", "2012-01-01", ", periode_essai_mois: 7"),
    );
    assert_eq!(status(&r, "CJ005"), Status::Pass);
    // Without the optional value the rule has no item to judge.
    let r = run(&s, &entrepreneurs("2012-12-31", "2012-01-01", ""));
    assert_eq!(status(&r, "CJ005"), Status::NotApplicable);
}

const PORTAGE: &str = r#"
family: { code: PT, title: Portage }
rules:
  - code: PT001
    name: cadre-juridique
    title: Cadre juridique classique
    severity: warning
    niveau: recommande
    check: { not: { in: [/cooperative/forme_juridique, [sa, sarl, sas]] } }
    message: Forme classique.
    help: Une coopérative.
    sources: [{ seed: "001" }]
    explanation: Trait.
  - code: PT005
    name: cdd-par-mission
    title: CDD par mission
    severity: warning
    niveau: recommande
    for_each: /entrepreneurs
    check: { none: [.], check: { eq: [.contrat, cdd] } }
    message: CDD.
    help: CDI.
    sources: [{ seed: "001" }]
    explanation: Trait.
  - code: PT010
    name: profil-portage
    title: Profil de société de portage
    severity: error
    niveau: obligatoire
    let:
      traits: { failed_titles: [PT001, PT005] }
    check: { lt: [{ failed: [PT001, PT005] }, { param: portage.traits_seuil }] }
    message: "Profil de portage : {traits}."
    help: Voir les traits.
    sources: [{ seed: "001" }]
    explanation: Verdict.
"#;

#[test]
fn a_rule_over_other_rules_counts_their_failures_and_lists_them() {
    let s = set(PORTAGE);
    // PT010 is declared last but must run after PT001 and PT005 whatever the order.
    let text = dossier("entrepreneurs:\n  - { id: E1, activite: consultant, statut: entrepreneur_salarie, contrat: cdd, entree: 2000-01-01 }\n")
        .replace("forme_juridique: scop_sa", "forme_juridique: sa");
    let r = run(&s, &text);
    assert_eq!(status(&r, "PT010"), Status::Fail);
    assert_eq!(r.decision, Decision::NonConforming);
    let pt010 = r.findings.iter().find(|f| f.code == "PT010").unwrap();
    assert_eq!(
        pt010.message,
        "Profil de portage : PT001 (Cadre juridique classique), PT005 (CDD par mission)."
    );
    assert!(pt010.blocking);
    assert_eq!(r.findings[0].code, "PT010", "blocking findings come first");
    // With the legal form fixed, one trait only: below the threshold of 2.
    let r = run(
        &s,
        &text.replace("forme_juridique: sa", "forme_juridique: scop_sa"),
    );
    assert_eq!(status(&r, "PT010"), Status::Pass);
    assert_eq!(status(&r, "PT005"), Status::Fail);
    // PT010 (mandatory) and PT001 pass, PT005 fails: the score is 2/3, unweighted; the
    // recommended share is 1/2, exactly the threshold of 50 %: the label is granted.
    assert_eq!(r.score, Some("0.67".parse().unwrap()));
    let c = r.criteria.unwrap();
    assert_eq!((c.mandatory.applicable, c.mandatory.passed), (1, 1));
    assert_eq!((c.recommended.applicable, c.recommended.met()), (2, 1));
    assert_eq!(r.decision, Decision::Conforming);
    // PT005's finding is on the offending contract.
    assert_eq!(
        codes_and_pointers(&r),
        vec![("PT005".into(), "/entrepreneurs/0/contrat".into())]
    );
}

const WAIVABLE: &str = r#"
families:
  - { code: AS, title: Assistanat }
  - { code: DG, title: Hygiène }
rules:
  - code: AS005
    name: reunion-mensuelle
    title: Réunion mensuelle
    severity: warning
    niveau: recommande
    check: { ge: [/accompagnement/reunions_collectives_par_an, { param: nouveau.seuil }] }
    message: Pas de réunion.
    help: Réunissez-vous.
    sources: [{ seed: "003" }]
    explanation: Réunion.
  - code: DG001
    name: derogation-valide
    title: Dérogations valides
    severity: error
    niveau: recommande
    kind: builtin
    message: Dérogation invalide.
    help: Corrigez la dérogation.
    sources: [{ practice: dérogations }]
    explanation: Dérogations.
"#;

fn waiver_dossier(extra: &str) -> String {
    dossier(&format!(
        "accompagnement: {{ gratuit: true, reunions_collectives_par_an: 0 }}\n{extra}"
    ))
    .replace("fin: 2000-12-31", "fin: 2021-12-31")
}

/// A register with one entry for the test dossier's cooperative.
fn register(set: &RuleSet, rule: &str, decision: &str, until: &str) -> Arc<Register> {
    let text = format!(
        "derogations:\n  - {{ cooperative: {{ nom: Société coopérative à Zoé }}, regle: {rule}, motif: \"année de création\", accordee_par: \"comité\", decision: {decision}, jusqu_au: {until} }}\n"
    );
    Arc::new(load_text("registre.yaml", &text, set, Lang::Fr).expect("register loads"))
}

fn with_register(register: Arc<Register>) -> CheckOptions {
    CheckOptions {
        register: Some(register),
        ..CheckOptions::default()
    }
}

#[test]
fn waivers_come_from_the_register_not_the_dossier() {
    let s = set(WAIVABLE);
    // Written in the dossier, a waiver waives nothing, and is pointed out at its line.
    let r = run(
        &s,
        &waiver_dossier(
            "derogations:\n  - { regle: AS005, motif: \"année de création\", accordee_par: \"le gérant\", jusqu_au: 2022-06-30 }\n",
        ),
    );
    assert_eq!(status(&r, "AS005"), Status::Fail);
    assert_eq!(status(&r, "DG001"), Status::Fail);
    let dg = r.findings.iter().find(|f| f.code == "DG001").unwrap();
    assert_eq!(dg.pointer, "/derogations/0");
    assert!(dg.message.contains("registre"), "{}", dg.message);

    // From the committee's register, it waives.
    let r = run_with(
        &s,
        &waiver_dossier(""),
        &with_register(register(&s, "AS005", "2021-03-01", "2022-06-30")),
    );
    assert_eq!(status(&r, "AS005"), Status::Waived);
    let f = r.findings.iter().find(|f| f.code == "AS005").unwrap();
    assert!(
        f.is_waived(),
        "a waived finding is still reported, as waived"
    );
    assert_eq!(f.status, FindingStatus::Waived);
    assert_eq!(r.decision, Decision::Conforming);
    assert_eq!(r.waivers.len(), 1);
    assert_eq!(r.waivers[0].state, WaiverState::Applied);
    let c = r.criteria.unwrap();
    assert_eq!((c.recommended.passed, c.recommended.waived), (0, 1));
    // Without the waiver, the only recommended criterion fails.
    assert_eq!(
        r.without_waivers.map(|(d, _)| d),
        Some(Decision::Conditional)
    );

    // Expired: the criterion fails again, and the entry says why.
    let r = run_with(
        &s,
        &waiver_dossier(""),
        &with_register(register(&s, "AS005", "2020-03-01", "2020-06-30")),
    );
    assert_eq!(status(&r, "AS005"), Status::Fail);
    assert_eq!(r.waivers[0].state, WaiverState::Expired);
    let f = r.findings.iter().find(|f| f.code == "AS005").unwrap();
    assert!(
        !f.is_waived() && f.waiver.is_some(),
        "the expired waiver is shown but does not waive"
    );
    assert_eq!(f.status, FindingStatus::Failed);

    // Decided after the evaluation date: it did not exist yet.
    let mut options = with_register(register(&s, "AS005", "2023-03-01", "2023-06-30"));
    options.evaluated_on = "2022-01-15".parse().ok();
    let r = run_with(&s, &waiver_dossier(""), &options);
    assert_eq!(r.waivers[0].state, WaiverState::NotYetDecided);
    assert_eq!(status(&r, "AS005"), Status::Fail);
}

#[test]
fn a_register_naming_an_unknown_rule_is_refused_with_a_suggestion() {
    let s = set(WAIVABLE);
    let text = "derogations:\n  - { cooperative: { siren: \"123456789\" }, regle: AS050, motif: m, accordee_par: c, decision: 2021-03-01, jusqu_au: 2020-06-30 }\n";
    let e = load_text("registre.yaml", text, &s, Lang::Fr).unwrap_err();
    let found: Vec<(&str, &str)> = e
        .diagnostics
        .iter()
        .map(|(f, _)| (f.code.as_str(), f.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("RE001", "/derogations/0/regle"),
            ("RE002", "/derogations/0/jusqu_au"),
            ("RE003", "/derogations/0/cooperative/siren"),
        ]
    );
    let unknown = &e.diagnostics[0].0;
    assert!(
        unknown.help.as_deref().unwrap().contains("AS005"),
        "did you mean"
    );
    let siren = &e.diagnostics[2].0;
    assert!(
        siren
            .help
            .as_deref()
            .unwrap()
            .contains("la clé attendue est 2"),
        "{:?}",
        siren.help
    );
    // A rule may be written by its name: a misspelled name is suggested too, in the run's
    // language, and the label follows it.
    let text = "derogations:\n  - { cooperative: { nom: Zoé }, regle: reunion-mensuel, motif: m, accordee_par: c, decision: 2021-03-01, jusqu_au: 2021-06-30 }\n";
    let e = load_text("registre.yaml", text, &s, Lang::En).unwrap_err();
    let unknown = &e.diagnostics[0].0;
    assert_eq!(unknown.code, "RE001");
    assert_eq!(
        unknown.help.as_deref(),
        Some("did you mean `reunion-mensuelle`? `cooplabel rules` lists the rules")
    );
    assert_eq!(
        unknown.primary.as_ref().map(|l| l.text.as_str()),
        Some("here")
    );
}

const UNION: &str = r#"
family: { code: UE, title: Union }
rules:
  - code: UE002
    name: voix-groupe-a
    title: Le groupe A détient au moins 65 % des voix
    severity: error
    niveau: recommande
    applies: { types: [union] }
    let:
      part: { union_votes: { members: /societaires, group: A, threshold: { param: ues.seuil }, college_share: { param: ues.part } } }
    check: { ge: [{ var: part }, { param: ues.part_a_min }] }
    message: "Le groupe A ne détient que {part|%} des voix."
    help: Constituez le collège B.
    sources: [{ seed: "001", where: "statuts de l'UES, art. 18" }]
    explanation: Art. 18.
  - code: UE003
    name: college-b
    title: Tableau des voix
    severity: info
    niveau: recommande
    kind: note
    applies:
      types: [union]
      when: { gt: [{ share: /societaires, where: { eq: [.groupe, B] } }, { param: ues.seuil }] }
    message: "Collège B constitué : {table}."
    let:
      table: { union_vote_table: { members: /societaires, threshold: { param: ues.seuil }, college_share: { param: ues.part } } }
    help: Rien à faire.
    sources: [{ seed: "001", where: "statuts de l'UES, art. 18" }]
    explanation: Art. 18.
"#;

fn union(members: &str) -> String {
    dossier(&format!("societaires:\n{members}"))
        .replace("type: cooperative", "type: union")
        .replace("etape: faisabilite", "etape: montage")
        .replace("creation:\n", "statuts: { reserves_impartageables: true, dotation_reserves_min: 0.15, regle_vote: une_personne_une_voix }\ncreation:\n")
}

fn member(name: &str, group: &str, parts: u32) -> String {
    let a = if group == "A" {
        ", forme_juridique: scop_sa, charte_signee: 1999-11-16, membre_cg_scop: true"
    } else {
        ""
    };
    format!(
        "  - {{ nom: {name}, categorie: personne_morale, parts: {parts}, groupe: {group}{a} }}\n"
    )
}

#[test]
fn union_votes_follow_article_18_with_a_college_b() {
    let s = set(UNION);
    // 2 A, 1 B: B is a third of the members (≤ 35 %): one member, one vote; A holds 66,67 %.
    let few_b = union(
        &[
            member("Cap", "A", 10),
            member("Graines", "A", 10),
            member("CGScop", "B", 50),
        ]
        .concat(),
    );
    let r = run(&s, &few_b);
    assert_eq!(status(&r, "UE002"), Status::Pass);
    assert_eq!(status(&r, "UE003"), Status::NotApplicable);
    // 2 A, 2 B: a collège B holds 35 % of the rights, counted by shares (30 and 10).
    let college = union(
        &[
            member("Cap", "A", 10),
            member("Graines", "A", 10),
            member("CGScop", "B", 30),
            member("URSCOP", "B", 10),
        ]
        .concat(),
    );
    let r = run(&s, &college);
    assert_eq!(status(&r, "UE002"), Status::Pass, "{:?}", r.findings);
    let note = r.findings.iter().find(|f| f.code == "UE003").unwrap();
    // The finding says it is a note where it is built: no reporter has to find it out.
    assert_eq!(note.status, FindingStatus::Note);
    assert_eq!(
        note.message,
        "Collège B constitué : groupe A : 2 sociétaire(s), 65 % des voix (Cap 32,5 %, Graines 32,5 %) ; \
         collège B : 2 sociétaire(s), 35 % des voix (CGScop 30 voix : 26,25 %, URSCOP 10 voix : 8,75 %)."
    );
    // Without group A members, there is no collège and the A share is 0.
    let only_b = union(&[member("CGScop", "B", 30), member("URSCOP", "B", 10)].concat());
    let r = run(&s, &only_b);
    assert_eq!(status(&r, "UE002"), Status::Fail);
    assert_eq!(
        r.findings[0].message,
        "Le groupe A ne détient que 0 % des voix."
    );
}

/// The findings of a pack that does not load: (code, line in the pack file, message).
fn load_errors(pack: &str) -> Vec<(String, usize, String, Option<String>)> {
    let err = match try_set(pack) {
        Ok(_) => panic!("the pack should not load"),
        Err(e) => e,
    };
    err.diagnostics
        .iter()
        .map(|(f, src)| {
            let line = match (&f.primary, src) {
                (Some(l), Some(s)) => s.line_col(l.span.start).line,
                _ => 0,
            };
            (f.code.clone(), line, f.message.clone(), f.help.clone())
        })
        .collect()
}

fn broken(rule_body: &str) -> String {
    format!(
        "family: {{ code: XX, title: Essais }}\nrules:\n  - code: XX001\n    name: essai\n    title: Essai\n    severity: error\n    niveau: recommande\n    help: Aide.\n    sources: [{{ seed: \"001\" }}]\n    explanation: Essai.\n{rule_body}"
    )
}

#[test]
fn rule_file_errors_are_located_with_a_suggestion() {
    let errors = load_errors(&broken(
        "    check: { gte: [/statuts/dotation_reserves_min, 0] }\n    message: M.\n",
    ));
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (code, line, message, help) = &errors[0];
    assert_eq!((code.as_str(), *line), ("RF001", 11));
    assert_eq!(message, "opération inconnue : `gte`");
    assert!(help.as_deref().unwrap().contains("`ge`"));

    let errors = load_errors(&broken(
        "    check: { ge: [/statuts/dotation_reserves_min, { param: scop.reserve_legal.taux_min }] }\n    message: M.\n",
    ));
    assert_eq!(errors[0].0, "RF003");
    assert!(
        errors[0]
            .3
            .as_deref()
            .unwrap()
            .contains("scop.reserve_legale.taux_min")
    );

    let errors = load_errors(&broken(
        "    check: { present: /statuts }\n    message: \"Valeur {taux}.\"\n",
    ));
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("RF013", 12));

    let errors = load_errors(&broken(
        "    check: { ge: [/statuts/dotation_reserves_min] }\n    message: M.\n",
    ));
    // Wrong arguments have a code of their own (RF002 once covered 14 problems).
    assert_eq!(errors[0].0, "RF026");
    assert!(errors[0].2.contains("deux expressions"), "{}", errors[0].2);
}

/// A rule author who asks for English reads the errors of their files in English, each with the
/// name of its own code.
#[test]
fn rule_file_errors_follow_the_language_of_the_run() {
    let pack = broken(
        "    check: { all: [{ gte: [/statuts/dotation_reserves_min, 0] }, { ge: [/statuts/dotation_reserves_min] }] }\n    message: M.\n",
    );
    let err = match load_sources(
        vec![
            source("verdict.yaml", VERDICT),
            source("parameters.yaml", PARAMS),
            source("pack.yaml", &pack),
        ],
        Lang::En,
    ) {
        Ok(_) => panic!("the pack should not load"),
        Err(e) => e,
    };
    let found: Vec<(&str, &str, &str, Option<&str>)> = err
        .diagnostics
        .iter()
        .map(|(f, _)| {
            (
                f.code.as_str(),
                f.name.as_str(),
                f.message.as_str(),
                f.primary.as_ref().map(|l| l.text.as_str()),
            )
        })
        .collect();
    assert!(
        found.contains(&(
            "RF001",
            "operation-inconnue",
            "unknown operation: `gte`",
            Some("here")
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "RF026",
            "arguments-incorrects",
            "`ge` expects a list of two expressions, for example [.a, .b]",
            Some("here")
        )),
        "{found:?}"
    );
}

#[test]
fn rule_file_schema_errors_are_located_like_dossier_errors() {
    // `severity: erreur` is not a severity; `sources` is missing.
    let pack = "family: { code: XX, title: Essais }\nrules:\n  - code: XX001\n    name: essai\n    title: Essai\n    severity: erreur\n    check: { present: /statuts }\n    message: M.\n    help: Aide.\n    explanation: Essai.\n";
    let errors = load_errors(pack);
    let codes: Vec<(&str, usize)> = errors.iter().map(|(c, l, _, _)| (c.as_str(), *l)).collect();
    assert!(codes.contains(&("SC004", 6)), "{errors:?}");
    assert!(codes.contains(&("SC002", 3)), "{errors:?}");
    // A YAML error in a rule file is a load error of that file.
    let errors = load_errors("family: { code: XX, title: 'Essais }\nrules: []\n");
    assert_eq!(errors[0].0, "LD010");
}

#[test]
fn duplicate_codes_unknown_rules_and_cycles_are_refused_at_load() {
    let rule = |code: &str, name: &str, check: &str| {
        format!(
            "  - {{ code: {code}, name: {name}, title: T, severity: error, niveau: recommande, check: {check}, message: M, help: H, sources: [{{ seed: \"001\" }}], explanation: E }}\n"
        )
    };
    let pack = |rules: String| format!("family: {{ code: XX, title: Essais }}\nrules:\n{rules}");
    let errors = load_errors(&pack(
        rule("XX001", "a", "{ present: /statuts }") + &rule("XX001", "b", "{ present: /statuts }"),
    ));
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("RF008", 4));

    let errors = load_errors(&pack(rule(
        "XX001",
        "a",
        "{ lt: [{ failed: [XX009] }, 1] }",
    )));
    assert_eq!(errors[0].0, "RF007");

    let errors = load_errors(&pack(
        rule("XX001", "a", "{ lt: [{ failed: [XX002] }, 1] }")
            + &rule("XX002", "b", "{ lt: [{ failed: [XX001] }, 1] }"),
    ));
    assert_eq!(errors[0].0, "RF011");
    assert!(
        errors[0].2.contains("XX001 → XX002 → XX001"),
        "{}",
        errors[0].2
    );

    let errors = load_errors(&pack(rule("YY001", "a", "{ present: /statuts }")));
    assert_eq!(errors[0].0, "RF010");
}

/// A rule whose cost would explode on a long list is refused at load (RF017): three nested
/// iterations (`for_each`, then `some`, then `count`) would cost n³ evaluations; two load.
#[test]
fn a_rule_nesting_three_list_iterations_is_refused_at_load() {
    let pack = |check: &str| {
        format!(
            "family: {{ code: XX, title: Essais }}\nrules:\n  - code: XX001\n    name: a\n    title: T\n    severity: error\n    niveau: recommande\n    for_each: /entrepreneurs\n    check: {check}\n    message: M\n    help: H\n    sources: [{{ seed: \"001\" }}]\n    explanation: E\n"
        )
    };
    let two = "{ some: /entrepreneurs, check: { eq: [.id, .id] } }";
    assert!(try_set(&pack(two)).is_ok(), "two nested iterations load");
    let three = "{ some: /entrepreneurs, check: { gt: [{ count: /entrepreneurs, where: { eq: [.id, .id] } }, 0] } }";
    let errors = load_errors(&pack(three));
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (code, line, message, help) = &errors[0];
    assert_eq!((code.as_str(), *line), ("RF017", 9), "{errors:?}");
    assert!(message.contains("imbrique 3 parcours"), "{message}");
    assert!(
        help.as_deref().is_some_and(|h| h.contains("découpez")),
        "{help:?}"
    );
    // The same depth without `for_each` is reached by nesting quantifiers in `check` alone.
    let three_in_check = format!("{{ each: /entrepreneurs, check: {three} }}");
    let no_for_each = pack(&three_in_check).replace("    for_each: /entrepreneurs\n", "");
    assert_eq!(load_errors(&no_for_each)[0].0, "RF017");
}

#[test]
fn select_and_ignore_restrict_the_rules_that_run() {
    let mut s = set(PORTAGE);
    assert!(s.select(&["PT005".into()], &[]).is_empty());
    let text = dossier(
        "entrepreneurs:\n  - { id: E1, activite: consultant, statut: entrepreneur_salarie, contrat: cdd, entree: 2000-01-01 }\n",
    );
    let r = run(&s, &text);
    assert_eq!(
        r.outcomes
            .iter()
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>(),
        ["PT005"]
    );
    assert!(
        s.select(&["PT".into()], &["cdd-par-mission".into()])
            .is_empty()
    );
    let r = run(&s, &text);
    assert_eq!(
        r.outcomes
            .iter()
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>(),
        ["PT001", "PT010"]
    );
    assert_eq!(s.select(&["ZZ999".into()], &[]), vec!["ZZ999".to_string()]);
}

/// A rule that reads what the dossier format does not define is refused when it loads, on
/// its line, with a suggestion: an unknown path, a value an enumerated field never takes, a
/// date compared with a number, a relative path outside any list, a list that is not one.
#[test]
fn rules_are_checked_against_the_dossier_format_at_load() {
    let one = |body: &str| {
        let errors = load_errors(&broken(&format!("{body}    message: M.\n")));
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap()
    };
    let (code, line, message, help) =
        one("    check: { ge: [/statuts/dotation_reserve_min, 0] }\n");
    assert_eq!((code.as_str(), line), ("RF020", 11));
    assert!(
        message.contains("/statuts n'a pas de clé `dotation_reserve_min`"),
        "{message}"
    );
    assert!(
        help.unwrap()
            .contains("vouliez-vous écrire `dotation_reserves_min`")
    );

    // Relative paths are checked against the item of the list being walked.
    let (code, line, _, help) =
        one("    for_each: /entrepreneurs\n    check: { present: .sociétariat }\n");
    assert_eq!((code.as_str(), line), ("RF020", 12));
    assert!(help.unwrap().contains("`societariat`"));
    let (code, _, _, help) =
        one("    check: { some: /exercices, check: { gt: [.excedent, 0] } }\n");
    assert_eq!(code, "RF020");
    assert!(help.unwrap().contains("`excedent_net`"));
    let (code, _, message, _) = one("    check: { present: .entree }\n");
    assert_eq!(code, "RF020");
    assert!(message.contains("hors de toute liste"), "{message}");
    let (code, _, message, _) = one("    for_each: /statuts\n    check: { present: . }\n");
    assert_eq!(code, "RF020");
    assert!(message.contains("n'est pas une liste"), "{message}");
    // Paths quoted in messages too.
    let errors = load_errors(&broken(
        "    for_each: /entrepreneurs\n    check: { present: .entree }\n    message: \"{.entre}\"\n",
    ));
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("RF020", 13));

    // A value the enumerated field cannot take: in `eq`, `in`, a `switch` case, a parameter.
    let (code, line, message, help) =
        one("    for_each: /entrepreneurs\n    check: { eq: [.contrat, CDI] }\n");
    assert_eq!((code.as_str(), line), ("RF021", 12));
    assert!(message.contains("« CDI »"), "{message}");
    assert!(help.unwrap().contains("`cdi`"));
    let (code, _, _, help) =
        one("    check: { in: [/cooperative/forme_juridique, [scop_sa, scop_sarl, scop_sl]] }\n");
    assert_eq!(code, "RF021");
    assert!(help.unwrap().contains("scop_sa"));
    let (code, _, _, _) = one(
        "    let:\n      m: { switch: /cooperative/pays, cases: { FR: 1, FRANCE: 2 } }\n    check: { gt: [{ var: m }, 0] }\n",
    );
    assert_eq!(code, "RF021");

    // A date compared with a number, or counted in months against a number.
    let (code, line, message, _) = one(
        "    for_each: /entrepreneurs\n    check: { lt: [.entree, { param: essai.mois_max }] }\n",
    );
    assert_eq!((code.as_str(), line), ("RF022", 12));
    assert!(
        message.contains("une date (.entree) à un nombre (le paramètre essai.mois_max)"),
        "{message}"
    );
    let (code, _, _, _) = one("    check: { gt: [{ months: [/periode/debut, 12] }, 0] }\n");
    assert_eq!(code, "RF022");
    let (code, _, _, _) = one("    check: { eq: [/statuts/reserves_impartageables, 1] }\n");
    assert_eq!(code, "RF022");

    // What fits the format loads.
    assert!(
        try_set(&broken(
            "    for_each: /entrepreneurs\n    where: { eq: [.contrat, cesa] }\n    check: { le: [{ add_months: [.entree, { param: essai.mois_max }] }, { context: date }] }\n    message: \"{.id} {.entree}\"\n"
        ))
        .is_ok()
    );
}

const EVENTS: &str = r#"
family: { code: CJ, title: Cadre juridique }
rules:
  - code: CJ005
    name: periode-essai
    title: Essai
    severity: error
    niveau: obligatoire
    for_each: /entrepreneurs
    let:
      debut: { coalesce: [.contrat_debut, .entree] }
      # The limit in force when the contract was concluded; none before the text existed.
      maximum: { param: nouveau.seuil, at: { var: debut } }
    where:
      all:
        - { present: .periode_essai_mois }
        - { present: { param: nouveau.seuil, at: { coalesce: [.contrat_debut, .entree] } } }
    check: { le: [.periode_essai_mois, { var: maximum }] }
    message: "{.id} : {.periode_essai_mois} mois pour un contrat du {debut} ; au plus {maximum}."
    help: Raccourcissez l'essai.
    sources: [{ law: Code du travail, article: L7332-1 }]
    explanation: Essai.
  - code: CJ002
    name: associe-dans-le-delai
    title: Associé dans le délai
    severity: error
    niveau: obligatoire
    for_each: /entrepreneurs
    let:
      # A preceding CAPE counts, both ends included: its day after its last day.
      cape: { coalesce: [{ days: [.cape/debut, { day_after: .cape/fin }] }, 0] }
      debut: { max: [{ coalesce: [.contrat_debut, .entree] }, 2000-01-01] }
      echeance: { add_months: [{ add_days: [{ var: debut }, { sub: [0, { var: cape }] }] }, { param: essai.mois_max }] }
    check: { le: [{ coalesce: [.societariat, { context: date }] }, { var: echeance }] }
    message: "{.id} : échéance {echeance} (CAPE : {cape} jours)."
    help: Sociétariat.
    sources: [{ law: Code du travail, article: L7331-3 }]
    explanation: Délai.
"#;

fn entrepreneur(fields: &str, end: &str) -> String {
    dossier(&format!(
        "entrepreneurs:\n  - {{ id: E1, activite: graphiste, statut: entrepreneur_salarie, contrat: cesa, entree: 2014-01-01{fields} }}\n"
    ))
    .replace("fin: 2000-12-31", &format!("fin: {end}"))
}

/// Dates of the law per event: a parameter read at the date of what happened (a contract's
/// start), absent — so the item is left out — when the text did not exist then; date
/// arithmetic for délais, with a preceding period deducted day for day.
#[test]
fn parameters_at_an_events_date_and_date_arithmetic() {
    let s = set(EVENTS);
    // nouveau.seuil exists from 2014-08-02: a contract of 2014-08-01 is not judged by it.
    let r = run(
        &s,
        &entrepreneur(
            ", contrat_debut: 2014-08-01, periode_essai_mois: 9",
            "2021-12-31",
        ),
    );
    assert_eq!(status(&r, "CJ005"), Status::NotApplicable);
    // The day it took effect, it applies.
    let r = run(
        &s,
        &entrepreneur(
            ", contrat_debut: 2014-08-02, periode_essai_mois: 9",
            "2021-12-31",
        ),
    );
    assert_eq!(status(&r, "CJ005"), Status::Fail);
    let f = r.findings.iter().find(|f| f.code == "CJ005").unwrap();
    assert_eq!(
        f.message,
        "E1 : 9 mois pour un contrat du 2014-08-02 ; au plus 1."
    );
    // Without `contrat_debut`, the entry date stands for it.
    let r = run(&s, &entrepreneur(", periode_essai_mois: 9", "2021-12-31"));
    assert_eq!(status(&r, "CJ005"), Status::NotApplicable);

    // essai.mois_max is 8 months from 2010: 2014-01-01 + 8 months = 2014-09-01, on the day passes.
    let r = run(&s, &entrepreneur(", societariat: 2014-09-01", "2021-12-31"));
    assert_eq!(status(&r, "CJ002"), Status::Pass, "{:?}", r.findings);
    let r = run(&s, &entrepreneur(", societariat: 2014-09-02", "2021-12-31"));
    assert_eq!(status(&r, "CJ002"), Status::Fail);
    // A CAPE of 2013-12-01 to 2013-12-31 (31 days, both ends included) moves the échéance to
    // 2014-08-01.
    let r = run(
        &s,
        &entrepreneur(
            ", societariat: 2014-08-01, cape: { debut: 2013-12-01, fin: 2013-12-31 }",
            "2021-12-31",
        ),
    );
    assert_eq!(status(&r, "CJ002"), Status::Pass, "{:?}", r.findings);
    let r = run(
        &s,
        &entrepreneur(
            ", societariat: 2014-08-02, cape: { debut: 2013-12-01, fin: 2013-12-31 }",
            "2021-12-31",
        ),
    );
    assert_eq!(
        r.findings
            .iter()
            .find(|f| f.code == "CJ002")
            .map(|f| f.message.as_str()),
        Some("E1 : échéance 2014-08-01 (CAPE : 31 jours).")
    );
    // Not yet associé: judged at the reference date, still within the délai.
    let r = run(&s, &entrepreneur("", "2014-09-01"));
    assert_eq!(status(&r, "CJ002"), Status::Pass);
    let r = run(&s, &entrepreneur("", "2014-09-02"));
    assert_eq!(status(&r, "CJ002"), Status::Fail);
}

/// Article 19 bis of the 1947 law counts the votes of some members whatever their group:
/// `union_votes` with `where` shares the article 18 table by a condition on each member.
#[test]
fn union_votes_of_the_members_that_meet_a_condition() {
    let pack = r#"
family: { code: UE, title: Union }
rules:
  - code: UE004
    name: voix-economie-sociale
    title: Voix de l'économie sociale
    severity: error
    niveau: obligatoire
    applies: { types: [union] }
    let:
      part: { union_votes: { members: /societaires, where: { in: [.forme_juridique, [scop_sa, association]] }, threshold: { param: ues.seuil }, college_share: { param: ues.part } } }
    check: { ge: [{ var: part }, { param: ues.part_a_min }] }
    message: "{part|%}"
    help: H.
    sources: [{ law: "Loi n° 47-1775", article: "19 bis" }]
    explanation: E.
"#;
    let s = set(pack);
    // 2 A (scop_sa), 2 B (one association): collège B by shares 30 / 10. The association holds
    // 35 % × 10 / 40 = 8,75 %: 65 % + 8,75 % = 73,75 %.
    let with_association = union(
        &[
            member("Cap", "A", 10),
            member("Graines", "A", 10),
            member("CGScop", "B", 30),
            "  - { nom: Réseau associatif, categorie: personne_morale, parts: 10, groupe: B, forme_juridique: association }\n".to_string(),
        ]
        .concat(),
    );
    let r = run(&s, &with_association);
    assert_eq!(status(&r, "UE004"), Status::Pass);
    // Without it, group A alone: 65 %, exactly the minimum.
    let r = run(
        &s,
        &with_association.replace("forme_juridique: association", "forme_juridique: sa"),
    );
    assert_eq!(status(&r, "UE004"), Status::Pass);
    let r = run(
        &s,
        &with_association
            .replace("forme_juridique: association", "forme_juridique: sa")
            .replace("nom: Cap, categorie: personne_morale, parts: 10, groupe: A, forme_juridique: scop_sa", "nom: Cap, categorie: personne_morale, parts: 10, groupe: A, forme_juridique: sarl"),
    );
    assert_eq!(status(&r, "UE004"), Status::Fail);
    assert_eq!(r.findings[0].message, "32,5 %");
}

#[test]
fn the_law_is_never_declared_waivable_and_the_old_models_are_named() {
    // A rule citing a law declared waivable is refused at load, on its `derogeable`.
    let pack = "family: { code: XX, title: Essais }\nrules:\n  - code: XX001\n    name: essai\n    title: Essai\n    severity: error\n    niveau: obligatoire\n    derogeable: true\n    check: { present: /cooperative/nom }\n    message: M.\n    help: Aide.\n    sources: [{ law: \"Loi n° 78-763 du 19 juillet 1978\", article: \"33\" }]\n    explanation: Essai.\n";
    let errors = load_errors(pack);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("RF018", 8));
    // Without `derogeable`, it defaults to not waivable; a practice rule to waivable.
    let s = set(&pack.replace("    derogeable: true\n", ""));
    assert!(!s.find("XX001").unwrap().waivable);
    let s = set(&pack.replace("    derogeable: true\n", "").replace(
        "{ law: \"Loi n° 78-763 du 19 juillet 1978\", article: \"33\" }",
        "{ practice: essai }",
    ));
    assert!(s.find("XX001").unwrap().waivable);

    // `blocking` belongs to the weighted model: the schema says what replaced it.
    let old = pack.replace("    derogeable: true\n", "    blocking: true\n");
    let errors = load_errors(&old);
    assert!(
        errors.iter().any(|(_, line, _, help)| *line == 8
            && help
                .as_deref()
                .is_some_and(|h| h.contains("niveau: obligatoire"))),
        "{errors:?}"
    );

    // A verdict of the weighted model is refused with a located message.
    let e = load_sources(
        vec![
            source("verdict.yaml", "severity_weights: { error: 3, warning: 1, info: 0 }\nprinciple_weights: { default: 1 }\nlabel_threshold: 0.8\n"),
            source("parameters.yaml", PARAMS),
        ],
        Lang::Fr,
    )
    .expect_err("the old verdict is refused");
    let (f, _) = &e.diagnostics[0];
    assert_eq!(f.code, "RF016");
    assert!(f.message.contains("ancien modèle"), "{}", f.message);

    // A builtin the engine does not know is refused.
    let builtin = pack
        .replace("    derogeable: true\n", "    kind: builtin\n")
        .replace("    check: { present: /cooperative/nom }\n", "");
    let errors = load_errors(&builtin);
    assert_eq!(errors[0].0, "RF019", "{errors:?}");
}

/// A pack whose check says "not more than the capital", written the two ways an author might.
fn not_pack(check: &str) -> String {
    format!(
        r#"
family: {{ code: RS, title: Réserves }}
rules:
  - code: RS001
    name: reserve-sous-le-capital
    title: La réserve n'atteint pas le capital
    severity: error
    niveau: recommande
    for_each: /exercices
    check: {check}
    message: "Exercice {{.annee}}."
    help: "Dotez la réserve."
    sources: [{{ practice: "essai" }}]
    explanation: Un essai.
"#
    )
}

/// Three-valued logic (rules/README.md § 3): a comparison on a missing value is unknown, and
/// `not` keeps it unknown, so `not` never passes because a value is missing; the absence is
/// said with `absent`, and `any` / `all` follow Kleene's tables.
#[test]
fn not_of_a_comparison_on_a_missing_value_stays_unknown_and_fails() {
    let with = |exercice: &str, check: &str| {
        let s = set(&not_pack(check));
        let r = run(&s, &dossier(&format!("exercices:\n  - {exercice}\n")));
        status(&r, "RS001")
    };
    let not_ge = "{ not: { ge: [.reserve_legale, .capital_social] } }";
    // Known values: `not` is plain negation.
    let known = "{ annee: 2000, excedent_net: 1, reserve_legale: 10, capital_social: 100 }";
    let reached = "{ annee: 2000, excedent_net: 1, reserve_legale: 100, capital_social: 100 }";
    let missing = "{ annee: 2000, excedent_net: 1, reserve_legale: 10 }";
    assert_eq!(with(known, not_ge), Status::Pass);
    assert_eq!(with(reached, not_ge), Status::Fail);
    // Unknown: the check is not shown to hold (before: `not` of a false comparison passed).
    assert_eq!(with(missing, not_ge), Status::Fail);
    // Said explicitly, the absence passes.
    let or_absent = "{ any: [{ absent: .capital_social }, { not: { ge: [.reserve_legale, .capital_social] } }] }";
    assert_eq!(with(missing, or_absent), Status::Pass);
    assert_eq!(with(reached, or_absent), Status::Fail);
    // Kleene: false and unknown is false, so its negation holds; true or unknown is true.
    let not_all =
        "{ not: { all: [{ eq: [.annee, 1999] }, { ge: [.reserve_legale, .capital_social] }] } }";
    assert_eq!(with(missing, not_all), Status::Pass);
    let not_all_unknown =
        "{ not: { all: [{ eq: [.annee, 2000] }, { ge: [.reserve_legale, .capital_social] }] } }";
    assert_eq!(with(missing, not_all_unknown), Status::Fail);
    let not_any =
        "{ not: { any: [{ eq: [.annee, 2000] }, { ge: [.reserve_legale, .capital_social] }] } }";
    assert_eq!(with(missing, not_any), Status::Fail);
    let any_true = "{ any: [{ eq: [.annee, 2000] }, { ge: [.reserve_legale, .capital_social] }] }";
    assert_eq!(with(missing, any_true), Status::Pass);
    // `none` is the negation of `some`: an item whose check is unknown is not shown absent.
    let none = "{ none: /exercices, check: { ge: [.reserve_legale, .capital_social] } }";
    assert_eq!(with(known, none), Status::Pass);
    assert_eq!(with(missing, none), Status::Fail);
    // A missing value is still unknown when the check uses `in` or `mentions`.
    let not_in = "{ not: { in: [.capital_social, [100, 200]] } }";
    assert_eq!(with(missing, not_in), Status::Fail);
    assert_eq!(with(known, not_in), Status::Fail);
    assert_eq!(
        with(reached, "{ not: { in: [.capital_social, [200]] } }"),
        Status::Pass
    );
}

/// The typed reading after the schema: a file the schema does not check at every start (a
/// shipped one) still has an unknown word refused at its place, with the closest word — never
/// a default level.
#[test]
fn an_unknown_word_is_refused_at_its_place_with_the_closest_one() {
    let pack = broken("    check: { present: /statuts }\n    message: M.\n")
        .replace("niveau: recommande", "niveau: obligatoir");
    let mut shipped = source("pack.yaml", &pack);
    shipped.embedded = true;
    let err = match load_sources(
        vec![
            source("verdict.yaml", VERDICT),
            source("parameters.yaml", PARAMS),
            shipped,
        ],
        Lang::Fr,
    ) {
        Ok(_) => panic!("the pack should not load"),
        Err(e) => e,
    };
    let (f, src) = &err.diagnostics[0];
    let src = src.as_ref().expect("located");
    let at = f.primary.as_ref().expect("a place").span;
    assert_eq!(f.code, "RF002");
    assert_eq!(&src.text()[at.start..at.end], "obligatoir");
    assert_eq!(src.line_col(at.start).line, 7);
    assert!(
        f.help.as_deref().unwrap().contains("`obligatoire`"),
        "{:?}",
        f.help
    );
}

/// A parameter's dated value keeps its place: the value in force at a date is found with the
/// bytes it is written in, and a bad one is refused there.
#[test]
fn a_parameter_value_keeps_its_place() {
    let set = set(&broken(
        "    check: { present: /statuts }\n    message: M.\n",
    ));
    let p = &set.params[set.param_index["essai.mois_max"]];
    let later = p.in_force(jiff::civil::date(2012, 1, 1)).expect("in force");
    assert_eq!(later.at.name(), "rules/parameters.yaml");
    assert_eq!(
        &later.at.file.text()[later.at.span.start..later.at.span.end],
        "8"
    );
    assert_eq!(later.at.line_col().line, 11);
    let earlier = p
        .in_force(jiff::civil::date(2009, 1, 1))
        .expect("since always");
    assert_eq!(
        &earlier.at.file.text()[earlier.at.span.start..earlier.at.span.end],
        "6"
    );

    let params = PARAMS.replace("value: 0.15", "value: 1.5");
    let err = match load_sources(
        vec![
            source("verdict.yaml", VERDICT),
            source("parameters.yaml", &params),
            source(
                "pack.yaml",
                &broken("    check: { present: /statuts }\n    message: M.\n"),
            ),
        ],
        Lang::Fr,
    ) {
        Ok(_) => panic!("a rate of 1.5 should be refused"),
        Err(e) => e,
    };
    let (f, src) = &err.diagnostics[0];
    let at = f.primary.as_ref().expect("a place").span;
    assert_eq!(f.code, "RF015");
    assert_eq!(&src.as_ref().unwrap().text()[at.start..at.end], "1.5");
}
