//! `cooplabel check`, in two steps (after ripgrep's low-level and high-level arguments): the
//! command line, the configuration file and the environment are first resolved into one
//! [`CheckPlan`] with typed fields (every mistake in them refused before any file is read),
//! then the plan runs: rules and register loaded, inputs found, reports opened, dossiers judged.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::output::Output;
use super::{CheckArgs, ColorArg, FormatSpec, history, inputs, pipeline};
use crate::check::{CheckOptions, check_found_after, check_input_after};
use crate::lang::Lang;
use crate::load::Limits;
use crate::report::progress::Progress;
use crate::report::{self, CiSettings, Format, ReportOptions, Reporter, Summary};
use crate::rules::RuleSet;
use crate::tr;
use crate::verdict::DossierResult;

/// Reads the configuration file (`--config`, or `cooplabel.toml` here or in a parent, unless
/// `--no-config`), fills in what the command line did not give, resolves the plan and runs it.
pub(super) fn run_configured(args: CheckArgs, given: &dyn Fn(&str) -> bool) -> u8 {
    let lang: Lang = args.lang.into();
    let color = super::color_for(args.color, false);
    let env = |name: &str| std::env::var_os(name);
    let today = jiff::Zoned::now().date();
    let plan = configure(args, given)
        .and_then(|args| CheckPlan::resolve(args, &env, today).map_err(Refusal::Message));
    match plan {
        Ok(plan) => run(&plan),
        Err(refusal) => {
            refusal.print(color, lang);
            2
        }
    }
}

/// Why a run stops before it judges anything (exit status 2).
#[derive(Debug)]
enum Refusal {
    /// A sentence, without the `cooplabel : ` prefix.
    Message(String),
    /// Located problems in a file of the tool's own, then the sentence.
    Located(super::config::Diagnostics, String),
}

impl Refusal {
    fn print(&self, color: bool, lang: Lang) {
        let message = match self {
            Refusal::Message(m) => m,
            Refusal::Located(diagnostics, m) => {
                super::print_diagnostics(diagnostics, color, lang);
                m
            }
        };
        eprintln!("{}{message}", lang.pick("cooplabel : ", "cooplabel: "));
    }
}

/// The command line with the configuration file's values where it gave none.
fn configure(mut args: CheckArgs, given: &dyn Fn(&str) -> bool) -> Result<CheckArgs, Refusal> {
    let lang: Lang = args.lang.into();
    let found = if args.no_config {
        None
    } else {
        super::config::find(args.config.as_deref(), Path::new("."))
    };
    let Some(path) = found else {
        return Ok(args);
    };
    let config = super::config::load(&path, lang).map_err(|e| match e {
        super::config::ConfigError::Invalid(diagnostics) => Refusal::Located(
            diagnostics,
            tr!(
                lang,
                "la configuration {} est invalide : aucun dossier n'est jugé",
                "the configuration {} is invalid: no dossier is judged",
                crate::report::escape::neutral(&path.display().to_string())
            ),
        ),
        super::config::ConfigError::Unreadable(message) => Refusal::Message(message),
    })?;
    super::config::apply(&config, &mut args, given, lang).map_err(Refusal::Message)?;
    Ok(args)
}

/// Which rules a run loads and applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RuleChoice {
    /// `--rules DIR`.
    pub dir: Option<PathBuf>,
    /// `--replace-pack`.
    pub replace: Vec<String>,
    /// `--select`.
    pub select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
}

/// Where each format goes: `(format, file)`, `None` for standard output.
type Destination = (Format, Option<PathBuf>);

/// A `check` run, resolved: what to read, how to judge, where each report goes.
#[derive(Debug)]
pub(crate) struct CheckPlan {
    /// `--lang`.
    pub lang: Lang,
    /// `--color` (resolved per report: a report in a file is never coloured).
    pub color: ColorArg,
    /// The files and directories named (or the configuration's `paths`).
    pub paths: Vec<PathBuf>,
    /// How directories are walked.
    pub walk: inputs::WalkOptions,
    /// The rules.
    pub rules: RuleChoice,
    /// `--derogations`.
    pub derogations: Option<PathBuf>,
    /// `--previous`.
    pub previous: Option<PathBuf>,
    /// The reports, each with its file (at most one on standard output).
    pub destinations: Vec<Destination>,
    /// How each dossier is judged (the register is added once loaded).
    pub options: CheckOptions,
    /// What the CI formats need.
    pub ci: CiSettings,
    /// `--jobs`.
    pub jobs: Option<usize>,
}

impl CheckPlan {
    /// Resolves the options (the configuration already applied): `env` reads an environment
    /// variable, `today` is the day of the evaluation unless `--evaluated-on` says. Returns the
    /// sentence of the first mistake, in the run's language.
    pub(crate) fn resolve(
        args: CheckArgs,
        env: &dyn Fn(&str) -> Option<OsString>,
        today: Date,
    ) -> Result<Self, String> {
        let lang: Lang = args.lang.into();
        if args.paths.is_empty() {
            return Err(tr!(
                lang,
                "aucun dossier à vérifier : nommez des fichiers ou des répertoires (cooplabel check dossiers/), ou donnez `paths` dans cooplabel.toml",
                "nothing to check: name files or directories (cooplabel check dossiers/), or give `paths` in cooplabel.toml"
            ));
        }
        let destinations = destinations(&args.format, args.output.as_deref(), lang)?;
        let mut patterns = args.config_exclude;
        patterns.push((PathBuf::from("."), args.exclude));
        let exclude = inputs::Exclude::new(&patterns).map_err(|message| {
            tr!(
                lang,
                "--exclude {} : motif invalide",
                "--exclude {}: invalid pattern",
                crate::report::escape::neutral(&message)
            )
        })?;
        let options = CheckOptions {
            lang,
            limits: Limits {
                max_bytes: args.max_file_size,
                max_depth: args.max_depth,
                max_alias_nodes: args.max_alias_nodes,
                max_nodes: args.max_nodes,
            },
            date: args.date,
            stage: args.stage,
            max_findings: Some(args.max_findings),
            // The report records the day it was made; `--evaluated-on` makes it reproducible.
            evaluated_on: Some(args.evaluated_on.unwrap_or(today)),
            register: None,
        };
        Ok(CheckPlan {
            lang,
            color: args.color,
            paths: args.paths,
            walk: inputs::WalkOptions {
                follow_links: args.follow_links,
                exclude,
            },
            rules: RuleChoice {
                dir: args.rules.rules,
                replace: args.rules.replace_pack,
                select: args.select,
                ignore: args.ignore,
            },
            derogations: args.derogations,
            previous: args.previous,
            destinations,
            options,
            ci: CiSettings {
                max_sarif_results: args.max_sarif_results,
                rules_url: args.rules_url,
                step_summary: env("GITHUB_STEP_SUMMARY")
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from),
            },
            jobs: args.jobs,
        })
    }

    /// Threads for `inputs` dossiers: `--jobs`, or one per core; one dossier (the common case
    /// at a desk, or in a pre-commit hook) needs no thread: it would cost more than the check.
    fn workers(&self, inputs: usize) -> usize {
        match self.jobs {
            Some(n) if n > 0 => n,
            _ if inputs < 2 => 1,
            _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// The files read besides the dossiers, and the dossiers: no report may replace them.
    fn read(&self, found: &[inputs::Found]) -> Vec<crate::load::Input> {
        self.derogations
            .iter()
            .chain(&self.previous)
            .map(|p| crate::load::Input::Path(p.clone()))
            .chain(found.iter().map(|f| f.input.clone()))
            .collect()
    }
}

/// Runs a resolved plan and returns the exit status (DESIGN §7).
fn run(plan: &CheckPlan) -> u8 {
    let lang = plan.lang;
    // Diagnostics on stderr are coloured as the terminal allows; a report in a file never is.
    let color = super::color_for(plan.color, false);
    let Some((rules, options)) = load_rules_and_register(plan, color) else {
        return 2;
    };
    let found = inputs::expand(&plan.paths, &plan.walk);
    if found.is_empty() {
        // Nothing to check is no success: a CI job pointed at the wrong directory must fail.
        eprintln!("{}", no_dossier_message(&plan.paths, 0, lang));
        return 2;
    }
    let report_options = ReportOptions {
        lang,
        color,
        rules: &rules,
        register: options.register.as_deref(),
        dossiers: found.len(),
    };
    // Before the first dossier: a report that could not be written would waste the check.
    let read = plan.read(&found);
    let sinks = match open_sinks(&plan.destinations, &read, report_options, plan) {
        Ok(s) => s,
        Err(message) => return refuse(&message, lang),
    };
    let workers = plan.workers(found.len());
    // Year after year: the previous dossiers are judged first (their summaries only), so that
    // each dossier's judgement reads its previous year's.
    let links = match &plan.previous {
        Some(path) => match history::given(path, &found, &rules, &options, lang) {
            Ok(l) => l,
            Err(message) => return refuse(&message, lang),
        },
        None => history::link(&found, &rules, &options, workers),
    };
    let batch = Batch {
        found: &found,
        rules: &rules,
        options: &options,
        links: &links,
        workers,
        lang,
    };
    let (summary, skipped, written) = batch.judge(sinks);
    finish(written, &summary, skipped, &plan.paths, found.len(), lang)
}

/// Prints a refusal and returns exit status 2.
fn refuse(message: &str, lang: Lang) -> u8 {
    eprintln!("{}{message}", lang.pick("cooplabel : ", "cooplabel: "));
    2
}

/// Loads the rules and the committee's register; prints why not (then `None`).
fn load_rules_and_register(plan: &CheckPlan, color: bool) -> Option<(RuleSet, CheckOptions)> {
    let lang = plan.lang;
    let rules = super::load_rules(
        plan.rules.dir.as_deref(),
        &plan.rules.replace,
        &plan.rules.select,
        &plan.rules.ignore,
        lang,
        color,
    )?;
    let mut options = plan.options.clone();
    if let Some(path) = &plan.derogations {
        match crate::register::load_file(path, &rules, lang) {
            Ok(register) => options.register = Some(std::sync::Arc::new(register)),
            Err(e) => {
                super::print_diagnostics(&e.diagnostics, color, lang);
                refuse(
                    &tr!(
                        lang,
                        "le registre des dérogations {} est invalide ({} erreur(s)) : aucun dossier n'est jugé",
                        "the waiver register {} is invalid ({} error(s)): no dossier is judged",
                        crate::report::escape::neutral(&path.display().to_string()),
                        e.diagnostics.len()
                    ),
                    lang,
                );
                return None;
            }
        }
    }
    Some((rules, options))
}

/// The dossiers of a run and what judging them needs.
struct Batch<'a> {
    found: &'a [inputs::Found],
    rules: &'a RuleSet,
    options: &'a CheckOptions,
    links: &'a history::Links,
    workers: usize,
    lang: Lang,
}

impl Batch<'_> {
    /// Judges every dossier (in parallel, reports written in input order) into every report;
    /// returns the summary, the YAML files left aside (not dossiers), and whether every
    /// report was written.
    fn judge(&self, mut sinks: Vec<Sink<'_>>) -> (Summary, usize, std::io::Result<()>) {
        let mut summary = Summary::default();
        let mut skipped = 0usize;
        let progress = Progress::new(self.found.len());
        let result = (|| -> std::io::Result<()> {
            for sink in &mut sinks {
                sink.reporter.begin(sink.out.writer())?;
            }
            let check = |i: usize| {
                let r = self.check(i);
                progress.inc();
                (i, r)
            };
            let mut write = |(i, r): (usize, Option<DossierResult>)| {
                // The reports may go to the same terminal as the bar: write them with it hidden.
                progress.suspend(|| match r {
                    None => {
                        skipped += 1;
                        self.left_aside(i);
                        Ok(())
                    }
                    Some(r) => {
                        summary.add(&r);
                        // Every format from the same result: one evaluation, as many reports.
                        for sink in sinks.iter_mut() {
                            sink.reporter.dossier(sink.out.writer(), &r)?;
                            sink.out.writer().flush()?;
                        }
                        Ok(())
                    }
                })
            };
            if self.workers == 1 {
                for i in 0..self.found.len() {
                    write(check(i))?;
                }
            } else {
                pipeline::ordered(self.found.len(), self.workers, check, write)?;
            }
            progress.finish();
            for sink in &mut sinks {
                sink.reporter.end(sink.out.writer(), &summary)?;
            }
            Ok(())
        })();
        let written =
            result.and_then(|()| sinks.into_iter().try_for_each(|sink| sink.out.finish()));
        (summary, skipped, written)
    }

    /// Judges the `i`th input; `None` for a YAML file found in a directory that is not a
    /// dossier.
    fn check(&self, i: usize) -> Option<DossierResult> {
        let f = &self.found[i];
        let link = self.links.of(i);
        if f.walked {
            check_found_after(&f.input, self.rules, self.options, link)
        } else {
            Some(check_input_after(&f.input, self.rules, self.options, link, false).0)
        }
    }

    /// Says that the `i`th input is left aside.
    fn left_aside(&self, i: usize) {
        eprintln!(
            "{}",
            tr!(
                self.lang,
                "cooplabel : note : {} laissé de côté : ce fichier YAML n'a pas de clé `dossier:` à sa racine, ce n'est pas un dossier",
                "cooplabel: note: {} left aside: this YAML file has no `dossier:` key at its root, it is not a dossier",
                crate::report::escape::neutral(&self.found[i].input.display_name())
            )
        );
    }
}

/// The exit status once the reports are written (or could not be).
fn finish(
    written: std::io::Result<()>,
    summary: &Summary,
    skipped: usize,
    paths: &[PathBuf],
    inputs: usize,
    lang: Lang,
) -> u8 {
    match written {
        Ok(()) if summary.dossiers == 0 => {
            eprintln!("{}", no_dossier_message(paths, skipped, lang));
            2
        }
        Ok(()) => summary.exit_code(),
        // A closed pipe (`| head`): the reader has gone, and so has the report of the dossiers
        // not written yet; the run cannot say they pass. Say so where it can be read.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "cooplabel : la sortie a été fermée avant la fin du rapport ({} dossier(s) sur {} écrits) : la décision n'est pas connue",
                    "cooplabel: the output was closed before the end of the report ({} of {} dossier(s) written): the decision is not known",
                    summary.dossiers,
                    inputs
                )
            );
            2
        }
        Err(e) => {
            eprintln!("cooplabel: {e}");
            2
        }
    }
}

/// One report of the run: its reporter and where it goes.
struct Sink<'a> {
    reporter: Box<dyn Reporter + 'a>,
    out: Output,
}

/// The formats of `--format FORMAT[=FILE]` (human when none is given) and their files:
/// `--output` is the file of the format given without one. Two reports cannot share standard
/// output, nor a file.
fn destinations(
    specs: &[FormatSpec],
    output: Option<&Path>,
    lang: Lang,
) -> Result<Vec<Destination>, String> {
    let default = [FormatSpec {
        format: Format::Human,
        file: None,
    }];
    let specs = if specs.is_empty() {
        &default[..]
    } else {
        specs
    };
    let mut result: Vec<Destination> = Vec::new();
    let mut unnamed = 0;
    for spec in specs {
        let file = spec.file.clone().or_else(|| {
            unnamed += 1;
            output.map(Path::to_path_buf)
        });
        result.push((spec.format, file));
    }
    if unnamed > 1 {
        return Err(if output.is_some() {
            tr!(
                lang,
                "--output ne peut recevoir qu'un format : donnez un fichier aux autres (--format sarif=cooplabel.sarif)",
                "--output takes one format only: give the others a file (--format sarif=cooplabel.sarif)"
            )
        } else {
            tr!(
                lang,
                "un seul format peut aller sur la sortie standard : donnez un fichier aux autres (--format sarif=cooplabel.sarif)",
                "only one format can go to standard output: give the others a file (--format sarif=cooplabel.sarif)"
            )
        });
    }
    for (i, (_, file)) in result.iter().enumerate() {
        if let Some(file) = file
            && result[..i].iter().any(|(_, f)| f.as_ref() == Some(file))
        {
            return Err(tr!(
                lang,
                "deux formats sont écrits dans le même fichier « {} » : donnez-leur des fichiers différents",
                "two formats are written to the same file \"{}\": give them different files",
                crate::report::escape::neutral(&file.display().to_string())
            ));
        }
    }
    Ok(result)
}

/// Opens every destination before the first dossier (each with the output rules: atomic,
/// never one of the files read), with its reporter: colours only for a report on standard
/// output.
fn open_sinks<'a>(
    destinations: &[Destination],
    read: &[crate::load::Input],
    options: ReportOptions<'a>,
    plan: &CheckPlan,
) -> Result<Vec<Sink<'a>>, String> {
    let lang = options.lang;
    let mut sinks = Vec::new();
    for (format, file) in destinations {
        let out = Output::open(file.as_deref(), read).map_err(|e| e.message(lang))?;
        let options = ReportOptions {
            color: super::color_for(plan.color, file.is_some()),
            ..options
        };
        sinks.push(Sink {
            reporter: report::reporter_for_ci(*format, options, &plan.ci),
            out,
        });
    }
    Ok(sinks)
}

/// Why a run checked no dossier at all, and what to do.
fn no_dossier_message(paths: &[PathBuf], skipped: usize, lang: crate::lang::Lang) -> String {
    let named = paths
        .iter()
        .map(|p| crate::report::escape::neutral(&p.display().to_string()).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if skipped > 0 {
        tr!(
            lang,
            "cooplabel : aucun dossier dans {named} : {skipped} fichier(s) YAML trouvé(s), aucun avec la clé `dossier:` à sa racine",
            "cooplabel: no dossier in {named}: {skipped} YAML file(s) found, none with the `dossier:` key at its root"
        )
    } else {
        tr!(
            lang,
            "cooplabel : aucun dossier dans {named} : aucun fichier *.yaml ou *.yml (hors fichiers cachés, ignorés par .gitignore ou exclus)",
            "cooplabel: no dossier in {named}: no *.yaml or *.yml file (hidden files, files ignored by .gitignore and excluded files aside)"
        )
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::Parser;

    use super::*;

    /// `cooplabel check ARGS…` as clap reads it (no configuration file).
    fn args(line: &[&str]) -> CheckArgs {
        let cli = super::super::Cli::try_parse_from(
            ["cooplabel", "check", "--no-config"].iter().chain(line),
        )
        .expect("a valid command line");
        match cli.command {
            super::super::Command::Check(a) => a,
            _ => unreachable!("a check command"),
        }
    }

    fn no_env(_: &str) -> Option<OsString> {
        None
    }

    const TODAY: Date = Date::constant(2026, 11, 28);

    fn plan(line: &[&str]) -> Result<CheckPlan, String> {
        CheckPlan::resolve(args(line), &no_env, TODAY)
    }

    #[test]
    fn a_bare_run_is_a_human_report_on_standard_output_dated_today() {
        let p = plan(&["d.yaml"]).unwrap();
        assert_eq!(p.destinations, [(Format::Human, None)]);
        assert_eq!(p.options.evaluated_on, Some(TODAY));
        assert_eq!(
            p.options.max_findings,
            Some(crate::check::DEFAULT_MAX_FINDINGS)
        );
        assert_eq!(p.lang, Lang::Fr);
        assert!(p.ci.step_summary.is_none());
        assert_eq!(p.rules, RuleChoice::default());
        assert_eq!(p.workers(1), 1);
    }

    #[test]
    fn options_are_typed_once() {
        let p = plan(&[
            "d.yaml",
            "--format",
            "github",
            "--format",
            "sarif=out.sarif",
            "--stage",
            "montage",
            "--date",
            "2001-06-30",
            "--evaluated-on",
            "2002-01-15",
            "--select",
            "RS,RP001",
            "--rules",
            "regles",
            "-j",
            "3",
            "--lang",
            "en",
        ])
        .unwrap();
        assert_eq!(
            p.destinations,
            [
                (Format::Github, None),
                (Format::Sarif, Some(PathBuf::from("out.sarif")))
            ]
        );
        assert_eq!(p.options.stage, Some(crate::dossier::Stage::Montage));
        assert_eq!(p.options.date, Some(Date::constant(2001, 6, 30)));
        assert_eq!(p.options.evaluated_on, Some(Date::constant(2002, 1, 15)));
        assert_eq!(p.rules.select, ["RS", "RP001"]);
        assert_eq!(p.rules.dir, Some(PathBuf::from("regles")));
        assert_eq!(p.workers(10), 3);
        assert_eq!(p.options.lang, Lang::En);
    }

    #[test]
    fn output_takes_the_format_given_without_a_file() {
        let p = plan(&[
            "d.yaml",
            "--format",
            "json",
            "--format",
            "sarif=s.sarif",
            "-o",
            "r.json",
        ])
        .unwrap();
        assert_eq!(
            p.destinations,
            [
                (Format::Json, Some(PathBuf::from("r.json"))),
                (Format::Sarif, Some(PathBuf::from("s.sarif")))
            ]
        );
    }

    #[test]
    fn conflicting_formats_are_refused_in_the_language_of_the_run() {
        let e = plan(&["d.yaml", "--format", "json", "--format", "html"]).unwrap_err();
        assert!(
            e.starts_with("un seul format peut aller sur la sortie standard"),
            "{e}"
        );
        let e = plan(&[
            "d.yaml", "--format", "json", "--format", "html", "--lang", "en",
        ])
        .unwrap_err();
        assert!(
            e.starts_with("only one format can go to standard output"),
            "{e}"
        );
        let e = plan(&[
            "d.yaml", "--format", "json", "--format", "html", "-o", "r", "--lang", "en",
        ])
        .unwrap_err();
        assert!(e.starts_with("--output takes one format only"), "{e}");
        let e = plan(&[
            "d.yaml", "--format", "json=r", "--format", "html=r", "--lang", "en",
        ])
        .unwrap_err();
        assert_eq!(
            e,
            "two formats are written to the same file \"r\": give them different files"
        );
    }

    #[test]
    fn nothing_to_check_and_a_bad_pattern_are_refused() {
        let e = plan(&["--lang", "en"]).unwrap_err();
        assert!(e.starts_with("nothing to check"), "{e}");
        let e = plan(&["d.yaml", "--exclude", "a/{b", "--lang", "en"]).unwrap_err();
        assert!(
            e.starts_with("--exclude") && e.ends_with("invalid pattern"),
            "{e}"
        );
    }

    #[test]
    fn the_github_summary_file_comes_from_the_environment() {
        let env =
            |name: &str| (name == "GITHUB_STEP_SUMMARY").then(|| OsString::from("/tmp/summary.md"));
        let p = CheckPlan::resolve(args(&["d.yaml"]), &env, TODAY).unwrap();
        assert_eq!(p.ci.step_summary, Some(PathBuf::from("/tmp/summary.md")));
        // Set but empty (a workflow that blanks it): no summary.
        let empty = |_: &str| Some(OsString::new());
        let p = CheckPlan::resolve(args(&["d.yaml"]), &empty, TODAY).unwrap();
        assert_eq!(p.ci.step_summary, None);
    }

    #[test]
    fn a_format_in_the_configuration_is_refused_in_the_language_of_the_run() {
        let e = super::super::parse_format_spec_in("pdf", Lang::En).unwrap_err();
        assert!(
            e.starts_with("unknown format \"pdf\"; formats: human"),
            "{e}"
        );
        let e = super::super::parse_format_spec_in("sarif=", Lang::Fr).unwrap_err();
        assert!(e.starts_with("« sarif= » : donnez le fichier"), "{e}");
    }
}
