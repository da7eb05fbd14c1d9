//! `cooplabel import`: a list section of the dossier (`entrepreneurs`, `societaires`,
//! `exercices`, `territoire.partenaires`…) from a spreadsheet (XLSX, XLS, ODS) or a CSV file,
//! through a mapping; or a whole dossier from a filled template (`import all`).
//!
//! The import is built on a whitelist: the only values that can reach the output are those of
//! fields the dossier schema has, each read from the column a mapping names for it. Any other
//! column (names, social security numbers, health visits…) is never read: only its title is
//! listed, as ignored. A row with a cell that cannot be read is left out whole, and said.

pub(crate) mod convert;
pub(crate) mod fields;
pub(crate) mod mapping;
pub(crate) mod merge;
pub(crate) mod pseudo;
pub(crate) mod table;
pub mod template;
pub(crate) mod yaml_out;

use crate::codes::Code;
use std::collections::HashSet;

use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::load::{Entry, Limits, Node, Value, load_str};
use crate::schema::Schema;
use crate::source::Span;
use crate::tr;
use convert::{Problem, convert};
use fields::{Field, ListSection};
use mapping::{Feed, FieldMap, SectionMap};
use pseudo::Key;
use table::{Book, CellValue, Row, Sheet, column_name};

/// A column title or a label as compared: lower case, without accents, blanks collapsed,
/// typographic apostrophes and quotes made plain (`Date d’entrée` is `date d'entree`).
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            blank = true;
            continue;
        }
        if blank && !out.is_empty() {
            out.push(' ');
        }
        blank = false;
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' | '‘' | '`' | '´' => out.push('\''),
            '“' | '”' | '«' | '»' => out.push('"'),
            c => out.push(c),
        }
    }
    out
}

/// Text from a file as it may be shown in a terminal or a report: what the reports escape
/// (`crate::report::escape::is_hostile`: controls, bidi controls, separators, noncharacters)
/// and the other invisible characters escaped (`\u{1B}`), at most 80 characters.
pub(crate) fn shown(s: &str) -> String {
    escaped(s, 80)
}

/// Like [`shown`], with at most `max` characters.
pub(crate) fn escaped(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if crate::report::escape::is_hostile(c) || yaml_out::invisible(c) {
            crate::report::escape::push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Column titles that hold personal data in the exports of CAE software (enDI's « gestion
/// sociale » export, `autonomie/models/user/userdatas.py`): a mapping that would feed a dossier
/// field from one of them is refused, whatever the field.
const PERSONAL: &[&str] = &[
    "numero de securite sociale",
    "date de naissance",
    "lieu de naissance",
    "code postal de naissance",
    "nationalite",
    "carte de sejour (fin de validite)",
    "situation de famille",
    "nombre d'enfants",
    "resultat de la visite medicale",
    "date de la visite medicale",
    "date limite",
    "allocation adulte handicape - echeance (expiration)",
    "date de fin de droit",
    "statut social a l'entree",
    "statut social actuel",
    "adresse",
    "code postal",
    "ville",
    "e-mail 1",
    "e-mail 2",
    "tel. fixe",
    "tel. mobile",
    "contact urgent : nom",
    "contact urgent : telephone",
    "nom de jeune fille",
    "sexe",
    "civilite",
    "prenom",
    "age",
    "reconnaissance rqth (oui/non)",
];

/// Column titles of a person's name, or of a trade name (« Nom commercial »: an
/// entrepreneur's trade name is often their own name, « Marie Dupont Graphiste »). They are
/// personal data wherever the dossier names nobody (an entrepreneur is an identifier, never a
/// name), but they are the very value of a `nom` field the dossier format holds: a sociétaire
/// (the cooperative's register of members) or a partner (an organisation).
const NAMES: &[&str] = &[
    "nom",
    "nom de famille",
    "nom de naissance",
    "nom d'usage",
    "nom marital",
    "nom et prenom",
    "prenom et nom",
    "nom prenom",
    "prenom nom",
    "nom complet",
    "patronyme",
    "nom commercial",
];

/// Whether a column title is known to hold personal data when a mapping reads it for the
/// field `field` (a key of the list's item: `id`, `nom`…).
pub fn is_personal(title: &str, field: &str) -> bool {
    let title = normalize(title);
    PERSONAL.contains(&title.as_str()) || (field != "nom" && NAMES.contains(&title.as_str()))
}

/// Options of an import.
pub(crate) struct Options<'a> {
    /// Language of messages.
    pub lang: Lang,
    /// The pseudonymisation key, if one was given.
    pub key: Option<&'a Key>,
    /// The file's name as shown in messages.
    pub file: String,
}

/// What importing one section gave.
#[derive(Debug, Default)]
pub(crate) struct SectionResult {
    /// The section's dotted path.
    pub path: String,
    /// The sheet read (workbooks).
    pub sheet: Option<String>,
    /// The items imported, as value trees.
    pub items: Vec<Node>,
    /// Data rows read (after the header).
    pub rows_read: usize,
    /// Rows left aside by the mapping's `ignorer_si`.
    pub skipped: usize,
    /// Rows left out because of an error.
    pub left_out: usize,
    /// One finding per problem (cells, rows).
    pub findings: Vec<Finding>,
    /// Column titles that no field reads (ignored).
    pub unknown_columns: Vec<String>,
    /// Fields with no column in this file (left empty).
    pub unfed_fields: Vec<String>,
    /// Fields the mapping names that this version's format lacks (ignored).
    pub unknown_fields: Vec<String>,
}

/// A problem that stops the import of a section (nothing is written).
pub(crate) fn fatal(code: Code, message: String, help: Option<String>) -> Box<Finding> {
    let mut f = Finding::new(code, Severity::Error, Origin::Load, message);
    f.help = help;
    f.blocking = true;
    Box::new(f)
}

/// The sheet a section reads: the one the mapping names, else the first.
pub(crate) fn pick_sheet<'b>(
    book: &'b Book,
    wanted: Option<&str>,
    opts: &Options<'_>,
) -> Result<&'b Sheet, Box<Finding>> {
    match wanted {
        None => book.sheets.first().ok_or_else(|| {
            fatal(
                Code::Im011,
                tr!(
                    opts.lang,
                    "{} : le classeur n'a aucune feuille",
                    "{}: the workbook has no sheet",
                    shown(&opts.file)
                ),
                None,
            )
        }),
        Some(name) => book
            .sheets
            .iter()
            .find(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| normalize(n) == normalize(name))
            })
            .or_else(|| (book.format == table::Format::Csv).then(|| &book.sheets[0]))
            .ok_or_else(|| {
                let names: Vec<String> = book
                    .sheets
                    .iter()
                    .filter_map(|s| s.name.as_deref().map(|n| format!("« {} »", shown(n))))
                    .collect();
                fatal(
                    Code::Im011,
                    tr!(
                        opts.lang,
                        "{} : aucune feuille « {} »",
                        "{}: no sheet \"{}\"",
                        shown(&opts.file),
                        shown(name)
                    ),
                    Some(tr!(
                        opts.lang,
                        "feuilles du classeur : {}",
                        "sheets of the workbook: {}",
                        names.join(", ")
                    )),
                )
            }),
    }
}

/// The sheet of a workbook named after a section, as the template names it (« Entrepreneurs »,
/// « Partenaires ») or by its key (`entrepreneurs`): the sheet a section reads when the mapping
/// names none, so that a template's workbook imports section by section too.
fn section_sheet<'b>(book: &'b Book, section: &ListSection) -> Option<&'b str> {
    let names = [
        normalize(&template::sheet_name(&section.title)),
        normalize(&section.path),
    ];
    book.sheets
        .iter()
        .filter_map(|s| s.name.as_deref())
        .find(|n| names.contains(&normalize(n)))
}

/// Where a cell is, in words: `export.csv, cellule D7` or `classeur.xlsx, feuille
/// « Entrepreneurs », cellule D7`.
fn place(opts: &Options<'_>, sheet: &Sheet, column: Option<usize>, row: usize) -> String {
    let file = shown(&opts.file);
    let at = match column {
        Some(c) => tr!(opts.lang, "cellule {}{row}", "cell {}{row}", column_name(c)),
        None => tr!(opts.lang, "ligne {row}", "row {row}"),
    };
    match &sheet.name {
        Some(name) => tr!(
            opts.lang,
            "{file}, feuille « {} », {at}",
            "{file}, sheet \"{}\", {at}",
            shown(name)
        ),
        None => format!("{file}, {at}"),
    }
}

/// A field resolved against the sheet's header.
struct Planned<'m> {
    map: &'m FieldMap,
    /// The columns of the sheet among the field's candidates, in the mapping's order: a row
    /// reads the first that holds something.
    columns: Vec<usize>,
    override_column: Option<usize>,
}

fn find_column(headers: &[(usize, String)], titles: &[String]) -> Option<usize> {
    find_columns(headers, titles).first().copied()
}

fn find_columns(headers: &[(usize, String)], titles: &[String]) -> Vec<usize> {
    titles
        .iter()
        .filter_map(|t| {
            let t = normalize(t);
            headers.iter().find(|(_, h)| *h == t).map(|(c, _)| *c)
        })
        .collect()
}

/// The item schema of a list (`#/$defs/entrepreneur`), to check each row as the dossier will.
fn item_schema(section: &ListSection) -> Option<Schema> {
    let dossier = &crate::schema::dossier().json;
    let json = serde_json::json!({
        "$schema": dossier["$schema"],
        "$defs": dossier["$defs"],
        "$ref": format!("#/$defs/{}", section.item_def),
    });
    Schema::compile(json).ok()
}

/// Refuses a mapping that would read a column of personal data, naming every such column the
/// sheet has (not only the first: the user fixes the mapping once).
fn refuse_personal(
    map: &SectionMap,
    headers: &[(usize, String)],
    header: &Row,
    lang: Lang,
) -> Result<(), Box<Finding>> {
    let mut found: Vec<(String, &str)> = Vec::new();
    for fm in &map.fields {
        let Feed::Columns(titles) = &fm.origin else {
            continue;
        };
        for c in find_columns(headers, titles) {
            let title = convert::cell_text(&header.cells[c]);
            if is_personal(&title, &fm.field.key) {
                found.push((title, &fm.field.key));
            }
        }
    }
    let Some((title, key)) = found.first() else {
        return Ok(());
    };
    let message = if found.len() == 1 {
        tr!(
            lang,
            "la correspondance fait lire la colonne « {} » pour le champ {} : cette colonne contient des données personnelles, qui n'ont pas leur place dans un dossier",
            "the mapping reads the column \"{}\" for the field {}: this column holds personal data, which has no place in a dossier",
            shown(title),
            key
        )
    } else {
        let list: Vec<String> = found
            .iter()
            .map(|(t, k)| {
                tr!(
                    lang,
                    "« {} » pour le champ {}",
                    "\"{}\" for the field {}",
                    shown(t),
                    k
                )
            })
            .collect();
        tr!(
            lang,
            "la correspondance fait lire {} colonnes qui contiennent des données personnelles, qui n'ont pas leur place dans un dossier : {}",
            "the mapping reads {} columns that hold personal data, which has no place in a dossier: {}",
            found.len(),
            list.join(" ; ")
        )
    };
    Err(fatal(
        Code::Im014,
        message,
        Some(tr!(
            lang,
            "corrigez la correspondance : lisez ces champs dans d'autres colonnes, ou retirez-les",
            "fix the mapping: read these fields from other columns, or remove them"
        )),
    ))
}

/// Resolves each field of the mapping against the sheet's header: its columns, the column of
/// its override; refuses a mapping that reads a personal column, lacks a required column or
/// pseudonymises without a key. Returns the plan and the columns it reads.
fn plan<'m>(
    map: &'m SectionMap,
    headers: &[(usize, String)],
    header: &Row,
    sheet: &Sheet,
    result: &mut SectionResult,
    opts: &Options<'_>,
) -> Result<(Vec<Planned<'m>>, HashSet<usize>), Box<Finding>> {
    let lang = opts.lang;
    let section = &map.section;
    let mut used: HashSet<usize> = HashSet::new();
    let mut planned = Vec::new();
    refuse_personal(map, headers, header, lang)?;
    for fm in &map.fields {
        let columns = match &fm.origin {
            Feed::Columns(titles) => find_columns(headers, titles),
            Feed::Constant(_) => Vec::new(),
        };
        let column = columns.first().copied();
        used.extend(columns.iter().copied());
        if column.is_none() && matches!(fm.origin, Feed::Columns(_)) {
            if fm.field.required && fm.override_if_filled.is_none() {
                let Feed::Columns(titles) = &fm.origin else {
                    unreachable!()
                };
                let wanted: Vec<String> =
                    titles.iter().map(|t| format!("« {} »", shown(t))).collect();
                return Err(fatal(
                    Code::Im012,
                    tr!(
                        lang,
                        "{} : aucune colonne {} pour le champ obligatoire {} de {}",
                        "{}: no column {} for the required field {} of {}",
                        place(opts, sheet, None, header.number),
                        wanted.join(lang.pick(" ni ", " nor ")),
                        fm.field.key,
                        section.path
                    ),
                    Some(tr!(
                        lang,
                        "colonnes de la feuille : {} ; indiquez la bonne dans la correspondance (--mapping)",
                        "columns of the sheet: {}; name the right one in the mapping (--mapping)",
                        header
                            .cells
                            .iter()
                            .filter(|c| !c.is_empty())
                            .map(|c| format!("« {} »", shown(&convert::cell_text(c))))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                ));
            }
            result.unfed_fields.push(fm.field.key.clone());
        }
        if fm.pseudonymise && opts.key.is_none() {
            return Err(fatal(
                Code::Im013,
                tr!(
                    lang,
                    "la correspondance pseudonymise le champ {} : il faut une clé",
                    "the mapping pseudonymises the field {}: a key is needed",
                    fm.field.key
                ),
                Some(tr!(
                    lang,
                    "donnez un fichier de clé (--key-file cle.txt) ou la variable COOPLABEL_PSEUDONYM_KEY ; une clé se crée une fois pour toutes, par exemple avec « head -c 32 /dev/urandom | base64 > cle.txt », et se garde à la coopérative : la même clé donne les mêmes pseudonymes d'une année à l'autre",
                    "give a key file (--key-file key.txt) or the COOPLABEL_PSEUDONYM_KEY variable; create a key once, e.g. with \"head -c 32 /dev/urandom | base64 > key.txt\", and keep it at the cooperative: the same key gives the same pseudonyms year after year"
                )),
            ));
        }
        let override_column = fm
            .override_if_filled
            .as_ref()
            .and_then(|(titles, _)| find_column(headers, titles));
        if let Some(c) = override_column {
            used.insert(c);
        }
        planned.push(Planned {
            map: fm,
            columns,
            override_column,
        });
    }
    Ok((planned, used))
}

/// Imports one list section from a sheet.
pub(crate) fn import_section(
    book: &Book,
    map: &SectionMap,
    opts: &Options<'_>,
) -> Result<SectionResult, Box<Finding>> {
    let lang = opts.lang;
    let section = &map.section;
    // A template's workbook without this section's sheet (a feasibility template has no
    // « Entrepreneurs ») is said so, rather than read from its « Dossier » sheet.
    let own_sheet = template::sheet_name(&section.title);
    let is_template = book
        .sheets
        .first()
        .and_then(|s| s.name.as_deref())
        .is_some_and(|n| normalize(n) == normalize(template::FICHE));
    let wanted = map
        .sheet
        .as_deref()
        .or_else(|| section_sheet(book, section))
        .or_else(|| is_template.then_some(own_sheet.as_str()));
    let sheet = pick_sheet(book, wanted, opts)?;
    let header_index = match map.header_row {
        Some(n) => sheet.rows.iter().position(|r| r.number == n),
        None => (!sheet.rows.is_empty()).then_some(0),
    };
    let Some(header_index) = header_index else {
        return Err(fatal(
            Code::Im012,
            tr!(
                lang,
                "{} : aucune ligne de titres de colonnes",
                "{}: no row of column titles",
                shown(&opts.file)
            ),
            None,
        ));
    };
    let header = &sheet.rows[header_index];
    let headers: Vec<(usize, String)> = header
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(i, c)| (i, normalize(&convert::cell_text(c))))
        .collect();
    let mut result = SectionResult {
        path: section.path.clone(),
        sheet: sheet.name.clone(),
        unknown_fields: map.unknown_fields.clone(),
        ..SectionResult::default()
    };
    let (planned, mut used) = plan(map, &headers, header, sheet, &mut result, opts)?;
    let skips: Vec<(usize, &[String])> = map
        .skip
        .iter()
        .filter_map(|s| find_column(&headers, &s.columns).map(|c| (c, s.values.as_slice())))
        .collect();
    used.extend(skips.iter().map(|(c, _)| *c));
    result.unknown_columns = headers
        .iter()
        .filter(|(c, _)| !used.contains(c))
        .map(|(c, _)| convert::cell_text(&header.cells[*c]))
        .collect();
    let schema = item_schema(section);
    let mut ids: HashSet<String> = HashSet::new();
    for row in &sheet.rows[header_index + 1..] {
        result.rows_read += 1;
        let skip = skips.iter().any(|(c, values)| {
            row.cells
                .get(*c)
                .is_some_and(|cell| values.contains(&normalize(&convert::cell_text(cell))))
        });
        if skip {
            result.skipped += 1;
            continue;
        }
        match import_row(
            row,
            &planned,
            (section, &map.omit_if_incomplete),
            schema.as_ref(),
            &mut ids,
            sheet,
            opts,
        ) {
            Ok((item, warnings)) => {
                result.items.push(item);
                result.findings.extend(warnings);
            }
            Err(findings) => {
                result.left_out += 1;
                result.findings.extend(findings);
            }
        }
    }
    Ok(result)
}

/// A field's value read from a row, with the column it came from.
type Read<'f> = (&'f Field, Value, Option<usize>);

/// A cell that could not be read, with its column and field.
type Unread<'f> = (Option<usize>, &'f Field, Problem);

/// Reads every planned field of a row: the values, and the cells that could not be read.
fn read_row<'f>(
    row: &Row,
    planned: &'f [Planned<'_>],
    opts: &Options<'_>,
) -> (Vec<Read<'f>>, Vec<Unread<'f>>) {
    let lang = opts.lang;
    let empty = CellValue::Empty;
    let mut values: Vec<Read<'f>> = Vec::new();
    let mut problems: Vec<Unread<'f>> = Vec::new();
    for p in planned {
        let field = &p.map.field;
        let column = p
            .columns
            .iter()
            .copied()
            .find(|&c| !row.cells.get(c).unwrap_or(&empty).is_empty())
            .or(p.columns.first().copied());
        let overridden = p.override_column.and_then(|c| {
            let cell = row.cells.get(c).unwrap_or(&empty);
            (!cell.is_empty())
                .then(|| p.map.override_if_filled.as_ref().map(|(_, v)| v.clone()))
                .flatten()
        });
        let value = match (&p.map.origin, overridden) {
            (_, Some(v)) => Ok(Some(v)),
            (Feed::Constant(v), None) => Ok(Some(v.clone())),
            (Feed::Columns(_), None) => match column {
                Some(c) => convert(
                    row.cells.get(c).unwrap_or(&empty),
                    &field.kind,
                    &p.map.reading,
                    lang,
                ),
                None => Ok(None),
            },
        };
        match value {
            Ok(Some(Value::String(s))) if p.map.pseudonymise => {
                let pseudo = opts.key.map_or(s.clone(), |k| k.pseudonym(&s));
                values.push((field, Value::String(pseudo), column));
            }
            Ok(Some(v)) => values.push((field, v, column)),
            Ok(None) if field.required => problems.push((
                column,
                field,
                Problem {
                    found: String::new(),
                    expected: tr!(
                        lang,
                        "une valeur : ce champ est obligatoire",
                        "a value: this field is required"
                    ),
                },
            )),
            Ok(None) => {}
            Err(problem) => problems.push((column, field, problem)),
        }
    }
    (values, problems)
}

/// Checks an item against the list's item schema, as the dossier will be: a row the schema
/// refuses is left out, its findings placed on the cell of the field they name.
fn check_row(
    item: &Node,
    values: &[Read<'_>],
    schema: &Schema,
    lang: Lang,
    who: &dyn Fn(Option<usize>) -> String,
    left_out: &str,
) -> Result<(), Vec<Finding>> {
    let text = yaml_out::inline(&item.value);
    let findings = match load_str("ligne", &text, &Limits::default()) {
        Ok(doc) => schema.check(&doc, lang, 8).findings,
        Err(failure) => vec![failure.error.to_finding(lang)],
    };
    if !findings.is_empty() {
        return Err(findings
            .into_iter()
            .map(|f| {
                let key = f.pointer.trim_start_matches('/').replace('/', ".");
                let column = values
                    .iter()
                    .find(|(field, _, _)| {
                        key == field.key || key.starts_with(&format!("{}.", field.key))
                    })
                    .and_then(|(_, _, c)| *c);
                let help = match &f.help {
                    Some(h) => format!("{h} ; {left_out}"),
                    None => left_out.to_string(),
                };
                cell_finding(
                    Code::Im022,
                    format!("{} : {}", who(column), f.message),
                    help,
                )
            })
            .collect());
    }
    Ok(())
}

/// One row: every planned field read, the item built and checked against the item schema.
/// Any problem leaves the row out whole: its findings are returned.
fn import_row(
    row: &Row,
    planned: &[Planned<'_>],
    (section, omit): (&ListSection, &[String]),
    schema: Option<&Schema>,
    ids: &mut HashSet<String>,
    sheet: &Sheet,
    opts: &Options<'_>,
) -> Result<(Node, Vec<Finding>), Vec<Finding>> {
    let lang = opts.lang;
    let (values, problems) = read_row(row, planned, opts);
    let name = section.naming_field().and_then(|nf| {
        values
            .iter()
            .find(|(f, _, _)| f.key == nf.key)
            .map(|(_, v, _)| yaml_out::inline(v))
    });
    let who = |column: Option<usize>| {
        let at = place(opts, sheet, column, row.number);
        match &name {
            Some(n) => tr!(lang, "{at} (ligne de {})", "{at} (row of {})", shown(n)),
            None => at,
        }
    };
    let left_out = tr!(
        lang,
        "la ligne {} est laissée de côté",
        "row {} is left out",
        row.number
    );
    // Every row's id counts, even a row left out for another reason: two rows with one id
    // are a mistake of the file, whichever comes first.
    let mut duplicate = None;
    if let Some((_, Value::String(id), column)) = values.iter().find(|(f, _, _)| f.key == "id")
        && !ids.insert(id.clone())
    {
        duplicate = Some(cell_finding(
            Code::Im023,
            tr!(
                lang,
                "{} : l'identifiant {} est déjà celui d'une ligne précédente",
                "{}: the id {} is already that of an earlier row",
                who(*column),
                shown(id)
            ),
            tr!(
                lang,
                "chaque ligne a son propre identifiant ; {left_out}",
                "each row has its own id; {left_out}"
            ),
        ));
    }
    if !problems.is_empty() || duplicate.is_some() {
        let mut findings: Vec<Finding> = problems
            .into_iter()
            .map(|(column, field, problem)| {
                let message = if problem.found.is_empty() {
                    tr!(
                        lang,
                        "{} : {} est vide",
                        "{}: {} is empty",
                        who(column),
                        field.key
                    )
                } else {
                    tr!(
                        lang,
                        "{} : « {} » ne peut pas être lu pour {}",
                        "{}: \"{}\" cannot be read for {}",
                        who(column),
                        shown(&problem.found),
                        field.key
                    )
                };
                cell_finding(
                    if problem.found.is_empty() {
                        Code::Im021
                    } else {
                        Code::Im020
                    },
                    message,
                    tr!(
                        lang,
                        "attendu : {} ; {left_out}",
                        "expected: {}; {left_out}",
                        problem.expected
                    ),
                )
            })
            .collect();
        findings.extend(duplicate);
        return Err(findings);
    }
    let mut item = build_item(&values);
    let warnings = omit_incomplete(&mut item, &values, section, omit, lang, &who);
    if let Some(schema) = schema {
        check_row(&item, &values, schema, lang, &who, &left_out)?;
    }
    Ok((item, warnings))
}

/// Leaves out of an item the tables the mapping names in `omettre_si_incomplet` when the row
/// gives only part of their required fields, with a warning: an export that knows when a CAPE
/// began but not when it ended gives the row without its CAPE, never a CAPE with an invented
/// end (the deductions of CJ002 and CJ005 depend on it), and never a row refused whole.
fn omit_incomplete(
    item: &mut Node,
    values: &[Read<'_>],
    section: &ListSection,
    omit: &[String],
    lang: Lang,
    who: &dyn Fn(Option<usize>) -> String,
) -> Vec<Finding> {
    let mut warnings = Vec::new();
    for table in omit {
        let prefix = format!("{table}.");
        let given: Vec<&Read<'_>> = values
            .iter()
            .filter(|(f, _, _)| f.key.starts_with(&prefix))
            .collect();
        let missing: Vec<&str> = section
            .fields
            .iter()
            .filter(|f| f.required_in_table && f.key.starts_with(&prefix))
            .filter(|f| !given.iter().any(|(g, _, _)| g.key == f.key))
            .map(|f| f.key.as_str())
            .collect();
        let Some((_, _, column)) = given.first() else {
            continue;
        };
        if missing.is_empty() {
            continue;
        }
        remove_path(item, table);
        let found: Vec<String> = given
            .iter()
            .map(|(f, v, _)| format!("{} ({})", f.key, shown(&yaml_out::inline(v))))
            .collect();
        let mut f = Finding::new(
            Code::Im024,
            Severity::Warning,
            Origin::Load,
            tr!(
                lang,
                "{} : la table {} n'est pas importée : la ligne donne {} mais pas {}",
                "{}: the table {} is not imported: the row gives {} but not {}",
                who(*column),
                table,
                found.join(", "),
                missing.join(", ")
            ),
        )
        .help(tr!(
            lang,
            "la ligne est importée sans {} ; si vous connaissez {}, complétez la table à la main dans le dossier (rien n'est deviné)",
            "the row is imported without {}; if you know {}, complete the table by hand in the dossier (nothing is guessed)",
            table,
            missing.join(", ")
        ));
        f.blocking = false;
        warnings.push(f);
    }
    warnings
}

/// Removes a dotted path from a mapping node (nothing when it is absent).
fn remove_path(root: &mut Node, path: &str) {
    let (parents, last) = match path.rsplit_once('.') {
        Some((p, l)) => (Some(p), l),
        None => (None, path),
    };
    let mut current = root;
    for seg in parents.into_iter().flat_map(|p| p.split('.')) {
        let Value::Map(entries) = &mut current.value else {
            return;
        };
        let Some(e) = entries.iter_mut().find(|e| e.key == seg) else {
            return;
        };
        current = &mut e.node;
    }
    if let Value::Map(entries) = &mut current.value {
        entries.retain(|e| e.key != last);
    }
}

fn cell_finding(code: Code, message: String, help: String) -> Finding {
    let mut f = Finding::new(code, Severity::Error, Origin::Load, message).help(help);
    f.blocking = true;
    f
}

fn node(value: Value) -> Node {
    Node {
        value,
        span: Span::default(),
    }
}

/// Builds an item (a mapping) from field values, nesting dotted keys (`cape.debut`).
pub(crate) fn build_item(values: &[(&Field, Value, Option<usize>)]) -> Node {
    let mut root = node(Value::Map(Vec::new()));
    for (field, value, _) in values {
        set_path(&mut root, &field.key, value.clone());
    }
    root
}

/// Sets a dotted path in a mapping node, creating the tables on the way.
pub(crate) fn set_path(root: &mut Node, path: &str, value: Value) {
    let mut current = root;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        let Value::Map(entries) = &mut current.value else {
            return;
        };
        let index = match entries.iter().position(|e| e.key == *seg) {
            Some(i) => i,
            None => {
                entries.push(Entry {
                    key: seg.to_string(),
                    key_span: Span::default(),
                    node: node(Value::Map(Vec::new())),
                });
                entries.len() - 1
            }
        };
        if i + 1 == segments.len() {
            entries[index].node = node(value);
            return;
        }
        current = &mut entries[index].node;
    }
}

/// The section's YAML, as written to stdout or a new file: a comment saying where it comes
/// from, then the section under its path (`territoire:` then `partenaires:` for a nested one).
pub(crate) fn section_yaml(result: &SectionResult, file: &str, lang: Lang) -> String {
    let items: Vec<String> = result
        .items
        .iter()
        .map(|n| yaml_out::inline(&n.value))
        .collect();
    let mut out = tr!(
        lang,
        "# Section {} importée par cooplabel import depuis {} : {} ligne(s) importée(s), {} laissée(s) de côté.\n",
        "# Section {} imported by cooplabel import from {}: {} row(s) imported, {} left out.\n",
        result.path,
        shown(file).replace(['\n', '\r'], " "),
        result.items.len(),
        result.left_out
    );
    let segments: Vec<&str> = result.path.split('.').collect();
    let (last, parents) = segments.split_last().unwrap_or((&"", &[]));
    for (depth, p) in parents.iter().enumerate() {
        out.push_str(&format!(
            "{}{}:\n",
            " ".repeat(depth * 2),
            yaml_out::string(p)
        ));
    }
    out.push_str(&yaml_out::list_block(last, &items, parents.len() * 2));
    out
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
