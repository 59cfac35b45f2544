//! The dashboard's shared state: the host, the settings, the simulated conversations, and the
//! cookies' names and attributes. It renders nothing and answers no request.

use std::sync::Arc;

use super::ctx::Ctx;
use super::sims::Sims;
use crate::app::Host;
use crate::app::staff::{Desk, feed_link, setup_link};
use crate::catalog::Catalog;
use crate::core::{Clock, SystemClock};

/// Dashboard settings.
#[derive(Clone)]
pub struct StaffConfig {
    /// Plain http (no `Secure` cookie, no `__Host-` prefix): only for trying it on localhost.
    pub insecure_http: bool,
    /// Where `now` comes from (a manual clock in tests).
    pub clock: Arc<dyn Clock>,
    /// The service's public base URL (`TREMPLIN_PUBLIC_URL`), the only start of the links
    /// the dashboard makes; without it, it makes none.
    pub public_url: Option<String>,
}

impl Default for StaffConfig {
    fn default() -> Self {
        Self {
            insecure_http: false,
            clock: Arc::new(SystemClock),
            public_url: None,
        }
    }
}

impl std::fmt::Debug for StaffConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffConfig")
            .field("insecure_http", &self.insecure_http)
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// The dashboard's shared state.
#[derive(Clone)]
pub struct Staff {
    pub host: Arc<Host>,
    pub config: StaffConfig,
    /// Simulator conversations, in memory only, by staff session.
    pub sims: Arc<Sims>,
}

impl std::fmt::Debug for Staff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Staff").finish_non_exhaustive()
    }
}

impl Staff {
    #[must_use]
    pub fn new(host: Arc<Host>, config: StaffConfig) -> Self {
        Self {
            host,
            config,
            sims: Arc::new(Sims::default()),
        }
    }

    /// The dashboard's use cases for the logged-in account of a request, now.
    #[must_use]
    pub fn desk<'a>(&'a self, ctx: &'a Ctx) -> Desk<'a> {
        self.host.desk(&ctx.account, self.now())
    }

    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        self.host.catalog()
    }

    /// The host the dashboard works through.
    #[must_use]
    pub fn host(&self) -> &Host {
        &self.host
    }

    #[must_use]
    pub fn now(&self) -> i64 {
        self.config.clock.unix()
    }

    /// The session cookie's name.
    #[must_use]
    pub fn cookie_name(&self) -> &'static str {
        if self.config.insecure_http {
            "tremplin_staff"
        } else {
            "__Host-tremplin_staff"
        }
    }

    /// The login form's cookie name (double-submit token before a session exists).
    #[must_use]
    pub fn login_cookie_name(&self) -> &'static str {
        if self.config.insecure_http {
            "tremplin_login"
        } else {
            "__Host-tremplin_login"
        }
    }

    /// The setup link of a token, under the configured public URL; none without one.
    #[must_use]
    pub fn setup_link(&self, token: &str) -> Option<String> {
        Some(setup_link(self.public_url()?, token))
    }

    /// A calendar feed's address for a token, under the configured public URL; none without
    /// one.
    #[must_use]
    pub fn feed_link(&self, token: &str) -> Option<String> {
        Some(feed_link(self.public_url()?, token))
    }

    /// The configured public URL, if it is set.
    #[must_use]
    pub fn public_url(&self) -> Option<&str> {
        self.config.public_url.as_deref().filter(|u| !u.is_empty())
    }

    /// A cookie header value with the right attributes.
    #[must_use]
    pub fn cookie(&self, name: &str, value: &str, max_age: Option<i64>) -> String {
        let secure = if self.config.insecure_http {
            ""
        } else {
            "; Secure"
        };
        let age = max_age
            .map(|a| format!("; Max-Age={a}"))
            .unwrap_or_default();
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}")
    }
}
