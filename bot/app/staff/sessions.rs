//! Login sessions: Argon2id passwords, login with throttling per account and per address,
//! session ids rotated at login and kept only as hashes, idle and absolute timeouts, setup
//! links, password changes and logout.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::{Account, Desk, DeskError};
use crate::app::{Host, HostError};
use crate::storage::staff::AuditEntry;

/// Seconds of inactivity after which a session ends.
pub const IDLE_TIMEOUT: i64 = 30 * 60;
/// Seconds after login after which a session ends whatever happens.
pub const ABSOLUTE_TIMEOUT: i64 = 8 * 3600;
/// Failed logins in a row that lock an account, and for how long.
pub const ACCOUNT_FAILURES: i64 = 5;
pub const ACCOUNT_LOCK: i64 = 15 * 60;
/// Failed logins from one address within the window that block it.
pub const IP_FAILURES: i64 = 20;
pub const IP_WINDOW: i64 = 15 * 60;
/// Password length bounds, in characters.
pub const MIN_PASSWORD: usize = 12;
pub const MAX_PASSWORD: usize = 1024;
/// Seconds between two writes of a session's last use: the idle clock needs no more.
const TOUCH_EVERY: i64 = 60;

fn argon2() -> Argon2<'static> {
    // OWASP's first choice: Argon2id, 19 MiB, 2 passes, 1 lane.
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19_456, 2, 1, None).expect("valid Argon2 parameters"),
    )
}

/// 256 random bits, URL-safe.
#[must_use]
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token.
#[must_use]
pub fn token_hash(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// Hashes a password (Argon2id PHC string).
pub fn hash_password(password: &str) -> Result<String, DeskError> {
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|_| DeskError::Invalid("salt"))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| DeskError::Invalid("password"))
}

/// Whether a password matches a PHC string; without one, the same work is done on a dummy so
/// that an unknown account takes as long as a wrong password.
#[must_use]
pub fn verify_password(password: &str, phc: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not a password at all").unwrap_or_default());
    let (phc, real) = match phc {
        Some(p) => (p, true),
        None => (dummy.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
        && real
}

/// Why a new password is refused, as a message id.
#[must_use]
pub fn password_problem(password: &str, confirm: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        Some("staff-password-too-short")
    } else if n > MAX_PASSWORD {
        Some("staff-password-too-long")
    } else if password != confirm {
        Some("staff-password-mismatch")
    } else {
        None
    }
}

/// How long the last password check took, in microseconds (a refusal waits as long).
static CHECK_MICROS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(50_000);

/// About as long as a password check takes.
fn check_time() -> std::time::Duration {
    std::time::Duration::from_micros(CHECK_MICROS.load(std::sync::atomic::Ordering::Relaxed))
}

/// [`verify_password`] off the async threads.
async fn verify_blocking(password: String, phc: Option<String>) -> bool {
    let started = std::time::Instant::now();
    let right = tokio::task::spawn_blocking(move || verify_password(&password, phc.as_deref()))
        .await
        .unwrap_or(false);
    let took = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    CHECK_MICROS.store(took, std::sync::atomic::Ordering::Relaxed);
    right
}

/// [`hash_password`] off the async threads.
async fn hash_blocking(password: String) -> Result<String, DeskError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| DeskError::Invalid("password"))?
}

/// A logged-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub account: Account,
    /// The session's anti-forgery token.
    pub csrf: String,
    /// The stored form of the session id.
    pub hash: String,
}

/// What a guarded password check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    Right,
    Wrong,
    /// Too many attempts from the address or on the account: not checked.
    TooMany,
}

/// What a login found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// A session was opened: its id, for the cookie.
    Opened(String),
    /// Wrong e-mail or password, an account off or locked, or an address blocked: the same
    /// answer for all.
    Failed,
}

fn entry<'a>(actor: &'a str, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        actor,
        action,
        booking_id: None,
        person_id: None,
        detail: None,
    }
}

impl Host {
    /// The live session a cookie's token names; a session idle or old for too long, or of an
    /// account turned off, is closed and none.
    pub async fn staff_session(&self, token: &str, now: i64) -> Result<Option<Session>, HostError> {
        let hash = token_hash(token);
        let store = self.store();
        let Some((account, csrf, created, seen)) = store.staff_session(&hash).await? else {
            return Ok(None);
        };
        if !account.active || now - seen > IDLE_TIMEOUT || now - created > ABSOLUTE_TIMEOUT {
            let _ = store.close_staff_session(&hash).await;
            return Ok(None);
        }
        if now - seen >= TOUCH_EVERY {
            store.touch_staff_session(&hash, now).await?;
        }
        Ok(Some(Session {
            account,
            csrf,
            hash,
        }))
    }

    /// Logs in from an address: the attempt is counted against the address and the account
    /// before the password is checked (see [`Host::guarded_check`]); a success opens a
    /// session in place of the one the browser had (`old_token`).
    pub async fn staff_login(
        &self,
        email: &str,
        password: String,
        ip: &str,
        old_token: Option<&str>,
        now: i64,
    ) -> Result<Login, HostError> {
        let store = self.store();
        let account = if email.is_empty() {
            None
        } else {
            store.staff_by_email(email).await?
        };
        let usable = account
            .as_ref()
            .filter(|a| a.active && a.password_hash.is_some());
        let checked = self
            .guarded_check(account.as_ref(), usable.is_some(), password, ip, now)
            .await?;
        let Some(account) = usable.filter(|_| checked == PasswordCheck::Right) else {
            if let Some(a) = &account {
                store.audit(&entry(&a.id, "login-failed"), now).await?;
            }
            return Ok(Login::Failed);
        };
        let session = new_token();
        store
            .open_staff_session(
                &token_hash(&session),
                &account.id,
                &new_token(),
                now,
                old_token.map(token_hash).as_deref(),
            )
            .await?;
        store.audit(&entry(&account.id, "login"), now).await?;
        Ok(Login::Opened(session))
    }

    /// Checks a password of `account` (none: an unknown e-mail, checked against a dummy),
    /// counting the attempt first against the address and the account, each in one
    /// statement, so that guesses sent at once are all counted: over either limit, the
    /// password is not checked at all (the answer takes as long as a check). A wrong
    /// password may lock the account; a right one counts only if no other attempt meanwhile
    /// went past the account's limit. `usable` is false for an account that is off or has
    /// no password yet: counted, never right.
    async fn guarded_check(
        &self,
        account: Option<&Account>,
        usable: bool,
        password: String,
        ip: &str,
        now: i64,
    ) -> Result<PasswordCheck, HostError> {
        let store = self.store();
        let ip_ok = store.ip_attempt(ip, IP_WINDOW, now).await? <= IP_FAILURES;
        let account_ok = match account {
            Some(a) => {
                store
                    .staff_login_attempt(&a.id, ACCOUNT_FAILURES, ACCOUNT_LOCK, now)
                    .await?
            }
            None => true,
        };
        if !(ip_ok && account_ok) {
            tokio::time::sleep(check_time()).await;
            return Ok(PasswordCheck::TooMany);
        }
        let phc = account
            .filter(|_| usable)
            .and_then(|a| a.password_hash.clone());
        let right = verify_blocking(password, phc).await;
        let Some(a) = account.filter(|_| right) else {
            if let Some(a) = account {
                store
                    .staff_login_failed(&a.id, ACCOUNT_FAILURES, ACCOUNT_LOCK, now)
                    .await?;
            }
            return Ok(PasswordCheck::Wrong);
        };
        if !store.staff_login_succeeded(&a.id, ACCOUNT_FAILURES).await? {
            return Ok(PasswordCheck::TooMany);
        }
        store.ip_succeeded(ip).await?;
        Ok(PasswordCheck::Right)
    }

    /// The account a setup link is for, while it works.
    pub async fn staff_setup_account(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<Account>, HostError> {
        Ok(self.store().staff_by_setup(&token_hash(token), now).await?)
    }

    /// Sets an account's password (every session of it closes) and opens a new session: its
    /// id, for the cookie.
    pub async fn staff_set_password(
        &self,
        account: &Account,
        password: String,
        now: i64,
    ) -> Result<String, DeskError> {
        let phc = hash_blocking(password).await?;
        let store = self.store();
        store.set_staff_password(&account.id, &phc, now).await?;
        store
            .audit(&entry(&account.id, "password-set"), now)
            .await?;
        let session = new_token();
        store
            .open_staff_session(&token_hash(&session), &account.id, &new_token(), now, None)
            .await?;
        Ok(session)
    }
}

impl Desk<'_> {
    /// Whether a password is the account's own, checked under the same limits as a login
    /// (the attempt counted first against the address and the account).
    pub async fn check_own_password(
        &self,
        password: String,
        ip: &str,
    ) -> Result<PasswordCheck, DeskError> {
        Ok(self
            .host
            .guarded_check(Some(self.account), true, password, ip, self.now)
            .await?)
    }

    /// Closes a session of the account.
    pub async fn logout(&self, session_hash: &str) -> Result<(), DeskError> {
        self.host.store().close_staff_session(session_hash).await?;
        self.audit("logout", None, None, None).await
    }

    /// Keeps the dashboard's language for the account: `en`, or `fr` for anything else.
    pub async fn set_locale(&self, lang: &str) -> Result<(), DeskError> {
        let lang = if lang == "en" { "en" } else { "fr" };
        self.host
            .store()
            .set_staff_locale(&self.account.id, lang)
            .await?;
        Ok(())
    }
}
