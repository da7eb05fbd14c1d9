//! The identifiers that name a cooperative across years and files: the French SIREN (9 digits,
//! Luhn check digit) and the Belgian enterprise number (10 digits, mod-97 check). A dossier and
//! an entry of the committee's waiver register name the same cooperative when these agree, so
//! a mistyped digit must be caught where it is written, with the digit that was expected.

/// Which identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// French SIREN: 9 digits, the last a Luhn check digit.
    Siren,
    /// Belgian *numéro d'entreprise* (BCE): 10 digits, the last two a mod-97 check.
    EnterpriseNumber,
}

/// What is wrong with a written identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Not the right number of digits (after removing the usual separators).
    Length {
        /// Digits found.
        found: usize,
    },
    /// Something else than digits and the usual separators.
    NotDigits,
    /// The check digit(s) do not match: `expected` is the whole identifier with the right
    /// check digit(s), `check` the check digit(s) alone.
    CheckDigit {
        /// The identifier as it should be.
        expected: String,
        /// The check digit(s) expected.
        check: String,
    },
}

impl Kind {
    /// Number of digits.
    pub(crate) fn digits(self) -> usize {
        match self {
            Kind::Siren => 9,
            Kind::EnterpriseNumber => 10,
        }
    }

    /// Digits of the check.
    fn check_len(self) -> usize {
        match self {
            Kind::Siren => 1,
            Kind::EnterpriseNumber => 2,
        }
    }

    /// The check digit(s) for the digits before them.
    fn check_for(self, payload: &[u8]) -> String {
        match self {
            Kind::Siren => luhn_digit(payload).to_string(),
            Kind::EnterpriseNumber => {
                let n = payload.iter().fold(0u64, |n, d| n * 10 + u64::from(*d));
                format!("{:02}", 97 - n % 97)
            }
        }
    }
}

/// The digits of an identifier as people write it: a SIREN as `732829320` or `732 829 320`, an
/// enterprise number as `0123456749` or `0123.456.749` (a leading `BE` is accepted).
pub(crate) fn normalize(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    let text = text
        .strip_prefix("BE")
        .or_else(|| text.strip_prefix("be"))
        .unwrap_or(text);
    let mut digits = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '\u{a0}' => {}
            _ => return Err(Problem::NotDigits),
        }
    }
    Ok(digits)
}

/// Checks an identifier; returns its digits when it is valid.
pub(crate) fn check(kind: Kind, text: &str) -> Result<String, Problem> {
    let digits = normalize(text)?;
    if digits.len() != kind.digits() {
        return Err(Problem::Length {
            found: digits.len(),
        });
    }
    let values: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
    let (payload, _) = values.split_at(kind.digits() - kind.check_len());
    let check = kind.check_for(payload);
    if digits.ends_with(&check) {
        Ok(digits)
    } else {
        let mut expected = digits[..payload.len()].to_string();
        expected.push_str(&check);
        Err(Problem::CheckDigit { expected, check })
    }
}

/// The Luhn check digit of `payload` (the digit to append so that the whole passes Luhn).
fn luhn_digit(payload: &[u8]) -> u8 {
    // Counting from the right of the complete number, every second digit is doubled; the
    // check digit will be the first, so the payload's last digit is doubled.
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
#[path = "identifiers_tests.rs"]
mod tests;
