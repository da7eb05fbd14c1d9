use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn date(y: i16, m: i8, day: i8) -> Date {
    Date::new(y, m, day).unwrap()
}

#[test]
fn numbers_as_people_write_them() {
    let cases = [
        ("1 234,56", "1234.56"),
        ("1\u{a0}234,56", "1234.56"),
        ("1\u{202f}234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234.50", "1234.50"),
        ("12", "12"),
        ("-3,5", "-3.5"),
        ("(12,50)", "-12.50"),
        ("1 000 000", "1000000"),
        ("1.000.000", "1000000"),
        ("2 457,66 €", "2457.66"),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_decimal(text, None), Some(d(expected)), "{text}");
    }
    for bad in ["douze", "12 personnes", "1,2,3.4.5", "", ",5", "1.", "--3"] {
        assert_eq!(parse_decimal(bad, None), None, "{bad}");
    }
    // An imposed decimal mark decides the ambiguous case.
    assert_eq!(parse_decimal("1,234", Some('.')), Some(d("1234")));
    assert_eq!(parse_decimal("1,234", Some(',')), Some(d("1.234")));
}

#[test]
fn workbook_doubles_give_back_the_decimal_they_were_written_from() {
    assert_eq!(float_decimal(1234.56), Some(d("1234.56")));
    assert_eq!(float_decimal(0.1), Some(d("0.1")));
    assert_eq!(float_decimal(10413000.0), Some(d("10413000")));
    assert_eq!(float_decimal(f64::NAN), None);
    assert_eq!(float_decimal(f64::INFINITY), None);
}

#[test]
fn excel_serial_dates_in_the_1900_system() {
    assert_eq!(serial_date(d("1"), false), Some(date(1900, 1, 1)));
    assert_eq!(serial_date(d("59"), false), Some(date(1900, 2, 28)));
    // Day 60 is the 29 February 1900 that never was (Lotus 1-2-3's bug kept by Excel).
    assert_eq!(serial_date(d("60"), false), None);
    assert_eq!(serial_date(d("61"), false), Some(date(1900, 3, 1)));
    assert_eq!(serial_date(d("45657"), false), Some(date(2024, 12, 31)));
    assert_eq!(serial_date(d("45657.75"), false), Some(date(2024, 12, 31)));
    assert_eq!(serial_date(d("0"), false), None);
    assert_eq!(serial_date(d("-5"), false), None);
    assert_eq!(serial_date(d("99999999999"), false), None);
}

#[test]
fn excel_serial_dates_in_the_1904_system() {
    assert_eq!(serial_date(d("0"), true), Some(date(1904, 1, 1)));
    // The same day is 1 462 days less in the 1904 system.
    assert_eq!(serial_date(d("44195"), true), Some(date(2024, 12, 31)));
    assert_eq!(serial_date(d("-1"), true), None);
}

fn read(cell: CellValue, kind: &Kind, reading: &Reading) -> Result<Option<Value>, Problem> {
    convert(&cell, kind, reading, Lang::Fr)
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

#[test]
fn dates_in_the_formats_asked() {
    let r = Reading::default();
    assert_eq!(
        read(text("31/12/2024"), &Kind::Date, &r),
        Ok(Some(Value::Date(date(2024, 12, 31))))
    );
    assert_eq!(
        read(text("2024-12-31"), &Kind::Date, &r),
        Ok(Some(Value::Date(date(2024, 12, 31))))
    );
    assert_eq!(
        read(text("1/3/2024"), &Kind::Date, &r),
        Ok(Some(Value::Date(date(2024, 3, 1))))
    );
    assert!(read(text("31/02/2024"), &Kind::Date, &r).is_err());
    assert!(read(text("12/31/2024"), &Kind::Date, &r).is_err());
    let us = Reading {
        dates: vec![DateFormat::MonthSlash],
        ..Reading::default()
    };
    assert_eq!(
        read(text("12/31/2024"), &Kind::Date, &us),
        Ok(Some(Value::Date(date(2024, 12, 31))))
    );
    // A serial number in text only when the mapping says so.
    assert!(read(text("45657"), &Kind::Date, &r).is_err());
    let serial = Reading {
        dates: vec![DateFormat::Serial],
        ..Reading::default()
    };
    assert_eq!(
        read(text("45657"), &Kind::Date, &serial),
        Ok(Some(Value::Date(date(2024, 12, 31))))
    );
    // A workbook's number cell in a date column is a date cell that lost its format.
    assert_eq!(
        read(CellValue::Float(45657.0), &Kind::Date, &r),
        Ok(Some(Value::Date(date(2024, 12, 31))))
    );
    let p = read(CellValue::Date(1900, 2, 29), &Kind::Date, &r).unwrap_err();
    assert!(p.expected.contains("29 février 1900"), "{p:?}");
}

#[test]
fn rates_and_percentages() {
    let r = Reading::default();
    assert_eq!(
        read(text("15 %"), &Kind::Rate, &r),
        Ok(Some(Value::Number(d("0.15"))))
    );
    assert_eq!(
        read(text("0,15"), &Kind::Rate, &r),
        Ok(Some(Value::Number(d("0.15"))))
    );
    assert_eq!(
        read(CellValue::Float(0.15), &Kind::Rate, &r),
        Ok(Some(Value::Number(d("0.15"))))
    );
    let p = read(text("15"), &Kind::Rate, &r).unwrap_err();
    assert!(p.expected.contains("pourcentage: true"), "{p:?}");
    let percent = Reading {
        percent: true,
        ..Reading::default()
    };
    assert_eq!(
        read(text("15"), &Kind::Rate, &percent),
        Ok(Some(Value::Number(d("0.15"))))
    );
    assert_eq!(
        read(text("12,5"), &Kind::Rate, &percent),
        Ok(Some(Value::Number(d("0.125"))))
    );
    assert!(read(text("150"), &Kind::Rate, &percent).is_err());
}

#[test]
fn yes_no_enums_and_value_tables() {
    let r = Reading::default();
    assert_eq!(
        read(text("Oui"), &Kind::Bool, &r),
        Ok(Some(Value::Bool(true)))
    );
    assert_eq!(
        read(text("NON"), &Kind::Bool, &r),
        Ok(Some(Value::Bool(false)))
    );
    assert_eq!(
        read(CellValue::Bool(true), &Kind::Bool, &r),
        Ok(Some(Value::Bool(true)))
    );
    assert!(read(text("peut-être"), &Kind::Bool, &r).is_err());
    let filled = Reading {
        filled_is_true: true,
        ..Reading::default()
    };
    assert_eq!(
        read(text("411A"), &Kind::Bool, &filled),
        Ok(Some(Value::Bool(true)))
    );
    assert_eq!(
        read(CellValue::Empty, &Kind::Bool, &filled),
        Ok(Some(Value::Bool(false)))
    );
    let kind = Kind::Enum(vec!["cdi".into(), "cesa".into()]);
    assert_eq!(
        read(text("CESA"), &kind, &r),
        Ok(Some(Value::String("cesa".into())))
    );
    let table = Reading {
        values: vec![(
            normalize("Contrat d'Appui au Projet d'Entreprise"),
            Value::String("cape".into()),
        )],
        ..Reading::default()
    };
    assert_eq!(
        read(
            text("contrat d’appui au projet d’entreprise"),
            &kind,
            &table
        ),
        Ok(Some(Value::String("cape".into())))
    );
    let p = read(text("CDD"), &kind, &table).unwrap_err();
    assert!(
        p.expected.contains("cdi, cesa") && p.expected.contains("contrat d'appui"),
        "{p:?}"
    );
}

#[test]
fn integers_bounds_and_errors() {
    let year = Kind::Integer {
        min: Some(d("1900")),
        max: Some(d("2100")),
    };
    let r = Reading::default();
    assert_eq!(
        read(text("2024"), &year, &r),
        Ok(Some(Value::Number(d("2024"))))
    );
    assert_eq!(
        read(CellValue::Float(2024.0), &year, &r),
        Ok(Some(Value::Number(d("2024"))))
    );
    assert!(read(text("2024,5"), &year, &r).is_err());
    assert!(
        read(text("1800"), &year, &r)
            .unwrap_err()
            .expected
            .contains("entre 1900 et 2100")
    );
    assert!(read(CellValue::Error("#DIV/0!".into()), &year, &r).is_err());
    assert_eq!(read(CellValue::Empty, &year, &r), Ok(None));
    let amount = Kind::Number {
        min: Some(Decimal::ZERO),
    };
    assert!(read(text("-5"), &amount, &r).is_err());
}
