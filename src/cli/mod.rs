//! The command line (DESIGN §7, a contract): `cooplabel check|explain|rules|schema|init|test`.

mod catalogue;
mod check;
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
    /// A table.
    #[default]
    Human,
    /// JSON.
    Json,
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
                Some(set) => print(&catalogue::rules(
                    &set,
                    args.format == ListFormat::Json,
                    lang,
                )),
                None => 2,
            }
        }
        Command::Schema(args) => match catalogue::schema(&args.kind) {
            Some(text) => print(&text),
            None => 2,
        },
    };
    ExitCode::from(code)
}
