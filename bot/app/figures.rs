//! The figures `/metrics` reads from the database at scrape time. It only reads; the
//! rendering belongs to `metrics`.

use crate::metrics::DatabaseFigures;
use crate::storage::StorageError;

use super::Host;

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
        })
    }
}
