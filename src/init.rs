//! `cooplabel init`: a commented French template of a dossier for a stage, a country and a
//! type, every key explained, that passes the dossier schema as printed.

use crate::dossier::Stage;

/// What the template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TemplateOptions<'a> {
    /// The creation stage.
    pub stage: Stage,
    /// `FR` or `BE`.
    pub country: &'a str,
    /// `cooperative` or `union`.
    pub kind: &'a str,
    /// The year the dossier covers.
    pub year: i16,
}

struct Out {
    text: String,
}

impl Out {
    /// Adds a line; a trailing ` # comment` is aligned on the comment column. A line that is
    /// all comment (a key to uncomment) stays as written.
    fn line(&mut self, s: &str) {
        const COLUMN: usize = 38;
        if s.trim_start().starts_with('#') {
            self.text.push_str(s);
            self.text.push('\n');
            return;
        }
        match s.split_once(" # ") {
            Some((content, comment)) if !content.trim_start().starts_with('#') => {
                let content = content.trim_end();
                let width = content.chars().count();
                let pad = if width + 2 > COLUMN {
                    2
                } else {
                    COLUMN - width
                };
                self.text
                    .push_str(&format!("{content}{}# {comment}", " ".repeat(pad)));
            }
            _ => self.text.push_str(s),
        }
        self.text.push('\n');
    }
    fn blank(&mut self) {
        self.text.push('\n');
    }
}

/// The template.
pub(crate) fn template(o: TemplateOptions<'_>) -> String {
    let y = o.year;
    let be = o.country == "BE";
    let union = o.kind == "union";
    let at = |s: Stage| o.stage >= s;
    // Currencies before the euro (1 January 2002 for notes and coins).
    let devise = match (be, y < 2002) {
        (_, false) => "EUR",
        (true, true) => "BEF",
        (false, true) => "FRF",
    };
    let forme = match (be, union) {
        (false, _) => "scop_sa",
        (true, _) if y >= 2019 => "sc_entreprise_sociale",
        (true, _) => "sc_finalite_sociale",
    };
    let mut w = Out {
        text: String::new(),
    };
    w.line("# Dossier pour cooplabel — modèle généré par `cooplabel init`.");
    w.line("#");
    w.line("# Remplacez chaque valeur d'exemple par celle de votre coopérative, supprimez ce qui ne vous");
    w.line("# concerne pas (les clés facultatives le disent), puis vérifiez le dossier :");
    w.line("#     cooplabel check mon-dossier.yaml");
    w.line("#");
    w.line("# Règles d'écriture : les clés s'écrivent sans accents ; un taux s'écrit en fraction décimale");
    w.line("# (0.15 pour 15 %) ; un montant en chiffres, sans espace, dans la devise du dossier (2457.66) ;");
    w.line("# une date AAAA-MM-JJ (2000-12-31) ; oui/non s'écrivent true/false. Le texte après # est un");
    w.line("# commentaire, ignoré.");
    w.line("#");
    w.line("# Pour que votre éditeur complète et vérifie les clés pendant la saisie, enregistrez le schéma");
    w.line("# à côté du dossier (`cooplabel schema dossier > dossier.schema.json`) : la ligne suivante le");
    w.line("# lui indique.");
    w.line("# yaml-language-server: $schema=dossier.schema.json");
    w.blank();
    w.line("dossier: 1                          # version du format (toujours 1)");
    w.line(&format!(
        "type: {} # cooperative, ou union pour l'union d'économie sociale du réseau",
        o.kind
    ));
    w.blank();
    w.line(if union {
        "cooperative:                        # l'identité de l'union"
    } else {
        "cooperative:                        # l'identité de la coopérative"
    });
    w.line("  nom: Nom de la coopérative         # le nom d'usage");
    w.line(&format!(
        "  pays: {}                           # FR ou BE : choisit les règles du pays",
        o.country
    ));
    w.line(if o.country == "BE" {
        "  # numero_entreprise: \"0123.456.749\"  # le numéro d'entreprise (10 chiffres, clé modulo 97) : désigne la coopérative dans le registre du comité"
    } else {
        "  # siren: \"123456782\"                # le SIREN (9 chiffres, clé de Luhn) : désigne la coopérative dans le registre du comité"
    });
    if at(Stage::Montage) {
        w.line(&format!(
            "  forme_juridique: {forme} # scop_sa, scop_sarl, scop_sas, scic, cooperative, sc_finalite_sociale, sc_entreprise_sociale…"
        ));
        w.line(&format!(
            "  date_creation: {y}-01-15           # date d'immatriculation (facultatif)"
        ));
    } else {
        w.line("  # forme_juridique: scop_sarl       # la forme envisagée (obligatoire à partir de l'étape montage)");
    }
    w.line("  territoire: Ville ou territoire    # facultatif");
    if !be {
        w.line(
            "  membre_cg_scop: true               # adhérente à la Confédération générale des Scop",
        );
    }
    if at(Stage::Montage) {
        w.line(&format!(
            "  charte_signee: {y}-01-15           # date de signature de la charte Coopérer pour entreprendre (à retirer si non signée)"
        ));
    }
    w.blank();
    w.line(&format!(
        "periode: {{ debut: {y}-01-01, fin: {y}-12-31 }}   # la période couverte ; sa fin est la date à laquelle les règles s'appliquent"
    ));
    w.line(&format!(
        "etape: {} # faisabilite, mobilisation, montage ou suivi (l'étape du label)",
        o.stage.as_str()
    ));
    let amounts = at(Stage::Suivi);
    if amounts {
        w.line(&format!(
            "devise: {devise}                         # devise des montants (EUR, FRF, BEF…)"
        ));
    }
    if at(Stage::Montage) {
        w.blank();
        w.line("statuts:                            # ce que disent les statuts");
        w.line("  reserves_impartageables: true      # les réserves ne peuvent jamais être distribuées aux associés");
        w.line("  dotation_reserves_min: 0.15        # part de l'excédent net que les statuts affectent aux réserves (0.15 = 15 %)");
        w.line("  regle_vote: une_personne_une_voix  # une personne, une voix");
        if !union {
            let taux = "0.10";
            w.line(&format!(
                "  contribution: {{ assiette: marge_brute, taux: {taux} }}   # contribution des activités : marge_brute ou chiffre_affaires, et son taux"
            ));
        }
        w.blank();
        if union {
            w.line("# Les sociétaires de l'union : groupe A (coopératives du réseau) et groupe B (autres personnes).");
            w.line("# Un sociétaire du groupe A donne aussi forme_juridique, charte_signee et membre_cg_scop.");
            w.line("societaires:");
            w.line(&format!(
                "  - {{ nom: Coopérative A, categorie: personne_morale, parts: 10, groupe: A, forme_juridique: scop_sa, charte_signee: {y}-01-15, membre_cg_scop: true }}"
            ));
            w.line(&format!(
                "  - {{ nom: Coopérative B, categorie: personne_morale, parts: 10, groupe: A, forme_juridique: scop_sarl, charte_signee: {y}-01-15, membre_cg_scop: true }}"
            ));
            w.line("  - { nom: Partenaire, categorie: personne_morale, parts: 5, groupe: B }");
        } else {
            w.line("# Les associés : nom, catégorie (salarie, entrepreneur_salarie, personne_morale, exterieur) et parts ;");
            w.line("# mandat_social: true pour qui est gérant, administrateur ou membre d'un conseil. Une personne morale");
            w.line("# donne sa forme_juridique (scop_sa, cooperative, association, mutuelle…) : elle dit si c'est une coopérative.");
            w.line("societaires:");
            for (i, (nom, cat)) in [
                ("Associée 1", "salarie"),
                ("Associé 2", "salarie"),
                ("Associée 3", "entrepreneur_salarie"),
                ("Associé 4", "entrepreneur_salarie"),
                ("Associée 5", "entrepreneur_salarie"),
                ("Associé 6", "entrepreneur_salarie"),
                ("Associée 7", "entrepreneur_salarie"),
            ]
            .iter()
            .enumerate()
            {
                let parts = if i < 2 { 20 } else { 10 };
                let mandat = if i < 2 { ", mandat_social: true" } else { "" };
                w.line(&format!(
                    "  - {{ nom: {nom}, categorie: {cat}, parts: {parts}{mandat} }}"
                ));
            }
        }
    }
    if at(Stage::Suivi) && !union {
        w.blank();
        w.line("# Les exercices : comment l'excédent net de chaque année a été réparti (un par année).");
        w.line("exercices:");
        w.line(&format!("  - annee: {y}"));
        w.line("    excedent_net: 100000                # excédent net de l'année (négatif pour un déficit)");
        w.line("    dotation_reserve_legale: 15000      # affecté à la réserve légale");
        w.line(
            "    dotation_fonds_developpement: 45000 # affecté au fonds de développement (réserve)",
        );
        w.line(
            "    part_travail: 25000                 # part travail, répartie entre les salariés",
        );
        w.line("    dividendes: 10000                   # rémunération du capital");
        w.line("    capital_social: 200000");
        w.line("    capital_max_atteint: 200000         # le capital le plus élevé jamais atteint");
        w.line("    reserve_legale: 50000               # la réserve légale avant l'affectation de l'année");
        w.line("    reserves_totales: 80000             # toutes les réserves avant l'affectation (facultatif)");
        w.blank();
        w.line("accueil:                            # comment on entre dans la coopérative");
        w.line("  critere_entree: maitrise_technique # maitrise_technique, facturation ou autre");
        w.line("  facturation_minimum_entree: 0      # un minimum de facturation à l'entrée (0 : aucun)");
        w.line("  selection_viabilite_a_priori: false # juger à l'entrée la viabilité économique du projet");
        w.blank();
        w.line("public: { accueillis: 100, en_difficulte: 60, cadres_consultants: 5 }   # personnes accueillies dans l'année");
        w.blank();
        w.line("accompagnement:");
        w.line("  gratuit: true                      # l'accompagnement est gratuit pour l'entrepreneur");
        w.line("  domaines: [action_commerciale, marketing, communication, gestion]");
        w.line("  intervenants_specialises: 3        # permanents spécialisés");
        w.line("  entretiens_individuels_par_an: 4   # par entrepreneur");
        w.line("  services_mutualises: [comptabilite, gestion_paie, tresorerie, assurances, formation]");
        w.line("  duree_max_mois: 18                 # durée maximale de l'accompagnement");
        w.line("  reunions_collectives_par_an: 12    # réunions de tous les entrepreneurs");
        w.blank();
        w.line("# Les entrepreneurs, un par ligne. statut : en_test, entrepreneur_salarie, entrepreneur_salarie_associe,");
        w.line("# candidat_entrepreneur ; contrat : cdi, cesa, cape (phase de test en France), cdd, convention ou aucun ;");
        w.line("# contrat_debut : début du contrat actuel (facultatif, sinon l'entrée) ; cape: { debut, fin } : un CAPE qui");
        w.line("# a précédé le contrat (facultatif) ; societariat : date où il est devenu associé (à retirer sinon) ;");
        w.line("# sortie : date de départ (à retirer sinon).");
        w.line("entrepreneurs:");
        let (statut, contrat) = match (be, y >= 2016) {
            (true, _) => ("candidat_entrepreneur", "convention"),
            (false, true) => ("entrepreneur_salarie_associe", "cesa"),
            (false, false) => ("entrepreneur_salarie_associe", "cdi"),
        };
        let societariat = if be {
            String::new()
        } else {
            format!(", societariat: {y}-06-01")
        };
        w.line(&format!(
            "  - {{ id: E001, activite: graphiste, statut: {statut}, contrat: {contrat}, cdd_par_mission: false, entree: {y}-03-01{societariat}, comptabilite_propre: true, tresorerie_identifiee: true, prospection_nom_propre: true, chiffre_affaires: 40000, marge_brute: 30000, contribution: 3000.00 }}"
        ));
        if !be {
            // The test phase before the contract: a CAPE in France (Code de commerce L127-1).
            w.line(&format!(
                "  - {{ id: E002, activite: maraîchère, statut: en_test, contrat: cape, cdd_par_mission: false, entree: {y}-09-01, comptabilite_propre: true, tresorerie_identifiee: true, prospection_nom_propre: true, chiffre_affaires: 2000, marge_brute: 1500, contribution: 150.00 }}   # en test sous CAPE"
            ));
        }
    }
    if at(Stage::Mobilisation) && !union {
        w.blank();
        w.line("territoire:");
        w.line(
            "  # les partenaires locaux ; type : collectivite, institution, partenaire_economique,",
        );
        w.line("  # partenaire_social, financeur ou structure_appui");
        w.line("  partenaires:");
        w.line("    - { nom: Communauté de communes, type: collectivite, engagement: \"convention de partenariat\" }");
        w.line("    - { nom: Maison de l'initiative, type: structure_appui }");
        w.line("  comite_technique:                # le Comité technique des partenaires");
        if be {
            w.line("    - { nom: FOREM, type: institution }");
            w.line("    - { nom: ONEM, type: institution }");
            w.line("    - { nom: Inspection des lois sociales, type: institution }");
        } else {
            w.line("    - { nom: Agence pour l'emploi, type: institution }");
        }
        // Evidence, like the creation stages': left for the user to assert.
        w.line("  # offre_existante_analysee: true # l'offre d'accompagnement existante a été analysée (retirez le « # »)");
    }
    if !union {
        w.blank();
        w.line("creation:                           # les preuves de chacune des quatre étapes de création");
        w.line("  # Les pièces ne sont pas inventées pour vous : tant qu'une étape reste « {} », check dit ce");
        w.line("  # qui lui manque. Pour la remplir, retirez « {} » puis le « # » de ses lignes, et donnez vos pièces.");
        evidence(
            &mut w,
            "faisabilite",
            &[
                "volonte_territoriale: \"délibération du conseil communautaire du …\" # la pièce qui montre la volonté du territoire",
                "structure_appui: \"nom de la structure d'appui\" # la structure qui appuie le projet (maison de l'initiative…)",
                "offre_existante_analysee: true # l'offre d'accompagnement existante a été étudiée",
            ],
        );
        if at(Stage::Mobilisation) {
            evidence(
                &mut w,
                "mobilisation",
                &[
                    "partenaires_engages: 3 # le nombre de partenaires qui se sont engagés",
                    "comite_pilotage: true # un comité de pilotage du projet est constitué",
                    "plan_financement: true # un plan de financement est établi",
                ],
            );
        }
        if at(Stage::Montage) {
            evidence(
                &mut w,
                "montage",
                &[
                    &format!("statuts_adoptes: {y}-01-10 # date d'adoption des statuts"),
                    &format!("immatriculation: {y}-01-15 # date d'immatriculation"),
                    "equipe_permanente: 2 # le nombre de permanents de l'équipe",
                ],
            );
        }
        if at(Stage::Suivi) {
            evidence(
                &mut w,
                "suivi",
                &[
                    "convention_suivi: true # une convention de suivi est signée",
                    &format!("bilans: [{y}] # les années dont le bilan annuel est fait"),
                ],
            );
        }
    }
    if at(Stage::Montage) && !be {
        w.blank();
        w.line(&format!(
            "revision: {{ derniere: {y}-02-15, reviseur: \"nom du réviseur agréé\" }}   # la dernière révision coopérative (tous les cinq ans ; à retirer s'il n'y en a pas eu)"
        ));
    }
    if at(Stage::Suivi) && !union {
        w.blank();
        w.line(&format!(
            "statistiques: {{ annee: {y}, accueils: 100, accompagnements: 40, salaries: 12, chiffre_affaires: 500000 }}   # pour l'état des lieux du réseau"
        ));
    }
    w.blank();
    w.line(
        "# Les dérogations ne s'écrivent pas ici : le comité de labellisation les inscrit dans son",
    );
    w.line(
        "# registre (cooplabel check --derogations REGISTRE.yaml ; cooplabel schema derogations).",
    );
    w.text
}

/// One creation stage's evidence: an empty table, then its keys commented out with what each
/// proves. An unedited template must not pass as evidence (`check` would validate a stage on
/// placeholders), while it must still pass the dossier schema, which wants the table.
fn evidence(w: &mut Out, stage: &str, keys: &[&str]) {
    w.line(&format!(
        "  {stage}: {{}}                 # à remplir : retirez « {{}} » et le « # » des lignes suivantes"
    ));
    for key in keys {
        let (content, comment) = key.split_once(" # ").unwrap_or((key, ""));
        w.line(&format!("    # {content:<34} # {comment}"));
    }
}
