//! A generator of varied, realistic dossiers, for benchmarks and property tests: French and
//! Belgian cooperatives, years 1999–2024, all four stages, a chosen number of entrepreneurs,
//! and now and then the mistakes real dossiers have (a low reserve, a fixed-term contract, a
//! missed meeting). Deterministic: the same seed gives the same dossier.

use std::fmt::Write;

/// A small deterministic pseudo-random generator (SplitMix64): enough to vary test data, and
/// no dependency for it.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[lo, hi]`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `percent` %.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.range(1, 100) <= percent
    }

    /// One of the items.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64 - 1) as usize]
    }
}

const TRADES: &[&str] = &[
    "graphiste",
    "traductrice",
    "menuisier",
    "formatrice",
    "photographe",
    "ébéniste",
    "céramiste",
    "développeur web",
    "rédactrice",
    "consultante en gestion",
    "jardinier paysagiste",
    "couturière",
    "architecte d'intérieur",
    "coach sportif",
    "illustratrice",
    "électricien",
    "plombière",
];
const TOWNS: &[&str] = &[
    "Lyon",
    "Saint-Étienne",
    "Toulouse",
    "Marseille",
    "Auxerre",
    "Castres",
    "Nantes",
    "Liège",
    "Namur",
    "Créteil",
];

/// A dossier with `entrepreneurs` entrepreneurs (about 5 KB for 10), varied by `seed`.
pub fn dossier(seed: u64, entrepreneurs: usize) -> String {
    let mut r = Rng::new(seed);
    let be = r.chance(20);
    let year = r.range(1999, 2024) as i32;
    let stage = if r.chance(85) {
        "suivi"
    } else {
        *r.pick(&["faisabilite", "mobilisation", "montage"])
    };
    let at = |s: &str| {
        let order = ["faisabilite", "mobilisation", "montage", "suivi"];
        order.iter().position(|x| *x == stage) >= order.iter().position(|x| *x == s)
    };
    let devise = match (be, year < 2002) {
        (_, false) => "EUR",
        (true, true) => "BEF",
        (false, true) => "FRF",
    };
    let forme = if be {
        if year >= 2019 {
            "sc_entreprise_sociale"
        } else {
            "sc_finalite_sociale"
        }
    } else {
        *r.pick(&["scop_sa", "scop_sarl", "scop_sas"])
    };
    let town = r.pick(TOWNS);
    let created = year - r.range(1, 6) as i32;
    let mut y = String::with_capacity(1024 + entrepreneurs * 330);
    let _ = writeln!(
        y,
        "# Dossier généré (graine {seed}) pour les mesures et les tests de propriétés."
    );
    let _ = writeln!(y, "dossier: 1\ntype: cooperative\ncooperative:");
    let _ = writeln!(y, "  nom: \"Coopérative d'activités n° {seed} de {town}\"");
    let _ = writeln!(y, "  pays: {}", if be { "BE" } else { "FR" });
    if at("montage") {
        let _ = writeln!(
            y,
            "  forme_juridique: {forme}\n  date_creation: {created}-0{}-1{}",
            r.range(1, 9),
            r.range(0, 9)
        );
        let _ = writeln!(y, "  charte_signee: {created}-11-16");
    }
    let _ = writeln!(y, "  territoire: {town}");
    if !be {
        let _ = writeln!(y, "  membre_cg_scop: true");
    }
    let _ = writeln!(
        y,
        "periode: {{ debut: {year}-01-01, fin: {year}-12-31 }}\netape: {stage}"
    );
    if at("suivi") {
        let _ = writeln!(y, "devise: {devise}");
    }
    if at("montage") {
        let reserves = *r.pick(&["0.15", "0.45", "0.50", "0.65"]);
        let _ = writeln!(
            y,
            "statuts:\n  reserves_impartageables: true\n  dotation_reserves_min: {reserves}\n  regle_vote: une_personne_une_voix\n  contribution: {{ assiette: marge_brute, taux: 0.10 }}"
        );
        let _ = writeln!(y, "societaires:");
        for i in 0..r.range(7, 12) {
            let cat = if i < 7 {
                "entrepreneur_salarie"
            } else {
                *r.pick(&["salarie", "exterieur", "personne_morale"])
            };
            let _ = writeln!(
                y,
                "  - {{ nom: Associé {i}, categorie: {cat}, parts: {} }}",
                r.range(10, 300)
            );
        }
    }
    if at("suivi") {
        let _ = writeln!(y, "exercices:");
        for k in 0..2 {
            // Multiples of 100, so that the legal shares are whole.
            let surplus = r.range(100, 3_000) * 100;
            // A tenth of the years allocate a little too little to the legal reserve.
            let legal_pct = if r.chance(10) { 12 } else { 15 };
            let legal = surplus * legal_pct / 100;
            let dev = surplus * 50 / 100;
            let work = surplus * 25 / 100;
            let div = surplus - legal - dev - work;
            let capital = r.range(50_000, 400_000);
            let _ = writeln!(
                y,
                "  - {{ annee: {}, excedent_net: {surplus}, dotation_reserve_legale: {legal}, dotation_fonds_developpement: {dev}, part_travail: {work}, dividendes: {div}, capital_social: {capital}, capital_max_atteint: {capital}, reserve_legale: {} }}",
                year - 1 + k,
                capital / 3
            );
        }
        let _ = writeln!(
            y,
            "accueil: {{ critere_entree: maitrise_technique, facturation_minimum_entree: 0, selection_viabilite_a_priori: false }}"
        );
        let welcomed = r.range(40, 400);
        let _ = writeln!(
            y,
            "public: {{ accueillis: {welcomed}, en_difficulte: {}, cadres_consultants: {} }}",
            welcomed * 6 / 10,
            r.range(0, 20)
        );
        let meetings = if r.chance(10) { 9 } else { 12 };
        let _ = writeln!(
            y,
            "accompagnement:\n  gratuit: true\n  domaines: [action_commerciale, marketing, communication, gestion]\n  intervenants_specialises: {}\n  entretiens_individuels_par_an: 4\n  services_mutualises: [comptabilite, gestion_paie, tresorerie, assurances]\n  duree_max_mois: 18\n  reunions_collectives_par_an: {meetings}",
            r.range(2, 6)
        );
        let _ = writeln!(
            y,
            "entrepreneurs:{}",
            if entrepreneurs == 0 { " []" } else { "" }
        );
        let mut turnover = 0u64;
        for i in 0..entrepreneurs {
            let entry_year = (year - r.range(0, 2) as i32).max(created);
            let entry = format!("{entry_year}-{:02}-{:02}", r.range(1, 12), r.range(1, 28));
            let (statut, contrat) = match (be, year >= 2016) {
                (true, _) => ("candidat_entrepreneur", "convention"),
                (false, true) => ("entrepreneur_salarie_associe", "cesa"),
                (false, false) => ("entrepreneur_salarie_associe", "cdi"),
            };
            let contrat = if r.chance(3) { "cdd" } else { contrat };
            let member = if be {
                String::new()
            } else {
                format!(", societariat: {entry_year}-12-31")
            };
            let ca = r.range(5_000, 120_000);
            turnover += ca;
            let margin = ca * r.range(50, 95) / 100;
            let _ = writeln!(
                y,
                "  - {{ id: E{i:04}, activite: {}, statut: {statut}, contrat: {contrat}, cdd_par_mission: false, entree: {entry}{member}, comptabilite_propre: true, tresorerie_identifiee: true, prospection_nom_propre: true, chiffre_affaires: {ca}, marge_brute: {margin}, contribution: {}.{:02} }}",
                r.pick(TRADES),
                margin / 10,
                (margin % 10) * 10
            );
        }
        let supported = (welcomed / 2).max(entrepreneurs as u64);
        let _ = writeln!(
            y,
            "statistiques: {{ annee: {year}, accueils: {}, accompagnements: {supported}, salaries: {entrepreneurs}, chiffre_affaires: {turnover} }}",
            welcomed.max(supported)
        );
    }
    if at("mobilisation") {
        let _ = writeln!(
            y,
            "territoire:\n  partenaires:\n    - {{ nom: Communauté de {town}, type: collectivite, engagement: \"convention\" }}\n    - {{ nom: Maison de l'initiative, type: structure_appui }}"
        );
        if be {
            let _ = writeln!(
                y,
                "  comite_technique:\n    - {{ nom: FOREM, type: institution }}\n    - {{ nom: ONEM, type: institution }}\n    - {{ nom: Inspection des lois sociales, type: institution }}"
            );
        } else {
            let _ = writeln!(
                y,
                "  comite_technique:\n    - {{ nom: Agence pour l'emploi, type: institution }}"
            );
        }
        let _ = writeln!(y, "  offre_existante_analysee: true");
    }
    let _ = writeln!(
        y,
        "creation:\n  faisabilite: {{ volonte_territoriale: \"délibération de {town}\", structure_appui: \"Maison de l'initiative\", offre_existante_analysee: true }}"
    );
    if at("mobilisation") {
        let _ = writeln!(
            y,
            "  mobilisation: {{ partenaires_engages: 3, comite_pilotage: true, plan_financement: true }}"
        );
    }
    if at("montage") {
        let _ = writeln!(
            y,
            "  montage: {{ statuts_adoptes: {created}-01-10, immatriculation: {created}-02-01, equipe_permanente: 2 }}"
        );
    }
    if at("suivi") {
        let _ = writeln!(
            y,
            "  suivi: {{ convention_suivi: true, bilans: [{}, {year}] }}",
            year - 1
        );
    }
    y
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_dossiers_are_deterministic_and_about_5_kb() {
        assert_eq!(super::dossier(7, 10), super::dossier(7, 10));
        assert_ne!(super::dossier(7, 10), super::dossier(8, 10));
        let sizes: Vec<usize> = (0..20).map(|s| super::dossier(s, 10).len()).collect();
        let suivi = (0..20)
            .filter(|s| super::dossier(*s, 10).contains("etape: suivi"))
            .count();
        assert!(suivi > 10);
        assert!(
            sizes.iter().any(|&n| (4_000..7_000).contains(&n)),
            "{sizes:?}"
        );
    }
}
