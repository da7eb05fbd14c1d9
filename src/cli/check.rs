//! `cooplabel check`.

use std::path::{Path, PathBuf};

use super::output::Output;
use super::{CheckArgs, FormatSpec, history, inputs, pipeline};
use crate::check::{CheckOptions, check_found_after, check_input_after};
use crate::lang::Lang;
use crate::load::Limits;
use crate::report::progress::Progress;
use crate::report::{self, CiSettings, Format, ReportOptions, Reporter, Summary};
use crate::tr;

/// Reads the configuration file (`--config`, or `cooplabel.toml` here or in a parent, unless
/// `--no-config`), fills in what the command line did not give, and runs `check`.
pub(super) fn run_configured(mut args: CheckArgs, given: &dyn Fn(&str) -> bool) -> u8 {
    let lang: Lang = args.lang.into();
    let found = if args.no_config {
        None
    } else {
        super::config::find(args.config.as_deref(), Path::new("."))
    };
    if let Some(path) = found {
        let applied = super::config::load(&path, lang)
            .map_err(|e| match e {
                super::config::ConfigError::Invalid(diagnostics) => {
                    let color = super::color_for(args.color, false);
                    super::print_diagnostics(&diagnostics, color, lang);
                    tr!(
                        lang,
                        "la configuration {} est invalide : aucun dossier n'est jugé",
                        "the configuration {} is invalid: no dossier is judged",
                        crate::report::escape::neutral(&path.display().to_string())
                    )
                }
                super::config::ConfigError::Unreadable(message) => message,
            })
            .and_then(|config| super::config::apply(&config, &mut args, given));
        if let Err(message) = applied {
            eprintln!("{}{message}", lang.pick("cooplabel : ", "cooplabel: "));
            return 2;
        }
    }
    if args.paths.is_empty() {
        eprintln!(
            "{}",
            tr!(
                lang,
                "cooplabel : aucun dossier à vérifier : nommez des fichiers ou des répertoires (cooplabel check dossiers/), ou donnez `paths` dans cooplabel.toml",
                "cooplabel: nothing to check: name files or directories (cooplabel check dossiers/), or give `paths` in cooplabel.toml"
            )
        );
        return 2;
    }
    run(&args)
}

/// Runs `check` and returns the exit status (DESIGN §7).
pub(super) fn run(args: &CheckArgs) -> u8 {
    let lang: Lang = args.lang.into();
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
        evaluated_on: Some(
            args.evaluated_on
                .unwrap_or_else(|| jiff::Zoned::now().date()),
        ),
        register: None,
    };
    let destinations = match destinations(&args.format, args.output.as_deref()) {
        Ok(d) => d,
        Err(message) => {
            eprintln!("{}{message}", lang.pick("cooplabel : ", "cooplabel: "));
            return 2;
        }
    };
    // Diagnostics on stderr are coloured as the terminal allows; a report in a file never is.
    let color = super::color_for(args.color, false);
    let Some(rules) = super::load_rules(
        args.rules.rules.as_deref(),
        &args.rules.replace_pack,
        &args.select,
        &args.ignore,
        lang,
        color,
    ) else {
        return 2;
    };
    let mut options = options;
    if let Some(path) = &args.derogations {
        match crate::register::load_file(path, &rules, lang) {
            Ok(register) => options.register = Some(std::sync::Arc::new(register)),
            Err(e) => {
                super::print_diagnostics(&e.diagnostics, color, lang);
                eprintln!(
                    "{}",
                    crate::tr!(
                        lang,
                        "cooplabel : le registre des dérogations {} est invalide ({} erreur(s)) : aucun dossier n'est jugé",
                        "cooplabel: the waiver register {} is invalid ({} error(s)): no dossier is judged",
                        crate::report::escape::neutral(&path.display().to_string()),
                        e.diagnostics.len()
                    )
                );
                return 2;
            }
        }
    }
    let options = options;
    let mut patterns = args.config_exclude.clone();
    patterns.push((PathBuf::from("."), args.exclude.clone()));
    let exclude = match inputs::Exclude::new(&patterns) {
        Ok(e) => e,
        Err(message) => {
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "cooplabel : --exclude {} : motif invalide",
                    "cooplabel: --exclude {}: invalid pattern",
                    crate::report::escape::neutral(&message)
                )
            );
            return 2;
        }
    };
    let walk = inputs::WalkOptions {
        follow_links: args.follow_links,
        exclude,
    };
    let found = inputs::expand(&args.paths, &walk);
    if found.is_empty() {
        // Nothing to check is no success: a CI job pointed at the wrong directory must fail.
        eprintln!("{}", no_dossier_message(&args.paths, 0, lang));
        return 2;
    }
    // The files read besides the dossiers: no report may replace them either.
    let read: Vec<crate::load::Input> = args
        .derogations
        .iter()
        .chain(&args.previous)
        .map(|p| crate::load::Input::Path(p.clone()))
        .chain(found.iter().map(|f| f.input.clone()))
        .collect();
    let ci = CiSettings {
        max_sarif_results: args.max_sarif_results,
        rules_url: args.rules_url.clone(),
        step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from),
    };
    let report_options = ReportOptions {
        lang,
        color,
        rules: &rules,
        register: options.register.as_deref(),
        dossiers: found.len(),
    };
    // Before the first dossier: a report that could not be written would waste the check.
    let mut sinks = match open_sinks(&destinations, &read, report_options, &ci, args.color) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("{}{message}", lang.pick("cooplabel : ", "cooplabel: "));
            return 2;
        }
    };
    let mut summary = Summary::default();
    let mut skipped = 0usize;
    // One dossier (the common case at a desk, or in a pre-commit hook) needs no thread: it
    // would cost more than the check.
    let workers = match args.jobs {
        Some(n) if n > 0 => n,
        _ if found.len() < 2 => 1,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    // Year after year: the previous dossiers are judged first (their summaries only), so that
    // each dossier's judgement reads its previous year's.
    let links = match &args.previous {
        Some(path) => match history::given(path, &found, &rules, &options, lang) {
            Ok(l) => l,
            Err(message) => {
                eprintln!("{}{message}", lang.pick("cooplabel : ", "cooplabel: "));
                return 2;
            }
        },
        None => history::link(&found, &rules, &options, workers),
    };
    let progress = Progress::new(found.len());
    let result = (|| -> std::io::Result<()> {
        for sink in &mut sinks {
            sink.reporter.begin(sink.out.writer())?;
        }
        let check = |i: usize| {
            let f = &found[i];
            let r = if f.walked {
                check_found_after(&f.input, &rules, &options, links.of(i))
            } else {
                Some(check_input_after(&f.input, &rules, &options, links.of(i), false).0)
            };
            progress.inc();
            (i, r)
        };
        let mut write = |(i, r): (usize, Option<crate::verdict::DossierResult>)| {
            // The reports may go to the same terminal as the bar: write them with it hidden.
            progress.suspend(|| {
                let Some(r) = r else {
                    skipped += 1;
                    eprintln!(
                        "{}",
                        tr!(
                            lang,
                            "cooplabel : note : {} laissé de côté : ce fichier YAML n'a pas de clé `dossier:` à sa racine, ce n'est pas un dossier",
                            "cooplabel: note: {} left aside: this YAML file has no `dossier:` key at its root, it is not a dossier",
                            crate::report::escape::neutral(&found[i].input.display_name())
                        )
                    );
                    return Ok(());
                };
                summary.add(&r);
                // Every format from the same result: one evaluation, as many reports.
                for sink in sinks.iter_mut() {
                    sink.reporter.dossier(sink.out.writer(), &r)?;
                    sink.out.writer().flush()?;
                }
                Ok(())
            })
        };
        if workers == 1 {
            for i in 0..found.len() {
                write(check(i))?;
            }
        } else {
            pipeline::ordered(found.len(), workers, check, write)?;
        }
        progress.finish();
        for sink in &mut sinks {
            sink.reporter.end(sink.out.writer(), &summary)?;
        }
        Ok(())
    })();
    let finished = result.and_then(|()| sinks.into_iter().try_for_each(|sink| sink.out.finish()));
    match finished {
        Ok(()) if summary.dossiers == 0 => {
            eprintln!("{}", no_dossier_message(&args.paths, skipped, lang));
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
                    found.len()
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

/// Where each format goes: `(format, file)`, `None` for standard output.
type Destination = (Format, Option<PathBuf>);

/// The formats of `--format FORMAT[=FILE]` (human when none is given) and their files:
/// `--output` is the file of the format given without one. Two reports cannot share standard
/// output, nor a file.
fn destinations(specs: &[FormatSpec], output: Option<&Path>) -> Result<Vec<Destination>, String> {
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
            "--output ne peut recevoir qu'un format : donnez un fichier aux autres (--format sarif=cooplabel.sarif)".to_string()
        } else {
            "un seul format peut aller sur la sortie standard : donnez un fichier aux autres (--format sarif=cooplabel.sarif)".to_string()
        });
    }
    for (i, (_, file)) in result.iter().enumerate() {
        if let Some(file) = file
            && result[..i].iter().any(|(_, f)| f.as_ref() == Some(file))
        {
            return Err(format!(
                "deux formats sont écrits dans le même fichier « {} » : donnez-leur des fichiers différents",
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
    ci: &CiSettings,
    color: super::ColorArg,
) -> Result<Vec<Sink<'a>>, String> {
    let lang = options.lang;
    let mut sinks = Vec::new();
    for (format, file) in destinations {
        let out = Output::open(file.as_deref(), read).map_err(|e| e.message(lang))?;
        let options = ReportOptions {
            color: super::color_for(color, file.is_some()),
            ..options
        };
        sinks.push(Sink {
            reporter: report::reporter_for_ci(*format, options, ci),
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
