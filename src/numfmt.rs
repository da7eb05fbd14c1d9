//! Numbers as people read them: `16 384,40` and `14 %` in French, `16,384.40` and `14%` in
//! English. Always from `Decimal`, never through floating point.

use rust_decimal::Decimal;

use crate::lang::Lang;

/// A decimal with grouped thousands and the language's decimal mark. At most two decimals are
/// shown (a computed `2457.6600` is `2 457,66`; a written `16384.40` keeps its two), and
/// numbers of four digits or fewer are not grouped (`2000`, not `2 000`: years read badly so).
pub fn number(d: Decimal, lang: Lang) -> String {
    let d = if d.scale() > 2 { d.round_dp(2) } else { d };
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

/// A rate (a fraction: `0.15`) as a percentage (`15 %`), with at most two decimals.
pub fn percent(rate: Decimal, lang: Lang) -> String {
    // Truncated, not rounded: 14,999 % must not read as the 15 % it fails to reach.
    let Some(p) = rate.checked_mul(Decimal::ONE_HUNDRED) else {
        // A ratio past 10^26 (a tiny surplus, a huge allocation): say it as it is.
        return format!("{} × 100 %", number(rate, lang));
    };
    let p = p
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero)
        .normalize();
    match lang {
        Lang::Fr => format!("{} %", number(p, lang)),
        Lang::En => format!("{}%", number(p, lang)),
    }
}

#[cfg(test)]
#[path = "numfmt_tests.rs"]
mod tests;
