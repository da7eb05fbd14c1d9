//! `cooplabel import` and `cooplabel init --format xlsx` on files the tests write themselves:
//! CSV in UTF-8 and Windows-1252, XLSX made by the template writer, a minimal ODS, an
//! enDI-shaped export with personal-data columns, a cell error of each kind, the round trip
//! template → filled → import → check, a mapping with a typo.

mod common;

use std::io::Write;

use common::{Workspace, fill_template_evidence, run_in};
use cooplabel::dossier::Stage;
use cooplabel::dossier::{Country, DossierType};
use cooplabel::import::template::{TemplateOptions, workbook};
use cooplabel::load::{Limits, load_str};

const KEY: &str = "clé de test : trente-deux octets au moins";

fn run(ws: &Workspace, args: &[&str]) -> common::Run {
    run_in(ws.path(), args, &[("COOPLABEL_PSEUDONYM_KEY", KEY)], None)
}

const ENTREPRENEURS: &str = "\
id;activite;statut;contrat;entree;chiffre_affaires;cdd_par_mission
E001;graphiste;entrepreneur_salarie;CESA;01/03/2024;1 234,56;non
E002;ébéniste;en_test;cdi;2024-02-01;12 000;Oui
";

#[test]
fn csv_in_utf8_and_windows_1252_gives_the_same_section() {
    let ws = Workspace::new();
    ws.write("utf8.csv", ENTREPRENEURS);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(ENTREPRENEURS);
    ws.write("latin.csv", &*latin);
    let a = run(&ws, &["import", "entrepreneurs", "utf8.csv"]);
    let b = run(&ws, &["import", "entrepreneurs", "latin.csv"]);
    assert_eq!(a.status, Some(0), "{}", a.stderr);
    assert_eq!(b.status, Some(0), "{}", b.stderr);
    assert!(
        a.stderr
            .contains("encodage UTF-8 (détecté), séparateur point-virgule"),
        "{}",
        a.stderr
    );
    assert!(
        b.stderr.contains("encodage windows-1252 (détecté)"),
        "{}",
        b.stderr
    );
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&a.stdout), body(&b.stdout));
    insta::assert_snapshot!(a.stdout);
    // The section reads back with the project's loader, exact decimals and dates included.
    let doc = load_str("s", &a.stdout, &Limits::default()).unwrap();
    let e = doc.root.pointer("/entrepreneurs/0").unwrap();
    assert_eq!(
        e.get("chiffre_affaires").unwrap().value,
        cooplabel::load::Value::Number("1234.56".parse().unwrap())
    );
    assert_eq!(
        doc.root
            .pointer("/entrepreneurs/1/activite")
            .unwrap()
            .as_str(),
        Some("ébéniste")
    );
}

#[test]
fn a_cell_error_of_each_kind_is_located_and_its_row_left_out() {
    let ws = Workspace::new();
    ws.write(
        "e.csv",
        "id,activite,statut,contrat,entree,chiffre_affaires,cdd_par_mission,periode_essai_mois\n\
         E001,graphiste,entrepreneur_salarie,cesa,31/02/2024,100,non,3\n\
         E002,menuisier,en_test,cdi,2024-01-01,douze,non,3\n\
         E003,plombier,salarie,cdi,2024-01-01,100,non,3\n\
         E004,potier,en_test,cdi,2024-01-01,100,peut-être,3\n\
         E005,tisserand,en_test,cdi,,100,non,3\n\
         E006,relieur,en_test,cdi,2024-01-01,-5,non,3\n\
         E001,doublon,en_test,cdi,2024-01-01,100,non,3\n\
         E008,vitrier,en_test,cdi,2024-01-01,100,non,\"3\"\n",
    );
    let r = run(&ws, &["import", "entrepreneurs", "e.csv"]);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    for expected in [
        "e.csv, cellule E2 (ligne de E001) : « 31/02/2024 » ne peut pas être lu pour entree",
        "cellule F3 (ligne de E002) : « douze » ne peut pas être lu pour chiffre_affaires",
        "cellule C4 (ligne de E003) : « salarie » ne peut pas être lu pour statut",
        "cellule G5 (ligne de E004) : « peut-être » ne peut pas être lu pour cdd_par_mission",
        "cellule E6 (ligne de E005) : entree est vide",
        "cellule F7 (ligne de E006) : « -5 » ne peut pas être lu pour chiffre_affaires",
        "cellule A8 (ligne de E001) : l'identifiant E001 est déjà celui d'une ligne précédente",
        "la ligne 2 est laissée de côté",
        "8 ligne(s) lue(s), 1 importée(s), 0 écartée(s) par la correspondance, 7 laissée(s) de côté pour erreur",
    ] {
        assert!(
            r.stderr.contains(expected),
            "missing: {expected}\n{}",
            r.stderr
        );
    }
    // Only the one good row is in the output, whole.
    assert!(
        r.stdout.contains("id: E008") && !r.stdout.contains("E00")
            || r.stdout.matches("- {").count() == 1,
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.matches("- {").count(), 1, "{}", r.stdout);
    insta::assert_snapshot!(r.stderr);
}

#[test]
fn unknown_columns_are_listed_and_never_read() {
    let ws = Workspace::new();
    ws.write(
        "p.csv",
        "Nom,Type,Engagement,Téléphone du contact\nGrand Lyon,collectivite,convention 2024,06 12 34 56 78\n",
    );
    let r = run(&ws, &["import", "territoire.partenaires", "p.csv"]);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("colonnes ignorées (jamais lues) : « Téléphone du contact »"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("06 12"), "{}", r.stdout);
    assert!(r.stdout.contains("territoire:\n  partenaires:\n    - { nom: Grand Lyon, type: collectivite, engagement: convention 2024 }"), "{}", r.stdout);
}

/// An export shaped like enDI's, with the personal columns its « gestion sociale » export has.
const ENDI_EXPORT: &str = "\
\"Identifiant Autonomie\";\"Civilité\";\"Nom\";\"Prénom\";\"Numéro de sécurité sociale\";\"Date de naissance\";\"Date de la visite médicale\";\"Résultat de la visite médicale\";\"Allocation adulte handicapé - échéance (expiration)\";\"Situation de famille\";\"Adresse\";\"E-mail 1\";\"Situation dans la CAE\";\"Typologie des métiers/secteurs d'activités\";\"Titre de l'activité\";\"Date d'entrée dans la CAE\";\"Date d'entrée au sociétariat\";\"Type de contrat\";\"Code(s) analytique(s)\";\"CA TOTAL\"
\"101\";\"Mme\";\"Dupont\";\"Marie\";\"2 85 03 75 123 456 78\";\"12/03/1985\";\"04/01/2024\";\"Apte\";\"31/12/2026\";\"Mariée\";\"3 rue des Lilas\";\"marie.dupont@example.org\";\"Entrepreneur salarié\";\"Graphisme\";\"Marie Dupont Graphiste\";\"01/02/2023\";\"15/06/2024\";\"CESA\";\"411DUP\";\"42 500,00\"
\"102\";\"M.\";\"Martin\";\"Paul\";\"1 90 07 69 987 654 32\";\"01/07/1990\";\"\";\"\";\"\";\"Célibataire\";\"5 place du Marché\";\"paul.martin@example.org\";\"En convention\";\"Bâtiment\";\"Martin Menuiserie\";\"10/09/2024\";\"\";\"\";\"\";\"3 200,50\"
\"103\";\"Mme\";\"Durand\";\"Lea\";\"2 99 01 13 555 444 33\";\"05/05/1999\";\"\";\"\";\"\";\"\";\"\";\"\";\"Candidat\";\"Services\";\"\";\"\";\"\";\"\";\"\";\"\"
";

#[test]
fn an_endi_export_gives_entrepreneurs_with_nothing_personal() {
    let ws = Workspace::new();
    ws.write("export-endi.csv", ENDI_EXPORT);
    let r = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "endi",
        ],
    );
    // Row 102 is « En convention » : a CAPE, which this version of the format may not know yet
    // (then the row is left out, and said); row 101 is imported.
    assert!(matches!(r.status, Some(0 | 1)), "{}", r.stderr);
    for personal in [
        "Dupont",
        "Marie",
        "Martin",
        "Paul",
        "Durand",
        "2 85 03",
        "85 03 75",
        "1985",
        "1990",
        "04/01/2024",
        "2024-01-04",
        "Apte",
        "2026",
        "Mariée",
        "Lilas",
        "example.org",
        "Mme",
        "411DUP",
        "Graphiste",
        "Menuiserie",
        "101",
        "102",
    ] {
        assert!(
            !r.stdout.contains(personal),
            "{personal} leaked:\n{}",
            r.stdout
        );
    }
    // The candidate is set aside by the mapping; the others are pseudonymised.
    assert!(r.stderr.contains("3 ligne(s) lue(s)"), "{}", r.stderr);
    assert!(
        r.stderr.contains("1 écartée(s) par la correspondance"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("« Numéro de sécurité sociale »"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("à vérifier sur un export réel"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("id: P-"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("statut: entrepreneur_salarie_associe, contrat: cesa"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("entree: 2023-02-01, societariat: 2024-06-15, comptabilite_propre: true, chiffre_affaires: 42500.00"), "{}", r.stdout);
    // Pseudonyms are stable with the same key, and differ with another.
    let again = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "endi",
        ],
    );
    assert_eq!(again.stdout, r.stdout);
    let other = run_in(
        ws.path(),
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "endi",
        ],
        &[(
            "COOPLABEL_PSEUDONYM_KEY",
            "une autre clé, elle aussi assez longue",
        )],
        None,
    );
    assert_ne!(other.stdout, r.stdout);
    // The key itself is never shown.
    assert!(!r.stderr.contains(KEY) && !r.stdout.contains(KEY));
}

/// An enDI export as Excel saves it (CRLF): the statistics' « Date signature CAPE » with no
/// CAPE end anywhere in the export, and a typo on the fourth row.
const ENDI_CAPE_EXPORT: &str = "Identifiant Autonomie;Situation dans la CAE;Type de contrat;Typologie des métiers/secteurs d'activités;Date d'entrée dans la CAE;Date de contrat;Date signature CAPE;Code(s) analytique(s);CA TOTAL\r\n\
201;Entrepreneur salarié;CESA;Graphisme;02/01/2020;01/07/2020;02/01/2020;411A;1000\r\n\
202;Entrepreneur salarié;CESA;Web;02/01/2020;02/01/2020;;411B;1000\r\n\
203;Entrepreneur salarié;CESA;Web;02/01/2020;02/01/2020;;411C;mille\r\n";

#[test]
fn an_endi_cape_without_its_end_is_left_out_of_an_imported_row_and_said() {
    let ws = Workspace::new();
    ws.write("export-endi.csv", ENDI_CAPE_EXPORT);
    let r = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "endi",
        ],
    );
    // Both rows with readable cells are imported, the one with a CAPE signature without a
    // CAPE (its end is not in the export, and is never guessed), with a warning on its cell.
    assert!(
        r.stdout.contains("2 ligne(s) importée(s)"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(!r.stdout.contains("cape"), "{}", r.stdout);
    assert!(
        r.stdout.contains("contrat_debut: 2020-07-01"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("IM024"), "{}", r.stderr);
    assert!(
        r.stderr.contains("cellule G2") && r.stderr.contains("mais pas cape.fin"),
        "{}",
        r.stderr
    );
    // CRLF line endings: the unreadable amount is on row 4, cell I4, as Excel shows it.
    assert!(r.stderr.contains("cellule I4"), "{}", r.stderr);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
}

#[test]
fn pseudonymising_without_a_key_is_refused() {
    let ws = Workspace::new();
    ws.write("export-endi.csv", ENDI_EXPORT);
    let r = run_in(
        ws.path(),
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "endi",
        ],
        &[],
        None,
    );
    assert_eq!(r.status, Some(2));
    assert!(r.stderr.contains("IM013"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn a_mapping_that_reads_a_personal_column_is_refused() {
    let ws = Workspace::new();
    ws.write("export-endi.csv", ENDI_EXPORT);
    ws.write(
        "m.yaml",
        "correspondance: 1\nsections:\n  entrepreneurs:\n    champs:\n      id: { colonne: Identifiant Autonomie }\n      activite: { colonne: Numéro de sécurité sociale }\n      statut: { valeur: en_test }\n      contrat: { valeur: cesa }\n      entree: { colonne: Date d'entrée dans la CAE }\n",
    );
    let r = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "m.yaml",
        ],
    );
    assert_eq!(r.status, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("IM014") && r.stderr.contains("données personnelles"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("85 03"));
}

/// IM014 names every personal column the mapping would read, not only the first; a family
/// name and a trade name are personal for entrepreneurs (the dossier names none of them).
#[test]
fn a_mapping_reading_several_personal_columns_names_them_all() {
    let ws = Workspace::new();
    ws.write("export-endi.csv", ENDI_EXPORT);
    ws.write(
        "m.yaml",
        "correspondance: 1\nsections:\n  entrepreneurs:\n    champs:\n      id: { colonne: Nom }\n      activite: { colonne: [Titre de l'activité, Prénom] }\n      statut: { valeur: en_test }\n      contrat: { colonne: Numéro de sécurité sociale }\n      entree: { colonne: Date d'entrée dans la CAE }\n",
    );
    let r = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "m.yaml",
        ],
    );
    assert_eq!(r.status, Some(2), "{}", r.stderr);
    for named in [
        "« Nom » pour le champ id",
        "« Prénom » pour le champ activite",
        "« Numéro de sécurité sociale » pour le champ contrat",
        "3 colonnes",
    ] {
        assert!(r.stderr.contains(named), "{named}: {}", r.stderr);
    }
    assert!(r.stdout.is_empty());
    for title in ["Nom commercial", "Nom de famille", "NOM", "Prénom et nom"] {
        assert!(
            cooplabel::import::is_personal(title, "id"),
            "{title} is personal for an entrepreneur"
        );
    }
    // A sociétaire's or a partner's name is the dossier's own `nom` field.
    assert!(!cooplabel::import::is_personal("Nom", "nom"));
    assert!(!cooplabel::import::is_personal("Nom commercial", "nom"));
    assert!(cooplabel::import::is_personal("Prénom", "nom"));
}

#[test]
fn a_mapping_typo_is_refused_with_its_line() {
    let ws = Workspace::new();
    ws.write("e.csv", ENTREPRENEURS);
    ws.write(
        "m.yaml",
        "correspondance: 1\nsections:\n  entrepreneurs:\n    champs:\n      id: { colonne: id }\n      entre: { colonne: entree }\n",
    );
    let r = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "e.csv",
            "--mapping",
            "m.yaml",
            "--color",
            "never",
        ],
    );
    assert_eq!(r.status, Some(2));
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("[m.yaml:6:7]"), "{}", r.stderr);
    assert!(
        r.stderr.contains("vouliez-vous écrire `entree` ?"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!(r.stderr);
}

#[test]
fn into_writes_a_new_copy_and_never_an_input() {
    let ws = Workspace::new();
    ws.write("e.csv", ENTREPRENEURS);
    let mut init = run(&ws, &["init", "--etape", "suivi", "--annee", "2024"]);
    init.stdout = fill_template_evidence(&init.stdout);
    let dossier = ws.write("dossier.yaml", &init.stdout);
    let r = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "e.csv",
            "--into",
            "dossier.yaml",
            "--output",
            "nouveau.yaml",
        ],
    );
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&dossier).unwrap(),
        init.stdout,
        "the dossier is untouched"
    );
    let merged = std::fs::read_to_string(ws.path().join("nouveau.yaml")).unwrap();
    assert!(
        merged.contains("- { id: E002, activite: ébéniste"),
        "{merged}"
    );
    assert!(
        merged.contains("# Dossier pour cooplabel"),
        "comments are kept"
    );
    let check = run(&ws, &["check", "nouveau.yaml"]);
    assert_eq!(check.status, Some(0), "{}", check.stdout);
    for (output, input) in [("dossier.yaml", "--into"), ("e.csv", "FILE")] {
        let r = run(
            &ws,
            &[
                "import",
                "entrepreneurs",
                "e.csv",
                "--into",
                "dossier.yaml",
                "--output",
                output,
            ],
        );
        assert_eq!(r.status, Some(2), "{input}");
        assert!(r.stderr.contains("IM030"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read_to_string(&dossier).unwrap(), init.stdout);
    // A link to an input is the input.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&dossier, ws.path().join("lien.yaml")).unwrap();
        let r = run(
            &ws,
            &[
                "import",
                "entrepreneurs",
                "e.csv",
                "--into",
                "dossier.yaml",
                "--output",
                "lien.yaml",
            ],
        );
        assert_eq!(r.status, Some(2), "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&dossier).unwrap(), init.stdout);
    }
}

/// The round trip a territory makes: the template, filled, imported, checked.
#[test]
fn a_filled_template_becomes_a_dossier_that_check_accepts() {
    let ws = Workspace::new();
    for (stage, name) in [
        (Stage::Faisabilite, "faisabilite"),
        (Stage::Mobilisation, "mobilisation"),
        (Stage::Montage, "montage"),
        (Stage::Suivi, "suivi"),
    ] {
        let init = run(&ws, &["init", "--etape", name, "--annee", "2024"]);
        let filled = fill_template_evidence(&init.stdout);
        let doc = load_str("init", &filled, &Limits::default()).unwrap();
        let options = TemplateOptions {
            kind: DossierType::Cooperative,
            stage,
            country: Country::Fr,
            year: 2024,
        };
        let bytes = workbook(&options, Some(&doc.root)).unwrap();
        let file = format!("{name}.xlsx");
        ws.write(&file, bytes);
        let out = format!("{name}.yaml");
        let r = run(&ws, &["import", "all", &file, "--output", &out]);
        assert_eq!(r.status, Some(0), "{name}: {}", r.stderr);
        let check = run(&ws, &["check", "--format", "json", &out]);
        assert_eq!(check.status, Some(0), "{name}: {}", check.stdout);
        // The same values as the YAML template, read back from the workbook.
        let back = load_str(
            "back",
            &std::fs::read_to_string(ws.path().join(&out)).unwrap(),
            &Limits::default(),
        )
        .unwrap();
        // Compared as data: key order within a table and trailing zeros of a number
        // (`0.10`, which a spreadsheet stores as the number 0.1) are not part of it.
        assert_eq!(canonical(&back.root), canonical(&doc.root), "{name}");
    }
}

/// `import entrepreneurs` (and every list section) on the tool's own template reads the
/// section's sheet by its name, not the « Dossier » sheet that comes first.
#[test]
fn a_section_import_reads_its_sheet_of_the_template() {
    let ws = Workspace::new();
    let init = run(&ws, &["init", "--etape", "suivi", "--annee", "2024"]);
    let filled = fill_template_evidence(&init.stdout);
    let doc = load_str("init", &filled, &Limits::default()).unwrap();
    let options = TemplateOptions {
        kind: DossierType::Cooperative,
        stage: Stage::Suivi,
        country: Country::Fr,
        year: 2024,
    };
    ws.write("suivi.xlsx", workbook(&options, Some(&doc.root)).unwrap());
    for (section, pointer, sheet) in [
        ("entrepreneurs", "/entrepreneurs", "Entrepreneurs"),
        ("societaires", "/societaires", "Sociétaires"),
        (
            "territoire.partenaires",
            "/territoire/partenaires",
            "Partenaires",
        ),
    ] {
        let r = run(&ws, &["import", section, "suivi.xlsx"]);
        assert_eq!(r.status, Some(0), "{section}: {}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("{section} (feuille « {sheet} »)")),
            "{section}: {}",
            r.stderr
        );
        let back = load_str("back", &r.stdout, &Limits::default()).unwrap();
        let expected = doc.root.pointer(pointer).unwrap();
        assert!(
            !expected.items().is_empty(),
            "{section}: the example has rows"
        );
        assert_eq!(
            canonical(back.root.pointer(pointer).unwrap()),
            canonical(expected),
            "{section}"
        );
    }
    // A feasibility template has no « Entrepreneurs » sheet: said, not read from « Dossier ».
    let options = TemplateOptions {
        stage: Stage::Faisabilite,
        ..options
    };
    ws.write("faisabilite.xlsx", workbook(&options, None).unwrap());
    let r = run(&ws, &["import", "entrepreneurs", "faisabilite.xlsx"]);
    assert_eq!(r.status, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("IM011") && r.stderr.contains("aucune feuille « Entrepreneurs »"),
        "{}",
        r.stderr
    );
}

/// The template's notes say what to do in the workbook: « oui »/« non » as the drop-down
/// offers, a percentage typed with its sign, a date as a spreadsheet takes it; nothing of the
/// YAML form (true/false, decimal fractions, AAAA-MM-JJ, quotes).
#[test]
fn the_template_notes_speak_of_the_workbook_not_of_yaml() {
    for stage in Stage::ALL {
        let options = TemplateOptions {
            kind: DossierType::Cooperative,
            stage,
            country: Country::Fr,
            year: 2024,
        };
        let bytes = workbook(&options, None).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..zip.len())
            .filter_map(|i| {
                zip.by_index(i)
                    .ok()
                    .and_then(|f| f.name().ok().map(|n| n.to_string()))
            })
            .collect();
        let mut notes = String::new();
        for name in names.iter().filter(|n| n.starts_with("xl/comments")) {
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut notes).unwrap();
        }
        assert!(!notes.is_empty());
        for yaml in [
            "true",
            "false",
            "fraction décimale",
            "AAAA-MM-JJ",
            "guillemets",
            "0.65",
            "0.10",
            "[",
        ] {
            assert!(!notes.contains(yaml), "{stage:?}: « {yaml} » in {notes}");
        }
        assert!(notes.contains("Oui si "), "{stage:?}");
        assert!(notes.contains("Choisissez oui ou non."), "{stage:?}");
        if stage >= Stage::Montage {
            assert!(
                notes.contains("un pourcentage (le minimum légal des Scop est de 15 %). Saisissez un pourcentage, avec le signe % (15 %)."),
                "{notes}"
            );
        }
    }
}

/// A template holds what its stage needs and what the next stage will (the report's « Pour
/// passer à l'étape suivante »): a feasibility template has the partners' sheets, and not the
/// later stages' evidence.
#[test]
fn a_template_holds_its_stage_and_the_next() {
    let sheets_and_keys = |stage| {
        let options = TemplateOptions {
            kind: DossierType::Cooperative,
            stage,
            country: Country::Fr,
            year: 2024,
        };
        let bytes = workbook(&options, None).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        (read("xl/workbook.xml"), read("xl/sharedStrings.xml"))
    };
    let (book, strings) = sheets_and_keys(Stage::Faisabilite);
    for sheet in ["Dossier", "Partenaires", "Comité technique"] {
        assert!(
            book.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {book}"
        );
    }
    for absent in ["Entrepreneurs", "Sociétaires", "Exercices"] {
        assert!(!book.contains(&format!("name=\"{absent}\"")), "{absent}");
    }
    assert!(strings.contains("creation.faisabilite.volonte_territoriale"));
    assert!(strings.contains("creation.mobilisation.comite_pilotage"));
    assert!(!strings.contains("creation.montage."), "{strings}");
    assert!(!strings.contains("creation.suivi."), "{strings}");
    let (book, strings) = sheets_and_keys(Stage::Mobilisation);
    for sheet in ["Partenaires", "Sociétaires"] {
        assert!(
            book.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {book}"
        );
    }
    assert!(strings.contains("creation.montage.statuts_adoptes"));
    assert!(!strings.contains("creation.suivi."), "{strings}");
}

/// « Offre existante analysée » is read by ET003 (feasibility study) and DL002 (territory):
/// the template asks it once, at the feasibility study, and the import writes the answer at
/// both places.
#[test]
fn the_template_asks_a_fact_read_at_two_places_once() {
    let ws = Workspace::new();
    for stage in Stage::ALL {
        let options = TemplateOptions {
            kind: DossierType::Cooperative,
            stage,
            country: Country::Fr,
            year: 2024,
        };
        let bytes = workbook(&options, None).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut strings = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
            &mut strings,
        )
        .unwrap();
        assert_eq!(
            strings.matches("Offre existante analysée").count(),
            1,
            "{stage:?}: {strings}"
        );
        assert!(
            !strings.contains("territoire.offre_existante_analysee"),
            "{stage:?}"
        );
    }
    // Filled from `init`'s example: the workbook has no territory row for the fact, so the
    // territory's answer read back can only come from the feasibility study's.
    let init = run(&ws, &["init", "--etape", "mobilisation", "--annee", "2024"]);
    let filled = fill_template_evidence(&init.stdout);
    let values = load_str("init", &filled, &Limits::default()).unwrap();
    let options = TemplateOptions {
        kind: DossierType::Cooperative,
        stage: Stage::Mobilisation,
        country: Country::Fr,
        year: 2024,
    };
    ws.write("m.xlsx", workbook(&options, Some(&values.root)).unwrap());
    let r = run(&ws, &["import", "all", "m.xlsx", "--output", "m.yaml"]);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let back = load_str(
        "back",
        &std::fs::read_to_string(ws.path().join("m.yaml")).unwrap(),
        &Limits::default(),
    )
    .unwrap();
    for pointer in [
        "/creation/faisabilite/offre_existante_analysee",
        "/territoire/offre_existante_analysee",
    ] {
        assert!(
            back.root
                .pointer(pointer)
                .is_some_and(|n| n.value == cooplabel::load::Value::Bool(true)),
            "{pointer}"
        );
    }
}

fn canonical(node: &cooplabel::load::Node) -> serde_json::Value {
    use cooplabel::load::Value;
    match &node.value {
        Value::Map(entries) => {
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_by(|a, b| a.key.cmp(&b.key));
            serde_json::Value::Object(
                sorted
                    .into_iter()
                    .map(|e| (e.key.clone(), canonical(&e.node)))
                    .collect(),
            )
        }
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(canonical).collect()),
        Value::Number(d) => serde_json::Value::String(d.normalize().to_string()),
        _ => cooplabel::schema::json::to_json(node),
    }
}

#[test]
fn the_template_has_sheets_validation_and_help_notes() {
    let ws = Workspace::new();
    let r = run(
        &ws,
        &[
            "init",
            "--format",
            "xlsx",
            "--etape",
            "suivi",
            "--output",
            "modele.xlsx",
        ],
    );
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let file = std::fs::File::open(ws.path().join("modele.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    for sheet in [
        "Dossier",
        "Exercices",
        "Sociétaires",
        "Entrepreneurs",
        "Partenaires",
        "Comité technique",
    ] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {workbook}"
        );
    }
    let entrepreneurs = read("xl/worksheets/sheet4.xml");
    assert!(
        entrepreneurs.contains("type=\"list\""),
        "enum and yes/no drop-downs"
    );
    assert!(
        entrepreneurs.contains("\"en_test,entrepreneur_salarie"),
        "{entrepreneurs}"
    );
    assert!(entrepreneurs.contains("\"oui,non\""));
    assert!(
        entrepreneurs.contains("type=\"date\""),
        "dates are validated"
    );
    let fiche = read("xl/worksheets/sheet1.xml");
    assert!(fiche.contains("type=\"decimal\""), "rates between 0 and 1");
    let notes = read("xl/comments1.xml");
    assert!(
        notes.contains("AAAA-MM-JJ") || notes.contains("Saisissez une date"),
        "help texts as notes"
    );
    // An empty template imports, and says what is missing.
    let r = run(&ws, &["import", "all", "modele.xlsx"]);
    assert_eq!(r.status, Some(1));
    assert!(
        r.stderr
            .contains("feuille « Dossier » (cooperative) : clé obligatoire manquante"),
        "{}",
        r.stderr
    );
}

/// A minimal OpenDocument spreadsheet, written the way the format says: a zip whose first
/// member is the uncompressed `mimetype`, a manifest, and `content.xml`.
fn ods(rows: &[&[(&str, &str)]]) -> Vec<u8> {
    let mut cells = String::new();
    for row in rows {
        cells.push_str("<table:table-row>");
        for (kind, v) in *row {
            match *kind {
                "date" => cells.push_str(&format!("<table:table-cell office:value-type=\"date\" office:date-value=\"{v}\"><text:p>{v}</text:p></table:table-cell>")),
                "float" => cells.push_str(&format!("<table:table-cell office:value-type=\"float\" office:value=\"{v}\"><text:p>{v}</text:p></table:table-cell>")),
                _ => cells.push_str(&format!("<table:table-cell office:value-type=\"string\"><text:p>{v}</text:p></table:table-cell>")),
            }
        }
        cells.push_str("</table:table-row>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
<office:body><office:spreadsheet><table:table table:name=\"Exercices\">{cells}</table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(manifest.as_bytes()).unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn an_ods_sheet_of_financial_years() {
    let ws = Workspace::new();
    ws.write(
        "comptes.ods",
        ods(&[
            &[
                ("s", "Année"),
                ("s", "Excédent net"),
                ("s", "Dotation à la réserve légale"),
                ("s", "Capital social"),
            ],
            &[
                ("float", "2023"),
                ("float", "120000.5"),
                ("float", "18000"),
                ("float", "210000"),
            ],
            &[
                ("float", "2024"),
                ("s", "-3 500,25"),
                ("float", "0"),
                ("s", "deux cent mille"),
            ],
        ]),
    );
    let r = run(&ws, &["import", "exercices", "comptes.ods"]);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    assert!(r.stdout.contains("- { annee: 2023, excedent_net: 120000.5, dotation_reserve_legale: 18000, capital_social: 210000 }"), "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "comptes.ods, feuille « Exercices », cellule D3 (ligne de 2024) : « deux cent mille »"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("fichier lu : comptes.ods (ODS)"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_xlsx_with_dates_numbers_and_a_1900_bug_date() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sociétaires").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in ["Nom", "Catégorie", "Parts", "Charte signée le"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Coopérative A").unwrap();
    sheet.write_string(1, 1, "personne_morale").unwrap();
    sheet.write_number(1, 2, 10.0).unwrap();
    sheet
        .write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(2024, 3, 1).unwrap(), &date)
        .unwrap();
    sheet.write_string(2, 0, "Coopérative B").unwrap();
    sheet.write_string(2, 1, "personne_morale").unwrap();
    sheet.write_number(2, 2, 2.5).unwrap();
    // Serial 60 in the 1900 system: the 29 February 1900 that never existed.
    sheet.write_number_with_format(2, 3, 60.0, &date).unwrap();
    let ws = Workspace::new();
    ws.write("s.xlsx", book.save_to_buffer().unwrap());
    let r = run(&ws, &["import", "societaires", "s.xlsx"]);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    assert!(r.stdout.contains("- { nom: Coopérative A, categorie: personne_morale, parts: 10, charte_signee: 2024-03-01 }"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("cellule C3 (ligne de Coopérative B) : « 2.5 »"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("29 février 1900 n'a jamais existé"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_mapping_schema_and_the_endi_mapping_are_printed() {
    let ws = Workspace::new();
    let r = run(&ws, &["schema", "mapping"]);
    assert_eq!(r.status, Some(0));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let r = run(&ws, &["import", "--print-mapping", "endi"]);
    assert_eq!(r.status, Some(0));
    assert!(r.stdout.contains("À VÉRIFIER SUR UN EXPORT RÉEL"));
    ws.write("ma.yaml", &r.stdout);
    ws.write("export-endi.csv", ENDI_EXPORT);
    let copy = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "ma.yaml",
        ],
    );
    let builtin = run(
        &ws,
        &[
            "import",
            "entrepreneurs",
            "export-endi.csv",
            "--mapping",
            "endi",
        ],
    );
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&copy.stdout), body(&builtin.stdout));
}

#[test]
fn hostile_cells_cannot_forge_yaml_nor_reach_the_terminal_raw() {
    let ws = Workspace::new();
    ws.write(
        "p.csv",
        "nom,type\n\"x }\n  - { nom: forgé, type: financeur\",financeur\n\"\u{1b}[31mrouge\u{202e}\",collectivite\n\"\u{1b}]8;;http://x\u{7}lien\",pas_un_type\n",
    );
    let r = run(&ws, &["import", "territoire.partenaires", "p.csv"]);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    let doc = load_str("s", &r.stdout, &Limits::default()).unwrap();
    let items = doc.root.pointer("/territoire/partenaires").unwrap().items();
    assert_eq!(items.len(), 2, "{}", r.stdout);
    assert_eq!(
        items[0].get("nom").unwrap().as_str(),
        Some("x }\n  - { nom: forgé, type: financeur")
    );
    assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{202e}'));
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
        "{:?}",
        r.stderr
    );
}
