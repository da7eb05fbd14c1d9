//! The command line (DESIGN §7, a contract): `cooplabel check|explain|rules|schema|init|test|import`.
//!
//! The doc comments of the argument structs below are the `--help` text that users read: they
//! are in French, as all user-facing text is.

pub(crate) mod catalogue;
mod check;
mod config;
mod explain;
mod history;
mod import;
mod inputs;
mod man;
mod output;
mod pipeline;
mod serve;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::lang::Lang;
use crate::report::escape::terminal_text;

/// Vérifie le dossier d'une coopérative au regard de la charte du réseau Coopérer pour
/// entreprendre et du droit des Scop et des coopératives d'activités et d'emploi (CAE).
#[derive(Debug, Parser)]
#[command(name = "cooplabel", version, about, long_about = None, max_term_width = 100)]
pub(crate) struct Cli {
    /// La commande.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
// Parsed once per run: the size of `check`'s arguments (grown with `--previous`) costs nothing,
// and boxing them would only add indirection to every use.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Vérifie des dossiers : fichiers, répertoires (leurs *.yaml et *.yml), ou - pour l'entrée standard.
    Check(CheckArgs),
    /// Lance les cas de test et les exemples des règles (ceux du répertoire de règles DIR s'il est donné).
    Test(TestArgs),
    /// Liste les règles : code, nom, principe, gravité, niveau, dérogeable, étape, pays, validité.
    Rules(RulesArgs),
    /// Affiche un schéma JSON : des dossiers (pour les éditeurs), du registre des dérogations du comité, des fichiers de règles, des paramètres, de la décision, des tests, de la correspondance d'import, de cooplabel.toml (config) ou du rapport JSON (report).
    Schema(SchemaArgs),
    /// Explique une règle (par code ou par nom), un principe de la charte (par identifiant ou numéro) ou un code du moteur (LD011, SC003, RF026…).
    Explain(ExplainArgs),
    /// Affiche un modèle de dossier commenté pour une étape, un pays et un type (ou écrit un classeur à remplir : --format xlsx).
    Init(InitArgs),
    /// Importe une section en liste du dossier (entrepreneurs, societaires, exercices, territoire.partenaires…) d'un tableur ou d'un export (CSV, XLSX, XLS, ODS), ou tout un dossier d'un classeur du modèle (all).
    Import(ImportArgs),
    /// Affiche la complétion pour un shell (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Affiche la page de manuel (roff) : `cooplabel man > cooplabel.1` ; --dir DIR écrit une page par commande.
    Man(ManArgs),
    /// Lance le service web : questionnaire guidé, vérification de dossiers, règles, API.
    Serve(ServeArgs),
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Adresse d'écoute (IP:port). 0.0.0.0:8080 écoute sur toutes les interfaces : mettez plutôt le service derrière un mandataire inverse.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: String,
    #[command(flatten)]
    pub rules: RulesDir,
    /// Le registre des dérogations du comité de labellisation, comme pour `check` (lu au démarrage).
    #[arg(long, value_name = "FILE")]
    pub derogations: Option<PathBuf>,
    /// Nombre de vérifications menées en même temps (défaut : le nombre de cœurs) ; les autres attendent.
    #[arg(long, value_name = "N")]
    pub max_checks: Option<usize>,
    /// Durée maximale d'une requête, en secondes (au-delà : 408).
    #[arg(long, value_name = "SECONDES", default_value_t = 10)]
    pub timeout: u64,
    /// Langue des messages du démarrage.
    #[arg(long, value_enum, default_value_t, env = "COOPLABEL_LANG")]
    pub lang: LangArg,
    /// Taille maximale d'un dossier envoyé, en octets (au-delà : 413).
    #[arg(long, value_name = "BYTES", default_value_t = crate::load::Limits::DEFAULT_MAX_BYTES)]
    pub max_file_size: u64,
    /// Profondeur d'imbrication maximale.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_DEPTH)]
    pub max_depth: usize,
    /// Nombre maximal de valeurs produites par les alias YAML.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_ALIAS_NODES)]
    pub max_alias_nodes: usize,
    /// Nombre maximal de valeurs d'un dossier.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
    /// Nombre maximal de constats montrés par dossier.
    #[arg(long, value_name = "N", default_value_t = crate::check::DEFAULT_MAX_FINDINGS)]
    pub max_findings: usize,
}

/// Options of `init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Étape de création du dossier.
    #[arg(long, value_enum, default_value_t = crate::dossier::Stage::Suivi)]
    pub etape: crate::dossier::Stage,
    /// Pays (choisit les règles de son droit).
    #[arg(long, default_value = "FR", value_parser = ["FR", "BE"])]
    pub pays: String,
    /// Type de dossier : une coopérative, ou l'union du réseau.
    #[arg(long = "type", default_value = "cooperative", value_parser = ["cooperative", "union"])]
    pub kind: String,
    /// Année couverte par le dossier (défaut : l'année en cours).
    #[arg(long, value_name = "AAAA")]
    pub annee: Option<i16>,
    /// yaml : un dossier commenté ; xlsx : un classeur à remplir (une feuille par section, listes de choix, aides en commentaires), à relire avec `cooplabel import all`.
    #[arg(long, default_value = "yaml", value_parser = ["yaml", "xlsx"])]
    pub format: String,
    /// Écrit dans ce fichier plutôt que sur la sortie standard.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// La section : entrepreneurs, societaires, exercices, territoire.partenaires, territoire.comite_technique, ou all (un classeur fait par `cooplabel init --format xlsx`).
    #[arg(value_name = "SECTION", required_unless_present = "print_mapping")]
    pub section: Option<String>,
    /// Le fichier : CSV (séparateur et encodage détectés), XLSX, XLS ou ODS.
    #[arg(value_name = "FILE", required_unless_present = "print_mapping")]
    pub file: Option<PathBuf>,
    /// La correspondance colonnes → champs : un fichier YAML (schéma : `cooplabel schema mapping`), ou `endi` (intégrée). Sans elle, une colonne est lue pour le champ dont elle porte la clé ou le titre.
    #[arg(long, value_name = "MAPPING")]
    pub mapping: Option<String>,
    /// Écrit le YAML dans ce nouveau fichier (jamais l'un des fichiers lus).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Place la section dans une copie de ce dossier, écrite dans --output (le dossier n'est jamais modifié).
    #[arg(long, value_name = "DOSSIER", requires = "output")]
    pub into: Option<PathBuf>,
    /// Le fichier de la clé de pseudonymisation (au moins 16 octets ; jamais affichée).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Affiche une correspondance intégrée (pour la copier et l'adapter) : endi.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["section", "file"])]
    pub print_mapping: Option<String>,
    /// Taille maximale du fichier, en octets.
    #[arg(long, value_name = "BYTES", default_value_t = 50 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Nombre maximal de lignes d'une feuille.
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    pub max_rows: usize,
    #[command(flatten)]
    pub common: Common,
}

/// Options of `man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Écrit dans ce répertoire la page principale et une page par commande (cooplabel-check.1…).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Options of `completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// Le shell.
    pub shell: clap_complete::Shell,
}

/// Options of `explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Un code de règle (RS003), un nom de règle (dotation-reserve-legale), un identifiant ou un numéro de principe, un code du moteur (LD011) ou son nom (cle-en-double).
    #[arg(value_name = "CODE|NAME|PRINCIPLE")]
    pub key: String,
    /// Format de sortie.
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
    /// Donne la valeur des paramètres à cette date (défaut : aujourd'hui).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    #[command(flatten)]
    pub rules: RulesDir,
    #[command(flatten)]
    pub common: Common,
}

/// `--rules DIR` and `--replace-pack NAME`, for every command that loads the rules.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct RulesDir {
    /// Ajoute les règles des fichiers YAML de ce répertoire aux paquets livrés.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Remplace ce paquet livré (charte, portage, parameters…) par le fichier de même nom de
    /// --rules ; chaque rapport le dit. Répétable, ou séparé par des virgules.
    #[arg(long, value_name = "NAME", value_delimiter = ',', requires = "rules")]
    pub replace_pack: Vec<String>,
}

/// Options shared by the commands that print text.
#[derive(Debug, Args, Clone)]
pub(crate) struct Common {
    /// Langue des messages.
    #[arg(long, value_enum, default_value_t, env = "COOPLABEL_LANG")]
    pub lang: LangArg,
    /// Couleurs.
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorArg,
}

/// Options of `test`.
#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// Un répertoire de règles avec ses propres `tests/` (défaut : les tests des règles livrées).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Comme DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "dir")]
    pub rules: Option<PathBuf>,
    /// Remplace ce paquet livré par le fichier de même nom de DIR (voir `check --help`).
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub replace_pack: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

/// Options of `rules`.
#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Format de sortie.
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
    #[command(flatten)]
    pub rules: RulesDir,
    #[command(flatten)]
    pub common: Common,
}

/// Output format of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum ListFormat {
    /// Texte pour une personne (un tableau, ou du Markdown pour `explain`).
    #[default]
    Human,
    /// JSON.
    Json,
    /// Markdown (`rules` : toute la référence des règles).
    Markdown,
}

/// Options of `schema`.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Quel schéma.
    #[arg(value_parser = ["dossier", "derogations", "rules", "parameters", "verdict", "tests", "mapping", "config", "report"], default_value = "dossier")]
    pub kind: String,
}

impl Common {
    /// Whether to colour stdout.
    pub(crate) fn color(&self) -> bool {
        color_for(self.color, false)
    }
}

/// Resolves `--color` for standard output.
pub(crate) fn color_for(arg: ColorArg, to_file: bool) -> bool {
    use std::io::IsTerminal;
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            !to_file
                && std::io::stdout().is_terminal()
                && supports_color::on(supports_color::Stream::Stdout).is_some()
        }
    }
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LangArg {
    /// Français.
    #[default]
    Fr,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum ColorArg {
    /// Des couleurs si la sortie est un terminal et que NO_COLOR n'est pas définie.
    #[default]
    Auto,
    /// Toujours des couleurs.
    Always,
    /// Jamais de couleurs.
    Never,
}

/// Options of `check`.
#[derive(Debug, Args, Clone)]
pub(crate) struct CheckArgs {
    /// Fichiers de dossiers, répertoires, ou - pour l'entrée standard (défaut : les `paths` de
    /// cooplabel.toml).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Le fichier de configuration (défaut : cooplabel.toml du répertoire courant ou du plus
    /// proche parent) ; les options de la commande l'emportent sur lui.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ne lit aucun fichier de configuration.
    #[arg(long)]
    pub no_config: bool,
    /// The configuration's `exclude` patterns, with the directory they are relative to.
    #[arg(skip)]
    pub config_exclude: Vec<(PathBuf, Vec<String>)>,
    /// The configuration's `rules_url`.
    #[arg(skip)]
    pub rules_url: Option<String>,
    /// Format de sortie : human (défaut), json, sarif, junit, github, gitlab, markdown, html ;
    /// FORMAT=FICHIER écrit ce format dans ce fichier. Répétable : tous les formats viennent
    /// d'une seule vérification (--format github --format sarif=cooplabel.sarif).
    #[arg(long, value_name = "FORMAT[=FILE]", value_parser = parse_format_spec)]
    pub format: Vec<FormatSpec>,
    /// Écrit le rapport dans ce fichier (d'un coup) plutôt que sur la sortie standard (pour le
    /// format sans =FICHIER).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Laisse de côté les fichiers et répertoires qui correspondent à ce motif (syntaxe de
    /// .gitignore, relatif au répertoire courant), trouvés ou nommés. Répétable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Au plus N résultats dans le fichier SARIF (GitHub refuse au-delà de 25 000 par
    /// analyse) ; ceux laissés de côté sont comptés dans le fichier.
    #[arg(long, value_name = "N", default_value_t = crate::report::sarif::DEFAULT_MAX_RESULTS)]
    pub max_sarif_results: usize,
    /// Juge le dossier à cette date plutôt qu'à sa periode.fin.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Juge le dossier à cette étape de création plutôt qu'à son etape.
    #[arg(long, value_name = "ETAPE", value_enum)]
    pub stage: Option<crate::dossier::Stage>,
    /// Le registre des dérogations du comité de labellisation (seule source des dérogations).
    #[arg(long, value_name = "FILE")]
    pub derogations: Option<PathBuf>,
    /// Le dossier de l'année précédente de la même coopérative, pour un seul dossier jugé : les règles d'une année sur l'autre le lisent et le rapport dit ce qui a changé depuis (dans un lot, l'année précédente est trouvée d'elle-même).
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Date de l'évaluation inscrite au rapport (défaut : aujourd'hui), pour des rapports reproductibles.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub evaluated_on: Option<jiff::civil::Date>,
    #[command(flatten)]
    pub rules: RulesDir,
    /// N'applique que ces règles : codes, noms, familles (RS) ou principes, séparés par des virgules.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// N'applique pas ces règles (mêmes formes que --select).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Nombre de dossiers vérifiés en parallèle (défaut : le nombre de cœurs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Langue des messages.
    #[arg(long, value_enum, default_value_t, env = "COOPLABEL_LANG")]
    pub lang: LangArg,
    /// Couleurs.
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorArg,
    /// Taille maximale d'un fichier, en octets.
    #[arg(long, value_name = "BYTES", default_value_t = crate::load::Limits::DEFAULT_MAX_BYTES)]
    pub max_file_size: u64,
    /// Profondeur d'imbrication maximale.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_DEPTH)]
    pub max_depth: usize,
    /// Nombre maximal de valeurs produites par les alias YAML.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_ALIAS_NODES)]
    pub max_alias_nodes: usize,
    /// Nombre maximal de valeurs d'un dossier.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
    /// Nombre maximal de constats montrés par dossier (la décision les compte tous).
    #[arg(long, value_name = "N", default_value_t = crate::check::DEFAULT_MAX_FINDINGS)]
    pub max_findings: usize,
    /// Suit les liens symboliques où qu'ils mènent (par défaut, seulement ceux qui restent dans
    /// le répertoire vérifié) ; à réserver à un dépôt de confiance.
    #[arg(long)]
    pub follow_links: bool,
}

/// `--format FORMAT[=FILE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormatSpec {
    /// The format.
    pub format: crate::report::Format,
    /// Where to write it (`None`: `--output`, or standard output).
    pub file: Option<PathBuf>,
}

pub(crate) fn parse_format_spec(s: &str) -> Result<FormatSpec, String> {
    let (name, file) = match s.split_once('=') {
        Some((name, file)) if !file.is_empty() => (name, Some(PathBuf::from(file))),
        Some((name, _)) => {
            return Err(format!(
                "« {name}= » : donnez le fichier après le signe égal (--format {name}=rapport)"
            ));
        }
        None => (s, None),
    };
    let format = crate::report::Format::from_str(name, true).map_err(|_| {
        let names: Vec<String> = crate::report::Format::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("format inconnu « {name} » ; formats : {}", names.join(", "))
    })?;
    Ok(FormatSpec { format, file })
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    crate::load::scalar::parse_date(s)
        .ok_or_else(|| format!("« {s} » n'est pas une date AAAA-MM-JJ valide"))
}

/// A listing that quotes rule files (which `--rules` may take from a repository), made safe to
/// print: JSON keeps its data (hostile characters as `\uXXXX`), text shows them escaped.
fn shown(text: &str, json: bool) -> String {
    if json {
        String::from_utf8_lossy(&crate::report::escape::json_bytes(text.as_bytes())).into_owned()
    } else {
        terminal_text(text)
    }
}

/// Writes to stdout; a closed pipe is not an error.
fn print(text: &str) -> u8 {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("cooplabel: {e}");
            2
        }
    }
}

/// Loads the rules (embedded, plus `dir`, replacing the shipped packs named in `replace`) and
/// applies `--select` / `--ignore`; on error, prints the located diagnostics on stderr and
/// returns `None` (exit status 2).
pub(crate) fn load_rules(
    dir: Option<&std::path::Path>,
    replace: &[String],
    select: &[String],
    ignore: &[String],
    lang: Lang,
    color: bool,
) -> Option<crate::rules::RuleSet> {
    match crate::rules::load(dir, replace, lang) {
        Ok(mut set) => {
            let unknown = set.select(select, ignore);
            if unknown.is_empty() {
                Some(set)
            } else {
                eprintln!(
                    "{}",
                    crate::tr!(
                        lang,
                        "cooplabel : aucune règle ne correspond à : {} (voir `cooplabel rules`)",
                        "cooplabel: no rule matches: {} (see `cooplabel rules`)",
                        unknown.join(", ")
                    )
                );
                None
            }
        }
        Err(e) => {
            print_diagnostics(&e.diagnostics, color, lang);
            eprintln!(
                "{}",
                crate::tr!(
                    lang,
                    "cooplabel : {} erreur(s) dans les fichiers de règles",
                    "cooplabel: {} error(s) in the rule files",
                    e.diagnostics.len()
                )
            );
            None
        }
    }
}

/// Prints located diagnostics of the tool's own inputs (rule files, the waiver register) on
/// standard error.
pub(crate) fn print_diagnostics(
    diagnostics: &[(
        crate::finding::Finding,
        Option<std::sync::Arc<crate::source::SourceFile>>,
    )],
    color: bool,
    lang: Lang,
) {
    for (finding, source) in diagnostics {
        eprint!(
            "{}",
            crate::report::diagnostic::render_in(finding, source.as_deref(), color, lang)
        );
    }
}

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let code = match cli.command {
        Command::Check(args) => {
            // Whether an option was given (on the command line or in its environment
            // variable): only then does it override the configuration file.
            let sub = matches.subcommand_matches("check");
            let given = |id: &str| {
                sub.and_then(|m| m.value_source(id)).is_some_and(|s| {
                    matches!(
                        s,
                        clap::parser::ValueSource::CommandLine
                            | clap::parser::ValueSource::EnvVariable
                    )
                })
            };
            check::run_configured(args, &given)
        }
        Command::Serve(args) => serve::run(&args),
        Command::Test(args) => {
            let dir = args.dir.as_deref().or(args.rules.as_deref());
            test::run(
                dir,
                &args.replace_pack,
                args.common.lang.into(),
                args.common.color(),
            )
        }
        Command::Rules(args) => {
            let lang = args.common.lang.into();
            match load_rules(
                args.rules.rules.as_deref(),
                &args.rules.replace_pack,
                &[],
                &[],
                lang,
                args.common.color(),
            ) {
                // Rule texts may come from --rules, a repository's files: shown safely.
                Some(set) if args.format == ListFormat::Markdown => {
                    print(&terminal_text(&crate::explain::reference(&set, lang)))
                }
                Some(set) => {
                    let json = args.format == ListFormat::Json;
                    print(&shown(&catalogue::rules(&set, json, lang), json))
                }
                None => 2,
            }
        }
        Command::Explain(args) => {
            let lang: Lang = args.common.lang.into();
            let Some(set) = load_rules(
                args.rules.rules.as_deref(),
                &args.rules.replace_pack,
                &[],
                &[],
                lang,
                args.common.color(),
            ) else {
                return ExitCode::from(2);
            };
            let date = args.date.unwrap_or_else(|| jiff::Zoned::now().date());
            match explain::explain(&set, &args.key, args.format == ListFormat::Json, date, lang) {
                Some(text) => print(&shown(&text, args.format == ListFormat::Json)),
                None => {
                    let mut keys: Vec<&str> = set
                        .rules
                        .iter()
                        .flat_map(|r| [r.code.as_str(), r.name.as_str()])
                        .collect();
                    keys.extend(set.charter.principes.iter().map(|p| p.id.as_str()));
                    keys.extend(crate::codes::Code::ALL.iter().map(|c| c.as_str()));
                    let hint =
                        crate::schema::messages::did_you_mean(&args.key, keys.iter().copied())
                            .map(|s| {
                                crate::tr!(
                                    lang,
                                    " ; vouliez-vous écrire `{s}` ?",
                                    "; did you mean `{s}`?"
                                )
                            })
                            .unwrap_or_default();
                    eprintln!(
                        "{}",
                        terminal_text(&crate::tr!(
                            lang,
                            "cooplabel : aucune règle ni aucun principe ne s'appelle « {} »{hint} (voir `cooplabel rules`)",
                            "cooplabel: no rule or principle is called \"{}\"{hint} (see `cooplabel rules`)",
                            args.key
                        ))
                    );
                    2
                }
            }
        }
        Command::Init(args) => {
            let stage = args.etape;
            let year = args
                .annee
                .unwrap_or_else(|| jiff::Zoned::now().date().year());
            if args.format == "xlsx" {
                let options = crate::import::template::TemplateOptions {
                    kind: &args.kind,
                    stage,
                    country: &args.pays,
                    year,
                };
                return ExitCode::from(import::write_template(
                    &options,
                    args.output.as_ref(),
                    Lang::Fr,
                ));
            }
            let text = crate::init::template(crate::init::TemplateOptions {
                stage,
                country: &args.pays,
                kind: &args.kind,
                year,
            });
            match &args.output {
                Some(path) => {
                    let written = output::Output::open(Some(path), &[])
                        .map_err(std::io::Error::from)
                        .and_then(|mut out| {
                            std::io::Write::write_all(out.writer(), text.as_bytes())?;
                            out.finish()
                        });
                    match written {
                        Ok(()) => 0,
                        Err(e) => {
                            eprintln!("cooplabel: {e}");
                            2
                        }
                    }
                }
                None => print(&text),
            }
        }
        Command::Import(args) => {
            let lang: Lang = args.common.lang.into();
            if let Some(name) = &args.print_mapping {
                return ExitCode::from(match import::print_mapping(name, lang) {
                    Ok(text) => print(&text),
                    Err(message) => {
                        eprintln!("{message}");
                        2
                    }
                });
            }
            let (Some(section), Some(file)) = (&args.section, &args.file) else {
                return ExitCode::from(2);
            };
            import::run(&import::ImportRun {
                section,
                file,
                mapping: args.mapping.as_deref(),
                output: args.output.as_deref(),
                into: args.into.as_deref(),
                key_file: args.key_file.as_deref(),
                key_env: std::env::var("COOPLABEL_PSEUDONYM_KEY").ok(),
                max_bytes: args.max_file_size,
                max_rows: args.max_rows,
                lang,
                color: color_for(args.common.color, true),
            })
        }
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "cooplabel", &mut buf);
            print(&String::from_utf8_lossy(&buf))
        }
        Command::Man(args) => man::run(args.dir.as_deref()),
        Command::Schema(args) => match catalogue::schema(&args.kind) {
            Some(text) => print(&text),
            None => 2,
        },
    };
    ExitCode::from(code)
}
