//! The staff types every part shares: an account and its role, the scope it may see, an
//! action's audit line and message to the person, and what an action found. No query here.

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
    /// The Fluent message the text was written from (JSON), for a channel that needs it
    /// again (a WhatsApp template).
    pub message: Option<String>,
    /// Seconds the message waits before it is sent (an undo may withdraw it meanwhile).
    pub after: i64,
}

/// What an action on a booking or a request found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionOutcome {
    Done,
    /// Nothing to do (already in that status).
    Unchanged,
    /// The new slot is held by another booking.
    Taken,
}
