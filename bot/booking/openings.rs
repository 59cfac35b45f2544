//! Opening changes staff make on the dashboard (a file pattern switched off, a pattern added),
//! and a site or territory with them applied. Pure: the changes come from storage.

use crate::core::OpeningOp;

use super::territory::{Day, Opening, Site, Territory};

/// Day names as stored in an added pattern.
pub const DAYS: [(&str, Day); 6] = [
    ("mon", Day::Mon),
    ("tue", Day::Tue),
    ("wed", Day::Wed),
    ("thu", Day::Thu),
    ("fri", Day::Fri),
    ("sat", Day::Sat),
];

/// One change to a site's opening patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningChange {
    pub id: String,
    pub site: String,
    pub op: OpeningOp,
    /// The file pattern switched off (for a removal).
    pub file_index: Option<i64>,
    pub days: Vec<String>,
    pub from: String,
    pub to: String,
    pub appointment: String,
    pub seats: u32,
}

impl OpeningChange {
    /// The weekly pattern an added change opens (unknown day names are left out).
    #[must_use]
    pub fn opening(&self) -> Opening {
        Opening {
            days: self
                .days
                .iter()
                .filter_map(|d| DAYS.iter().find(|(n, _)| n == d).map(|(_, d)| *d))
                .collect(),
            from: self.from.clone(),
            to: self.to.clone(),
            appointment: self.appointment.clone(),
            seats: self.seats,
        }
    }
}

/// A site with the opening changes staff made: file patterns switched off, patterns added.
#[must_use]
pub fn effective_site(site: &Site, changes: &[OpeningChange]) -> Site {
    let mine: Vec<&OpeningChange> = changes.iter().filter(|c| c.site == site.id).collect();
    if mine.is_empty() {
        return site.clone();
    }
    let mut s = site.clone();
    s.openings = site
        .openings
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            !mine
                .iter()
                .any(|c| c.op == OpeningOp::Remove && c.file_index == Some(*i as i64))
        })
        .map(|(_, o)| o.clone())
        .collect();
    for c in mine.iter().filter(|c| c.op == OpeningOp::Add) {
        s.openings.push(c.opening());
    }
    s
}

/// A territory with every site's opening changes applied.
#[must_use]
pub fn effective_territory(t: &Territory, changes: &[OpeningChange]) -> Territory {
    let mut c = t.clone();
    for site in c.partners.iter_mut().flat_map(|p| p.sites.iter_mut()) {
        *site = effective_site(site, changes);
    }
    c
}
