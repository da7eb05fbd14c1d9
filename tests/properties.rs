//! Property tests of the `check` pipeline (DESIGN §7 and §8) on generated dossiers: valid ones
//! from the corpus generator (`cooplabel::testing::corpus`, random seeds and sizes) and
//! near-valid ones (the same texts with a few random edits: a line deleted, duplicated or
//! re-indented, a number quoted or made huge, a tab, a cut, a flipped byte, two keys swapped…).
//!
//! For every input: no panic; every finding has a code; every located finding sits on a line of
//! the text, inside it, on character boundaries, with a pointer that resolves (or whose parent
//! does) in the document; the decision agrees with the findings; the same text checked twice
//! gives the same result and the same reports; the JSON report is JSON and its summary adds up.
//! Valid corpus dossiers never produce schema (`SC…`) or load (`LD…`) findings.
//!
//! Bounded (64 cases a property) so that `cargo test` stays quick on 2 cores;
//! `PROPTEST_CASES=5000 cargo test --release --test properties` runs longer.

#[path = "fuzz/pipeline.rs"]
mod pipeline;

use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;

use cooplabel::finding::Origin;
use cooplabel::lang::Lang;
use cooplabel::load::{Document, load_bytes};
use cooplabel::numfmt;
use cooplabel::report::{Format, Summary};
use cooplabel::testing::corpus;
use cooplabel::verdict::{Decision, DossierResult};

/// `cases` per property, or `PROPTEST_CASES` for a longer run.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        // The failing input is printed, shrunk; the targeted tests of the bugs found keep it.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

/// A generated dossier: any seed, 0 to 40 entrepreneurs.
fn valid_dossier() -> impl Strategy<Value = String> {
    (any::<u64>(), 0usize..40).prop_map(|(seed, n)| corpus::dossier(seed, n))
}

/// Values that a careless or hostile author may put where a number goes.
const ODD_NUMBERS: &[&str] = &[
    "1e999999",
    "-1e999999",
    "1e-999999",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "99999999999999999999999999999999",
    "0.0000000000000000000000000001",
    "1e27",
    "0x7FFFFFFFFFFFFFFF",
    "0xFFFFFFFFFFFFFFFFFFFF",
    "0o777",
    ".inf",
    "-.inf",
    ".nan",
    "-0",
    "1_000",
    "12,5",
    "\"12\"",
    "~",
    "[]",
    "{}",
];

/// One edit of a dossier's text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    /// Adds (positive) or removes (negative) leading spaces of a line.
    Reindent(Index, i8),
    /// Quotes a number: `12` → `"12"`.
    QuoteNumber(Index),
    /// Replaces a number by one of `ODD_NUMBERS`.
    OddNumber(Index, Index),
    /// Puts a tab at the start of a line, or in place of the space after its `:`.
    InsertTab(Index, bool),
    /// Cuts the text.
    Truncate(Index),
    /// XORs one byte (the result may not be UTF-8 any more).
    FlipByte(Index, u8),
    /// Exchanges the names of two keys (`nom:` ↔ `parts:`) where they stand.
    SwapKeys(Index, Index),
    /// Removes the value of a `key: value` pair.
    DropValue(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<Index>(), -4i8..=4).prop_map(|(a, d)| Mutation::Reindent(a, d)),
        any::<Index>().prop_map(Mutation::QuoteNumber),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::OddNumber(a, b)),
        (any::<Index>(), any::<bool>()).prop_map(|(a, b)| Mutation::InsertTab(a, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 1u8..=255).prop_map(|(a, m)| Mutation::FlipByte(a, m)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapKeys(a, b)),
        any::<Index>().prop_map(Mutation::DropValue),
    ]
}

/// A generated dossier with one to four edits.
fn near_valid_dossier() -> impl Strategy<Value = (String, Vec<Mutation>)> {
    (valid_dossier(), prop::collection::vec(mutation(), 1..=4))
}

/// Byte ranges of the numbers written as values (`: 12`, `[2000, 2001]`, `{ a: 0.15 }`).
fn numbers(text: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let starts = (text[i].is_ascii_digit() || text[i] == b'-')
            && i >= 1
            && matches!(text[i - 1], b' ' | b'[');
        if starts {
            let end = text[i + 1..]
                .iter()
                .position(|&b| !(b.is_ascii_digit() || b == b'.'))
                .map_or(text.len(), |p| i + 1 + p);
            let after = text.get(end).copied();
            let is_number = text[i..end].iter().any(u8::is_ascii_digit)
                && matches!(
                    after,
                    None | Some(b',' | b' ' | b'}' | b']' | b'\n' | b'\r')
                );
            if is_number {
                found.push((i, end));
            }
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Byte ranges of the keys (`key:` at the start of a line, after `- ` or `{ ` or `, `).
fn keys(text: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (i, &b) in text.iter().enumerate() {
        let starts = (b.is_ascii_lowercase() || b == b'_')
            && (i == 0 || matches!(text[i - 1], b' ' | b'\n' | b'{'));
        if !starts {
            continue;
        }
        let len = text[i..]
            .iter()
            .position(|&c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_'))
            .unwrap_or(text.len() - i);
        if text[i + len..].starts_with(b": ") || text[i + len..].starts_with(b":\n") {
            found.push((i, i + len));
        }
    }
    found
}

/// Line ranges, without their line break.
fn lines(text: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in text.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Swaps two of `ranges` (non-overlapping byte ranges of `text`), chosen by `i` and `j`.
fn swap_ranges(text: &mut Vec<u8>, ranges: &[(usize, usize)], i: &Index, j: &Index) {
    if ranges.len() < 2 {
        return;
    }
    let (x, y) = (ranges[i.index(ranges.len())], ranges[j.index(ranges.len())]);
    let (first, second) = if x.0 <= y.0 { (x, y) } else { (y, x) };
    if first == second {
        return;
    }
    let (a, b) = (
        text[first.0..first.1].to_vec(),
        text[second.0..second.1].to_vec(),
    );
    // The later one first, so that the earlier range's offsets still hold.
    text.splice(second.0..second.1, a);
    text.splice(first.0..first.1, b);
}

fn apply(text: &mut Vec<u8>, m: &Mutation) {
    let splice = |text: &mut Vec<u8>, (a, b): (usize, usize), with: &[u8]| {
        text.splice(a..b, with.iter().copied());
    };
    match m {
        Mutation::DeleteLine(i) | Mutation::DuplicateLine(i) => {
            let ls = lines(text);
            if ls.is_empty() {
                return;
            }
            let (a, b) = ls[i.index(ls.len())];
            let end = (b + 1).min(text.len());
            if matches!(m, Mutation::DeleteLine(_)) {
                text.drain(a..end);
            } else {
                let mut copy = text[a..b].to_vec();
                copy.push(b'\n');
                splice(text, (a, a), &copy);
            }
        }
        Mutation::SwapLines(i, j) => {
            let ls = lines(text);
            swap_ranges(text, &ls, i, j);
        }
        Mutation::Reindent(i, delta) => {
            let ls = lines(text);
            if ls.is_empty() {
                return;
            }
            let (a, _) = ls[i.index(ls.len())];
            if *delta >= 0 {
                splice(text, (a, a), &vec![b' '; *delta as usize]);
            } else {
                let spaces = text[a..].iter().take_while(|&&b| b == b' ').count();
                let n = spaces.min(delta.unsigned_abs() as usize);
                text.drain(a..a + n);
            }
        }
        Mutation::QuoteNumber(i) => {
            let ns = numbers(text);
            if ns.is_empty() {
                return;
            }
            let (a, b) = ns[i.index(ns.len())];
            let quoted = [b"\"".as_slice(), &text[a..b], b"\""].concat();
            splice(text, (a, b), &quoted);
        }
        Mutation::OddNumber(i, which) => {
            let ns = numbers(text);
            if ns.is_empty() {
                return;
            }
            let odd = ODD_NUMBERS[which.index(ODD_NUMBERS.len())];
            splice(text, ns[i.index(ns.len())], odd.as_bytes());
        }
        Mutation::InsertTab(i, after_colon) => {
            let ls = lines(text);
            if ls.is_empty() {
                return;
            }
            let (a, b) = ls[i.index(ls.len())];
            match text[a..b].windows(2).position(|w| w == b": ") {
                Some(p) if *after_colon => text[a + p + 1] = b'\t',
                _ => splice(text, (a, a), b"\t"),
            }
        }
        Mutation::Truncate(i) => {
            let at = i.index(text.len() + 1);
            text.truncate(at);
        }
        Mutation::FlipByte(i, mask) => {
            if !text.is_empty() {
                let at = i.index(text.len());
                text[at] ^= mask;
            }
        }
        Mutation::SwapKeys(i, j) => {
            let ks = keys(text);
            swap_ranges(text, &ks, i, j);
        }
        Mutation::DropValue(i) => {
            let ks = keys(text);
            if ks.is_empty() {
                return;
            }
            let (_, key_end) = ks[i.index(ks.len())];
            let value_start = key_end + 1;
            let value_end = text[value_start..]
                .iter()
                .position(|&b| matches!(b, b'\n' | b',' | b'}'))
                .map_or(text.len(), |p| value_start + p);
            text.drain(value_start..value_end);
        }
    }
}

fn mutate(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        apply(&mut bytes, m);
    }
    bytes
}

// ── Properties ──────────────────────────────────────────────────────────────────────────────

/// Whether `pointer`, or the pointer of its parent, names a value of the document.
fn resolves_or_parent(doc: &Document, pointer: &str) -> bool {
    if doc.root.pointer(pointer).is_some() {
        return true;
    }
    match pointer.rfind('/') {
        Some(i) => doc.root.pointer(&pointer[..i]).is_some(),
        None => false,
    }
}

/// Everything a result must satisfy; `bytes` is the text it was checked from.
fn assert_properties(bytes: &[u8], r: &DossierResult) {
    // Codes, spans inside the text and on its lines, decision against findings.
    pipeline::assert_result(r, bytes);
    // Pointers name the value (or the parent of a missing key) in the document.
    if let Ok(doc) = load_bytes(pipeline::NAME, bytes.to_vec(), &Default::default()) {
        for f in r.findings.iter().filter(|f| f.origin != Origin::Load) {
            assert!(
                resolves_or_parent(&doc, &f.pointer),
                "{} points at {:?}, which does not resolve, nor does its parent",
                f.code,
                f.pointer
            );
        }
    } else {
        assert_eq!(r.decision, Decision::NotEvaluable);
    }
    // Determinism: the same text gives the same result and the same reports.
    let again = pipeline::check(bytes);
    assert_eq!(r.decision, again.decision);
    assert_eq!(r.score, again.score);
    assert_eq!(r.principles, again.principles);
    assert_eq!(r.outcomes, again.outcomes);
    assert_eq!(r.findings, again.findings);
    let json = pipeline::report(r, Format::Json);
    assert_eq!(json, pipeline::report(&again, Format::Json));
    assert_eq!(
        pipeline::report(r, Format::Human),
        pipeline::report(&again, Format::Human)
    );
    // The JSON report is JSON, its summary adds up.
    pipeline::assert_json_report(&json, r);
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn valid_corpus_dossiers_pass_the_schema_and_keep_every_property(text in valid_dossier()) {
        let r = pipeline::check(text.as_bytes());
        let structural: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code.starts_with("SC") || f.code.starts_with("LD"))
            .map(|f| (&f.code, &f.pointer, &f.message))
            .collect();
        prop_assert!(structural.is_empty(), "{structural:#?}\n{text}");
        prop_assert_ne!(r.decision, Decision::NotEvaluable);
        prop_assert!(r.score.is_some(), "the rules ran");
        assert_properties(text.as_bytes(), &r);
    }

    #[test]
    fn near_valid_dossiers_keep_every_property((text, mutations) in near_valid_dossier()) {
        let bytes = mutate(&text, &mutations);
        let r = pipeline::check(&bytes);
        assert_properties(&bytes, &r);
    }
}

proptest! {
    #![proptest_config(config(16))]

    /// A batch's summary counts every dossier once, and its statistics are the sums of the
    /// dossiers' `statistiques`.
    #[test]
    fn batch_summary_adds_up(seeds in prop::collection::vec((any::<u64>(), 0usize..12), 1..8)) {
        let results: Vec<_> = seeds
            .iter()
            .map(|&(seed, n)| pipeline::check(corpus::dossier(seed, n).as_bytes()))
            .collect();
        let mut summary = Summary::default();
        for r in &results {
            summary.add(r);
        }
        prop_assert_eq!(summary.dossiers, results.len());
        let counted: usize = [
            Decision::Conforming,
            Decision::Conditional,
            Decision::NonConforming,
            Decision::NotEvaluable,
        ]
        .iter()
        .map(|&d| summary.count(d))
        .sum();
        prop_assert_eq!(counted, results.len());
        let accueils: Decimal = results
            .iter()
            .filter_map(|r| r.identity.statistics.as_ref())
            .map(|s| s.accueils)
            .sum();
        prop_assert_eq!(summary.accueils, accueils);
        let worst = results.iter().map(|r| r.decision.exit_code()).max().unwrap_or(0);
        prop_assert_eq!(summary.exit_code(), worst);
    }
}

// ── Number formatting ──────────────────────────────────────────────────────────────────────

/// Any decimal: mantissa up to 96 bits, scale 0 to 28.
fn decimal() -> impl Strategy<Value = Decimal> {
    (any::<i128>(), 0u32..=28).prop_map(|(m, scale)| {
        let m = m % (1i128 << 96);
        Decimal::from_i128_with_scale(m, scale)
    })
}

/// A decimal of realistic size (amounts and rates in a dossier): |d| < 10^15.
fn amount() -> impl Strategy<Value = Decimal> {
    (-10i64.pow(15) + 1..10i64.pow(15), 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s))
}

/// `number` back to a `Decimal`: no separators, `.` as the decimal mark.
fn unformat(text: &str, lang: Lang) -> Decimal {
    let plain: String = match lang {
        Lang::Fr => text.replace(' ', "").replace(',', "."),
        Lang::En => text.replace(',', ""),
    };
    plain
        .parse()
        .unwrap_or_else(|e| panic!("{text:?} → {plain:?}: {e}"))
}

proptest! {
    #![proptest_config(config(256))]

    /// `number` shows the value (rounded to two decimals past two, its written decimals kept
    /// otherwise), groups thousands by three past four digits, and reads back to the decimal.
    #[test]
    fn number_reads_back(d in decimal(), en in any::<bool>()) {
        let lang = if en { Lang::En } else { Lang::Fr };
        let text = numfmt::number(d, lang);
        let back = unformat(&text, lang);
        if d.scale() > 2 {
            // Rounded half-up to two decimals.
            prop_assert!(back.scale() <= 2, "{}", text);
            prop_assert!((back - d).abs() <= Decimal::new(5, 3), "{} for {}", text, d);
        } else {
            prop_assert_eq!(back, d, "{}", text);
            prop_assert_eq!(back.to_string(), d.to_string(), "{} keeps its written decimals", text);
        }
        let int = text.trim_start_matches('-');
        let int = int.split(lang.pick(',', '.')).next().unwrap_or_default();
        let groups: Vec<&str> = int.split(lang.pick(' ', ',')).collect();
        let digits: usize = groups.iter().map(|g| g.len()).sum();
        if digits > 4 {
            prop_assert!(groups[1..].iter().all(|g| g.len() == 3), "{}", text);
            prop_assert!((1..=3).contains(&groups[0].len()), "{}", text);
        } else {
            prop_assert_eq!(groups.len(), 1, "{}", text);
        }
    }

    /// `percent` of a realistic rate is the rate × 100 rounded half-up (away from zero) to two
    /// decimals, never truncated (CATALOGUE, display: 14,9899 % → 14,99 %).
    #[test]
    fn percent_rounds_realistic_rates_half_up(d in amount(), en in any::<bool>()) {
        let lang = if en { Lang::En } else { Lang::Fr };
        let text = numfmt::percent(d, lang);
        let number = text.trim_end_matches('%').trim_end();
        let expected = (d * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        prop_assert_eq!(unformat(number, lang), expected, "{}", text);
    }

    /// `percent` never panics, whatever the rate (a computed ratio can be huge).
    /// (It panicked on rates past 7.9e26 before `numfmt::percent` used `checked_mul`.)
    #[test]
    fn percent_of_any_decimal_does_not_panic(d in decimal()) {
        let _ = numfmt::percent(d, Lang::Fr);
    }
}
