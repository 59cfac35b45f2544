//! Staff accounts, sessions, login throttling, the audit log and the dashboard's queries: the
//! queue within an account's scope, a booking and its person, the actions that change a
//! booking (each with its history line, its audit line and the message to the person, in one
//! transaction), exports, and the opening patterns staff change.

use sqlx::Row;

use super::{StorageError, Store, new_id};

/// What an account may do and see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Everything: every territory, accounts, the audit log.
    Admin,
    /// Every partner of their territory: triage, reassign.
    Reception,
    /// Their own partner only.
    Advisor,
}

impl Role {
    /// The stored name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Reception => "reception",
            Self::Advisor => "advisor",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Admin, Self::Reception, Self::Advisor]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub territory: Option<String>,
    pub partner: Option<String>,
    pub password_hash: Option<String>,
    pub locale: String,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub active: bool,
    pub created_at: i64,
}

impl Account {
    /// What this account may see.
    #[must_use]
    pub fn scope(&self) -> Scope {
        match self.role {
            Role::Admin => Scope::default(),
            Role::Reception => Scope {
                territory: Some(self.territory.clone().unwrap_or_default()),
                partner: None,
            },
            Role::Advisor => Scope {
                territory: Some(self.territory.clone().unwrap_or_default()),
                partner: Some(self.partner.clone().unwrap_or_default()),
            },
        }
    }
}

/// The bookings, requests and people an account may see: `None` is no limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub territory: Option<String>,
    pub partner: Option<String>,
}

impl Scope {
    /// Whether a booking of this territory and partners is in scope.
    #[must_use]
    pub fn allows(&self, territory: &str, partner: &str, with_partner: Option<&str>) -> bool {
        self.territory.as_deref().is_none_or(|t| t == territory)
            && self
                .partner
                .as_deref()
                .is_none_or(|p| p == partner || with_partner == Some(p))
    }

    /// Whether a partner is one this scope may hand work to or see.
    #[must_use]
    pub fn allows_partner(&self, partner: &str) -> bool {
        self.partner.as_deref().is_none_or(|p| p == partner)
    }
}

/// A value bound into a built query.
#[derive(Debug, Clone)]
enum Bind {
    Str(String),
    Int(i64),
}

/// A WHERE clause built piece by piece, with numbered placeholders.
#[derive(Debug, Default)]
struct Where {
    parts: Vec<String>,
    binds: Vec<Bind>,
}

impl Where {
    fn push(&mut self, sql: &str, values: Vec<Bind>) {
        // `?` in `sql` are replaced by the next numbered placeholders.
        let mut out = String::new();
        let mut values = values.into_iter();
        for ch in sql.chars() {
            if ch == '?' {
                let v = values.next().expect("a value per placeholder");
                self.binds.push(v);
                out.push_str(&format!("${}", self.binds.len()));
            } else {
                out.push(ch);
            }
        }
        self.parts.push(out);
    }

    fn sql(&self) -> String {
        if self.parts.is_empty() {
            "1 = 1".into()
        } else {
            self.parts.join(" AND ")
        }
    }

    fn next(&self) -> usize {
        self.binds.len() + 1
    }

    fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for b in &self.binds {
            q = match b {
                Bind::Str(s) => q.bind(s.as_str()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        q
    }

    fn scope_bookings(&mut self, scope: &Scope, alias: &str) {
        if let Some(t) = &scope.territory {
            self.push(&format!("{alias}territory = ?"), vec![Bind::Str(t.clone())]);
        }
        if let Some(p) = &scope.partner {
            self.push(
                &format!("({alias}partner = ? OR {alias}with_partner = ?)"),
                vec![Bind::Str(p.clone()), Bind::Str(p.clone())],
            );
        }
    }

    fn scope_requests(&mut self, scope: &Scope, alias: &str) {
        if let Some(t) = &scope.territory {
            self.push(&format!("{alias}territory = ?"), vec![Bind::Str(t.clone())]);
        }
        if let Some(p) = &scope.partner {
            self.push(&format!("{alias}partner = ?"), vec![Bind::Str(p.clone())]);
        }
    }
}

/// The queue's filters.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub partner: Option<String>,
    /// A booking status, `active` (pending and confirmed, the default) or `all`.
    pub status: Option<String>,
    /// A day, as the start and end of it (Unix seconds).
    pub day: Option<(i64, i64)>,
    pub parcours: Option<String>,
    /// A booking reference (exact, case-insensitive).
    pub reference: Option<String>,
    /// From when, when no day is given (active bookings whose appointment has not ended).
    pub now: i64,
}

/// One line of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: String,
    pub reference: String,
    pub territory: String,
    pub partner: String,
    pub site: String,
    pub with_partner: Option<String>,
    pub appointment: String,
    pub format: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
    pub parcours: Option<String>,
    pub lead: Option<String>,
    pub urgent: bool,
    pub created_at: i64,
    pub person_id: Option<String>,
}

const QUEUE_COLUMNS: &str = "id, reference, territory, partner, site, with_partner, appointment, format, starts_at, ends_at, \
     status, parcours, lead, urgent, created_at, person_id";

fn queue_row(r: &sqlx::any::AnyRow) -> Result<QueueRow, sqlx::Error> {
    Ok(QueueRow {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        territory: r.try_get("territory")?,
        partner: r.try_get("partner")?,
        site: r.try_get("site")?,
        with_partner: r.try_get("with_partner")?,
        appointment: r.try_get("appointment")?,
        format: r.try_get("format")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        status: r.try_get("status")?,
        parcours: r.try_get("parcours")?,
        lead: r.try_get("lead")?,
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        created_at: r.try_get("created_at")?,
        person_id: r.try_get("person_id")?,
    })
}

/// A waiting request (no slot fitted): staff call the person back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: String,
    pub person_id: Option<String>,
    pub territory: String,
    pub partner: String,
    pub parcours: Option<String>,
    pub lead: Option<String>,
    pub urgent: bool,
    pub status: String,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

fn request_row(r: &sqlx::any::AnyRow) -> Result<RequestRow, sqlx::Error> {
    Ok(RequestRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        territory: r.try_get("territory")?,
        partner: r.try_get("partner")?,
        parcours: r.try_get("parcours")?,
        lead: r.try_get("lead")?,
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        status: r.try_get("status")?,
        created_at: r.try_get("created_at")?,
        closed_at: r.try_get("closed_at")?,
    })
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub at: i64,
    pub actor: String,
    /// The actor's e-mail, when the actor is an account.
    pub actor_email: Option<String>,
    pub action: String,
    pub booking_id: Option<String>,
    pub person_id: Option<String>,
    pub detail: Option<String>,
}

/// The audit log's filters.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub booking_id: Option<String>,
    pub person_id: Option<String>,
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// An audit line to write with an action.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub booking_id: Option<&'a str>,
    pub person_id: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// A text for the person, sent by the outbox worker on their channel.
#[derive(Debug, Clone)]
pub struct Notice {
    pub person_id: String,
    pub text: String,
}

/// A new slot for a booking that staff move.
#[derive(Debug, Clone)]
pub struct Move<'a> {
    pub partner: &'a str,
    pub site: &'a str,
    pub appointment: &'a str,
    pub format: &'a str,
    pub start: i64,
    pub end: i64,
    pub keys: Vec<String>,
}

/// What an action on a booking found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionOutcome {
    Done,
    /// Nothing to do (already in that status).
    Unchanged,
    /// The new slot is held by another booking.
    Taken,
}

pub use crate::booking::openings::OpeningChange;

/// A closure or a one-off slot of a site, with its id (to remove it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteEntry {
    pub id: String,
    pub starts_at: i64,
    pub ends_at: Option<i64>,
    pub appointment: Option<String>,
    pub seats: Option<i64>,
    pub reason: Option<String>,
}

fn account_row(r: &sqlx::any::AnyRow) -> Result<Account, sqlx::Error> {
    let role: String = r.try_get("role")?;
    Ok(Account {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        role: Role::parse(&role).unwrap_or(Role::Advisor),
        territory: r.try_get("territory")?,
        partner: r.try_get("partner")?,
        password_hash: r.try_get("password_hash")?,
        locale: r.try_get("locale")?,
        failed_logins: r.try_get("failed_logins")?,
        locked_until: r.try_get("locked_until")?,
        active: r.try_get::<i64, _>("active")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

const ACCOUNT_COLUMNS: &str = "id, email, role, territory, partner, password_hash, locale, failed_logins, locked_until, active, created_at";

/// Statuses staff may record.
pub const STAFF_STATUSES: [&str; 6] = [
    "pending",
    "confirmed",
    "cancelled",
    "seen",
    "no-show",
    "excused",
];

pub(super) async fn insert_audit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    a: &AuditEntry<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (id, at, actor, action, booking_id, person_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(new_id())
        .bind(now)
        .bind(a.actor)
        .bind(a.action)
        .bind(a.booking_id)
        .bind(a.person_id)
        .bind(a.detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(super) async fn insert_notice(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    n: &Notice,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, person_id, channel, kind, payload, created_at, not_before) \
         SELECT $1, id, channel, 'text', $2, $3, $3 FROM people WHERE id = $4",
    )
    .bind(new_id())
    .bind(n.text.as_str())
    .bind(now)
    .bind(n.person_id.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// How many staff accounts exist.
    pub async fn staff_count(&self) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM staff_accounts")
            .fetch_one(self.pool())
            .await?)
    }

    /// Creates an account waiting for its setup (the hash of its one-time token). Returns
    /// `None` if the e-mail is already used.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_staff(
        &self,
        email: &str,
        role: Role,
        territory: Option<&str>,
        partner: Option<&str>,
        setup_hash: &str,
        setup_expires_at: i64,
        now: i64,
    ) -> Result<Option<String>, StorageError> {
        let id = new_id();
        let r = sqlx::query(
            "INSERT INTO staff_accounts (id, email, role, territory, partner, setup_hash, setup_expires_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT DO NOTHING",
        )
        .bind(id.as_str())
        .bind(email.to_lowercase())
        .bind(role.as_str())
        .bind(territory)
        .bind(partner)
        .bind(setup_hash)
        .bind(setup_expires_at)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok((r.rows_affected() == 1).then_some(id))
    }

    /// Gives an account a new one-time setup token (and disables its password until used).
    pub async fn reset_staff_setup(
        &self,
        id: &str,
        setup_hash: &str,
        setup_expires_at: i64,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE staff_accounts SET setup_hash = $1, setup_expires_at = $2, password_hash = NULL, updated_at = $3 WHERE id = $4")
            .bind(setup_hash)
            .bind(setup_expires_at)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(n == 1)
    }

    /// An account by e-mail.
    pub async fn staff_by_email(&self, email: &str) -> Result<Option<Account>, StorageError> {
        let r = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE email = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(self.pool())
        .await?;
        Ok(r.as_ref().map(account_row).transpose()?)
    }

    /// An account by id.
    pub async fn staff_by_id(&self, id: &str) -> Result<Option<Account>, StorageError> {
        let r = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(r.as_ref().map(account_row).transpose()?)
    }

    /// The active account a setup token (its hash) opens, if still valid.
    pub async fn staff_by_setup(
        &self,
        setup_hash: &str,
        now: i64,
    ) -> Result<Option<Account>, StorageError> {
        let r = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE setup_hash = $1 AND setup_expires_at > $2 AND active = 1"
        ))
        .bind(setup_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        Ok(r.as_ref().map(account_row).transpose()?)
    }

    /// Every account, by e-mail.
    pub async fn staff_accounts(&self) -> Result<Vec<Account>, StorageError> {
        let rows = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY email"
        ))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(account_row).collect::<Result<_, _>>()?)
    }

    /// Sets a password (its Argon2id hash): the setup token is spent, failures are forgotten
    /// and every other session of the account is closed.
    pub async fn set_staff_password(
        &self,
        id: &str,
        phc: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE staff_accounts SET password_hash = $1, setup_hash = NULL, setup_expires_at = NULL, failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $3")
            .bind(phc)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Turns an account on or off; off closes its sessions.
    pub async fn set_staff_active(
        &self,
        id: &str,
        active: bool,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE staff_accounts SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(active))
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if !active {
            sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    /// The language of an account's dashboard.
    pub async fn set_staff_locale(&self, id: &str, locale: &str) -> Result<(), StorageError> {
        sqlx::query("UPDATE staff_accounts SET locale = $1 WHERE id = $2")
            .bind(locale)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records a failed login for an account: after `limit` failures in a row it is locked
    /// until `now + lock`.
    pub async fn staff_login_failed(
        &self,
        id: &str,
        limit: i64,
        lock: i64,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE staff_accounts SET failed_logins = failed_logins + 1, \
             locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END WHERE id = $3",
        )
        .bind(limit)
        .bind(now + lock)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Failed logins from an address within the window ending now.
    pub async fn ip_failures(&self, ip: &str, window: i64, now: i64) -> Result<i64, StorageError> {
        let r =
            sqlx::query("SELECT failures, window_start FROM staff_login_failures WHERE ip = $1")
                .bind(ip)
                .fetch_optional(self.pool())
                .await?;
        Ok(match r {
            Some(r) if r.try_get::<i64, _>("window_start")? > now - window => {
                r.try_get("failures")?
            }
            _ => 0,
        })
    }

    /// Counts a failed login from an address.
    pub async fn ip_failed(&self, ip: &str, window: i64, now: i64) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO staff_login_failures (ip, failures, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (ip) DO UPDATE SET \
             failures = CASE WHEN staff_login_failures.window_start > $3 THEN staff_login_failures.failures + 1 ELSE 1 END, \
             window_start = CASE WHEN staff_login_failures.window_start > $3 THEN staff_login_failures.window_start ELSE $2 END",
        )
        .bind(ip)
        .bind(now)
        .bind(now - window)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A successful login: a new session (its id is new: rotated), failures forgotten.
    pub async fn open_staff_session(
        &self,
        id_hash: &str,
        account_id: &str,
        csrf: &str,
        now: i64,
        old_hash: Option<&str>,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        if let Some(old) = old_hash {
            sqlx::query("DELETE FROM staff_sessions WHERE id_hash = $1")
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE staff_accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1",
        )
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO staff_sessions (id_hash, account_id, csrf, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)")
            .bind(id_hash)
            .bind(account_id)
            .bind(csrf)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A session and its account: (account, csrf token, created at, last seen at).
    pub async fn staff_session(
        &self,
        id_hash: &str,
    ) -> Result<Option<(Account, String, i64, i64)>, StorageError> {
        let r = sqlx::query(
            "SELECT a.id, a.email, a.role, a.territory, a.partner, a.password_hash, a.locale, a.failed_logins, \
             a.locked_until, a.active, a.created_at, s.csrf, s.created_at AS s_created, s.last_seen_at \
             FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id WHERE s.id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = r else { return Ok(None) };
        Ok(Some((
            account_row(&r)?,
            r.try_get("csrf")?,
            r.try_get("s_created")?,
            r.try_get("last_seen_at")?,
        )))
    }

    /// Marks a session as used now.
    pub async fn touch_staff_session(&self, id_hash: &str, now: i64) -> Result<(), StorageError> {
        sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends a session.
    pub async fn close_staff_session(&self, id_hash: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM staff_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Writes an audit line.
    pub async fn audit(&self, a: &AuditEntry<'_>, now: i64) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        insert_audit(&mut tx, a, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit log, newest first.
    pub async fn audit_entries(
        &self,
        f: &AuditFilter,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StorageError> {
        let mut w = Where::default();
        if let Some(v) = &f.actor {
            w.push(
                "(l.actor = ? OR a.email = ?)",
                vec![Bind::Str(v.clone()), Bind::Str(v.to_lowercase())],
            );
        }
        if let Some(v) = &f.action {
            w.push("l.action = ?", vec![Bind::Str(v.clone())]);
        }
        if let Some(v) = &f.booking_id {
            w.push("l.booking_id = ?", vec![Bind::Str(v.clone())]);
        }
        if let Some(v) = &f.person_id {
            w.push("l.person_id = ?", vec![Bind::Str(v.clone())]);
        }
        if let Some(v) = f.from {
            w.push("l.at >= ?", vec![Bind::Int(v)]);
        }
        if let Some(v) = f.until {
            w.push("l.at < ?", vec![Bind::Int(v)]);
        }
        let sql = format!(
            "SELECT l.at, l.actor, a.email, l.action, l.booking_id, l.person_id, l.detail FROM audit_log l \
             LEFT JOIN staff_accounts a ON a.id = l.actor WHERE {} ORDER BY l.at DESC, l.id DESC LIMIT ${}",
            w.sql(),
            w.next()
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRow {
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    actor_email: r.try_get("email")?,
                    action: r.try_get("action")?,
                    booking_id: r.try_get("booking_id")?,
                    person_id: r.try_get("person_id")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StorageError::from)
    }

    fn queue_where(scope: &Scope, f: &QueueFilter) -> Where {
        let mut w = Where::default();
        w.scope_bookings(scope, "");
        if let Some(p) = &f.partner {
            w.push(
                "(partner = ? OR with_partner = ?)",
                vec![Bind::Str(p.clone()), Bind::Str(p.clone())],
            );
        }
        match f.status.as_deref() {
            Some("all") => {}
            Some(s) if s != "active" => w.push("status = ?", vec![Bind::Str(s.to_string())]),
            _ => {
                w.push("status IN ('pending', 'confirmed')", vec![]);
                if f.day.is_none() && f.reference.is_none() {
                    w.push("ends_at > ?", vec![Bind::Int(f.now)]);
                }
            }
        }
        if let Some((from, until)) = f.day {
            w.push(
                "starts_at >= ? AND starts_at < ?",
                vec![Bind::Int(from), Bind::Int(until)],
            );
        }
        if let Some(p) = &f.parcours {
            w.push("parcours = ?", vec![Bind::Str(p.clone())]);
        }
        if let Some(r) = &f.reference {
            w.push("reference = ?", vec![Bind::Str(r.trim().to_uppercase())]);
        }
        w
    }

    /// The queue: urgent first, then new (pending) bookings, then by appointment time.
    pub async fn staff_queue(
        &self,
        scope: &Scope,
        f: &QueueFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<QueueRow>, i64), StorageError> {
        let w = Self::queue_where(scope, f);
        // Among pending and confirmed bookings, "new first" is plain `status DESC`, which the
        // queue index serves in order; other filters rank statuses explicitly.
        let active_only = matches!(
            f.status.as_deref(),
            None | Some("active" | "pending" | "confirmed")
        );
        let rank = if active_only {
            "status DESC"
        } else {
            "CASE status WHEN 'pending' THEN 0 WHEN 'confirmed' THEN 1 ELSE 2 END"
        };
        let sql = format!(
            "SELECT {QUEUE_COLUMNS} FROM bookings WHERE {} ORDER BY urgent DESC, {rank}, starts_at, id \
             LIMIT ${} OFFSET ${}",
            w.sql(),
            w.next(),
            w.next() + 1
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .bind(limit)
            .bind(offset)
            .fetch_all(self.pool())
            .await?;
        let count_sql = format!("SELECT COUNT(*) FROM bookings WHERE {}", w.sql());
        let mut q = sqlx::query_scalar::<_, i64>(&count_sql);
        for b in &w.binds {
            q = match b {
                Bind::Str(s) => q.bind(s.as_str()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        let total = q.fetch_one(self.pool()).await?;
        Ok((rows.iter().map(queue_row).collect::<Result<_, _>>()?, total))
    }

    /// Every booking of the scope that matches, for the CSV export.
    pub async fn staff_export(
        &self,
        scope: &Scope,
        f: &QueueFilter,
    ) -> Result<Vec<QueueRow>, StorageError> {
        let w = Self::queue_where(scope, f);
        let sql = format!(
            "SELECT {QUEUE_COLUMNS} FROM bookings WHERE {} ORDER BY starts_at, id",
            w.sql()
        );
        let rows = w.bind(sqlx::query(&sql)).fetch_all(self.pool()).await?;
        Ok(rows.iter().map(queue_row).collect::<Result<_, _>>()?)
    }

    /// Bookings of the scope per status, and open waiting requests (as `waiting`).
    pub async fn staff_counts(&self, scope: &Scope) -> Result<Vec<(String, i64)>, StorageError> {
        let mut w = Where::default();
        w.scope_bookings(scope, "");
        let sql = format!(
            "SELECT status, COUNT(*) AS n FROM bookings WHERE {} GROUP BY status ORDER BY status",
            w.sql()
        );
        let rows = w.bind(sqlx::query(&sql)).fetch_all(self.pool()).await?;
        let mut out: Vec<(String, i64)> = rows
            .iter()
            .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        let mut w = Where::default();
        w.scope_requests(scope, "");
        let sql = format!(
            "SELECT COUNT(*) FROM booking_requests WHERE status = 'open' AND {}",
            w.sql()
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for b in &w.binds {
            q = match b {
                Bind::Str(s) => q.bind(s.as_str()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        out.push(("waiting".into(), q.fetch_one(self.pool()).await?));
        Ok(out)
    }

    /// Open waiting requests of the scope, urgent first.
    pub async fn staff_requests(
        &self,
        scope: &Scope,
        partner: Option<&str>,
        limit: i64,
    ) -> Result<Vec<RequestRow>, StorageError> {
        let mut w = Where::default();
        w.scope_requests(scope, "");
        w.push("status = 'open'", vec![]);
        if let Some(p) = partner {
            w.push("partner = ?", vec![Bind::Str(p.to_string())]);
        }
        let sql = format!(
            "SELECT id, person_id, territory, partner, parcours, lead, urgent, status, created_at, closed_at \
             FROM booking_requests WHERE {} ORDER BY urgent DESC, created_at LIMIT ${}",
            w.sql(),
            w.next()
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(request_row).collect::<Result<_, _>>()?)
    }

    /// A booking with everything the dashboard shows about it.
    pub async fn staff_booking(&self, id: &str) -> Result<Option<QueueRow>, StorageError> {
        let r = sqlx::query(&format!(
            "SELECT {QUEUE_COLUMNS} FROM bookings WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(r.as_ref().map(queue_row).transpose()?)
    }

    /// A waiting request.
    pub async fn staff_request(&self, id: &str) -> Result<Option<RequestRow>, StorageError> {
        let r = sqlx::query(
            "SELECT id, person_id, territory, partner, parcours, lead, urgent, status, created_at, closed_at \
             FROM booking_requests WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(r.as_ref().map(request_row).transpose()?)
    }

    /// Whether a person has a booking or a request within a scope.
    pub async fn person_in_scope(
        &self,
        person_id: &str,
        scope: &Scope,
    ) -> Result<bool, StorageError> {
        let mut w = Where::default();
        w.push("person_id = ?", vec![Bind::Str(person_id.to_string())]);
        w.scope_bookings(scope, "");
        let sql = format!("SELECT COUNT(*) FROM bookings WHERE {}", w.sql());
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for b in &w.binds {
            q = match b {
                Bind::Str(s) => q.bind(s.as_str()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        if q.fetch_one(self.pool()).await? > 0 {
            return Ok(true);
        }
        let mut w = Where::default();
        w.push("person_id = ?", vec![Bind::Str(person_id.to_string())]);
        w.scope_requests(scope, "");
        let sql = format!("SELECT COUNT(*) FROM booking_requests WHERE {}", w.sql());
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for b in &w.binds {
            q = match b {
                Bind::Str(s) => q.bind(s.as_str()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        Ok(q.fetch_one(self.pool()).await? > 0)
    }

    /// A person's channel and language: (channel, locale).
    pub async fn person_channel(
        &self,
        person_id: &str,
    ) -> Result<Option<(String, String)>, StorageError> {
        let r = sqlx::query("SELECT channel, locale FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match r {
            Some(r) => Some((r.try_get("channel")?, r.try_get("locale")?)),
            None => None,
        })
    }

    /// A person's contact address, for staff who asked to see it (the caller audits).
    pub async fn person_contact(&self, person_id: &str) -> Result<Option<String>, StorageError> {
        let sealed: Option<String> = sqlx::query_scalar("SELECT address FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match sealed {
            Some(s) => Some(self.key().open(super::PEOPLE_ADDRESS, &s)?),
            None => None,
        })
    }

    /// Changes a booking's status from the dashboard, in one transaction: the status, its
    /// history line, freeing the slots and dropping unsent reminders when it no longer stands,
    /// the audit line and the message to the person.
    pub async fn staff_set_status(
        &self,
        id: &str,
        status: &str,
        reason: Option<&str>,
        audit: &AuditEntry<'_>,
        notice: Option<&Notice>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let free = !matches!(status, "pending" | "confirmed");
        if !super::bookings::change_status(&mut tx, id, status, audit.actor, reason, free, now)
            .await?
        {
            tx.rollback().await?;
            return Ok(ActionOutcome::Unchanged);
        }
        insert_audit(&mut tx, audit, now).await?;
        if let Some(n) = notice {
            insert_notice(&mut tx, n, now).await?;
        }
        tx.commit().await?;
        Ok(ActionOutcome::Done)
    }

    /// Moves a booking to another slot (of the same or another partner), in one
    /// transaction: the old slots are freed, the new ones held (or [`ActionOutcome::Taken`]),
    /// a joint part is dropped, reminders not yet sent are moved with it, and the history,
    /// audit and message to the person are written.
    pub async fn staff_move(
        &self,
        id: &str,
        to: &Move<'_>,
        reason: &str,
        audit: &AuditEntry<'_>,
        notice: Option<&Notice>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let old_start: Option<i64> = sqlx::query_scalar(
            "SELECT starts_at FROM bookings WHERE id = $1 AND status IN ('pending', 'confirmed')",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(old_start) = old_start else {
            tx.rollback().await?;
            return Ok(ActionOutcome::Unchanged);
        };
        sqlx::query("DELETE FROM booking_slots WHERE booking_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for key in &to.keys {
            let held = sqlx::query(
                "INSERT INTO booking_slots (booking_id, slot_key, active) VALUES ($1, $2, 1)",
            )
            .bind(id)
            .bind(key.as_str())
            .execute(&mut *tx)
            .await;
            if let Err(e) = held {
                tx.rollback().await?;
                if is_unique(&e) {
                    return Ok(ActionOutcome::Taken);
                }
                return Err(e.into());
            }
        }
        sqlx::query(
            "UPDATE bookings SET partner = $1, site = $2, with_partner = NULL, with_site = NULL, appointment = $3, \
             format = $4, starts_at = $5, ends_at = $6, status = 'pending', updated_at = $7 WHERE id = $8",
        )
        .bind(to.partner)
        .bind(to.site)
        .bind(to.appointment)
        .bind(to.format)
        .bind(to.start)
        .bind(to.end)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // Reminders keep their distance to the appointment; one that would now be past is
        // dropped.
        let delta = to.start - old_start;
        let pattern = format!("%\"booking\":\"{id}\"%");
        sqlx::query("UPDATE outbox SET not_before = not_before + $1 WHERE kind IN ('reminder', 'calendar') AND sent_at IS NULL AND payload LIKE $2")
            .bind(delta)
            .bind(pattern.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM outbox WHERE kind = 'reminder' AND sent_at IS NULL AND not_before < $1 AND payload LIKE $2")
            .bind(now)
            .bind(pattern.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO booking_events (id, booking_id, at, actor, status, reason) VALUES ($1, $2, $3, $4, 'moved', $5)")
            .bind(new_id())
            .bind(id)
            .bind(now)
            .bind(audit.actor)
            .bind(reason)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut tx, audit, now).await?;
        if let Some(n) = notice {
            insert_notice(&mut tx, n, now).await?;
        }
        tx.commit().await?;
        Ok(ActionOutcome::Done)
    }

    /// Closes a waiting request (the person was called back), with the audit line.
    pub async fn staff_close_request(
        &self,
        id: &str,
        audit: &AuditEntry<'_>,
        notice: Option<&Notice>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE booking_requests SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(ActionOutcome::Unchanged);
        }
        insert_audit(&mut tx, audit, now).await?;
        if let Some(n) = notice {
            insert_notice(&mut tx, n, now).await?;
        }
        tx.commit().await?;
        Ok(ActionOutcome::Done)
    }

    /// Everything stored about a person, for their right of access (JSON).
    pub async fn person_export(
        &self,
        person_id: &str,
    ) -> Result<Option<serde_json::Value>, StorageError> {
        use serde_json::{Value, json};
        let Some(p) = sqlx::query(
            "SELECT id, channel, locale, created_at, last_contact_at FROM people WHERE id = $1",
        )
        .bind(person_id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let address = self.person_contact(person_id).await?;
        let consents = sqlx::query("SELECT scope, granted, text_id, text_locale, text_sha256, channel, at FROM consents WHERE person_id = $1 ORDER BY at, id")
            .bind(person_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(json!({
                    "scope": r.try_get::<String, _>("scope")?,
                    "granted": r.try_get::<i64, _>("granted")? != 0,
                    "text_id": r.try_get::<String, _>("text_id")?,
                    "text_locale": r.try_get::<String, _>("text_locale")?,
                    "text_sha256": r.try_get::<String, _>("text_sha256")?,
                    "channel": r.try_get::<String, _>("channel")?,
                    "at": r.try_get::<i64, _>("at")?,
                }))
            })
            .collect::<Result<Vec<Value>, sqlx::Error>>()?;
        let answers = sqlx::query("SELECT dialogue, step, value, codes, sensitive, answered_at FROM answers WHERE person_id = $1 ORDER BY dialogue, step")
            .bind(person_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                let value: String = r.try_get("value")?;
                let value = self.key().open(super::ANSWER_VALUE, &value)?;
                Ok(json!({
                    "dialogue": r.try_get::<String, _>("dialogue")?,
                    "step": r.try_get::<String, _>("step")?,
                    "value": serde_json::from_str::<Value>(&value).unwrap_or(Value::String(value)),
                    "codes": r.try_get::<String, _>("codes")?,
                    "sensitive": r.try_get::<i64, _>("sensitive")? != 0,
                    "answered_at": r.try_get::<i64, _>("answered_at")?,
                }))
            })
            .collect::<Result<Vec<Value>, StorageError>>()?;
        let mut bookings = Vec::new();
        for r in sqlx::query(&format!(
            "SELECT {QUEUE_COLUMNS} FROM bookings WHERE person_id = $1 ORDER BY created_at, id"
        ))
        .bind(person_id)
        .fetch_all(self.pool())
        .await?
        {
            let b = queue_row(&r)?;
            let history: Vec<Value> = self
                .booking_history(&b.id)
                .await?
                .into_iter()
                .map(|(at, actor, status, reason)| {
                    json!({"at": at, "by": if actor == "person" || actor == "system" { actor } else { "staff".into() }, "status": status, "reason": reason})
                })
                .collect();
            bookings.push(json!({
                "reference": b.reference, "territory": b.territory, "partner": b.partner, "site": b.site,
                "with_partner": b.with_partner, "appointment": b.appointment, "format": b.format,
                "starts_at": b.starts_at, "ends_at": b.ends_at, "status": b.status,
                "parcours": b.parcours, "lead": b.lead, "urgent": b.urgent, "created_at": b.created_at,
                "history": history,
            }));
        }
        let requests = sqlx::query("SELECT id, person_id, territory, partner, parcours, lead, urgent, status, created_at, closed_at FROM booking_requests WHERE person_id = $1 ORDER BY created_at")
            .bind(person_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                let q = request_row(r)?;
                Ok(json!({"partner": q.partner, "parcours": q.parcours, "lead": q.lead, "urgent": q.urgent,
                    "status": q.status, "created_at": q.created_at, "closed_at": q.closed_at}))
            })
            .collect::<Result<Vec<Value>, sqlx::Error>>()?;
        let messages = sqlx::query("SELECT kind, payload, created_at, not_before, sent_at FROM outbox WHERE person_id = $1 ORDER BY created_at, id")
            .bind(person_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(json!({
                    "kind": r.try_get::<String, _>("kind")?,
                    "content": r.try_get::<String, _>("payload")?,
                    "created_at": r.try_get::<i64, _>("created_at")?,
                    "due_at": r.try_get::<i64, _>("not_before")?,
                    "sent_at": r.try_get::<Option<i64>, _>("sent_at")?,
                }))
            })
            .collect::<Result<Vec<Value>, sqlx::Error>>()?;
        let session: Option<String> =
            sqlx::query_scalar("SELECT state FROM sessions WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(Some(json!({
            "person": {
                "id": p.try_get::<String, _>("id")?,
                "channel": p.try_get::<String, _>("channel")?,
                "address": address,
                "locale": p.try_get::<String, _>("locale")?,
                "created_at": p.try_get::<i64, _>("created_at")?,
                "last_contact_at": p.try_get::<i64, _>("last_contact_at")?,
            },
            "consents": consents,
            "answers": answers,
            "bookings": bookings,
            "waiting_requests": requests,
            "messages": messages,
            "conversation": session
                .and_then(|s| self.key().open(super::SESSION_STATE, &s).ok())
                .and_then(|s| serde_json::from_str::<Value>(&s).ok()),
        })))
    }

    /// Opening changes of a site, oldest first.
    pub async fn opening_changes(
        &self,
        site: Option<&str>,
    ) -> Result<Vec<OpeningChange>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, site, op, file_index, days, from_time, to_time, appointment, seats FROM site_openings \
             WHERE ($1 = '' OR site = $1) ORDER BY created_at, id",
        )
        .bind(site.unwrap_or(""))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let days: String = r.try_get("days")?;
                Ok(OpeningChange {
                    id: r.try_get("id")?,
                    site: r.try_get("site")?,
                    op: {
                        let op: String = r.try_get("op")?;
                        op.parse().map_err(|e: crate::core::UnknownName| {
                            sqlx::Error::Decode(e.to_string().into())
                        })?
                    },
                    file_index: r.try_get("file_index")?,
                    days: days.split_whitespace().map(str::to_string).collect(),
                    from: r.try_get("from_time")?,
                    to: r.try_get("to_time")?,
                    appointment: r.try_get("appointment")?,
                    seats: u32::try_from(r.try_get::<i64, _>("seats")?).unwrap_or(1),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StorageError::from)
    }

    /// Adds an opening change.
    pub async fn add_opening_change(
        &self,
        c: &OpeningChange,
        by: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        sqlx::query("INSERT INTO site_openings (id, site, op, file_index, days, from_time, to_time, appointment, seats, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(new_id())
            .bind(c.site.as_str())
            .bind(c.op.as_str())
            .bind(c.file_index)
            .bind(c.days.join(" "))
            .bind(c.from.as_str())
            .bind(c.to.as_str())
            .bind(c.appointment.as_str())
            .bind(i64::from(c.seats))
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let detail = format!("{} {} {}-{}", c.op, c.site, c.from, c.to);
        insert_audit(
            &mut tx,
            &AuditEntry {
                actor: by,
                action: "opening",
                booking_id: None,
                person_id: None,
                detail: Some(&detail),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an opening change (an added pattern goes, a removed one comes back).
    pub async fn delete_opening_change(
        &self,
        id: &str,
        site: &str,
        by: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("DELETE FROM site_openings WHERE id = $1 AND site = $2")
            .bind(id)
            .bind(site)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            let detail = format!("undo {site}");
            insert_audit(
                &mut tx,
                &AuditEntry {
                    actor: by,
                    action: "opening",
                    booking_id: None,
                    person_id: None,
                    detail: Some(&detail),
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    /// Closures of a site that end after `from`.
    pub async fn site_closures(
        &self,
        site: &str,
        from: i64,
    ) -> Result<Vec<SiteEntry>, StorageError> {
        let rows = sqlx::query("SELECT id, starts_at, ends_at, reason FROM slot_closures WHERE site = $1 AND ends_at > $2 ORDER BY starts_at")
            .bind(site)
            .bind(from)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SiteEntry {
                    id: r.try_get("id")?,
                    starts_at: r.try_get("starts_at")?,
                    ends_at: Some(r.try_get("ends_at")?),
                    appointment: None,
                    seats: None,
                    reason: r.try_get("reason")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StorageError::from)
    }

    /// One-off slots of a site that start after `from`.
    pub async fn site_extras(&self, site: &str, from: i64) -> Result<Vec<SiteEntry>, StorageError> {
        let rows = sqlx::query("SELECT id, starts_at, appointment, seats FROM slot_extras WHERE site = $1 AND starts_at >= $2 ORDER BY starts_at")
            .bind(site)
            .bind(from)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SiteEntry {
                    id: r.try_get("id")?,
                    starts_at: r.try_get("starts_at")?,
                    ends_at: None,
                    appointment: Some(r.try_get("appointment")?),
                    seats: Some(r.try_get("seats")?),
                    reason: None,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StorageError::from)
    }

    /// Removes a closure or a one-off slot of a site (`table` is `closure` or `extra`).
    pub async fn delete_site_entry(
        &self,
        kind: &str,
        id: &str,
        site: &str,
    ) -> Result<bool, StorageError> {
        let table = match kind {
            "closure" => "slot_closures",
            "extra" => "slot_extras",
            _ => return Ok(false),
        };
        let n = sqlx::query(&format!("DELETE FROM {table} WHERE id = $1 AND site = $2"))
            .bind(id)
            .bind(site)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Active bookings per site and start, for the load view: (site, starts_at).
    pub async fn booked_starts(
        &self,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, i64)>, StorageError> {
        let rows = sqlx::query("SELECT s.slot_key FROM booking_slots s JOIN bookings b ON b.id = s.booking_id WHERE s.active = 1 AND b.starts_at >= $1 AND b.starts_at < $2")
            .bind(from)
            .bind(until)
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            let key: String = r.try_get("slot_key")?;
            let mut parts = key.split('/');
            if let (Some(site), _, Some(start)) = (parts.next(), parts.next(), parts.next()) {
                if let Ok(start) = start.parse() {
                    out.push((site.to_string(), start));
                }
            }
        }
        Ok(out)
    }

    /// The outbox rows of a person (tests and the booking page's history).
    pub async fn outbox_of(
        &self,
        person_id: &str,
    ) -> Result<Vec<(String, String, i64)>, StorageError> {
        let rows = sqlx::query(
            "SELECT kind, payload, not_before FROM outbox WHERE person_id = $1 ORDER BY created_at, id",
        )
        .bind(person_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("kind")?,
                    r.try_get("payload")?,
                    r.try_get("not_before")?,
                ))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StorageError::from)
    }

    /// For the benchmark: inserts bookings without slots, quickly, in one transaction.
    pub async fn bench_bookings(
        &self,
        territory: &str,
        partners: &[(String, String)],
        n: usize,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        let statuses = ["pending", "confirmed", "confirmed", "seen", "cancelled"];
        for i in 0..n {
            let (partner, site) = &partners[i % partners.len()];
            let start = now + 3600 * (i as i64 % 600) + 86_400;
            sqlx::query(
                "INSERT INTO bookings (id, reference, person_id, request_key, territory, partner, site, appointment, format, \
                 starts_at, ends_at, status, parcours, lead, urgent, created_at, updated_at) \
                 VALUES ($1, $2, NULL, NULL, $3, $4, $5, 'premier-rdv', 'on-site', $6, $7, $8, $9, 'FranceTravail', $10, $11, $11)",
            )
            .bind(new_id())
            .bind(format!("B{i:07}"))
            .bind(territory)
            .bind(partner.as_str())
            .bind(site.as_str())
            .bind(start)
            .bind(start + 2700)
            .bind(statuses[i % statuses.len()])
            .bind(["emploi", "global", "social"][i % 3])
            .bind(i64::from(i % 97 == 0))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        // What autovacuum would have done on a live database after such a load.
        let refresh = match self.backend() {
            super::Backend::Postgres => "VACUUM ANALYZE bookings",
            super::Backend::Sqlite => "ANALYZE",
        };
        sqlx::query(refresh).execute(self.pool()).await?;
        Ok(())
    }
}

fn is_unique(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db.message().contains("UNIQUE constraint failed")
                || db.code().as_deref() == Some("23505")
        }
        _ => false,
    }
}
