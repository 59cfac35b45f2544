//! The sources of services a host reads, and the data·inclusion search API behind a cache: one search per commune and thématiques at a
//! time, kept for a while (a failure for a minute, so a service that is down is not asked at
//! every turn), the cache bounded. A caller waits only as long as its budget: the search goes
//! on without it and fills the cache for the next. What is sent: the commune's INSEE code and
//! the thématiques, never anything that names a person.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::watch;

use super::config::ServicesConfig;
use crate::services::{Candidate, schema};

/// The sources of services a host reads.
pub(crate) struct Directory {
    pub(super) config: ServicesConfig,
    pub(super) api: Option<Arc<Api>>,
}

impl Directory {
    pub(crate) fn new(config: &ServicesConfig) -> Self {
        let api = match (&config.api_url, &config.token) {
            (Some(url), Some(token)) => Api::new(url, token, config).map(Arc::new),
            _ => None,
        };
        Self {
            config: config.clone(),
            api,
        }
    }
}

/// How many services a search asks for.
const PAGE_SIZE: usize = 30;
/// The largest answer read.
const MAX_BODY: usize = 4 << 20;

/// What a search is for: a commune's INSEE code and thématiques (sorted).
type Key = (String, Vec<&'static str>);

/// What a search found, shared by everyone who waited for it.
type Found = Arc<Vec<Candidate>>;

/// Where a search under way will say what it found.
type Pending = watch::Receiver<Option<Found>>;

/// A search done, or under way.
enum Slot {
    Fetching(Pending),
    Ready { until: Instant, found: Found },
}

/// The API and its cache.
pub(super) struct Api {
    base: String,
    token: String,
    client: reqwest::Client,
    cache: Mutex<HashMap<Key, Slot>>,
    ttl: Duration,
    failure_ttl: Duration,
    capacity: usize,
}

impl Api {
    pub(super) fn new(base: &str, token: &str, config: &ServicesConfig) -> Option<Self> {
        let client = reqwest::Client::builder()
            .timeout(config.api_timeout)
            .connect_timeout(config.api_timeout)
            .build()
            .ok()?;
        Some(Self {
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
            client,
            cache: Mutex::new(HashMap::new()),
            ttl: config.cache_ttl,
            failure_ttl: Duration::from_secs(60),
            capacity: config.cache_size.max(1),
        })
    }

    /// The services found for a commune and thématiques: from the cache, or from a search
    /// awaited at most `budget` (none when it takes longer; it still fills the cache).
    pub(super) async fn search(
        self: &Arc<Self>,
        insee: &str,
        themes: Vec<&'static str>,
        budget: Duration,
    ) -> Vec<Candidate> {
        let mut rx = match self.found_or_started((insee.to_string(), themes)) {
            Ok(found) => return found.to_vec(),
            Err(rx) => rx,
        };
        let waited = tokio::time::timeout(budget, async move {
            loop {
                if let Some(found) = rx.borrow().clone() {
                    return Some(found);
                }
                if rx.changed().await.is_err() {
                    return None;
                }
            }
        })
        .await;
        match waited {
            Ok(Some(found)) => found.to_vec(),
            _ => Vec::new(),
        }
    }

    /// Starts the search for a commune and thématiques unless it is cached or under way.
    pub(super) fn prefetch(self: &Arc<Self>, insee: &str, themes: Vec<&'static str>) {
        let _ = self.found_or_started((insee.to_string(), themes));
    }

    /// The cached result, or the receiver of a search under way (started here if none was).
    fn found_or_started(self: &Arc<Self>, key: Key) -> Result<Found, Pending> {
        let now = Instant::now();
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match cache.get(&key) {
            Some(Slot::Ready { until, found }) if *until > now => return Ok(found.clone()),
            Some(Slot::Fetching(rx)) => return Err(rx.clone()),
            _ => {}
        }
        if cache.len() >= self.capacity {
            // The stale first, then the one that expires soonest.
            let oldest = cache
                .iter()
                .filter_map(|(k, s)| match s {
                    Slot::Ready { until, .. } => Some((*until, k.clone())),
                    Slot::Fetching(_) => None,
                })
                .min();
            if let Some((_, k)) = oldest {
                cache.remove(&k);
            }
        }
        let (tx, rx) = watch::channel(None);
        cache.insert(key.clone(), Slot::Fetching(rx.clone()));
        drop(cache);
        let api = self.clone();
        tokio::spawn(async move {
            let (found, ttl) = match api.fetch(&key).await {
                Ok(found) => (found, api.ttl),
                Err(why) => {
                    tracing::warn!(why, "data·inclusion: no services this time");
                    (Vec::new(), api.failure_ttl)
                }
            };
            let found = Arc::new(found);
            api.cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(
                    key,
                    Slot::Ready {
                        until: Instant::now() + ttl,
                        found: found.clone(),
                    },
                );
            let _ = tx.send(Some(found));
        });
        Err(rx)
    }

    /// One search: `GET {base}/api/v1/search/services?code_commune=..&thematiques=..&size=..`
    /// with the bearer token; the items whose service holds, with their distance.
    async fn fetch(&self, (insee, themes): &Key) -> Result<Vec<Candidate>, &'static str> {
        let mut query: Vec<(&str, String)> = vec![("code_commune", insee.clone())];
        query.extend(themes.iter().map(|t| ("thematiques", (*t).to_string())));
        query.push(("size", PAGE_SIZE.to_string()));
        let response = self
            .client
            .get(format!("{}/api/v1/search/services", self.base))
            .query(&query)
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    "timed out"
                } else {
                    "unreachable"
                }
            })?;
        if !response.status().is_success() {
            return Err("refused the search");
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY as u64)
        {
            return Err("answered too much");
        }
        let body = response.bytes().await.map_err(|_| "answer cut short")?;
        if body.len() > MAX_BODY {
            return Err("answered too much");
        }
        let value: Value =
            serde_json::from_slice(&body).map_err(|_| "answered something else than JSON")?;
        let items = value
            .get("items")
            .and_then(Value::as_array)
            .ok_or("answered without items")?;
        Ok(items
            .iter()
            .filter_map(|item| {
                let service = schema::service(item.get("service")?).ok()?;
                let distance = item
                    .get("distance")
                    .and_then(Value::as_f64)
                    .filter(|d| d.is_finite());
                Some(Candidate { service, distance })
            })
            .collect())
    }
}
