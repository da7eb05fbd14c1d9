//! The engine's own codes: every diagnostic the tool itself gives (LD reading a file, SC the
//! dossier's structure, RF a rule file, RE the committee's register, IM an import, RP the
//! report), as one enum, each with its name, title and documentation in French and English.
//!
//! Findings of the engine are built from a [`Code`] (`Finding::new`), so a code cannot be
//! misspelled, given two names, or left out of `cooplabel explain` and SARIF's rule list. The
//! rules of the packs (AS…, RS…, DG… and DR… included: the latter are `kind: builtin` rules
//! documented by their YAML entry) have their own codes and are not listed here.
//!
//! A code is never reused: a problem that is no longer reported keeps its code unused.

use crate::lang::Lang;

/// What a code's documentation says, in one language.
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    /// A title (one line).
    pub title: &'static str,
    /// What causes it and how to fix it.
    pub doc: &'static str,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal $name:literal
        fr($title_fr:literal, $doc_fr:literal)
        en($title_en:literal, $doc_en:literal); )*) => {
        /// A code of the engine (see the module's documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $title_en]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of the registry.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written (`LD011`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The kebab-case name (`cle-en-double`).
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// Title and documentation in `lang`.
            pub fn texts(self, lang: Lang) -> Texts {
                match (self, lang) {
                    $(
                        (Code::$variant, Lang::Fr) => Texts { title: $title_fr, doc: $doc_fr },
                        (Code::$variant, Lang::En) => Texts { title: $title_en, doc: $doc_en },
                    )*
                }
            }
        }
    };
}

codes! {
    // Reading a file (a dossier, a rule file, the register).
    Ld001 = "LD001" "fichier-illisible"
        fr("Fichier illisible", "Le fichier est absent, illisible, ou n'est pas un fichier ordinaire : lien cassé, boucle de liens, lien qui sort du répertoire vérifié, tube nommé (FIFO), périphérique, socket, fichier de /proc ou /sys. Le message dit lequel ; le fichier n'est pas lu. Vérifiez le chemin donné.")
        en("Unreadable file", "The file is missing, unreadable, or not a regular file: a broken link, a link loop, a link leaving the checked directory, a named pipe (FIFO), a device, a socket, a file of /proc or /sys. The message says which; the file is not read. Check the path given.");
    Ld002 = "LD002" "fichier-trop-gros"
        fr("Fichier trop gros", "Le fichier dépasse --max-file-size. Un dossier fait quelques dizaines de kilo-octets ; s'il est vraiment si gros, relevez la limite.")
        en("File too large", "The file is over --max-file-size. A dossier is a few tens of kilobytes; if it really is that large, raise the limit.");
    Ld003 = "LD003" "fichier-vide"
        fr("Fichier vide", "Le fichier a 0 octet, ou seulement des blancs. Un dossier commence par `dossier: 1` ; `cooplabel init` écrit un modèle à remplir.")
        en("Empty file", "The file has 0 bytes, or only blanks. A dossier starts with `dossier: 1`; `cooplabel init` prints a template to fill in.");
    Ld004 = "LD004" "fichier-binaire"
        fr("Fichier binaire", "Le fichier contient un octet nul : c'est un document de traitement de texte ou un tableur, pas du texte YAML. Enregistrez-le comme texte brut (UTF-8).")
        en("Binary file", "The file holds a NUL byte: it is a word-processor or spreadsheet file, not YAML text. Save it as plain text (UTF-8).");
    Ld005 = "LD005" "encodage-non-utf8"
        fr("Encodage autre que UTF-8", "Le fichier est en Latin-1, Windows-1252 ou UTF-16 ; l'octet fautif est montré. Réenregistrez-le en UTF-8.")
        en("Not UTF-8", "The file is in Latin-1, Windows-1252 or UTF-16; the offending byte is shown. Save it again as UTF-8.");
    Ld006 = "LD006" "aucune-donnee"
        fr("Aucune donnée", "Le fichier ne contient que des commentaires ou des lignes vides.")
        en("No data", "The file holds only comments or blank lines.");
    Ld010 = "LD010" "yaml-invalide"
        fr("YAML invalide", "Le texte n'est pas du YAML valide : guillemet non fermé, tabulation dans l'indentation, liste mal alignée… L'erreur est montrée sur sa ligne avec une piste.")
        en("Invalid YAML", "The text is not valid YAML: an unclosed quote, a tab in the indentation, a misaligned list… The error is shown on its line with a hint.");
    Ld011 = "LD011" "cle-en-double"
        fr("Clé en double", "La même clé apparaît deux fois dans une table ; les deux occurrences sont montrées. Gardez-la une seule fois et regroupez-y les valeurs.")
        en("Duplicate key", "The same key appears twice in a mapping; both occurrences are shown. Keep it once and gather its values there.");
    Ld012 = "LD012" "imbrication-trop-profonde"
        fr("Imbrication trop profonde", "Le fichier imbrique plus de --max-depth niveaux de listes et de tables ; un dossier en a bien moins.")
        en("Nesting too deep", "The file nests more than --max-depth levels of lists and mappings; a dossier has far fewer.");
    Ld013 = "LD013" "bombe-d-alias"
        fr("Alias démesurés", "Des alias `*nom` se développent au-delà de --max-alias-nodes valeurs (une « bombe » d'alias). Écrivez les valeurs elles-mêmes.")
        en("Alias bomb", "Aliases `*name` expand past --max-alias-nodes values (an alias bomb). Write the values themselves.");
    Ld014 = "LD014" "trop-de-valeurs"
        fr("Trop de valeurs", "Le fichier a plus de --max-nodes valeurs ; relevez la limite si le dossier est vraiment si grand.")
        en("Too many values", "The file has more than --max-nodes values; raise the limit if the dossier really is that large.");
    Ld015 = "LD015" "plusieurs-documents"
        fr("Plusieurs documents", "Le fichier contient plusieurs documents YAML séparés par `---` ; un dossier par fichier.")
        en("Several documents", "The file holds several YAML documents separated by `---`; one dossier per file.");
    Ld016 = "LD016" "racine-pas-une-table"
        fr("La racine n'est pas une table", "Le fichier est une liste ou un simple texte ; un dossier est une table de clés (`dossier: 1`, `type: …`).")
        en("The root is not a mapping", "The file is a list or a plain text; a dossier is a mapping of keys (`dossier: 1`, `type: …`).");
    Ld017 = "LD017" "cle-complexe"
        fr("Clé complexe", "Une clé est une liste ou une table (`? [a]`) ; les clés d'un dossier sont des mots.")
        en("Complex key", "A key is a list or a mapping (`? [a]`); a dossier's keys are words.");
    Ld018 = "LD018" "version-yaml"
        fr("Version de YAML non prise en charge", "Une directive `%YAML` annonce une autre version que 1.x ; retirez-la.")
        en("Unsupported YAML version", "A `%YAML` directive announces a version other than 1.x; remove it.");
    Ld019 = "LD019" "pas-un-dossier"
        fr("Pas un dossier", "Un fichier YAML nommé en argument n'a pas de clé `dossier:` à sa racine (un workflow, la configuration d'un autre outil) : il n'est pas évaluable. Trouvé en parcourant un répertoire, il est laissé de côté avec une note. Un dossier commence par `dossier: 1`.")
        en("Not a dossier", "A YAML file named as an argument has no `dossier:` key at its root (a workflow, another tool's configuration): it cannot be evaluated. Found while walking a directory, it is left aside with a note. A dossier starts with `dossier: 1`.");

    // The dossier's structure (its JSON Schema, `cooplabel schema`).
    Sc001 = "SC001" "type-incorrect"
        fr("Type incorrect", "La valeur n'a pas le type attendu : `membre_cg_scop: oui` au lieu de `true`, `accueillis: \"deux cents\"` au lieu d'un nombre.")
        en("Wrong type", "The value does not have the expected type: `membre_cg_scop: oui` instead of `true`, `accueillis: \"deux cents\"` instead of a number.");
    Sc002 = "SC002" "cle-manquante"
        fr("Clé manquante", "Une clé exigée à cette étape manque ; le constat est montré sur la table qui devrait la contenir, et l'aide dit ce qu'elle attend.")
        en("Missing key", "A key required at this stage is missing; the finding is shown on the mapping that should hold it, and the help says what it expects.");
    Sc003 = "SC003" "cle-inconnue"
        fr("Clé inconnue", "La clé ne fait pas partie du format du dossier ; l'aide propose la clé la plus proche et liste les clés possibles.")
        en("Unknown key", "The key is not part of the dossier format; the help suggests the closest key and lists the allowed ones.");
    Sc004 = "SC004" "valeur-non-autorisee"
        fr("Valeur non autorisée", "La valeur n'est pas l'une de celles que le format prévoit (`pays: FRANCE` ; valeurs possibles : `FR`, `BE`).")
        en("Value not allowed", "The value is not one of those the format provides (`pays: FRANCE`; allowed: `FR`, `BE`).");
    Sc005 = "SC005" "hors-limites"
        fr("Hors limites", "Le nombre sort des bornes du format ; un taux écrit `65` au lieu de `0.65` reçoit la fraction proposée.")
        en("Out of range", "The number is outside the format's bounds; a rate written `65` instead of `0.65` gets the fraction suggested.");
    Sc006 = "SC006" "format-invalide"
        fr("Format invalide", "Une date doit s'écrire AAAA-MM-JJ et exister (`2000-02-30` et `31/12/2000` sont refusés).")
        en("Invalid format", "A date must be written YYYY-MM-DD and exist (`2000-02-30` and `31/12/2000` are refused).");
    Sc007 = "SC007" "valeur-imposee"
        fr("Valeur imposée", "La clé a une seule valeur possible (`dossier: 1`).")
        en("Fixed value", "The key has a single possible value (`dossier: 1`).");
    Sc008 = "SC008" "forme-incorrecte"
        fr("Forme incorrecte", "La valeur n'a pas la forme attendue (un SIREN de 9 chiffres, un code de devise…).")
        en("Wrong shape", "The value does not have the expected shape (a 9-digit SIREN, a currency code…).");
    Sc009 = "SC009" "structure-incorrecte"
        fr("Structure incorrecte", "Tout autre écart au schéma du dossier (une liste vide là où il faut un élément, une combinaison de clés impossible…).")
        en("Wrong structure", "Any other departure from the dossier's schema (an empty list where an item is needed, an impossible combination of keys…).");

    // Rule files (`--rules`, the shipped packs, parameters, the decision model).
    Rf000 = "RF000" "regles-illisibles"
        fr("Fichiers de règles illisibles", "Le répertoire ou un fichier de règles ne peut pas être lu (absent, lien, pas un fichier ordinaire).")
        en("Unreadable rule files", "The rules directory or one of its files cannot be read (missing, a link, not a regular file).");
    Rf001 = "RF001" "operation-inconnue"
        fr("Opération inconnue", "Une expression utilise une opération que le langage ne connaît pas ; l'aide propose la plus proche. rules/README.md les liste.")
        en("Unknown operation", "An expression uses an operation the language does not know; the help suggests the closest. rules/README.md lists them.");
    Rf002 = "RF002" "fichier-de-regles-mal-forme"
        fr("Fichier de règles mal formé", "Le fichier n'a pas la forme d'un fichier de règles (`cooplabel schema rules`).")
        en("Malformed rule file", "The file does not have the shape of a rule file (`cooplabel schema rules`).");
    Rf003 = "RF003" "parametre-inconnu"
        fr("Paramètre inconnu", "Une expression ou un texte cite un paramètre que parameters.yaml ne déclare pas ; l'aide propose le plus proche.")
        en("Unknown parameter", "An expression or a text names a parameter parameters.yaml does not declare; the help suggests the closest.");
    Rf004 = "RF004" "valeur-nommee-inconnue"
        fr("Valeur nommée inconnue", "`{ var: … }` cite une valeur que la règle ne nomme pas dans `let`.")
        en("Unknown named value", "`{ var: … }` names a value the rule does not define in `let`.");
    Rf005 = "RF005" "chemin-invalide"
        fr("Chemin invalide", "Un chemin commence par / (depuis la racine du dossier) ou . (depuis l'élément courant) et sépare les clés par un seul /.")
        en("Invalid path", "A path starts with / (from the dossier's root) or . (from the current item) and separates keys with a single /.");
    Rf006 = "RF006" "contexte-inconnu"
        fr("Contexte inconnu", "`context` vaut date, stage, country ou type.")
        en("Unknown context", "`context` is date, stage, country or type.");
    Rf007 = "RF007" "regle-citee-inconnue"
        fr("Règle citée inconnue", "`failed` cite un code qu'aucune règle chargée ne porte.")
        en("Unknown rule cited", "`failed` names a code no loaded rule has.");
    Rf008 = "RF008" "declaration-en-double"
        fr("Déclaration en double", "Un code, un nom de règle, un paramètre ou une famille est déclaré deux fois ; chacun est unique, et un code n'est jamais réutilisé.")
        en("Declared twice", "A code, a rule name, a parameter or a family is declared twice; each is unique, and a code is never reused.");
    Rf009 = "RF009" "principe-inconnu"
        fr("Principe inconnu", "`principle` cite un principe que la charte ne connaît pas (`cooplabel explain` donne les principes).")
        en("Unknown principle", "`principle` names a principle the charter does not have (`cooplabel explain` gives the principles).");
    Rf010 = "RF010" "famille-inconnue"
        fr("Famille inconnue", "Le code d'une règle commence par une famille qu'aucun fichier ne déclare (`family: { code, title }`).")
        en("Unknown family", "A rule's code starts with a family no file declares (`family: { code, title }`).");
    Rf011 = "RF011" "dependance-en-boucle"
        fr("Dépendance en boucle", "Des règles dépendent les unes des autres en boucle (`failed`) ; le message donne la boucle.")
        en("Dependency loop", "Rules depend on each other in a loop (`failed`); the message gives the loop.");
    Rf012 = "RF012" "date-invalide"
        fr("Date invalide", "Une date de règle, de source ou de paramètre n'est pas AAAA-MM-JJ, ou une période finit avant de commencer.")
        en("Invalid date", "A date of a rule, a source or a parameter is not YYYY-MM-DD, or a period ends before it starts.");
    Rf013 = "RF013" "texte-invalide"
        fr("Texte de message invalide", "Un message, une aide ou une étiquette a une accolade non appariée, un format inconnu (seul `|%` existe) ou un repère inconnu.")
        en("Invalid message text", "A message, help or label has an unmatched brace, an unknown format (only `|%` exists) or an unknown placeholder.");
    Rf014 = "RF014" "note-avec-verification"
        fr("Note avec vérification", "Une règle `kind: note` ne vérifie rien : elle n'a pas de `check`.")
        en("Note with a check", "A `kind: note` rule checks nothing: it has no `check`.");
    Rf015 = "RF015" "valeur-de-parametre-invalide"
        fr("Valeur de paramètre invalide", "Une valeur de paramètre ne correspond pas à son unité (un taux entre 0 et 1), ou les valeurs datées ne vont pas de la plus ancienne à la plus récente.")
        en("Invalid parameter value", "A parameter value does not match its unit (a rate between 0 and 1), or the dated values do not go from oldest to newest.");
    Rf016 = "RF016" "modele-de-decision-invalide"
        fr("Modèle de décision invalide", "verdict.yaml suit l'ancien modèle (poids, seuil de score), est chargé deux fois, ou ses valeurs sont impossibles ; voir `cooplabel schema verdict`.")
        en("Invalid decision model", "verdict.yaml follows the old model (weights, score threshold), is loaded twice, or has impossible values; see `cooplabel schema verdict`.");
    Rf017 = "RF017" "regle-trop-imbriquee"
        fr("Règle trop imbriquée", "La règle imbrique trop de parcours de listes : sur une liste de n éléments elle coûterait n^k évaluations. Découpez-la en règles plus simples.")
        en("Rule nested too deeply", "The rule nests too many walks over lists: on a list of n items it would cost n^k evaluations. Split it into simpler rules.");
    Rf018 = "RF018" "loi-non-derogeable"
        fr("La loi n'est pas dérogeable", "Une règle qui cite une loi ne peut pas être `derogeable: true` : le comité de labellisation n'écarte pas la loi.")
        en("The law cannot be waived", "A rule that cites a law cannot be `derogeable: true`: the labelling committee does not set the law aside.");
    Rf019 = "RF019" "verification-integree-inconnue"
        fr("Vérification intégrée inconnue", "Une règle `kind: builtin` porte un code qu'aucune vérification du moteur ne connaît.")
        en("Unknown builtin check", "A `kind: builtin` rule has a code no check of the engine knows.");
    Rf020 = "RF020" "chemin-inconnu"
        fr("Chemin inconnu du format", "Une règle lit un chemin que le schéma du dossier ne définit pas ; l'aide propose la clé la plus proche.")
        en("Path unknown to the format", "A rule reads a path the dossier's schema does not define; the help suggests the closest key.");
    Rf021 = "RF021" "valeur-impossible"
        fr("Valeur impossible", "Une règle compare une valeur à une autre que le format n'autorise jamais (`{ eq: [.contrat, CDI] }`).")
        en("Impossible value", "A rule compares a value with one the format never allows (`{ eq: [.contrat, CDI] }`).");
    Rf022 = "RF022" "types-incompatibles"
        fr("Types incompatibles", "Une règle compare une date à un nombre (ou des valeurs de types que le format rend incomparables).")
        en("Incompatible types", "A rule compares a date with a number (or values of types the format makes incomparable).");
    Rf023 = "RF023" "regles-trop-grosses"
        fr("Règles trop grosses", "Un fichier de règles dépasse 1 Mio, ou le répertoire 2 Mio.")
        en("Rules too large", "A rule file is over 1 MiB, or the directory over 2 MiB.");
    Rf024 = "RF024" "paquet-livre-remplace"
        fr("Paquet livré remplacé", "Un fichier de --rules porte le nom d'un paquet livré sans que --replace-pack le nomme, ou --replace-pack nomme un paquet que --rules ne contient pas.")
        en("Shipped pack replaced", "A file of --rules has the name of a shipped pack that --replace-pack does not name, or --replace-pack names a pack --rules does not hold.");
    Rf025 = "RF025" "nombre-illisible"
        fr("Nombre illisible", "Un nombre d'une expression ne peut pas être lu exactement (trop grand ou trop précis).")
        en("Unreadable number", "A number of an expression cannot be read exactly (too large or too precise).");
    Rf026 = "RF026" "arguments-incorrects"
        fr("Arguments incorrects", "Une opération reçoit un nombre ou une forme d'arguments qu'elle n'accepte pas (`{ ge: [a, b] }`) ; l'aide montre la forme attendue.")
        en("Wrong arguments", "An operation gets a number or a shape of arguments it does not accept (`{ ge: [a, b] }`); the help shows the expected form.");
    Rf027 = "RF027" "chemin-attendu"
        fr("Chemin attendu", "L'opération (`present`, `absent`…) attend un chemin (/… ou .…), pas une valeur calculée.")
        en("Path expected", "The operation (`present`, `absent`…) expects a path (/… or .…), not a computed value.");
    Rf028 = "RF028" "code-de-regle-attendu"
        fr("Code de règle attendu", "`failed` attend une liste de codes de règles.")
        en("Rule code expected", "`failed` expects a list of rule codes.");
    Rf029 = "RF029" "cle-d-operation-manquante"
        fr("Clé d'opération manquante", "Une opération à clés (`total`, `share`, `switch`, `all`, `union_votes`…) n'a pas une clé qu'elle exige (`of`, `where`, `cases`, `check`…).")
        en("Missing operation key", "An operation with keys (`total`, `share`, `switch`, `all`, `union_votes`…) lacks a key it needs (`of`, `where`, `cases`, `check`…).");
    Rf030 = "RF030" "cle-d-operation-inconnue"
        fr("Clé d'opération inconnue", "Une opération à clés reçoit une clé qu'elle ne connaît pas, ou qui n'a pas de sens à côté d'elle.")
        en("Unknown operation key", "An operation with keys gets a key it does not know, or one that makes no sense beside it.");
    Rf031 = "RF031" "cles-exclusives"
        fr("Clés exclusives", "`union_votes` prend `group` (A ou B) ou `where`, pas les deux.")
        en("Exclusive keys", "`union_votes` takes `group` (A or B) or `where`, not both.");
    Rf032 = "RF032" "regles-incompletes"
        fr("Règles incomplètes", "La charte ou le modèle de décision (verdict.yaml) manque au jeu de règles.")
        en("Incomplete rules", "The charter or the decision model (verdict.yaml) is missing from the rule set.");

    // The committee's waiver register (`check --derogations`).
    Re001 = "RE001" "regle-inconnue"
        fr("Règle inconnue du registre", "Une entrée du registre déroge à un code qu'aucune règle ne porte ; l'aide propose le plus proche (`cooplabel rules` les liste).")
        en("Rule unknown to the register", "A register entry waives a code no rule has; the help suggests the closest (`cooplabel rules` lists them).");
    Re002 = "RE002" "dates-incoherentes"
        fr("Dates incohérentes", "La dérogation prend fin (`jusqu_au`) avant la décision qui l'accorde (`decision`).")
        en("Inconsistent dates", "The waiver ends (`jusqu_au`) before the decision that grants it (`decision`).");
    Re003 = "RE003" "siren-invalide"
        fr("SIREN invalide", "Le SIREN d'une entrée n'a pas 9 chiffres ou sa clé de Luhn est fausse ; l'aide donne la clé attendue.")
        en("Invalid SIREN", "An entry's SIREN does not have 9 digits or its Luhn check digit is wrong; the help gives the expected one.");
    Re004 = "RE004" "numero-entreprise-invalide"
        fr("Numéro d'entreprise invalide", "Le numéro d'entreprise belge d'une entrée n'a pas 10 chiffres ou sa clé modulo 97 est fausse.")
        en("Invalid enterprise number", "An entry's Belgian enterprise number does not have 10 digits or its mod-97 check is wrong.");

    // The import (`cooplabel import`).
    Im001 = "IM001" "correspondance-illisible"
        fr("Correspondance illisible", "Le fichier de correspondance est absent ou illisible.")
        en("Unreadable mapping", "The mapping file is missing or unreadable.");
    Im002 = "IM002" "correspondance-invalide"
        fr("Correspondance invalide", "Le fichier de correspondance ne suit pas son schéma (`cooplabel schema mapping`), ou une table de valeurs mène à une valeur impossible pour le champ.")
        en("Invalid mapping", "The mapping file does not follow its schema (`cooplabel schema mapping`), or a table of values leads to a value impossible for the field.");
    Im003 = "IM003" "valeur-inconnue-du-format"
        fr("Valeur inconnue du format", "(avertissement) La correspondance produit une valeur que cette version du format ne connaît pas.")
        en("Value unknown to the format", "(warning) The mapping produces a value this version of the format does not know.");
    Im004 = "IM004" "section-inconnue"
        fr("Section inconnue", "SECTION n'est pas une liste du dossier ; l'aide propose la plus proche.")
        en("Unknown section", "SECTION is not a list of the dossier; the help suggests the closest.");
    Im005 = "IM005" "section-absente-de-la-correspondance"
        fr("Section absente de la correspondance", "Le fichier de correspondance ne décrit pas cette section.")
        en("Section missing from the mapping", "The mapping file does not describe this section.");
    Im006 = "IM006" "correspondance-inutile"
        fr("Correspondance inutile", "`--mapping` ne sert pas avec `all` (le classeur de `cooplabel init --format xlsx` a sa correspondance).")
        en("Mapping not needed", "`--mapping` is not used with `all` (the workbook of `cooplabel init --format xlsx` has its own mapping).");
    Im010 = "IM010" "classeur-illisible"
        fr("Fichier à importer illisible", "Le fichier à importer est absent, trop gros, vide, un classeur illisible ou un zip qui se décompresserait démesurément.")
        en("Unreadable file to import", "The file to import is missing, too large, empty, an unreadable workbook or a zip that would decompress out of measure.");
    Im011 = "IM011" "feuille-introuvable"
        fr("Feuille introuvable", "La feuille nommée n'existe pas dans le classeur ; les feuilles présentes sont citées.")
        en("Sheet not found", "The named sheet does not exist in the workbook; the sheets present are listed.");
    Im012 = "IM012" "colonne-introuvable"
        fr("Colonne introuvable", "Aucune colonne pour un champ obligatoire ; les colonnes présentes sont citées.")
        en("Column not found", "No column for a required field; the columns present are listed.");
    Im013 = "IM013" "cle-de-pseudonyme-manquante"
        fr("Clé de pseudonymisation manquante", "La pseudonymisation demande une clé (--key-file ou COOPLABEL_PSEUDONYM_KEY) ; elle manque, est trop courte ou illisible.")
        en("Pseudonymization key missing", "Pseudonymization needs a key (--key-file or COOPLABEL_PSEUDONYM_KEY); it is missing, too short or unreadable.");
    Im014 = "IM014" "donnees-personnelles"
        fr("Données personnelles", "La correspondance ferait lire une colonne de données personnelles, que le dossier ne doit pas contenir.")
        en("Personal data", "The mapping would read a column of personal data, which the dossier must not hold.");
    Im020 = "IM020" "cellule-illisible"
        fr("Cellule illisible", "Une cellule ne peut pas être lue pour son champ (une date, un nombre, une valeur de la liste).")
        en("Unreadable cell", "A cell cannot be read for its field (a date, a number, a value of the list).");
    Im021 = "IM021" "champ-obligatoire-vide"
        fr("Champ obligatoire vide", "Une cellule est vide pour un champ obligatoire ; la ligne est laissée de côté.")
        en("Required field empty", "A cell is empty for a required field; the row is left out.");
    Im022 = "IM022" "ligne-non-conforme"
        fr("Ligne non conforme", "Le schéma du dossier refuse une ligne importée ; elle est laissée de côté.")
        en("Row not conforming", "The dossier's schema refuses an imported row; it is left out.");
    Im023 = "IM023" "identifiant-en-double"
        fr("Identifiant en double", "Deux lignes ont le même identifiant.")
        en("Duplicate identifier", "Two rows have the same identifier.");
    Im024 = "IM024" "table-incomplete-omise"
        fr("Table incomplète omise", "Une table de la ligne que la correspondance permet d'omettre (`omettre_si_incomplet`) n'est donnée qu'en partie, par exemple le début d'un CAPE sans sa fin : la ligne est importée sans elle, rien n'est deviné.")
        en("Incomplete table left out", "A table of the row that the mapping allows to leave out (`omettre_si_incomplet`) is only partly given, for example a CAPE's start without its end: the row is imported without it, nothing is guessed.");
    Im030 = "IM030" "sortie-refusee"
        fr("Sortie refusée", "`--output` est l'un des fichiers lus : l'outil n'écrit jamais sur une entrée.")
        en("Output refused", "`--output` is one of the files read: the tool never writes onto an input.");
    Im031 = "IM031" "fusion-impossible"
        fr("Fusion impossible", "La section ne peut pas être placée dans la copie du dossier (`--into`).")
        en("Merge impossible", "The section cannot be placed in the copy of the dossier (`--into`).");

    // The repository's configuration (`cooplabel.toml`, `cooplabel schema config`).
    Cf001 = "CF001" "cle-de-configuration-inconnue"
        fr("Clé inconnue dans la configuration", "La clé ne fait pas partie de cooplabel.toml ; l'aide propose la plus proche et liste les clés admises. Rien n'est jugé (code 2).")
        en("Unknown key in the configuration", "The key is not part of cooplabel.toml; the help suggests the closest and lists the allowed keys. Nothing is judged (exit 2).");
    Cf002 = "CF002" "configuration-invalide"
        fr("Configuration invalide", "cooplabel.toml n'est pas du TOML valide, ou une valeur n'a pas le type attendu (`paths = \"dossiers\"` au lieu d'une liste). Rien n'est jugé (code 2).")
        en("Invalid configuration", "cooplabel.toml is not valid TOML, or a value does not have the expected type (`paths = \"dossiers\"` instead of a list). Nothing is judged (exit 2).");

    // The report itself.
    Rp001 = "RP001" "constats-limites"
        fr("Constats limités", "Au-delà de --max-findings constats par dossier, les suivants sont comptés mais ni rédigés ni gardés ; la décision les compte tous. Corrigez d'abord ceux-ci, ou relevez la limite.")
        en("Findings limited", "Past --max-findings findings per dossier, the next are counted but neither written nor kept; the decision counts them all. Fix these first, or raise the limit.");
}

impl Code {
    /// The code written `code` or named `name` (case-insensitive for the code).
    pub fn find(key: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(key) || c.name() == key)
    }

    /// What a finding of this code is about, for a reader: the stage of the pipeline.
    pub(crate) fn family(self, lang: Lang) -> &'static str {
        match &self.as_str()[..2] {
            "LD" => lang.pick("lecture du fichier", "reading the file"),
            "SC" => lang.pick("structure du dossier", "the dossier's structure"),
            "RF" => lang.pick("fichier de règles", "rule file"),
            "RE" => lang.pick("registre des dérogations", "waiver register"),
            "IM" => lang.pick("import", "import"),
            "CF" => lang.pick("configuration du dépôt", "the repository's configuration"),
            _ => lang.pick("rapport", "report"),
        }
    }

    /// The code's explanation as Markdown (`cooplabel explain LD011`).
    pub(crate) fn markdown(self, lang: Lang) -> String {
        let t = self.texts(lang);
        format!(
            "## {} — {}\n\n**{}**\n\n{} {}\n\n{}\n",
            self.as_str(),
            self.name(),
            t.title,
            lang.pick("Code du moteur :", "Engine code:"),
            self.family(lang),
            t.doc
        )
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
