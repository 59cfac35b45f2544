//! The local services the person was proposed at the end of the diagnostic, as staff see them
//! on the person's page: the same list, found again from the barriers they shared.

use maud::{Markup, html};

use super::layout::Tr;
use crate::services::{Nearness, Proposed};

/// The services proposed, with the barrier each answers and how to reach it; nothing when
/// none was.
#[must_use]
pub fn proposed(tr: &Tr<'_>, services: &[Proposed]) -> Markup {
    if services.is_empty() {
        return html! {};
    }
    html! {
        h3 #services { (tr.t("staff-services")) }
        p.muted { (tr.t("staff-services-help")) }
        ul {
            @for p in services {
                @let s = &p.service;
                li {
                    strong { (s.name) }
                    " · " (tr.t(&format!("staff-services-barrier-{}", p.barrier)))
                    " (" (tr.t(&format!("staff-services-{}", p.strength.as_str()))) ")"
                    br;
                    @match (p.nearness, &s.address, &s.commune) {
                        (Nearness::Remote, _, _) => (tr.t("staff-services-remote")),
                        (_, Some(a), _) => (a),
                        (_, None, Some(c)) => (c),
                        _ => "",
                    }
                    @if let Some(phone) = &s.phone { " · " (phone) }
                    @if let Some(email) = &s.email { " · " (email) }
                    @if let Some(link) = &s.link {
                        " · " a href=(link) rel="noopener noreferrer" { (tr.t("staff-services-link")) }
                    }
                    @if let Some(summary) = &s.summary { br; span.muted { (summary) } }
                }
            }
        }
    }
}
