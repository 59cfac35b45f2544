//! Staff accounts: creating one with its one-time setup link (from the dashboard, the command
//! line or the first start), turning one on or off, a new setup link; and the audit log.

use std::process::ExitCode;

use super::sessions::{new_token, token_hash};
use super::{Account, AuditFilter, AuditRow, Desk, DeskError, Role};
use crate::catalog::Catalog;
use crate::storage::staff::AuditEntry;
use crate::storage::{StorageError, Store};

/// How long a setup link works.
pub const SETUP_VALIDITY: i64 = 7 * 86_400;
/// Audit entries shown at most.
pub const AUDIT_SHOWN: i64 = 500;
/// The longest e-mail address accepted.
const MAX_EMAIL: usize = 254;

/// Why an account was not created from the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountProblem {
    /// Not an e-mail address, an unknown role, or an advisor without a partner.
    Invalid,
    /// An account with this e-mail exists.
    Exists,
}

/// Creates an account and returns its one-time setup token; none if the e-mail is taken.
pub async fn create_account(
    store: &Store,
    email: &str,
    role: Role,
    territory: Option<&str>,
    partner: Option<&str>,
    actor: &str,
    now: i64,
) -> Result<Option<String>, StorageError> {
    let token = new_token();
    let created = store
        .create_staff(
            email,
            role,
            territory,
            partner,
            &token_hash(&token),
            now + SETUP_VALIDITY,
            now,
        )
        .await?;
    if created.is_none() {
        return Ok(None);
    }
    let detail = format!("{} {}", role.as_str(), partner.unwrap_or(""));
    store
        .audit(
            &AuditEntry {
                actor,
                action: "account-created",
                booking_id: None,
                person_id: None,
                detail: Some(detail.trim()),
            },
            now,
        )
        .await?;
    Ok(Some(token))
}

/// What the command line says when no link can be made.
pub const NO_PUBLIC_URL: &str = "no setup link can be made: the service's public address is not \
    configured; set TREMPLIN_PUBLIC_URL (the address staff open the dashboard at), or give \
    --base-url";

/// `tremplin staff add`: creates an account and prints its one-time setup link, which starts
/// with the configured public address (`base_url`); without one, creates nothing and says so.
pub async fn cli_add(
    store: &Store,
    catalog: &Catalog,
    territory: Option<&str>,
    email: &str,
    role: &str,
    partner: Option<&str>,
    base_url: Option<&str>,
) -> Result<ExitCode, StorageError> {
    let Some(base_url) = base_url.filter(|u| !u.is_empty()) else {
        eprintln!("{NO_PUBLIC_URL}");
        return Ok(ExitCode::from(2));
    };
    let Some(role) = Role::parse(role) else {
        eprintln!("unknown role '{role}': admin, reception or advisor");
        return Ok(ExitCode::from(2));
    };
    let email = email.trim().to_lowercase();
    if !email.contains('@') {
        eprintln!("'{email}' is not an e-mail address");
        return Ok(ExitCode::from(2));
    }
    let Some(t) = catalog.territory(territory) else {
        eprintln!("no territory loaded");
        return Ok(ExitCode::from(2));
    };
    let partner = match (role, partner) {
        (Role::Advisor, None) => {
            eprintln!("an advisor needs --partner (one of the territory's partner ids)");
            return Ok(ExitCode::from(2));
        }
        (Role::Advisor, Some(p)) => Some(p),
        (_, _) => None,
    };
    if let Some(p) = partner {
        if t.partner(p).is_none() {
            let ids: Vec<&str> = t.partners.iter().map(|p| p.id.as_str()).collect();
            eprintln!("unknown partner '{p}': one of {}", ids.join(", "));
            return Ok(ExitCode::from(2));
        }
    }
    let now = chrono::Utc::now().timestamp();
    match create_account(store, &email, role, Some(&t.id), partner, "system", now).await? {
        Some(token) => {
            println!(
                "account {email} ({}) created; its one-time setup link (valid 7 days):",
                role.as_str()
            );
            println!("{}", setup_link(base_url, &token));
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("an account with this e-mail already exists");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The first run of `serve` on a database without accounts creates an admin and prints its
/// setup link, once. Without a public address (`base_url`) no link can be made: nothing is
/// created and the log says so, until a start with one.
pub async fn first_run_admin(
    store: &Store,
    catalog: &Catalog,
    territory: Option<&str>,
    base_url: Option<&str>,
) -> Result<(), StorageError> {
    if store.staff_count().await? > 0 {
        return Ok(());
    }
    let Some(base_url) = base_url.filter(|u| !u.is_empty()) else {
        tracing::warn!("no staff account yet, and {NO_PUBLIC_URL}");
        return Ok(());
    };
    let t = catalog.territory(territory).map(|t| t.id.as_str());
    let now = chrono::Utc::now().timestamp();
    if let Some(token) = create_account(
        store,
        "admin@localhost",
        Role::Admin,
        t,
        None,
        "system",
        now,
    )
    .await?
    {
        println!(
            "First start: an admin account (admin@localhost) was created. Set its password here (valid 7 days, shown once):"
        );
        println!("{}", setup_link(base_url, &token));
    }
    Ok(())
}

/// The page where a setup token is used, under a base address.
#[must_use]
pub fn setup_link(base_url: &str, token: &str) -> String {
    format!("{}/staff/setup/{token}", base_url.trim_end_matches('/'))
}

impl Desk<'_> {
    /// Every account (admins).
    pub async fn accounts(&self) -> Result<Vec<Account>, DeskError> {
        self.admin()?;
        Ok(self.host.store().staff_accounts().await?)
    }

    /// Creates an account (admins): its one-time setup token, or why not. An advisor works
    /// for a partner and in its territory; anyone else in the territory of the admin who
    /// creates them (or the first loaded).
    pub async fn add_account(
        &self,
        email: &str,
        role: &str,
        partner: &str,
    ) -> Result<Result<String, AccountProblem>, DeskError> {
        self.admin()?;
        let email = email.trim().to_lowercase();
        let role = Role::parse(role);
        let partner = Some(partner.trim()).filter(|p| !p.is_empty());
        let catalog = self.host.catalog();
        let territory = match partner {
            Some(p) => catalog
                .territories
                .iter()
                .find(|t| t.partner(p).is_some())
                .map(|t| t.id.as_str()),
            None => self
                .account
                .territory
                .as_deref()
                .or_else(|| catalog.territories.first().map(|t| t.id.as_str())),
        };
        let valid = email.contains('@')
            && email.len() <= MAX_EMAIL
            && match role {
                Some(Role::Advisor) => partner.is_some() && territory.is_some(),
                Some(_) => territory.is_some(),
                None => false,
            };
        let Some(role) = role.filter(|_| valid) else {
            return Ok(Err(AccountProblem::Invalid));
        };
        let partner = partner.filter(|_| role == Role::Advisor);
        let token = create_account(
            self.host.store(),
            &email,
            role,
            territory,
            partner,
            &self.account.id,
            self.now,
        )
        .await?;
        Ok(token.ok_or(AccountProblem::Exists))
    }

    /// Another account, to turn on or off or give a new setup link (admins).
    async fn other_account(&self, id: &str) -> Result<Account, DeskError> {
        self.admin()?;
        if id == self.account.id {
            return Err(DeskError::Invalid("own account"));
        }
        self.host
            .store()
            .staff_by_id(id)
            .await?
            .ok_or(DeskError::NotFound)
    }

    /// A new one-time setup link for another account (admins): its token.
    pub async fn reset_account(&self, id: &str) -> Result<String, DeskError> {
        let account = self.other_account(id).await?;
        let token = new_token();
        self.host
            .store()
            .reset_staff_setup(
                &account.id,
                &token_hash(&token),
                self.now + SETUP_VALIDITY,
                self.now,
            )
            .await?;
        self.audit("account-reset", None, None, Some(&account.id))
            .await?;
        Ok(token)
    }

    /// Turns another account on or off (admins).
    pub async fn set_account_active(&self, id: &str, active: bool) -> Result<(), DeskError> {
        let account = self.other_account(id).await?;
        self.host
            .store()
            .set_staff_active(&account.id, active, self.now)
            .await?;
        let action = if active {
            "account-enabled"
        } else {
            "account-disabled"
        };
        self.audit(action, None, None, Some(&account.id)).await
    }

    /// The audit entries that match a filter, newest first (admins).
    pub async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>, DeskError> {
        self.admin()?;
        Ok(self.host.store().audit_entries(filter, AUDIT_SHOWN).await?)
    }
}
