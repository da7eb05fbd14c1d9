//! `cooplabel import SECTION FILE`: reads the file, applies the mapping, prints every problem
//! on stderr with its place (file, sheet, cell, row), a summary, and writes the YAML — to
//! stdout, to a new file (`--output`), or merged into a copy of a dossier (`--into` with
//! `--output`). Exit status: 0 every row imported, 1 some rows left out, 2 nothing imported
//! (unreadable file or mapping, an output that is one of the inputs…).

use crate::codes::Code;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::Output;
use crate::finding::Finding;
use crate::import::mapping::{self, Mapping, SectionMap};
use crate::import::pseudo::Key;
use crate::import::table::{self, ReadError, ReadOptions};
use crate::import::{Options, SectionResult, fatal, merge, section_yaml, shown, template};
use crate::lang::Lang;
use crate::load::{Input, Limits};
use crate::source::SourceFile;
use crate::tr;

/// Options of `import`, resolved.
pub(super) struct ImportRun<'a> {
    /// `entrepreneurs`, `territoire.partenaires`… or `all`.
    pub section: &'a str,
    /// The file to read.
    pub file: &'a Path,
    /// `--mapping`: a built-in name or a file.
    pub mapping: Option<&'a str>,
    /// `--output`.
    pub output: Option<&'a Path>,
    /// `--into`.
    pub into: Option<&'a Path>,
    /// `--key-file`.
    pub key_file: Option<&'a Path>,
    /// `COOPLABEL_PSEUDONYM_KEY`.
    pub key_env: Option<String>,
    /// Largest file read.
    pub max_bytes: u64,
    /// Most rows read.
    pub max_rows: usize,
    /// Language.
    pub lang: Lang,
    /// Colours on stderr.
    pub color: bool,
}

fn report(findings: &[Finding], source: Option<&SourceFile>, lang: Lang, color: bool) {
    let mut err = std::io::stderr().lock();
    for f in findings {
        let _ = write!(
            err,
            "{}",
            crate::report::diagnostic::render_in(f, source, color, lang)
        );
    }
}

fn stop(finding: Box<Finding>, run: &ImportRun<'_>) -> u8 {
    report(&[*finding], None, run.lang, run.color);
    2
}

/// The YAML of the section (or of the whole dossier for `all`), the sections' results, the
/// other problems, and the exit status so far; `Err` with the status when nothing can be
/// written.
fn produce(
    run: &ImportRun<'_>,
    book: &table::Book,
    mapping: Option<&Mapping>,
    opts: &Options<'_>,
) -> Result<Produced, u8> {
    let lang = run.lang;
    let model = crate::import::fields::model();
    let file_name = &opts.file;
    Ok(if run.section == "all" {
        match template::import_all(book, opts) {
            Ok(all) => {
                let yaml = template::dossier_yaml(&all.root, file_name, lang);
                let mut extra = all.findings;
                extra.extend(check_dossier(&yaml, lang));
                let code = u8::from(!extra.is_empty());
                if !all.unknown_sheets.is_empty() {
                    eprintln!(
                        "{}",
                        tr!(
                            lang,
                            "feuilles ignorées : {}",
                            "sheets ignored: {}",
                            quoted_list(&all.unknown_sheets)
                        )
                    );
                }
                (yaml, all.sections, extra, code)
            }
            Err(f) => return Err(stop(f, run)),
        }
    } else {
        let section_map: SectionMap = match mapping {
            Some(m) => match m.section(run.section) {
                Some(s) => s.clone(),
                None => {
                    return Err(stop(
                        fatal(
                            Code::Im005,
                            tr!(
                                lang,
                                "la correspondance ne dit rien de la section {} (elle décrit : {})",
                                "the mapping says nothing of the section {} (it describes: {})",
                                run.section,
                                m.sections
                                    .iter()
                                    .map(|s| s.section.path.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            None,
                        ),
                        run,
                    ));
                }
            },
            None => match model.list(run.section) {
                Some(list) => mapping::default_for(list),
                None => return Err(2),
            },
        };
        match crate::import::import_section(book, &section_map, opts) {
            Ok(result) => {
                let yaml = section_yaml(&result, file_name, lang);
                (yaml, vec![result], Vec::new(), 0)
            }
            Err(f) => return Err(stop(f, run)),
        }
    })
}

/// What [`produce`] gives.
type Produced = (String, Vec<SectionResult>, Vec<Finding>, u8);

/// Runs `cooplabel import`.
pub(super) fn run(run: &ImportRun<'_>) -> u8 {
    let lang = run.lang;
    let model = crate::import::fields::model();
    let list_paths: Vec<&str> = model.lists.iter().map(|l| l.path.as_str()).collect();
    if run.section != "all" && !list_paths.contains(&run.section) {
        let hint = crate::schema::messages::did_you_mean(run.section, list_paths.iter().copied())
            .map(|s| {
                tr!(
                    lang,
                    " ; vouliez-vous écrire `{s}` ?",
                    "; did you mean `{s}`?"
                )
            })
            .unwrap_or_default();
        return stop(
            fatal(
                Code::Im004,
                tr!(
                    lang,
                    "« {} » n'est pas une section en liste du dossier{hint} (sections : {}, ou all pour un classeur du modèle)",
                    "\"{}\" is not a list section of the dossier{hint} (sections: {}, or all for a template workbook)",
                    shown(run.section),
                    list_paths.join(", ")
                ),
                None,
            ),
            run,
        );
    }
    // The output is never one of the inputs: the tool writes only new files.
    if let Some(out) = run.output {
        let inputs = [
            Some(run.file),
            run.into,
            run.key_file,
            run.mapping.map(Path::new),
        ];
        for input in inputs.into_iter().flatten() {
            if same_file::is_same_file(out, input).unwrap_or(false) {
                return stop(
                    fatal(
                        Code::Im030,
                        tr!(
                            lang,
                            "--output {} désigne un fichier d'entrée ({}) : cooplabel n'écrit jamais dans ce qu'il lit",
                            "--output {} names an input file ({}): cooplabel never writes into what it reads",
                            shown(&out.display().to_string()),
                            shown(&input.display().to_string())
                        ),
                        Some(tr!(
                            lang,
                            "choisissez un nouveau fichier",
                            "choose a new file"
                        )),
                    ),
                    run,
                );
            }
        }
    }
    let mapping = match load_mapping(run) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let key = match load_key(run) {
        Ok(k) => k,
        Err(code) => return code,
    };
    let read = ReadOptions {
        max_bytes: run.max_bytes,
        max_rows: run.max_rows,
        encoding: mapping.as_ref().and_then(|m| m.encoding.clone()),
        delimiter: mapping.as_ref().and_then(|m| m.delimiter),
        ..ReadOptions::default()
    };
    let file_name = run.file.display().to_string();
    let book = match table::read(run.file, &read) {
        Ok(b) => b,
        Err(e) => return stop(read_error(&file_name, &e, lang), run),
    };
    let opts = Options {
        lang,
        key: key.as_ref(),
        file: file_name.clone(),
    };
    let how = describe(&book, lang);
    let (yaml, results, extra, mut code) = match produce(run, &book, mapping.as_ref(), &opts) {
        Ok(p) => p,
        Err(code) => return code,
    };
    for r in &results {
        report(&r.findings, None, lang, run.color);
        if r.left_out > 0 {
            code = 1;
        }
    }
    report(&extra, None, lang, run.color);
    let text = match run.into {
        Some(into) => match merge_into(into, run.section, &results, lang) {
            Ok(t) => t,
            Err(f) => return stop(f, run),
        },
        None => yaml,
    };
    // The files read are never written: not the one imported, not the dossier merged into.
    let read: Vec<crate::load::Input> = [Some(run.file), run.into, run.key_file]
        .into_iter()
        .flatten()
        .map(|p| crate::load::Input::Path(p.to_path_buf()))
        .collect();
    if let Err(e) = write(run.output, &read, &text) {
        eprintln!("cooplabel: {e}");
        return 2;
    }
    summary(&how, &results, mapping.as_ref(), run, lang);
    code
}

fn load_mapping(run: &ImportRun<'_>) -> Result<Option<Mapping>, u8> {
    let Some(spec) = run.mapping else {
        return Ok(None);
    };
    if run.section == "all" {
        return Err(stop(
            fatal(
                Code::Im006,
                tr!(
                    run.lang,
                    "import all lit un classeur du modèle (cooplabel init --format xlsx) : il n'a pas besoin de --mapping",
                    "import all reads a template workbook (cooplabel init --format xlsx): it needs no --mapping"
                ),
                None,
            ),
            run,
        ));
    }
    match mapping::load(spec, run.lang) {
        Ok(m) => {
            report(&m.warnings, m.source.as_deref(), run.lang, run.color);
            Ok(Some(m))
        }
        Err(e) => {
            report(&e.findings, e.source.as_deref(), run.lang, run.color);
            eprintln!(
                "{}",
                tr!(
                    run.lang,
                    "cooplabel : la correspondance n'est pas utilisable ; son schéma : cooplabel schema mapping",
                    "cooplabel: the mapping cannot be used; its schema: cooplabel schema mapping"
                )
            );
            Err(2)
        }
    }
}

fn load_key(run: &ImportRun<'_>) -> Result<Option<Key>, u8> {
    let bytes = match (run.key_file, &run.key_env) {
        // A key is 32 bytes or so: a regular file of at most 64 KB.
        (Some(path), _) => match crate::load::read_regular(path, 64 * 1024) {
            Ok(b) => b,
            Err(e) => {
                return Err(stop(
                    fatal(
                        Code::Im013,
                        tr!(
                            run.lang,
                            "le fichier de clé {} ne peut pas être lu : {e}",
                            "the key file {} cannot be read: {e}",
                            shown(&path.display().to_string())
                        ),
                        None,
                    ),
                    run,
                ));
            }
        },
        (None, Some(v)) if !v.is_empty() => v.as_bytes().to_vec(),
        _ => return Ok(None),
    };
    match Key::new(&bytes) {
        Some(k) => Ok(Some(k)),
        None => Err(stop(
            fatal(
                Code::Im013,
                tr!(
                    run.lang,
                    "la clé de pseudonymisation est trop courte : il faut au moins {} octets",
                    "the pseudonymisation key is too short: at least {} bytes are needed",
                    crate::import::pseudo::MIN_KEY_BYTES
                ),
                Some(tr!(
                    run.lang,
                    "créez-en une avec « head -c 32 /dev/urandom | base64 > cle.txt »",
                    "create one with \"head -c 32 /dev/urandom | base64 > key.txt\""
                )),
            ),
            run,
        )),
    }
}

fn read_error(file: &str, e: &ReadError, lang: Lang) -> Box<Finding> {
    let file = shown(file);
    let message = match e {
        ReadError::Io(reason) => tr!(
            lang,
            "{file} ne peut pas être lu : {reason}",
            "{file} cannot be read: {reason}"
        ),
        ReadError::TooLarge { size, limit } => tr!(
            lang,
            "{file} fait {size} octets, plus que la limite de {limit} (--max-file-size)",
            "{file} is {size} bytes, more than the limit of {limit} (--max-file-size)"
        ),
        ReadError::Empty => tr!(lang, "{file} est vide", "{file} is empty"),
        ReadError::Workbook(reason) => tr!(
            lang,
            "{file} n'est pas un classeur lisible (XLSX, XLS, ODS) ni un CSV : {}",
            "{file} is not a readable workbook (XLSX, XLS, ODS) nor a CSV: {}",
            shown(reason)
        ),
        ReadError::Unpacks { size, limit } => tr!(
            lang,
            "{file} se décompresserait en {size} octets, plus que la limite de {limit} : ce n'est pas un export ordinaire",
            "{file} would unpack to {size} bytes, more than the limit of {limit}: this is not an ordinary export"
        ),
        ReadError::TooManyRows { sheet, limit } => tr!(
            lang,
            "{file} : la feuille {} a plus de {limit} lignes (--max-rows)",
            "{file}: the sheet {} has more than {limit} rows (--max-rows)",
            shown(sheet)
        ),
        ReadError::TooManyColumns { sheet, limit } => tr!(
            lang,
            "{file} : la feuille {} a plus de {limit} colonnes",
            "{file}: the sheet {} has more than {limit} columns",
            shown(sheet)
        ),
        ReadError::Encoding(reason) => tr!(lang, "{file} : {}", "{file}: {}", shown(reason)),
    };
    fatal(Code::Im010, message, None)
}

/// How the file was read, said once: format, encoding, delimiter.
fn describe(book: &table::Book, lang: Lang) -> String {
    let mut parts = vec![book.format.name().to_string()];
    if let Some((encoding, detected)) = book.encoding {
        parts.push(if detected {
            tr!(
                lang,
                "encodage {encoding} (détecté)",
                "encoding {encoding} (detected)"
            )
        } else {
            tr!(lang, "encodage {encoding}", "encoding {encoding}")
        });
    }
    if let Some(d) = book.delimiter {
        let name = match d {
            ';' => lang.pick("point-virgule", "semicolon"),
            ',' => lang.pick("virgule", "comma"),
            '\t' => lang.pick("tabulation", "tab"),
            '|' => lang.pick("barre verticale", "vertical bar"),
            _ => "?",
        };
        parts.push(tr!(lang, "séparateur {name}", "delimiter {name}"));
    }
    parts.join(", ")
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("« {} »", shown(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The summary on stderr: how the file was read, rows read, imported, left aside, left out,
/// columns ignored, fields left empty.
fn summary(
    how: &str,
    results: &[SectionResult],
    mapping: Option<&Mapping>,
    run: &ImportRun<'_>,
    lang: Lang,
) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{}",
        tr!(
            lang,
            "fichier lu : {} ({how})",
            "file read: {} ({how})",
            shown(&run.file.display().to_string())
        )
    );
    if let Some(m) = mapping {
        let title = m.title.as_deref().unwrap_or("");
        let _ = writeln!(
            err,
            "{}",
            tr!(lang, "correspondance : {}", "mapping: {}", shown(title))
        );
        if let Some(note) = &m.note {
            let _ = writeln!(err, "  {}", crate::import::escaped(note, 400));
        }
    }
    for r in results {
        let sheet = r
            .sheet
            .as_deref()
            .map(|s| tr!(lang, " (feuille « {} »)", " (sheet \"{}\")", shown(s)))
            .unwrap_or_default();
        let _ = writeln!(
            err,
            "{}",
            tr!(
                lang,
                "{}{sheet} : {} ligne(s) lue(s), {} importée(s), {} écartée(s) par la correspondance, {} laissée(s) de côté pour erreur",
                "{}{sheet}: {} row(s) read, {} imported, {} set aside by the mapping, {} left out for errors",
                r.path,
                r.rows_read,
                r.items.len(),
                r.skipped,
                r.left_out
            )
        );
        if !r.unknown_columns.is_empty() {
            let _ = writeln!(
                err,
                "  {}",
                tr!(
                    lang,
                    "colonnes ignorées (jamais lues) : {}",
                    "columns ignored (never read): {}",
                    quoted_list(&r.unknown_columns)
                )
            );
        }
        if !r.unfed_fields.is_empty() {
            let _ = writeln!(
                err,
                "  {}",
                tr!(
                    lang,
                    "champs sans colonne dans ce fichier : {}",
                    "fields with no column in this file: {}",
                    r.unfed_fields.join(", ")
                )
            );
        }
        if !r.unknown_fields.is_empty() {
            let _ = writeln!(
                err,
                "  {}",
                tr!(
                    lang,
                    "champs de la correspondance que cette version du format ne connaît pas (ignorés) : {}",
                    "fields of the mapping this version of the format does not know (ignored): {}",
                    crate::import::escaped(&r.unknown_fields.join(", "), 2000)
                )
            );
        }
    }
    if let Some(out) = run.output {
        let _ = writeln!(
            err,
            "{}",
            tr!(
                lang,
                "écrit : {}",
                "written: {}",
                shown(&out.display().to_string())
            )
        );
    }
}

/// The imported section merged into a copy of the dossier.
fn merge_into(
    into: &Path,
    section: &str,
    results: &[SectionResult],
    lang: Lang,
) -> Result<String, Box<Finding>> {
    let doc =
        crate::load::load(&Input::Path(into.to_path_buf()), &Limits::default()).map_err(|f| {
            let mut finding = f.error.to_finding(lang);
            finding.message = format!(
                "--into {} : {}",
                shown(&into.display().to_string()),
                finding.message
            );
            finding
        })?;
    if section == "all" {
        return Err(fatal(
            Code::Im031,
            tr!(
                lang,
                "import all donne un dossier complet : --into ne s'y applique pas",
                "import all gives a whole dossier: --into does not apply"
            ),
            None,
        ));
    }
    let items: Vec<String> = results
        .iter()
        .flat_map(|r| {
            r.items
                .iter()
                .map(|n| crate::import::yaml_out::inline(&n.value))
        })
        .collect();
    merge::merge(&doc, section, &items, lang).map_err(|m| fatal(Code::Im031, m, None))
}

/// The dossier produced by `import all`, checked against the dossier schema (the rules are
/// for `cooplabel check`).
fn check_dossier(yaml: &str, lang: Lang) -> Vec<Finding> {
    match crate::load::load_str("dossier importé", yaml, &Limits::default()) {
        Ok(doc) => crate::schema::check_dossier(&doc, lang, 50)
            .findings
            .into_iter()
            .map(|mut f| {
                f.primary = None;
                f.secondary.clear();
                let key = f.pointer.trim_start_matches('/').replace('/', ".");
                let sheet = crate::import::fields::model()
                    .lists
                    .iter()
                    .find(|l| key == l.path || key.starts_with(&format!("{}.", l.path)))
                    .map_or(crate::import::template::FICHE.to_string(), |l| {
                        l.title.clone()
                    });
                let at = if key.is_empty() {
                    String::new()
                } else {
                    format!(" ({key})")
                };
                f.message = tr!(
                    lang,
                    "dossier importé, feuille « {sheet} »{at} : {}",
                    "imported dossier, sheet \"{sheet}\"{at}: {}",
                    f.message
                );
                f
            })
            .collect(),
        Err(failure) => vec![failure.error.to_finding(lang)],
    }
}

fn write(output: Option<&Path>, read: &[crate::load::Input], text: &str) -> std::io::Result<()> {
    let mut out = Output::open(output, read)?;
    match out.writer().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        other => other?,
    }
    out.finish()
}

/// `cooplabel import --print-mapping NAME`: a built-in mapping's text.
pub(super) fn print_mapping(name: &str, lang: Lang) -> Result<String, String> {
    mapping::BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
        .ok_or_else(|| {
            tr!(
                lang,
                "cooplabel : aucune correspondance intégrée ne s'appelle « {} » (correspondances : {})",
                "cooplabel: no built-in mapping is called \"{}\" (mappings: {})",
                shown(name),
                mapping::BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            )
        })
}

/// `cooplabel init --format xlsx`: the template, to a file or to a non-terminal stdout.
pub(super) fn write_template(
    o: &template::TemplateOptions<'_>,
    output: Option<&PathBuf>,
    lang: Lang,
) -> u8 {
    use std::io::IsTerminal;
    if output.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "{}",
            tr!(
                lang,
                "cooplabel : un classeur ne s'affiche pas dans un terminal ; donnez --output modele.xlsx (ou redirigez : > modele.xlsx)",
                "cooplabel: a workbook cannot be shown in a terminal; give --output template.xlsx (or redirect: > template.xlsx)"
            )
        );
        return 2;
    }
    let bytes = match template::workbook(o, None) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cooplabel: {e}");
            return 2;
        }
    };
    let result = Output::open(output.map(PathBuf::as_path), &[])
        .map_err(std::io::Error::from)
        .and_then(|mut out| {
            out.writer().write_all(&bytes)?;
            out.finish()
        });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("cooplabel: {e}");
            2
        }
    }
}
