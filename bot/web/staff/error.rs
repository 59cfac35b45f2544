//! The dashboard's failures and how each is answered: a precise status and a bare page that
//! says what happened in French and English, never the details of a storage error.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::layout;
use crate::app::HostError;
use crate::app::staff::DeskError;

/// A dashboard failure, answered with a precise status.
#[derive(Debug)]
pub enum StaffError {
    /// Not found, or not in the account's scope: the same answer for both.
    NotFound,
    /// The form's CSRF token is missing or wrong.
    Csrf,
    /// Bad input, with what to say.
    BadRequest(String),
    /// The application layer failed (storage down, a territory missing).
    Host(HostError),
}

impl From<HostError> for StaffError {
    fn from(e: HostError) -> Self {
        Self::Host(e)
    }
}

impl From<DeskError> for StaffError {
    fn from(e: DeskError) -> Self {
        match e {
            DeskError::NotFound => Self::NotFound,
            DeskError::Invalid(why) => Self::BadRequest(why.into()),
            DeskError::Host(e) => Self::Host(e),
        }
    }
}

impl IntoResponse for StaffError {
    fn into_response(self) -> Response {
        let (status, text) = match self {
            Self::NotFound => (StatusCode::NOT_FOUND, "Introuvable. / Not found.".to_string()),
            Self::Csrf => (
                StatusCode::FORBIDDEN,
                "Formulaire expiré : rechargez la page et recommencez. / The form has expired: reload the page and try again.".to_string(),
            ),
            Self::BadRequest(why) => (StatusCode::BAD_REQUEST, why),
            Self::Host(HostError::Storage(e)) => {
                tracing::error!(error = %e, "dashboard storage error");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "La base de données ne répond pas : rien n'a été enregistré, réessayez dans un instant. / The database does not answer: nothing was saved, try again in a moment.".to_string(),
                )
            }
            Self::Host(e) => {
                tracing::error!(error = %e, "dashboard application error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Erreur interne : rien n'a été enregistré. / Internal error: nothing was saved.".to_string(),
                )
            }
        };
        let page = layout::bare(status.as_str(), &text);
        (status, page).into_response()
    }
}
