//! Unit tests of `source.rs`.
use super::*;

fn date(s: &str) -> Date {
    parse_date(s).unwrap()
}

#[test]
fn seeds_are_cited_by_author_title_and_date_never_by_number() {
    let s = RawSource {
        seed: Some("001".into()),
        location: Some("tableau « Réserves »".into()),
        ..RawSource::default()
    };
    let text = format_source(&s, Lang::Fr);
    assert!(
        text.starts_with("D. Giacometti, « Coopérer pour entreprendre »"),
        "{text}"
    );
    assert!(
        text.contains("RECMA n° 281, juillet 2001, tableau « Réserves »"),
        "{text}"
    );
    assert!(!text.contains("seed"), "{text}");
    for n in ["000", "001", "002", "003", "004"] {
        let t = seed_title(n, Lang::Fr).unwrap();
        assert!(!t.contains("seed"));
        assert!(seed_title(n, Lang::En).is_some());
    }
}

#[test]
fn laws_by_name_and_article_with_what_is_not_verified() {
    let s = RawSource {
        law: Some("Loi n° 78-763 du 19 juillet 1978".into()),
        article: Some("33, 4°".into()),
        unverified: vec!["date".into()],
        from: Some("1992-07-14".into()),
        ..RawSource::default()
    };
    assert_eq!(
        format_source(&s, Lang::Fr),
        "Loi n° 78-763 du 19 juillet 1978, art. 33, 4° (date non vérifiée) [depuis le 1992-07-14]"
    );
    let secondary = RawSource {
        law: Some("Décret n° 2015-1363".into()),
        secondary: true,
        ..RawSource::default()
    };
    assert_eq!(
        format_source(&secondary, Lang::En),
        "Décret n° 2015-1363 (from secondary sources)"
    );
}

#[test]
fn a_dossier_is_shown_only_the_texts_in_force_in_its_country_on_its_date() {
    let sources = vec![
        RawSource {
            seed: Some("003".into()),
            ..RawSource::default()
        },
        RawSource {
            law: Some("Code des sociétés et des associations (Belgique)".into()),
            article: Some("8:5".into()),
            from: Some("2019-05-01".into()),
            countries: Some(vec![Country::Be]),
            ..RawSource::default()
        },
        RawSource {
            law: Some("Loi n° 47-1775".into()),
            article: Some("3 bis".into()),
            from: Some("1992-07-14".into()),
            until: Some("2014-08-01".into()),
            countries: Some(vec![Country::Fr]),
            ..RawSource::default()
        },
    ];
    let count = |country: &str, d: &str| {
        sources_for(&sources, Country::parse(country), date(d), Lang::Fr).len()
    };
    assert_eq!(count("BE", "2019-04-30"), 1);
    assert_eq!(count("BE", "2019-05-01"), 2);
    assert_eq!(count("FR", "2019-05-01"), 1);
    assert_eq!(count("FR", "1992-07-13"), 1);
    assert_eq!(count("FR", "1992-07-14"), 2);
    assert_eq!(count("FR", "2014-08-01"), 2);
    assert_eq!(count("FR", "2014-08-02"), 1);
    // The lines a finding shows carry no scope: it is implied by the dossier.
    assert_eq!(
        sources_for(&sources, Some(Country::Be), date("2020-01-01"), Lang::Fr)[1],
        "Code des sociétés et des associations (Belgique), art. 8:5"
    );
}
