//! Writes an entrepreneur list of N rows as CSV (Windows-1252, `;`, French numbers and dates,
//! with personal columns as an export would have) and as XLSX, for `benches/import.sh`:
//!
//!     cargo run --release --example import_corpus -- /tmp/import 10000

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const HEADERS: [&str; 9] = [
    "id",
    "Nom",
    "Numéro de sécurité sociale",
    "activite",
    "statut",
    "contrat",
    "entree",
    "chiffre_affaires",
    "cdd_par_mission",
];
const TRADES: [&str; 6] = [
    "graphiste",
    "menuisier",
    "ébéniste",
    "traductrice",
    "plombier",
    "photographe",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).map_or("/tmp/import", String::as_str));
    let n: usize = args.get(2).map_or(Ok(10_000), |s| s.parse())?;
    std::fs::create_dir_all(&dir)?;
    let mut csv = HEADERS.join(";") + "\n";
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for i in 0..n {
        let (day, month) = (i % 28 + 1, i % 12 + 1);
        let trade = TRADES[i % TRADES.len()];
        let ca = (i * 37) % 90_000;
        csv.push_str(&format!(
            "E{i:05};Personne {i};1 85 03 75 {i:06};{trade};entrepreneur_salarie;cesa;{day:02}/{month:02}/2023;{} {:03},50;non\n",
            ca / 1000,
            ca % 1000
        ));
        let row = i as u32 + 1;
        sheet.write_string(row, 0, format!("E{i:05}"))?;
        sheet.write_string(row, 1, format!("Personne {i}"))?;
        sheet.write_string(row, 2, format!("1 85 03 75 {i:06}"))?;
        sheet.write_string(row, 3, trade)?;
        sheet.write_string(row, 4, "entrepreneur_salarie")?;
        sheet.write_string(row, 5, "cesa")?;
        sheet.write_datetime_with_format(
            row,
            6,
            ExcelDateTime::from_ymd(2023, month as u8, day as u8)?,
            &date,
        )?;
        sheet.write_number(row, 7, ca as f64 + 0.5)?;
        sheet.write_string(row, 8, "non")?;
    }
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&csv);
    std::fs::write(dir.join("entrepreneurs.csv"), &*latin)?;
    book.save(dir.join("entrepreneurs.xlsx"))?;
    Ok(())
}
