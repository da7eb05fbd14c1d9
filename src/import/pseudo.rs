//! Pseudonyms: a keyed hash (HMAC-SHA-256) of an identifier or a name, so that the same person
//! has the same pseudonym year after year with the cooperative's key, and nobody without the
//! key can recompute it from a list of names. The key never leaves this module: it is neither
//! printed nor written.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Shortest key accepted, in bytes: below this, a key could be guessed.
pub(crate) const MIN_KEY_BYTES: usize = 16;

/// A pseudonymisation key.
pub(crate) struct Key(Vec<u8>);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    /// A key from the bytes of a key file or of the environment variable (a final newline,
    /// which editors add, is not part of it). `None` when it is too short.
    pub(crate) fn new(bytes: &[u8]) -> Option<Self> {
        let bytes = bytes
            .strip_suffix(b"\n")
            .map(|b| b.strip_suffix(b"\r").unwrap_or(b))
            .unwrap_or(bytes);
        (bytes.len() >= MIN_KEY_BYTES).then(|| Key(bytes.to_vec()))
    }

    /// The pseudonym of a value: `P-` and 12 hexadecimal digits (48 bits: for 10 000 people,
    /// a collision has about one chance in 5 million; the import refuses one anyway, as a
    /// duplicate identifier). Blanks around the value do not change it.
    pub(crate) fn pseudonym(&self, value: &str) -> String {
        let normalized = value.split_whitespace().collect::<Vec<_>>().join(" ");
        // A key of any length is accepted by HMAC: this cannot fail.
        let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) {
            Ok(m) => m,
            Err(_) => return String::from("P-?"),
        };
        mac.update(b"cooplabel pseudonyme 1\0");
        mac.update(normalized.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut out = String::from("P-");
        for b in &digest[..6] {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_pseudonym_other_key_other_pseudonym() {
        let a = Key::new(b"une cle de seize octets au moins\n").unwrap();
        let b = Key::new(b"une autre cle, tout aussi longue").unwrap();
        assert_eq!(
            a.pseudonym("Dupont Marie"),
            a.pseudonym("  Dupont   Marie ")
        );
        assert_ne!(a.pseudonym("Dupont Marie"), b.pseudonym("Dupont Marie"));
        assert_ne!(a.pseudonym("E001"), a.pseudonym("E002"));
        let p = a.pseudonym("E001");
        assert!(p.starts_with("P-") && p.len() == 14, "{p}");
        assert!(!p.contains("E001"));
    }

    #[test]
    fn short_keys_are_refused_and_keys_are_not_shown() {
        assert!(Key::new(b"court").is_none());
        let k = Key::new(b"0123456789abcdef").unwrap();
        assert_eq!(format!("{k:?}"), "Key(…)");
    }
}
