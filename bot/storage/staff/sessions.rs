//! Logging in: sessions (created on a successful login with a new id, looked up, touched,
//! closed) and the throttling of failed logins, per account and per address.

use sqlx::Row;

use super::accounts::account_row;
use super::model::Account;
use crate::storage::{StorageError, Store};

impl Store {
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
}
