//! Importing a list: every row checked by [`super::file`], the numbers that said STOP left out,
//! the partner each person is likely to be proposed, and the good rows kept in batches, one
//! import at a time.

use std::io::Read;

use super::{
    BATCH, FileError, IMPORT_LEASE, ImportError, ImportOptions, ImportReport, Listed, OPTED_OUT,
    REFUSALS_KEPT, Rules, file, link_code,
};
use crate::app::{Host, HostError};
use crate::booking::territory::PartnerKind;
use crate::core::ConvKey;
use crate::storage::held::Taken;
use crate::storage::invitations::{ImportRow, Imported, InvitationData, NewInvitation};

impl Host {
    /// The partner a listed person is likely to be proposed: the organisation the list names,
    /// or the lead the orientation criteria give for what the list says (age, RSA).
    #[must_use]
    pub fn likely_partner(&self, listed: &Listed, today: chrono::NaiveDate) -> Option<String> {
        if let Some(p) = &listed.partner {
            return Some(p.clone());
        }
        let t = self.territory()?;
        let facts = crate::orientation::Facts {
            age: listed.born.map(|b| {
                let mut y = i64::from(chrono::Datelike::year(&today) - chrono::Datelike::year(&b));
                if (
                    chrono::Datelike::month(&today),
                    chrono::Datelike::day(&today),
                ) < (chrono::Datelike::month(&b), chrono::Datelike::day(&b))
                {
                    y -= 1;
                }
                y
            }),
            rsa: listed.rsa == Some(true),
            ..crate::orientation::Facts::default()
        };
        let lead = crate::orientation::propose(&facts).lead;
        t.partners_of(PartnerKind::for_body(lead))
            .next()
            .map(|p| p.id.clone())
    }

    /// Imports a list: every row checked, the good ones kept (a known reference updated, the
    /// same row again changing nothing), in batches. `progress` hears the bytes read and the
    /// rows seen. One import runs at a time.
    pub async fn import_invitations<R: Read + Send>(
        &self,
        input: R,
        options: &ImportOptions,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> Result<ImportReport, ImportError> {
        // One import at a time: in this process, and across the processes sharing the database.
        let Ok(_running) = self.importing.try_lock() else {
            return Err(ImportError::Busy("in this service".into()));
        };
        let holder = options.by_staff.as_deref().unwrap_or("cli");
        let lease = match self.store.take_lease(IMPORT_LEASE, holder).await? {
            Taken::Held(l) => l,
            Taken::Elsewhere(who) => {
                return Err(ImportError::Busy(who.unwrap_or_else(|| "unknown".into())));
            }
        };
        let result = self.import_locked(input, options, progress).await;
        lease.release().await;
        result
    }

    async fn import_locked<R: Read + Send>(
        &self,
        input: R,
        options: &ImportOptions,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> Result<ImportReport, ImportError> {
        let now = self.clock.unix();
        let today = crate::core::local_date(now);
        let t = self
            .territory()
            .ok_or(HostError::NoTerritory(String::new()))?;
        let partners: Vec<String> = t.partners.iter().map(|p| p.id.clone()).collect();
        let locales: Vec<String> = self.catalog.locales.tags().to_vec();
        let rules = Rules {
            partners: &partners,
            in_scope: options.in_scope.as_deref(),
            locales: &locales,
            today,
        };
        let mut rows = file::open(input, &rules)?;
        let import_id = if options.dry_run {
            String::new()
        } else {
            self.store
                .begin_import(options.by_staff.as_deref(), now)
                .await?
        };
        let mut summary = ImportRow {
            id: import_id.clone(),
            by_staff: options.by_staff.clone(),
            started_at: now,
            status: "running".into(),
            ..ImportRow::default()
        };
        let mut refused = Vec::new();
        let mut opted_out = Vec::new();
        let mut batch: Vec<Listed> = Vec::with_capacity(BATCH);
        let mut failure = None;
        loop {
            let next = rows.next();
            let end = next.is_none();
            match next {
                Some(Ok(Ok(listed))) => {
                    summary.read += 1;
                    batch.push(listed);
                }
                Some(Ok(Err(r))) => {
                    summary.read += 1;
                    refused.push(r);
                }
                Some(Err(e)) => failure = Some(e),
                None => {}
            }
            if batch.len() >= BATCH || ((end || failure.is_some()) && !batch.is_empty()) {
                let done = self
                    .import_batch(
                        &mut batch,
                        &import_id,
                        options.dry_run,
                        &mut opted_out,
                        now,
                        today,
                    )
                    .await?;
                summary.added += done.added;
                summary.updated += done.updated;
                summary.unchanged += done.unchanged;
                progress(rows.bytes_read(), summary.read as u64);
            }
            if end || failure.is_some() {
                break;
            }
        }
        let mut refusals: Vec<(u64, String)> = refused
            .iter()
            .map(|r| (r.line, r.why.code().to_string()))
            .chain(opted_out.iter().map(|l| (*l, OPTED_OUT.to_string())))
            .collect();
        refusals.sort();
        let encoding = rows.encoding();
        summary.refused = refusals.len() as i64;
        refusals.truncate(REFUSALS_KEPT);
        summary.refusals = refusals;
        summary.status = if failure.is_some() { "failed" } else { "done" }.into();
        summary.error = failure.as_ref().map(ToString::to_string);
        let stopped = failure.as_ref().map(FileError::code);
        summary.finished_at = Some(self.clock.unix());
        if !options.dry_run {
            self.store.end_import(&summary, self.clock.unix()).await?;
        }
        if let Some(e) = failure {
            if summary.read == 0 {
                return Err(e.into());
            }
        }
        Ok(ImportReport {
            summary,
            refused,
            opted_out,
            stopped,
            encoding,
        })
    }

    /// Keeps a batch of good rows: a number that said STOP is refused (not invited).
    async fn import_batch(
        &self,
        batch: &mut Vec<Listed>,
        import_id: &str,
        dry_run: bool,
        opted_out: &mut Vec<u64>,
        now: i64,
        today: chrono::NaiveDate,
    ) -> Result<Imported, ImportError> {
        let keys: Vec<ConvKey> = batch
            .iter()
            .map(|l| ConvKey::new(l.channel, l.phone.clone()))
            .collect();
        let out = self.store.opted_out_of(&keys).await?;
        let mut rows = Vec::with_capacity(batch.len());
        for (listed, (key, stop)) in batch.drain(..).zip(keys.into_iter().zip(out)) {
            if stop {
                opted_out.push(listed.line);
                continue;
            }
            let lead = self.likely_partner(&listed, today);
            rows.push(NewInvitation {
                key,
                data: InvitationData {
                    reference: listed.reference,
                    first_name: listed.first_name,
                    last_name: listed.last_name,
                    born: listed.born.map(|d| d.format("%Y-%m-%d").to_string()),
                    postcode: listed.postcode,
                    rsa: listed.rsa,
                    france_travail_id: listed.ft_id,
                },
                locale: listed.locale,
                partner: listed.partner,
                lead,
            });
        }
        if dry_run {
            return Ok(self.store.import_preview(&rows).await?);
        }
        let mut codes = || link_code(self.entropy.bytes());
        Ok(self
            .store
            .import_invitations(&rows, import_id, now, now, &mut codes)
            .await?)
    }
}
