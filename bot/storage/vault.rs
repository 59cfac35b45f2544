//! Encryption at rest: contact addresses, answers (and the codes of sensitive ones), session
//! states and stored replies are sealed with XChaCha20-Poly1305 under the data key; addresses
//! and message ids are found again by keyed hashes (HMAC-SHA-256), so the database never holds
//! a phone number, a chat id or a typed answer in clear.
//!
//! A sealed value reads `v1.<key id>.<base64 of nonce and ciphertext>`; the column it belongs to
//! is bound as associated data, so a value copied into another column does not open. A value
//! without the prefix is a clear value written before encryption existed: it opens as itself,
//! and `tremplin rotate-key` seals it.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::core::ConvKey;

const PREFIX: &str = "v1.";

/// Why a sealed value did not open, or a key could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("a value was sealed with another data key (key id {0})")]
    OtherKey(String),
    #[error("a sealed value is damaged or was moved from another column")]
    Damaged,
    #[error("the data key must be 32 bytes, in base64 or hex")]
    BadKey,
    #[error("the data key file {0}: {1}")]
    File(String, std::io::Error),
}

/// The data key: seals and opens values, and hashes addresses for lookups.
pub struct DataKey {
    cipher: XChaCha20Poly1305,
    mac: [u8; 32],
    id: String,
    check: String,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(master).expect("any key length");
    m.update(label.as_bytes());
    m.finalize().into_bytes().into()
}

impl DataKey {
    /// A key from its 32 bytes. Separate keys are derived for sealing, hashing and the id.
    #[must_use]
    pub fn from_bytes(master: &[u8; 32]) -> Self {
        let enc = derive(master, "tremplin seal v1");
        let id = derive(master, "tremplin key id v1");
        let check = derive(
            &derive(master, "tremplin key check v1"),
            "tremplin data key check",
        );
        Self {
            cipher: XChaCha20Poly1305::new(&enc.into()),
            mac: derive(master, "tremplin lookup v1"),
            id: id[..4].iter().map(|b| format!("{b:02x}")).collect(),
            check: URL_SAFE_NO_PAD.encode(check),
        }
    }

    /// Reads a key written as base64 (standard or URL-safe) or as 64 hex digits.
    pub fn parse(text: &str) -> Result<Self, VaultError> {
        let t = text.trim();
        let bytes = if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&t[i * 2..i * 2 + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| VaultError::BadKey)?
        } else {
            STANDARD
                .decode(t)
                .or_else(|_| URL_SAFE_NO_PAD.decode(t.trim_end_matches('=')))
                .map_err(|_| VaultError::BadKey)?
        };
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| VaultError::BadKey)?;
        Ok(Self::from_bytes(&bytes))
    }

    /// A new random key and its text form (base64).
    #[must_use]
    pub fn generate() -> (Self, String) {
        let bytes: [u8; 32] = XChaCha20Poly1305::generate_key(&mut OsRng).into();
        (Self::from_bytes(&bytes), STANDARD.encode(bytes))
    }

    /// The key in `path`, or a new one written there (readable by its owner only) when the file
    /// does not exist. Says whether it was created.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), VaultError> {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Ok((Self::parse(&text)?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let (key, text) = Self::generate();
                write_private(path, &format!("{text}\n")).map_err(|e| VaultError::File(name, e))?;
                Ok((key, true))
            }
            Err(e) => Err(VaultError::File(name, e)),
        }
    }

    /// The fixed key used when none is configured: for tests and for trying tremplin out only,
    /// since anyone can read the data it seals.
    #[must_use]
    pub fn development() -> Self {
        Self::from_bytes(&derive(&[0; 32], "tremplin development key"))
    }

    /// A short public name of the key (not secret), stored with every sealed value.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key's check value: a MAC of a constant under a key derived for this alone. Stored
    /// with the data, it tells at start whether a key is the one the data is sealed with,
    /// and says nothing of the key.
    #[must_use]
    pub fn check_value(&self) -> &str {
        &self.check
    }

    /// The id of the key a stored value is sealed with; none for a clear value.
    #[must_use]
    pub fn sealed_with(stored: &str) -> Option<&str> {
        stored
            .strip_prefix(PREFIX)?
            .split_once('.')
            .map(|(id, _)| id)
    }

    /// Seals `plain` for `column` (e.g. `people.address`).
    #[must_use]
    pub fn seal(&self, column: &str, plain: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: column.as_bytes(),
                },
            )
            .expect("sealing in memory does not fail");
        let mut out = Vec::with_capacity(nonce.len() + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}.{}", self.id, URL_SAFE_NO_PAD.encode(out))
    }

    /// Opens a value sealed for `column`; a clear value (written before encryption) opens as
    /// itself.
    pub fn open(&self, column: &str, stored: &str) -> Result<String, VaultError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_string());
        };
        let (id, body) = rest.split_once('.').ok_or(VaultError::Damaged)?;
        if id != self.id {
            return Err(VaultError::OtherKey(id.to_string()));
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| VaultError::Damaged)?;
        if bytes.len() < 24 {
            return Err(VaultError::Damaged);
        }
        let (nonce, sealed) = bytes.split_at(24);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: column.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Damaged)?;
        String::from_utf8(plain).map_err(|_| VaultError::Damaged)
    }

    /// Whether a stored value is sealed (with any key).
    #[must_use]
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(PREFIX)
    }

    /// The keyed hash an address is found by: the same address on the same channel always
    /// gives the same hash under one key, and nothing about the address can be read from it.
    #[must_use]
    pub fn lookup(&self, key: &ConvKey) -> String {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac).expect("any key length");
        m.update(key.channel.as_str().as_bytes());
        m.update(b"\0");
        m.update(key.lookup_key().as_bytes());
        let digest = m.finalize().into_bytes();
        format!("h1.{}", URL_SAFE_NO_PAD.encode(digest))
    }

    /// The keyed hashes a person's name is found by: one of the whole name and one of each of
    /// its words, each folded first (no accents, no case, no punctuation, single spaces), so
    /// that `Aminata Diallo`, `DIALLO` and `aminata  diallo` find the same person. Hex digits
    /// only, separated by spaces (no character a `LIKE` pattern reads). None for a name with no
    /// letter or digit.
    #[must_use]
    pub fn name_keys(&self, name: &str) -> Vec<String> {
        let folded = crate::engine::text::fold(name).replace('\'', "");
        let words: Vec<&str> = folded.split_whitespace().collect();
        if words.is_empty() {
            return Vec::new();
        }
        let whole = words.join(" ");
        let mut keys = vec![self.name_key(&whole)];
        if words.len() > 1 {
            for w in &words {
                let k = self.name_key(w);
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        keys
    }

    /// A keyed hash of a value under a purpose (`domain`), for finding it again without keeping
    /// it in clear: the same value always gives the same hash under one key and one domain.
    #[must_use]
    pub fn keyed(&self, domain: &str, value: &str) -> String {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac).expect("any key length");
        m.update(domain.as_bytes());
        m.update(b"\0");
        m.update(value.as_bytes());
        format!("k1.{}", URL_SAFE_NO_PAD.encode(m.finalize().into_bytes()))
    }

    fn name_key(&self, folded: &str) -> String {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac).expect("any key length");
        m.update(b"name\0");
        m.update(folded.as_bytes());
        let digest = m.finalize().into_bytes();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("n1{hex}")
    }

    /// The keyed hash an inbound message is found again by: its conversation and the
    /// provider's id together, so the same id from two addresses are two messages, and the row
    /// kept after an erasure cannot be matched to the address's other rows.
    #[must_use]
    pub fn message_key(&self, key: &ConvKey, external_id: &str) -> String {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac).expect("any key length");
        m.update(b"inbound\0");
        m.update(key.channel.as_str().as_bytes());
        m.update(b"\0");
        m.update(key.lookup_key().as_bytes());
        m.update(b"\0");
        m.update(external_id.as_bytes());
        let digest = m.finalize().into_bytes();
        format!("m1.{}", URL_SAFE_NO_PAD.encode(digest))
    }
}

/// Writes a file only its owner can read (0600 on Unix), refusing to overwrite one.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Channel;

    #[test]
    fn seals_opens_and_refuses_tampering() {
        let k = DataKey::development();
        let s = k.seal("people.address", "+33612345678");
        assert!(!s.contains("612345678"));
        assert_eq!(k.open("people.address", &s).unwrap(), "+33612345678");
        assert!(matches!(
            k.open("answers.value", &s),
            Err(VaultError::Damaged)
        ));
        let mut t = s.clone();
        t.pop();
        t.push(if s.ends_with('A') { 'B' } else { 'A' });
        assert!(k.open("people.address", &t).is_err());
        let (other, _) = DataKey::generate();
        assert!(matches!(
            other.open("people.address", &s),
            Err(VaultError::OtherKey(_))
        ));
        assert_eq!(k.open("x", "clear").unwrap(), "clear");
        assert_ne!(k.seal("c", "same"), k.seal("c", "same"), "fresh nonces");
    }

    #[test]
    fn names_are_found_folded_by_whole_name_and_by_word() {
        let k = DataKey::development();
        let keys = k.name_keys("Aminata  DIALLO-Sané");
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert_eq!(k.name_keys("aminata diallo sane")[0], keys[0]);
        assert!(keys.contains(&k.name_keys("Diallo")[0]));
        assert!(keys.contains(&k.name_keys(" sané ")[0]));
        assert!(!keys.contains(&k.name_keys("Diall")[0]));
        assert!(k.name_keys(" -- ").is_empty());
        assert!(
            keys.iter()
                .all(|h| h.bytes().all(|b| b.is_ascii_alphanumeric()))
        );
        let other = DataKey::generate().0;
        assert_ne!(other.name_keys("Diallo"), k.name_keys("Diallo"));
    }

    #[test]
    fn lookups_are_stable_and_keyed() {
        let k = DataKey::development();
        let a = ConvKey::new(Channel::Sms, "+33612345678");
        assert_eq!(k.lookup(&a), k.lookup(&a));
        assert_ne!(
            k.lookup(&a),
            k.lookup(&ConvKey::new(Channel::WhatsApp, "+33612345678"))
        );
        let (other, text) = DataKey::generate();
        assert_ne!(k.lookup(&a), other.lookup(&a));
        assert_eq!(DataKey::parse(&text).unwrap().id(), other.id());
        assert!(DataKey::parse("short").is_err());
    }
}
