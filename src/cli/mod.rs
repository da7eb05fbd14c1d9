//! The command line (DESIGN §7, a contract): `cooplabel check|explain|rules|schema|init|test`.

mod catalogue;
mod check;
mod explain;
mod inputs;
mod output;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

/// Checks a cooperative's dossier against the charter of the Coopérer pour entreprendre network
/// and the law on Scops and activity-and-employment cooperatives (CAE).
#[derive(Debug, Parser)]
#[command(name = "cooplabel", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check dossiers: files, directories (walked for *.yaml / *.yml), or - for stdin.
    Check(CheckArgs),
    /// Run the rule packs' test cases and examples (of DIR, a rules directory, if given).
    Test(TestArgs),
    /// List the rules: code, name, principle, severity, blocking, stage, countries, validity.
    Rules(RulesArgs),
    /// Print a JSON Schema: of dossiers (for editors), of rule files, parameters, verdict or tests.
    Schema(SchemaArgs),
    /// Explain a rule (by code or name) or a charter principle (by id or number).
    Explain(ExplainArgs),
    /// Print a commented dossier template for a stage, a country and a type.
    Init(InitArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `cooplabel man > cooplabel.1`.
    Man,
}

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Creation stage of the dossier.
    #[arg(long, default_value = "suivi", value_parser = ["faisabilite", "mobilisation", "montage", "suivi"])]
    pub etape: String,
    /// Country (selects the rules of its law).
    #[arg(long, default_value = "FR", value_parser = ["FR", "BE"])]
    pub pays: String,
    /// Dossier type: a cooperative, or the network's union.
    #[arg(long = "type", default_value = "cooperative", value_parser = ["cooperative", "union"])]
    pub kind: String,
    /// The year the dossier covers (default: this year).
    #[arg(long, value_name = "AAAA")]
    pub annee: Option<i16>,
}

/// Options of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// Options of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (RS003), a rule name (dotation-reserve-legale), a principle id or number.
    #[arg(value_name = "CODE|NAME|PRINCIPLE")]
    pub key: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
    /// Show the parameters' values at this date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Add or replace rule packs with the YAML files of this directory.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Options shared by the commands that print text.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// Language of the tool's messages.
    #[arg(long, value_enum, default_value_t, env = "COOPLABEL_LANG")]
    pub lang: LangArg,
    /// Colours.
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorArg,
}

/// Options of `test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// A rules directory with its own `tests/` (default: the shipped packs' tests).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Same as DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "dir")]
    pub rules: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Options of `rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
    /// Add or replace rule packs with the YAML files of this directory.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Output format of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    /// Text for people (a table, or Markdown for `explain`).
    #[default]
    Human,
    /// JSON.
    Json,
    /// Markdown (`rules`: the whole rule reference).
    Markdown,
}

/// Options of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[arg(value_parser = ["dossier", "rules", "parameters", "verdict", "tests"], default_value = "dossier")]
    pub kind: String,
}

impl Common {
    /// Whether to colour stdout.
    pub fn color(&self) -> bool {
        color_for(self.color, false)
    }
}

/// Resolves `--color` for standard output.
pub fn color_for(arg: ColorArg, to_file: bool) -> bool {
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
pub enum ColorArg {
    /// Colours when the output is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    /// Always colours.
    Always,
    /// Never colours.
    Never,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FormatArg {
    /// Diagnostics and a summary, for people.
    #[default]
    Human,
    /// One JSON document (DESIGN §7).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML, for GitLab and Jenkins test reports.
    Junit,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// The label committee's report, in Markdown.
    Markdown,
    /// The label committee's report, as one printable HTML file.
    Html,
}

/// Options of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Dossier files, directories, or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: FormatArg,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Judge at this date (YYYY-MM-DD) instead of the dossier's periode.fin.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Judge at this creation stage instead of the dossier's etape.
    #[arg(long, value_name = "ETAPE", value_parser = ["faisabilite", "mobilisation", "montage", "suivi"])]
    pub stage: Option<String>,
    /// Add or replace rule packs with the YAML files of this directory.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Run only these rules: codes, names, families (RS) or principles, comma-separated.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (same forms as --select).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Number of dossiers checked in parallel (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Language of the tool's messages.
    #[arg(long, value_enum, default_value_t, env = "COOPLABEL_LANG")]
    pub lang: LangArg,
    /// Colours.
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorArg,
    /// Largest file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::load::Limits::DEFAULT_MAX_BYTES)]
    pub max_file_size: u64,
    /// Deepest nesting accepted.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_DEPTH)]
    pub max_depth: usize,
    /// Most values YAML aliases may expand to.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_ALIAS_NODES)]
    pub max_alias_nodes: usize,
    /// Most values in one dossier.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
    /// Most findings shown per dossier (the decision counts them all).
    #[arg(long, value_name = "N", default_value_t = crate::check::DEFAULT_MAX_FINDINGS)]
    pub max_findings: usize,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    crate::load::scalar::parse_date(s)
        .ok_or_else(|| format!("« {s} » n'est pas une date AAAA-MM-JJ valide"))
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

/// Loads the rules (embedded, plus `dir`) and applies `--select` / `--ignore`; on error, prints
/// the located diagnostics on stderr and returns `None` (exit status 2).
pub fn load_rules(
    dir: Option<&std::path::Path>,
    select: &[String],
    ignore: &[String],
    lang: Lang,
    color: bool,
) -> Option<crate::rules::RuleSet> {
    match crate::rules::load(dir, lang) {
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
            for (finding, source) in &e.diagnostics {
                eprint!(
                    "{}",
                    crate::report::diagnostic::render(finding, source.as_deref(), color, lang)
                );
            }
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

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Test(args) => {
            let dir = args.dir.as_deref().or(args.rules.as_deref());
            test::run(dir, args.common.lang.into(), args.common.color())
        }
        Command::Rules(args) => {
            let lang = args.common.lang.into();
            match load_rules(args.rules.as_deref(), &[], &[], lang, args.common.color()) {
                Some(set) if args.format == ListFormat::Markdown => {
                    print(&crate::explain::reference(&set, lang))
                }
                Some(set) => print(&catalogue::rules(
                    &set,
                    args.format == ListFormat::Json,
                    lang,
                )),
                None => 2,
            }
        }
        Command::Explain(args) => {
            let lang: Lang = args.common.lang.into();
            let Some(set) = load_rules(args.rules.as_deref(), &[], &[], lang, args.common.color())
            else {
                return ExitCode::from(2);
            };
            let date = args.date.unwrap_or_else(|| jiff::Zoned::now().date());
            match explain::explain(&set, &args.key, args.format == ListFormat::Json, date, lang) {
                Some(text) => print(&text),
                None => {
                    let mut keys: Vec<&str> = set
                        .rules
                        .iter()
                        .flat_map(|r| [r.code.as_str(), r.name.as_str()])
                        .collect();
                    keys.extend(set.charter.principes.iter().map(|p| p.id.as_str()));
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
                        crate::tr!(
                            lang,
                            "cooplabel : aucune règle ni aucun principe ne s'appelle « {} »{hint} (voir `cooplabel rules`)",
                            "cooplabel: no rule or principle is called \"{}\"{hint} (see `cooplabel rules`)",
                            args.key
                        )
                    );
                    2
                }
            }
        }
        Command::Init(args) => {
            let stage =
                crate::dossier::Stage::parse(&args.etape).unwrap_or(crate::dossier::Stage::Suivi);
            let year = args
                .annee
                .unwrap_or_else(|| jiff::Zoned::now().date().year());
            print(&crate::init::template(crate::init::TemplateOptions {
                stage,
                country: &args.pays,
                kind: &args.kind,
                year,
            }))
        }
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "cooplabel", &mut buf);
            print(&String::from_utf8_lossy(&buf))
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                Ok(()) => print(&String::from_utf8_lossy(&buf)),
                Err(e) => {
                    eprintln!("cooplabel: {e}");
                    2
                }
            }
        }
        Command::Schema(args) => match catalogue::schema(&args.kind) {
            Some(text) => print(&text),
            None => 2,
        },
    };
    ExitCode::from(code)
}
