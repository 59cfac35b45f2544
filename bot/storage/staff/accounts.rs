//! Staff accounts: creation with a one-time setup token, passwords, turning an account on or
//! off, its language. Changing a password or turning an account off closes its sessions.

use sqlx::Row;

use super::model::{Account, Role};
use crate::storage::{StorageError, Store, new_id};

/// The columns [`account_row`] reads, from `staff_accounts`.
pub(super) const ACCOUNT_COLUMNS: &str = "id, email, role, territory, partner, password_hash, locale, failed_logins, locked_until, active, created_at";

/// Reads an account; a role this program does not know reads as the narrowest one.
pub(super) fn account_row(r: &sqlx::any::AnyRow) -> Result<Account, sqlx::Error> {
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

/// Ends every session of an account, inside the transaction that changed it.
async fn close_sessions(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    account_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1")
        .bind(account_id)
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
    #[expect(
        clippy::too_many_arguments,
        reason = "an account is made from all its fields at once"
    )]
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
        close_sessions(&mut tx, id).await?;
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
        close_sessions(&mut tx, id).await?;
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
            close_sessions(&mut tx, id).await?;
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
}
