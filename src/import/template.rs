//! The spreadsheet template (`cooplabel init --format xlsx`) and its import
//! (`cooplabel import all classeur.xlsx`).
//!
//! Everything comes from the dossier schema: a « Dossier » sheet with one line per field of the
//! dossier's tables (identity, period, statutes…), and one sheet per list (entrepreneurs,
//! sociétaires, exercices, partenaires…) with a column per field. Headers are the schema's
//! French titles, help texts are cell notes, and each value cell has the input validation its
//! type calls for: dates, yes/no lists, percentages, enum drop-downs, whole numbers.

use crate::codes::Code;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Note, Workbook, Worksheet, XlsxError,
};

use super::fields::{Field, Kind, model};
use super::mapping::default_for;
use super::table::{Book, CellValue};
use super::{Options, SectionResult, convert, fatal, import_section, normalize, set_path, shown};
use crate::dossier::{Country, DossierType, Stage};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::load::{Node, Value};
use crate::source::Span;
use crate::tr;

/// Name of the sheet of the dossier's single values.
pub(crate) const FICHE: &str = "Dossier";

/// Rows of a list sheet that carry input validation (beyond them a cell is still read).
const VALIDATED_ROWS: u32 = 2000;

/// What the template is for.
#[derive(Debug, Clone, Copy)]
pub struct TemplateOptions {
    /// The dossier's type.
    pub kind: DossierType,
    /// The stage.
    pub stage: Stage,
    /// The country.
    pub country: Country,
    /// The year covered.
    pub year: i16,
}

/// What a template at a stage holds: what that stage requires and what the next one will
/// (the report's « Pour passer à l'étape suivante » list, which the territory fills next), and
/// whatever no stage requires (optional at every stage). A part some later stage requires
/// (`creation.montage` in a feasibility template) is left out.
struct Scope {
    /// Keys required at this stage or the next (dotted).
    due: Vec<String>,
    /// Keys some stage requires and another does not.
    staged: Vec<String>,
}

impl Scope {
    fn new(o: &TemplateOptions) -> Self {
        let m = model();
        let mut due = m.required_at(o.kind.as_str(), o.stage);
        if let Some(next) = o.stage.next() {
            due.extend(m.required_at(o.kind.as_str(), next));
        }
        let per_stage: Vec<Vec<String>> = Stage::ALL
            .into_iter()
            .map(|s| m.required_at(o.kind.as_str(), s))
            .collect();
        let mut staged: Vec<String> = Vec::new();
        for key in per_stage.iter().flatten() {
            if !per_stage.iter().all(|keys| keys.contains(key)) && !staged.contains(key) {
                staged.push(key.clone());
            }
        }
        Scope { due, staged }
    }

    /// Whether the template holds a field or a list (dotted path from the root).
    fn holds(&self, path: &str) -> bool {
        self.staged.iter().all(|k| {
            let inside = path == k
                || path
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.starts_with('.'));
            !inside || self.due.contains(k)
        })
    }
}

/// Whether a fiche field is required at this stage: required in its table, and every table
/// above it required.
fn fiche_required(f: &Field, required: &[String]) -> bool {
    if required.contains(&f.key) {
        return true;
    }
    let Some((parent, _)) = f.key.rsplit_once('.') else {
        return false;
    };
    f.required && required.iter().any(|r| r == parent)
}

/// The values the command's options decide (`dossier`, `type`, `etape`, `pays`, `periode`,
/// `devise`), written in the template so that nobody has to.
fn preset(o: &TemplateOptions) -> Node {
    let mut root = Node {
        value: Value::Map(Vec::new()),
        span: Span::default(),
    };
    let date = |m, d| {
        jiff::civil::Date::new(o.year, m, d)
            .ok()
            .map_or(Value::Null, Value::Date)
    };
    set_path(&mut root, "dossier", Value::Number(1.into()));
    set_path(&mut root, "type", Value::String(o.kind.as_str().into()));
    set_path(&mut root, "etape", Value::String(o.stage.as_str().into()));
    set_path(
        &mut root,
        "cooperative.pays",
        Value::String(o.country.as_str().into()),
    );
    set_path(&mut root, "periode.debut", date(1, 1));
    set_path(&mut root, "periode.fin", date(12, 31));
    // Currencies before the euro (notes and coins from 1 January 2002), as `init` writes.
    let devise = match (o.country == Country::Be, o.year < 2002) {
        (_, false) => "EUR",
        (true, true) => "BEF",
        (false, true) => "FRF",
    };
    set_path(&mut root, "devise", Value::String(devise.into()));
    root
}

/// Writes the template, filled with `values` (a dossier's tree) where given: the tests fill
/// it from `cooplabel init`'s example dossier; a user gets it with the preset values only.
pub fn workbook(o: &TemplateOptions, values: Option<&Node>) -> Result<Vec<u8>, XlsxError> {
    let m = model();
    let scope = Scope::new(o);
    let preset = preset(o);
    let values = values.unwrap_or(&preset);
    let formats = Formats {
        bold: Format::new().set_bold(),
        grey: Format::new().set_font_color("#808080"),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        percent: Format::new().set_num_format("0.00%"),
    };
    let mut book = Workbook::new();
    let mut fields: Vec<&Field> = m.scalars.iter().filter(|f| scope.holds(&f.key)).collect();
    // A fact read at two places is asked once, at the first (`import all` writes both).
    for (first, second) in super::fields::SAME_FACT {
        if fields.iter().any(|f| f.key == first) {
            fields.retain(|f| f.key != second);
        }
    }
    let next = o
        .stage
        .next()
        .map(|s| m.required_at(o.kind.as_str(), s))
        .unwrap_or_default();
    write_fiche(
        book.add_worksheet(),
        &fields,
        (&m.required_at(o.kind.as_str(), o.stage), &next),
        values,
        &formats,
    )?;
    for list in m.lists.iter().filter(|l| scope.holds(&l.path)) {
        write_list(book.add_worksheet(), list, values, &formats)?;
    }
    book.save_to_buffer()
}

/// The cell formats of the template.
struct Formats {
    bold: Format,
    grey: Format,
    date: Format,
    percent: Format,
}

impl Formats {
    /// The number format a kind of value is shown with.
    fn of(&self, kind: &Kind) -> Option<&Format> {
        match kind {
            Kind::Date => Some(&self.date),
            Kind::Rate => Some(&self.percent),
            _ => None,
        }
    }
}

/// The « Dossier » sheet: one line per field, its value in column C, its key in column D.
fn write_fiche(
    sheet: &mut Worksheet,
    fields: &[&Field],
    (required, next): (&[String], &[String]),
    values: &Node,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(FICHE)?;
    let titles = [
        "Rubrique",
        "Champ",
        "Valeur",
        "Clé (ne pas modifier)",
        "Obligatoire",
    ];
    for (col, (title, width)) in titles
        .iter()
        .zip([28.0, 40.0, 36.0, 34.0, 12.0])
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &formats.bold)?;
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, f) in fields.iter().enumerate() {
        let row = i as u32 + 1;
        let mandatory = fiche_required(f, required);
        sheet.write_string(row, 0, section_title(&f.key))?;
        sheet.write_string(row, 1, &f.title)?;
        sheet.write_string_with_format(row, 3, &f.key, &formats.grey)?;
        if mandatory {
            sheet.write_string(row, 4, "oui")?;
        } else if fiche_required(f, next) {
            sheet.write_string(row, 4, "étape suivante")?;
        }
        let format = formats.of(&f.kind);
        match values.pointer(&format!("/{}", f.key.replace('.', "/"))) {
            Some(v) => write_value(sheet, row, 2, &v.value, format)?,
            None => {
                if let Some(fmt) = format {
                    sheet.write_blank(row, 2, fmt)?;
                }
            }
        }
        validate(sheet, row, 2, row, &f.kind)?;
        sheet.insert_note(row, 2, &note(f, mandatory))?;
    }
    Ok(())
}

/// A list's sheet: a column per field, its title in row 1, one item per row below.
fn write_list(
    sheet: &mut Worksheet,
    list: &super::fields::ListSection,
    values: &Node,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(&list.title))?;
    sheet.set_freeze_panes(1, 0)?;
    for (col, f) in list.fields.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, &f.title, &formats.bold)?;
        sheet.set_column_width(col, (f.title.chars().count() as f64 + 4.0).max(14.0))?;
        sheet.insert_note(0, col, &note(f, f.required))?;
        validate(sheet, 1, col, VALIDATED_ROWS, &f.kind)?;
        if let Some(fmt) = formats.of(&f.kind) {
            sheet.set_column_format(col, fmt)?;
        }
    }
    let pointer = format!("/{}", list.path.replace('.', "/"));
    let items = values
        .pointer(&pointer)
        .map(Node::items)
        .unwrap_or_default();
    for (i, item) in items.iter().enumerate() {
        for (col, f) in list.fields.iter().enumerate() {
            if let Some(v) = item.pointer(&format!("/{}", f.key.replace('.', "/"))) {
                write_value(
                    sheet,
                    i as u32 + 1,
                    col as u16,
                    &v.value,
                    formats.of(&f.kind),
                )?;
            }
        }
    }
    Ok(())
}

/// A sheet name as Excel takes it: at most 31 characters, none of `[]:*?/\`.
pub(crate) fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

/// The fiche's « Rubrique » of a field: the title of its table in the schema.
fn section_title(key: &str) -> String {
    let root = model().schema();
    let mut schema = root;
    let mut title = String::new();
    let segments: Vec<&str> = key.split('.').collect();
    for seg in &segments[..segments.len().saturating_sub(1)] {
        let def = super::fields::resolve(root, schema);
        let Some(prop) = def["properties"].get(*seg) else {
            break;
        };
        let t = prop["title"]
            .as_str()
            .or(super::fields::resolve(root, prop)["title"].as_str())
            .unwrap_or(seg);
        title = if title.is_empty() {
            t.to_string()
        } else {
            format!("{title} — {t}")
        };
        schema = prop;
    }
    if title.is_empty() {
        "Dossier".to_string()
    } else {
        title
    }
}

fn note(f: &Field, required: bool) -> Note {
    let mut text = String::new();
    if required {
        text.push_str("Obligatoire. ");
    }
    text.push_str(&f.sheet_help);
    for (first, second) in super::fields::SAME_FACT {
        if f.key == first {
            text.push_str(&format!(" Cette réponse vaut aussi pour {second}."));
        }
    }
    text.push_str(match f.kind {
        Kind::Date => " Saisissez une date (31/12/2024).",
        // Typed with its sign: « 15 » alone is read as 1 500 % by some spreadsheets.
        Kind::Rate => " Saisissez un pourcentage, avec le signe % (15 %).",
        Kind::Bool => " Choisissez oui ou non.",
        Kind::Keywords | Kind::Years => " Plusieurs valeurs : séparez-les par des virgules.",
        Kind::Enum(_) => " Choisissez dans la liste.",
        _ => "",
    });
    Note::new(text)
        .set_author("cooplabel")
        .set_width(420)
        .set_height(160)
}

/// The input validation of a kind of field, on a block of cells.
fn validate(
    sheet: &mut Worksheet,
    first_row: u32,
    col: u16,
    last_row: u32,
    kind: &Kind,
) -> Result<(), XlsxError> {
    let v = match kind {
        Kind::Bool => DataValidation::new().allow_list_strings(&["oui", "non"])?,
        Kind::Enum(codes) if codes.iter().map(|c| c.len() + 1).sum::<usize>() <= 255 => {
            let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
            DataValidation::new().allow_list_strings(&codes)?
        }
        Kind::Date => DataValidation::new().allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(1900, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        )),
        Kind::Rate => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
        }
        Kind::Integer { min, max } => {
            let lo = min.and_then(|d| d.to_i32()).unwrap_or(i32::MIN);
            let hi = max.and_then(|d| d.to_i32()).unwrap_or(i32::MAX);
            DataValidation::new().allow_whole_number(DataValidationRule::Between(lo, hi))
        }
        Kind::Number { min: Some(m) } => DataValidation::new().allow_decimal_number(
            DataValidationRule::GreaterThanOrEqualTo(m.to_f64().unwrap_or(0.0)),
        ),
        _ => return Ok(()),
    };
    sheet.add_data_validation(first_row, col, last_row, col, &v)?;
    Ok(())
}

/// Writes a dossier value in a cell as a person would have typed it.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match value {
        Value::Bool(b) => {
            sheet.write_string(row, col, if *b { "oui" } else { "non" })?;
        }
        Value::Date(d) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            match format {
                Some(f) => sheet.write_datetime_with_format(row, col, dt, f)?,
                None => sheet.write_datetime(row, col, dt)?,
            };
        }
        // A spreadsheet holds binary doubles: the decimal's text is parsed once, here, at the
        // file's edge; reading it back gives the same text (see `convert::float_decimal`).
        Value::Number(n) => {
            let f: f64 = n.to_string().parse().unwrap_or(0.0);
            match format {
                Some(fmt) => sheet.write_number_with_format(row, col, f, fmt)?,
                None => sheet.write_number(row, col, f)?,
            };
        }
        Value::String(s) => {
            sheet.write_string(row, col, s)?;
        }
        Value::Seq(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|n| super::yaml_out::inline(&n.value))
                .collect();
            sheet.write_string(row, col, parts.join(", "))?;
        }
        Value::Null | Value::Map(_) => {}
    }
    Ok(())
}

/// What `import all` gave: the dossier tree, the sections' results, and the fiche's problems.
pub(crate) struct AllResult {
    /// The dossier.
    pub root: Node,
    /// Each list section read.
    pub sections: Vec<SectionResult>,
    /// Cells of the fiche that could not be read, and other problems.
    pub findings: Vec<Finding>,
    /// Sheets of the workbook that the template does not have (ignored).
    pub unknown_sheets: Vec<String>,
}

/// Reads a filled template into a dossier.
pub(crate) fn import_all(book: &Book, opts: &Options<'_>) -> Result<AllResult, Box<Finding>> {
    let lang = opts.lang;
    let m = model();
    let fiche = book
        .sheets
        .iter()
        .find(|s| s.name.as_deref().is_some_and(|n| normalize(n) == normalize(FICHE)))
        .ok_or_else(|| {
            fatal(
                Code::Im011,
                tr!(
                    lang,
                    "{} : pas de feuille « {FICHE} » ; import all lit un classeur fait par « cooplabel init --format xlsx »",
                    "{}: no sheet \"{FICHE}\"; import all reads a workbook made by \"cooplabel init --format xlsx\"",
                    shown(&opts.file)
                ),
                None,
            )
        })?;
    let mut root = Node {
        value: Value::Map(Vec::new()),
        span: Span::default(),
    };
    let mut findings = Vec::new();
    for row in fiche.rows.iter().skip(1) {
        let key = row.cells.get(3).map(convert::cell_text).unwrap_or_default();
        let Some(field) = m.scalars.iter().find(|f| f.key == key.trim()) else {
            continue;
        };
        let cell = row.cells.get(2).cloned().unwrap_or(CellValue::Empty);
        match convert::convert(&cell, &field.kind, &convert::Reading::default(), lang) {
            Ok(Some(v)) => set_path(&mut root, &field.key, v),
            Ok(None) => {}
            Err(p) => findings.push(super::cell_finding(
                Code::Im020,
                tr!(
                    lang,
                    "{}, feuille « {FICHE} », cellule C{} : « {} » ne peut pas être lu pour {}",
                    "{}, sheet \"{FICHE}\", cell C{}: \"{}\" cannot be read for {}",
                    shown(&opts.file),
                    row.number,
                    shown(&p.found),
                    field.key
                ),
                tr!(
                    lang,
                    "attendu : {} ; la valeur est laissée vide",
                    "expected: {}; the value is left empty",
                    p.expected
                ),
            )),
        }
    }
    let mut sections = Vec::new();
    let mut known_sheets = vec![normalize(FICHE)];
    for list in &m.lists {
        let name = sheet_name(&list.title);
        known_sheets.push(normalize(&name));
        let Some(sheet) = book.sheets.iter().find(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| normalize(n) == normalize(&name))
        }) else {
            continue;
        };
        if sheet.rows.len() < 2 {
            continue;
        }
        let mut map = default_for(list);
        map.sheet = sheet.name.clone();
        let result = import_section(book, &map, opts)?;
        let pointer = list.path.clone();
        set_path(&mut root, &pointer, Value::Seq(result.items.clone()));
        sections.push(result);
    }
    let unknown_sheets = book
        .sheets
        .iter()
        .filter_map(|s| s.name.clone())
        .filter(|n| !known_sheets.contains(&normalize(n)))
        .collect();
    same_facts(&mut root);
    order_like_schema(&mut root);
    Ok(AllResult {
        root,
        sections,
        findings,
        unknown_sheets,
    })
}

/// Writes the answer to a fact read at two places (asked once, at the first) at the second
/// too, when the dossier has the second's section or its stage requires it: a feasibility
/// dossier gets no territory section for it.
fn same_facts(root: &mut Node) {
    let kind = root
        .get("type")
        .and_then(Node::as_str)
        .unwrap_or("cooperative")
        .to_string();
    let stage = root
        .get("etape")
        .and_then(Node::as_str)
        .and_then(Stage::parse);
    for (first, second) in super::fields::SAME_FACT {
        let Some(value) = root.pointer(&format!("/{}", first.replace('.', "/"))) else {
            continue;
        };
        let value = value.value.clone();
        let section = second.split('.').next().unwrap_or(second);
        let required =
            stage.is_some_and(|s| model().required_at(&kind, s).iter().any(|k| k == section));
        if required || root.get(section).is_some() {
            set_path(root, second, value);
        }
    }
}

/// Puts the root keys in the schema's order, the order of every dossier and of `init`.
fn order_like_schema(root: &mut Node) {
    let order: Vec<String> = model().schema()["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    if let Value::Map(entries) = &mut root.value {
        entries.sort_by_key(|e| order.iter().position(|k| *k == e.key).unwrap_or(usize::MAX));
    }
}

/// The dossier's YAML.
pub(crate) fn dossier_yaml(root: &Node, file: &str, lang: Lang) -> String {
    let mut out = tr!(
        lang,
        "# Dossier importé par cooplabel import all depuis {} ; vérifiez-le : cooplabel check\n",
        "# Dossier imported by cooplabel import all from {}; check it: cooplabel check\n",
        shown(file).replace(['\n', '\r'], " ")
    );
    if let Value::Map(entries) = &root.value {
        out.push_str(&super::yaml_out::block(entries, 0));
    }
    out
}
