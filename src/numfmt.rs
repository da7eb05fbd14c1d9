//! Numbers as people read them: `16 384,40` and `14 %` in French, `16,384.40` and `14%` in
//! English. Always from `Decimal`, never through floating point.

use rust_decimal::Decimal;

use crate::lang::Lang;

/// A decimal with grouped thousands and the language's decimal mark. At most two decimals are
/// shown, rounded half-up (a computed `2457.6600` is `2 457,66`, `0.125` is `0,13`; a written
/// `16384.40` keeps its two), and numbers of four digits or fewer are not grouped (`2000`, not
/// `2 000`: years read badly so).
pub fn number(d: Decimal, lang: Lang) -> String {
    let d = if d.scale() > 2 { round2(d) } else { d };
    let text = d.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let sep = lang.pick(' ', ',');
    let group = int.len() > 4;
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if group && i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}{}{f}", lang.pick(',', '.')),
        None => format!("{sign}{grouped}"),
    }
}

/// Rounds to two decimals, half away from zero (the schoolbook rounding people expect on a
/// report: `14,985` → `14,99`), never to even as `round_dp` does.
fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// A rate (a fraction: `0.15`) as a percentage (`15 %`), rounded half-up to two decimals
/// (`0.149899` → `14,99 %`, `6/11` → `54,55 %`). A rate that fails a threshold by less than
/// the rounding step may read as the threshold itself; the messages then give the amounts too.
pub fn percent(rate: Decimal, lang: Lang) -> String {
    let Some(p) = rate.checked_mul(Decimal::ONE_HUNDRED) else {
        // A ratio past 10^26 (a tiny surplus, a huge allocation): say it as it is.
        return format!("{} × 100 %", number(rate, lang));
    };
    let p = round2(p).normalize();
    match lang {
        Lang::Fr => format!("{} %", number(p, lang)),
        Lang::En => format!("{}%", number(p, lang)),
    }
}

#[cfg(test)]
#[path = "numfmt_tests.rs"]
mod tests;
