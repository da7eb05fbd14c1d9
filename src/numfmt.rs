//! Numbers as people read them: `16 384,40` and `14 %` in French, `16,384.40` and `14%` in
//! English. Always from `Decimal`, never through floating point.

use rust_decimal::Decimal;

use crate::lang::Lang;

/// A decimal with grouped thousands and the language's decimal mark. At most two decimals are
/// shown, rounded half-up (a computed `2457.6600` is `2 457,66`, `0.125` is `0,13`; a written
/// `16384.40` keeps its two), and numbers of four digits or fewer are not grouped (`2000`, not
/// `2 000`: years read badly so). Amounts of money go through [`amount`] instead.
pub fn number(d: Decimal, lang: Lang) -> String {
    let d = if d.scale() > 2 { round2(d) } else { d };
    grouped(d, 5, lang)
}

/// An amount of money, the one way every report writes it: thousands always grouped (`8 420`
/// next to `115 000`, so that a column of amounts reads alike), cents shown only when there
/// are some and then always two (`990` for a written `990.00`, `990,50` for `990.5`), rounded
/// half-up, a minus sign (`−`) for a loss, and the currency after it when known
/// (`8 420 EUR`).
pub fn amount(d: Decimal, currency: Option<&str>, lang: Lang) -> String {
    let digits = amount_digits(d.abs(), lang);
    let sign = if d.is_sign_negative() && !round2(d).is_zero() {
        "−"
    } else {
        ""
    };
    match currency {
        Some(c) => format!("{sign}{digits} {c}"),
        None => format!("{sign}{digits}"),
    }
}

/// A change of an amount, always signed (`+9 000`, `−990,50`), `=` when nothing changed (to
/// the cent).
pub fn amount_change(d: Decimal, lang: Lang) -> String {
    signed(d, |d| amount_digits(d, lang))
}

/// A change of a count or of any other plain number, always signed (`+3`, `−12`), `=` when
/// nothing changed.
pub fn number_change(d: Decimal, lang: Lang) -> String {
    signed(d, |d| number(d, lang))
}

/// The digits of a non-negative amount: zero or two decimals, grouped from 1 000 on.
fn amount_digits(d: Decimal, lang: Lang) -> String {
    let d = round2(d);
    let d = if d.fract().is_zero() {
        d.trunc()
    } else {
        let mut two = d;
        two.rescale(2);
        two
    };
    grouped(d, 4, lang)
}

/// `+` or `−` before the magnitude, written by `digits`; `=` for what rounds to zero.
fn signed(d: Decimal, digits: impl Fn(Decimal) -> String) -> String {
    let shown = digits(d.abs());
    if round2(d).is_zero() {
        return "=".into();
    }
    let sign = if d.is_sign_negative() { "−" } else { "+" };
    format!("{sign}{shown}")
}

/// The decimal's text with the language's marks, the integer part grouped by thousands when
/// it has at least `min_group` digits.
fn grouped(d: Decimal, min_group: usize, lang: Lang) -> String {
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
    let group = int.len() >= min_group;
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
