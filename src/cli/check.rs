//! `cooplabel check`.

use rayon::prelude::*;

use super::output::Output;
use super::{CheckArgs, FormatArg, inputs};
use crate::check::{CheckOptions, check_input};
use crate::dossier::Stage;
use crate::load::Limits;
use crate::report::progress::Progress;
use crate::report::{self, Format, ReportOptions, Summary};

/// How many dossiers are checked in parallel before their reports are written, in order: large
/// enough to keep every core busy, small enough that memory does not grow with the run.
const CHUNK: usize = 256;

/// Runs `check` and returns the exit status (DESIGN §7).
pub fn run(args: &CheckArgs) -> u8 {
    let lang = args.lang.into();
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
        args.rules.as_deref(),
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
                        path.display(),
                        e.diagnostics.len()
                    )
                );
                return 2;
            }
        }
    }
    let options = options;
    let inputs = inputs::expand(&args.paths);
    let mut out = match Output::open(args.output.as_deref()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("cooplabel: {e}");
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
    // One dossier (the common case at a desk, or in a pre-commit hook) needs no thread pool:
    // starting one would cost more than the check.
    let parallel = inputs.len() > 1 && args.jobs != Some(1);
    let pool = if parallel {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(args.jobs.unwrap_or(0))
            .build()
        {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("cooplabel: {e}");
                return 2;
            }
        }
    } else {
        None
    };
    let progress = Progress::new(inputs.len());
    let result = (|| -> std::io::Result<()> {
        reporter.begin(out.writer())?;
        // While the pool checks one chunk, this thread writes the reports of the previous one,
        // in order: the cores never wait for the output, and memory holds two chunks at most.
        let mut pending: Option<Vec<crate::verdict::DossierResult>> = None;
        let mut write = |results: Vec<crate::verdict::DossierResult>| -> std::io::Result<()> {
            // The reports may go to the same terminal as the bar: write them with it hidden.
            progress.suspend(|| {
                for r in &results {
                    summary.add(r);
                    reporter.dossier(out.writer(), r)?;
                }
                out.writer().flush()
            })
        };
        let Some(pool) = &pool else {
            for input in &inputs {
                let r = check_input(input, &rules, &options);
                progress.inc();
                write(vec![r])?;
            }
            progress.finish();
            return reporter.end(out.writer(), &summary);
        };
        for chunk in inputs.chunks(CHUNK) {
            let checked = std::thread::scope(|scope| {
                let worker = scope.spawn(|| {
                    pool.install(|| {
                        chunk
                            .par_iter()
                            .map(|i| {
                                let r = check_input(i, &rules, &options);
                                progress.inc();
                                r
                            })
                            .collect::<Vec<_>>()
                    })
                });
                let written = pending.take().map_or(Ok(()), &mut write);
                // A panic in a check is a bug: let it surface as one.
                let checked = worker
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p));
                written.map(|()| checked)
            })?;
            pending = Some(checked);
        }
        if let Some(last) = pending.take() {
            write(last)?;
        }
        progress.finish();
        reporter.end(out.writer(), &summary)
    })();
    if let Err(e) = result.and_then(|()| out.finish()) {
        // A closed pipe (`| head`) is not an error of the dossiers.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("cooplabel: {e}");
            return 2;
        }
    }
    summary.exit_code()
}
