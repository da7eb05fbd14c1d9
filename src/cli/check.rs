//! `cooplabel check`.

use super::output::Output;
use super::{CheckArgs, FormatArg, history, inputs, pipeline};
use crate::check::{CheckOptions, check_input_after};
use crate::dossier::Stage;
use crate::lang::Lang;
use crate::load::Limits;
use crate::report::progress::Progress;
use crate::report::{self, Format, ReportOptions, Summary};
use crate::tr;

/// Runs `check` and returns the exit status (DESIGN §7).
pub fn run(args: &CheckArgs) -> u8 {
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
        stage: args.stage.as_deref().and_then(Stage::parse),
        max_findings: Some(args.max_findings),
        // The report records the day it was made; `--evaluated-on` makes it reproducible.
        evaluated_on: Some(
            args.evaluated_on
                .unwrap_or_else(|| jiff::Zoned::now().date()),
        ),
        register: None,
    };
    let color = super::color_for(args.color, args.output.is_some());
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Junit => Format::Junit,
        FormatArg::Github => Format::Github,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    };
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
    let inputs = inputs::expand(&args.paths, args.follow_links);
    // The files read besides the dossiers: the report must not replace them either.
    let read: Vec<crate::load::Input> = args
        .derogations
        .iter()
        .chain(&args.previous)
        .map(|p| crate::load::Input::Path(p.clone()))
        .chain(inputs.iter().cloned())
        .collect();
    // Before the first dossier: a report that could not be written would waste the check.
    let mut out = match Output::open(args.output.as_deref(), &read) {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "{}{}",
                lang.pick("cooplabel : ", "cooplabel: "),
                e.message(lang)
            );
            return 2;
        }
    };
    let mut reporter = report::reporter(
        format,
        ReportOptions {
            lang,
            color,
            rules: &rules,
            register: options.register.as_deref(),
            dossiers: inputs.len(),
        },
    );
    let mut summary = Summary::default();
    // One dossier (the common case at a desk, or in a pre-commit hook) needs no thread: it
    // would cost more than the check.
    let workers = match args.jobs {
        Some(n) if n > 0 => n,
        _ if inputs.len() < 2 => 1,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    // Year after year: the previous dossiers are judged first (their summaries only), so that
    // each dossier's judgement reads its previous year's.
    let links = match &args.previous {
        Some(path) => match history::given(path, &inputs, &rules, &options, lang) {
            Ok(l) => l,
            Err(message) => {
                eprintln!("{}{message}", lang.pick("cooplabel : ", "cooplabel: "));
                return 2;
            }
        },
        None => history::link(&inputs, &rules, &options, workers),
    };
    let progress = Progress::new(inputs.len());
    let result = (|| -> std::io::Result<()> {
        reporter.begin(out.writer())?;
        let check = |i: usize| {
            let r = check_input_after(&inputs[i], &rules, &options, links.of(i), false).0;
            progress.inc();
            r
        };
        let mut write = |r: crate::verdict::DossierResult| {
            // The reports may go to the same terminal as the bar: write them with it hidden.
            progress.suspend(|| {
                summary.add(&r);
                reporter.dossier(out.writer(), &r)?;
                out.writer().flush()
            })
        };
        if workers == 1 {
            for i in 0..inputs.len() {
                write(check(i))?;
            }
        } else {
            pipeline::ordered(inputs.len(), workers, check, write)?;
        }
        progress.finish();
        reporter.end(out.writer(), &summary)
    })();
    match result.and_then(|()| out.finish()) {
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
                    inputs.len()
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
