//! The figures `/metrics` reads from the database at scrape time. It only reads; the
//! rendering belongs to `metrics`.

use crate::metrics::DatabaseFigures;
use crate::storage::StorageError;

use super::Host;
use super::staff::FUNNEL;
use crate::storage::staff::{StatsDim, StatsFilter};

impl Host {
    /// The funnel since the start, stage by stage ([`FUNNEL`]): received and no-show are the
    /// appointments in that status now.
    async fn funnel(&self) -> Result<Vec<(&'static str, i64)>, StorageError> {
        let store = self.store();
        let all = StatsFilter::since_the_start();
        let (stages, appointments) = tokio::try_join!(
            store.stats_sum(
                &all,
                &["started", "consented", "diagnosed", "booked"],
                &[StatsDim::Metric]
            ),
            store.stats_sum(&all, &["appt"], &[StatsDim::Detail]),
        )?;
        Ok(FUNNEL
            .iter()
            .map(|stage| {
                let n: i64 = stages
                    .iter()
                    .filter(|(k, _)| k[0] == *stage)
                    .chain(
                        appointments
                            .iter()
                            .filter(|(k, _)| k[0].split(':').next() == Some(*stage)),
                    )
                    .map(|(_, n)| *n)
                    .sum();
                (*stage, n)
            })
            .collect())
    }
}

impl Host {
    /// Bookings by status, the outbox backlog and the age of its oldest message (by the host's
    /// clock), and the conversations waiting for consent in the shared table.
    pub async fn database_figures(&self) -> Result<DatabaseFigures, StorageError> {
        let store = self.store();
        let (outbox_backlog, outbox_oldest) = store.outbox_backlog(self.now()).await?;
        let (deliveries, unreachable) = store.delivery_figures().await?;
        Ok(DatabaseFigures {
            deliveries,
            unreachable,
            bookings: store.bookings_by_status().await?,
            outbox_backlog,
            outbox_oldest,
            pre_consent: store.pre_consent_count().await?,
            funnel: self.funnel().await?,
        })
    }
}
