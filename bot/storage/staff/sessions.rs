//! Logging in: sessions (created on a successful login with a new id, looked up, touched,
//! closed) and the throttling of failed logins, per account and per address.

use sqlx::Row;

use super::accounts::account_row;
use super::model::Account;
use crate::storage::{StorageError, Store};

impl Store {
    /// Counts one login attempt on an account, before its password is checked, in one
    /// statement (so that attempts made at the same moment each count): true when the
    /// password may be checked, i.e. the account is not locked and this attempt is at most
    /// the `limit`-th in a row. The attempt after the `limit`-th locks the account until
    /// `now + lock`; the first attempt after a lock ran out starts counting again.
    pub async fn staff_login_attempt(
        &self,
        id: &str,
        limit: i64,
        lock: i64,
        now: i64,
    ) -> Result<bool, StorageError> {
        let row: Option<(i64, Option<i64>)> = sqlx::query_as(
            "UPDATE staff_accounts SET \
             failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= $1 THEN 1 \
                                  ELSE failed_logins + 1 END, \
             locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= $1 THEN NULL \
                                 WHEN locked_until IS NULL AND failed_logins + 1 > $2 THEN $3 \
                                 ELSE locked_until END \
             WHERE id = $4 RETURNING failed_logins, locked_until",
        )
        .bind(now)
        .bind(limit)
        .bind(now + lock)
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some_and(|(n, locked)| locked.is_none() && n <= limit))
    }

    /// After a wrong password: locks the account until `now + lock` when `limit` attempts
    /// in a row have been counted.
    pub async fn staff_login_failed(
        &self,
        id: &str,
        limit: i64,
        lock: i64,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE staff_accounts SET locked_until = $1 \
             WHERE id = $2 AND locked_until IS NULL AND failed_logins >= $3",
        )
        .bind(now + lock)
        .bind(id)
        .bind(limit)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// After the right password: the attempts in a row are forgotten, unless other attempts
    /// counted meanwhile went past `limit` or locked the account (a guess among many sent at
    /// once is refused even when right). Whether the login may go on.
    pub async fn staff_login_succeeded(&self, id: &str, limit: i64) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE staff_accounts SET failed_logins = 0 \
             WHERE id = $1 AND locked_until IS NULL AND failed_logins <= $2",
        )
        .bind(id)
        .bind(limit)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts one login attempt from an address, before any password is checked, in one
    /// statement: how many attempts it made within the window ending now, this one included.
    pub async fn ip_attempt(&self, ip: &str, window: i64, now: i64) -> Result<i64, StorageError> {
        let n = sqlx::query_scalar(
            "INSERT INTO staff_login_failures (ip, failures, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (ip) DO UPDATE SET \
             failures = CASE WHEN staff_login_failures.window_start > $3 THEN staff_login_failures.failures + 1 ELSE 1 END, \
             window_start = CASE WHEN staff_login_failures.window_start > $3 THEN staff_login_failures.window_start ELSE $2 END \
             RETURNING failures",
        )
        .bind(ip)
        .bind(now)
        .bind(now - window)
        .fetch_one(self.pool())
        .await?;
        Ok(n)
    }

    /// A successful login takes its own attempt back from the address's count: people who
    /// log in right from one office never block it.
    pub async fn ip_succeeded(&self, ip: &str) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE staff_login_failures SET failures = failures - 1 WHERE ip = $1 AND failures > 0",
        )
        .bind(ip)
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
}
