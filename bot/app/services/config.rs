//! Where a host finds local services: the data·inclusion API and its token, the territory's
//! own file, and how long the API is waited on and remembered.

use std::time::Duration;

/// Where services come from. The default is none: not configured.
#[derive(Clone)]
pub struct ServicesConfig {
    /// The data·inclusion API's base URL (`DATA_INCLUSION_API_URL`).
    pub api_url: Option<String>,
    /// Its bearer token (`DATA_INCLUSION_TOKEN`).
    pub token: Option<String>,
    /// The services imported into the database (`tremplin services import`) are proposed.
    pub imported: bool,
    /// The territory's own file is proposed when nothing was imported and no API is set.
    pub territory_file: bool,
    /// The longest one API search may take (it goes on in the background past the budget).
    pub api_timeout: Duration,
    /// The longest the closing turn waits for the API.
    pub turn_budget: Duration,
    /// How long a search's result is kept.
    pub cache_ttl: Duration,
    /// The most searches kept.
    pub cache_size: usize,
}

impl Default for ServicesConfig {
    fn default() -> Self {
        Self {
            api_url: None,
            token: None,
            imported: false,
            territory_file: false,
            api_timeout: Duration::from_secs(3),
            turn_budget: Duration::from_millis(300),
            cache_ttl: Duration::from_secs(6 * 3600),
            cache_size: 1_000,
        }
    }
}

impl std::fmt::Debug for ServicesConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServicesConfig")
            .field("api_url", &self.api_url)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("imported", &self.imported)
            .field("territory_file", &self.territory_file)
            .field("turn_budget", &self.turn_budget)
            .finish_non_exhaustive()
    }
}
