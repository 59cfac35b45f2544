//! Calendar feeds on the dashboard: which feeds an account sees and may make, renew or
//! revoke (its own; an admin's, every account's and every site's), each change audited in its
//! transaction. A new token is shown once: only its keyed hash is kept.

use base64::Engine as _;

use super::{Desk, DeskError, Role};
use crate::storage::staff::AuditEntry;
pub use crate::storage::staff::{Feed, FeedOwner};

/// A feed as the dashboard lists it: whose it is, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLine {
    pub feed: Feed,
    /// The account's e-mail, or the site's name.
    pub owner: String,
}

/// A feed the account may make: its owner, and whose it is in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedChoice {
    pub owner: FeedOwner,
    pub label: String,
}

/// A feed's address under the service's public address: what calendars subscribe to.
#[must_use]
pub fn feed_link(base_url: &str, token: &str) -> String {
    format!("{}/calendar/{token}.ics", base_url.trim_end_matches('/'))
}

impl FeedOwner {
    /// How the form names this owner: `account:<id>` or `site:<territory>/<site>`.
    #[must_use]
    pub fn param(&self) -> String {
        match self {
            Self::Account(a) => format!("account:{a}"),
            Self::Site { territory, site } => format!("site:{territory}/{site}"),
        }
    }

    /// Reads [`FeedOwner::param`].
    #[must_use]
    pub fn from_param(text: &str) -> Option<Self> {
        if let Some(a) = text.strip_prefix("account:") {
            return Some(Self::Account(a.to_string()));
        }
        let (territory, site) = text.strip_prefix("site:")?.split_once('/')?;
        Some(Self::Site {
            territory: territory.to_string(),
            site: site.to_string(),
        })
    }
}

impl Desk<'_> {
    /// The feeds this account manages: all of them for an admin, else its own.
    pub async fn feeds(&self) -> Result<Vec<FeedLine>, DeskError> {
        let store = self.host.store();
        let own = (self.account.role != Role::Admin).then_some(self.account.id.as_str());
        let mut out = Vec::new();
        for feed in store.feeds(own).await? {
            let owner = match &feed.owner {
                FeedOwner::Account(a) if *a == self.account.id => self.account.email.clone(),
                FeedOwner::Account(a) => store
                    .staff_by_id(a)
                    .await?
                    .map_or_else(|| a.clone(), |x| x.email),
                FeedOwner::Site { territory, site } => self.site_label(territory, site),
            };
            out.push(FeedLine { feed, owner });
        }
        Ok(out)
    }

    /// The feeds this account may make and that do not exist yet: its own; for an admin,
    /// every account's and every site's.
    pub async fn feed_choices(&self, existing: &[FeedLine]) -> Result<Vec<FeedChoice>, DeskError> {
        let mut out = vec![FeedChoice {
            owner: FeedOwner::Account(self.account.id.clone()),
            label: self.account.email.clone(),
        }];
        if self.account.role == Role::Admin {
            for a in self.host.store().staff_accounts().await? {
                if a.id != self.account.id && a.active {
                    out.push(FeedChoice {
                        owner: FeedOwner::Account(a.id),
                        label: a.email,
                    });
                }
            }
            for (t, _, s) in self.sites() {
                out.push(FeedChoice {
                    owner: FeedOwner::Site {
                        territory: t.id.clone(),
                        site: s.id.clone(),
                    },
                    label: s.name.clone(),
                });
            }
        }
        out.retain(|c| !existing.iter().any(|l| l.feed.owner == c.owner));
        Ok(out)
    }

    /// Makes the feed of an owner this account may manage; its token, shown once. `None`
    /// when the owner has a feed already (renew it instead).
    pub async fn create_feed(&self, owner: &FeedOwner) -> Result<Option<String>, DeskError> {
        let detail = self.may_manage(owner).await?;
        let token = self.new_feed_token();
        let store = self.host.store();
        let audit = self.entry("feed-created", None, None, Some(&detail));
        let made = store
            .create_feed(owner, &store.feed_token_key(&token), &audit, self.now)
            .await?;
        Ok(made.map(|_| token))
    }

    /// Gives a feed this account manages a new token, shown once; the old address stops
    /// working at once.
    pub async fn renew_feed(&self, id: &str) -> Result<String, DeskError> {
        let feed = self.managed_feed(id).await?;
        let detail = self.may_manage(&feed.owner).await?;
        let token = self.new_feed_token();
        let store = self.host.store();
        let audit = self.entry("feed-renewed", None, None, Some(&detail));
        if !store
            .renew_feed(id, &store.feed_token_key(&token), &audit, self.now)
            .await?
        {
            return Err(DeskError::NotFound);
        }
        Ok(token)
    }

    /// Ends a feed this account manages: its address stops working at once.
    pub async fn revoke_feed(&self, id: &str) -> Result<(), DeskError> {
        let feed = self.managed_feed(id).await?;
        let detail = self.may_manage(&feed.owner).await?;
        let audit: AuditEntry<'_> = self.entry("feed-revoked", None, None, Some(&detail));
        if !self.host.store().revoke_feed(id, &audit, self.now).await? {
            return Err(DeskError::NotFound);
        }
        Ok(())
    }

    /// A feed this account manages; any other is not found.
    async fn managed_feed(&self, id: &str) -> Result<Feed, DeskError> {
        let feed = self
            .host
            .store()
            .feed(id)
            .await?
            .ok_or(DeskError::NotFound)?;
        self.may_manage(&feed.owner).await?;
        Ok(feed)
    }

    /// Whether this account may manage an owner's feed (its own; an admin, any account's
    /// and any known site's): what the audit line says of the owner, or not found.
    async fn may_manage(&self, owner: &FeedOwner) -> Result<String, DeskError> {
        let admin = self.account.role == Role::Admin;
        match owner {
            FeedOwner::Account(a) if *a == self.account.id => Ok(format!("account {a}")),
            FeedOwner::Account(a) if admin => {
                self.host
                    .store()
                    .staff_by_id(a)
                    .await?
                    .ok_or(DeskError::NotFound)?;
                Ok(format!("account {a}"))
            }
            FeedOwner::Site { territory, site } if admin => self
                .sites()
                .iter()
                .any(|(t, _, s)| t.id == *territory && s.id == *site)
                .then(|| format!("site {site}"))
                .ok_or(DeskError::NotFound),
            _ => Err(DeskError::NotFound),
        }
    }

    fn site_label(&self, territory: &str, site: &str) -> String {
        self.host
            .catalog()
            .territory(Some(territory))
            .and_then(|t| t.site(site))
            .map_or_else(|| site.to_string(), |(_, s)| s.name.clone())
    }

    /// 256 random bits from the host's source, URL-safe (43 characters).
    fn new_feed_token(&self) -> String {
        let mut bytes = [0u8; 32];
        bytes[..16].copy_from_slice(&self.host.random_bytes());
        bytes[16..].copy_from_slice(&self.host.random_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }
}
