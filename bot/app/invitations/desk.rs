//! The Invitations page's use cases: list, count, show, act on and import invitations, each
//! audited, for administrators and reception only.

use super::{ImportError, ImportOptions, ImportReport, InvitationView};
use crate::app::staff::{Desk, DeskError, Role};
use crate::core::InvitationStatus;
use crate::storage::invitations::{ImportRow, InvitationFilter, InvitationRow};

impl Desk<'_> {
    /// Invitations are run by administrators and reception.
    fn runs_invitations(&self) -> Result<(), DeskError> {
        match self.account().role {
            Role::Admin | Role::Reception => Ok(()),
            Role::Advisor => Err(DeskError::NotFound),
        }
    }

    /// The invitations a filter shows (a page of them), with the counts by status.
    pub async fn invitations(
        &self,
        filter: &InvitationFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<InvitationRow>, Vec<(InvitationStatus, i64)>), DeskError> {
        self.runs_invitations()?;
        let store = self.host().store();
        let rows = store.invitations(filter, limit, offset).await?;
        let counts = store.invitation_counts(filter).await?;
        self.audit(
            "invitations-list",
            None,
            None,
            Some(&format!("{} shown", rows.len())),
        )
        .await?;
        Ok((rows, counts))
    }

    /// The imports, newest first.
    pub async fn imports(&self) -> Result<Vec<ImportRow>, DeskError> {
        self.runs_invitations()?;
        Ok(self.host().store().imports(20).await?)
    }

    /// One invitation with its history.
    pub async fn invitation(&self, id: &str) -> Result<InvitationView, DeskError> {
        self.runs_invitations()?;
        let store = self.host().store();
        let row = store.invitation(id).await?.ok_or(DeskError::NotFound)?;
        let events = store.invitation_events(id).await?;
        self.audit(
            "invitation-view",
            None,
            row.person_id.as_deref(),
            Some(&format!("invitation {id}")),
        )
        .await?;
        Ok(InvitationView { row, events })
    }

    /// Sends an invitation again, from the start.
    pub async fn send_invitation_again(&self, id: &str) -> Result<(), DeskError> {
        let view = self.invitation(id).await?;
        if view.row.person_id.is_some() || matches!(view.row.status, InvitationStatus::Declined) {
            return Err(DeskError::Invalid("invitation-answered"));
        }
        let store = self.host().store();
        store
            .restart_invitation(id, &self.account().id, self.now())
            .await?;
        self.audit(
            "invitation-send-again",
            None,
            None,
            Some(&format!("invitation {id}")),
        )
        .await
    }

    /// Stops every further message of an invitation.
    pub async fn stop_invitation(&self, id: &str) -> Result<(), DeskError> {
        self.invitation(id).await?;
        self.host()
            .store()
            .stop_invitation(id, &self.account().id, self.now())
            .await?;
        self.audit(
            "invitation-stop",
            None,
            None,
            Some(&format!("invitation {id}")),
        )
        .await
    }

    /// Closes an invitation with a reason.
    pub async fn close_invitation(&self, id: &str, reason: &str) -> Result<(), DeskError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(DeskError::Invalid("reason-needed"));
        }
        self.invitation(id).await?;
        self.host()
            .store()
            .close_invitation(id, reason, &self.account().id, self.now())
            .await?;
        self.audit(
            "invitation-close",
            None,
            None,
            Some(&format!("invitation {id}")),
        )
        .await
    }

    /// Imports a list uploaded on the dashboard.
    pub async fn import_invitations(
        &self,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport, DeskError> {
        self.runs_invitations()?;
        // Reception invites for the partners of its own territory only.
        let territory = self.host().territory().map(|t| t.id.clone());
        let in_scope = match self.account().role {
            Role::Reception if self.account().territory != territory => Some(Vec::new()),
            _ => None,
        };
        let options = ImportOptions {
            by_staff: Some(self.account().id.clone()),
            dry_run,
            in_scope,
        };
        let report = self
            .host()
            .import_invitations(bytes, &options, &mut |_, _| {})
            .await;
        let report = match report {
            Ok(r) => r,
            Err(ImportError::Host(e)) => return Err(e.into()),
            Err(e) => {
                return Ok(ImportReport {
                    summary: ImportRow {
                        status: "failed".into(),
                        error: Some(e.to_string()),
                        ..ImportRow::default()
                    },
                    stopped: Some(e.code()),
                    ..ImportReport::default()
                });
            }
        };
        self.audit(
            "invitations-import",
            None,
            None,
            Some(&format!(
                "{} read, {} added, {} updated, {} refused",
                report.summary.read,
                report.summary.added,
                report.summary.updated,
                report.summary.refused
            )),
        )
        .await?;
        Ok(report)
    }
}
