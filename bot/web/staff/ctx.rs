//! The logged-in account of a request, as the pages and the page frame see it. Reading it from
//! the session cookie and checking a form's CSRF token are `auth`'s; nothing here answers a
//! request.

use crate::app::staff::Account;

/// The logged-in account of a request.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub account: Account,
    pub csrf: String,
    pub session_hash: String,
}

impl Ctx {
    /// The account's language.
    #[must_use]
    pub fn lang(&self) -> &str {
        if self.account.locale == "en" {
            "en"
        } else {
            "fr"
        }
    }
}
