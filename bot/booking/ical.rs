//! iCalendar text (RFC 5545) of appointments, written in one place for the person's calendar
//! file and the staff's calendar feeds: text escaped and lines folded at 75 octets by the
//! `icalendar` crate, times in the Europe/Paris zone with the zone's rules. Pure: the caller
//! gives every time, the moment included.

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Paris;
use icalendar::{Calendar, CalendarDateTime, Component, EventLike};

/// Where an event stands, for the calendars that show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Booked, not yet confirmed by staff.
    Tentative,
    Confirmed,
    /// Kept in a feed for a while so that subscribed calendars remove it.
    Cancelled,
}

/// How an event changed, for a feed that is read again and again: calendars replace an
/// event by one with the same UID and a higher sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    pub sequence: u32,
    pub status: Status,
    pub created: i64,
    /// When it last changed (`LAST-MODIFIED`, and its `DTSTAMP`).
    pub modified: i64,
}

/// One appointment.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    /// Stable for the appointment across every change.
    pub uid: &'a str,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub start: i64,
    pub end: i64,
    /// When the text was made (`DTSTAMP`), unless a revision says when it changed.
    pub stamp: i64,
    pub revision: Option<Revision>,
}

/// A calendar of events named `name`. With `refresh` (seconds), a published feed: calendar
/// clients are told to read it again that often.
#[must_use]
pub fn calendar(name: &str, events: &[Event<'_>], refresh: Option<i64>) -> String {
    // NAME said to be text, so that it is escaped as the other text values are.
    let title = icalendar::Property::new("NAME", name)
        .add_parameter("VALUE", "TEXT")
        .done();
    let mut cal = Calendar::new();
    if refresh.is_some() {
        cal.append_property(icalendar::Property::new("METHOD", "PUBLISH"));
    }
    cal.append_property(title)
        .append_property(icalendar::Property::new("X-WR-CALNAME", name))
        .timezone("Europe/Paris");
    if let Some(seconds) = refresh {
        cal.ttl(&chrono::Duration::seconds(seconds));
    }
    for e in events {
        cal.push(event(e));
    }
    let text = cal.done().to_string();
    // Calendars need the zone's rules to read a TZID; this one has been stable since 1996.
    text.replacen("BEGIN:VEVENT", &format!("{VTIMEZONE_PARIS}BEGIN:VEVENT"), 1)
}

fn event(e: &Event<'_>) -> icalendar::Event {
    let local = |t: i64| {
        let naive = Paris
            .timestamp_opt(t, 0)
            .single()
            .map_or(chrono::NaiveDateTime::MIN, |d| d.naive_local());
        CalendarDateTime::from((naive, Paris))
    };
    let utc = |t: i64| Utc.timestamp_opt(t, 0).single().unwrap_or_default();
    let mut out = icalendar::Event::new();
    out.uid(e.uid)
        .summary(e.summary)
        .location(e.location)
        .description(e.description)
        .starts(local(e.start))
        .ends(local(e.end))
        .timestamp(utc(e.revision.map_or(e.stamp, |r| r.modified)));
    if let Some(r) = e.revision {
        out.sequence(r.sequence)
            .created(utc(r.created))
            .last_modified(utc(r.modified))
            .status(match r.status {
                Status::Tentative => icalendar::EventStatus::Tentative,
                Status::Confirmed => icalendar::EventStatus::Confirmed,
                Status::Cancelled => icalendar::EventStatus::Cancelled,
            });
    }
    out.done()
}

const VTIMEZONE_PARIS: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn appointment(revision: Option<Revision>) -> Event<'static> {
        Event {
            uid: "b1@tremplin",
            summary: "RDV tremplin ABC234, Agence; Tours, \"Nord\"",
            location: "Agence, 1 allée Fictive, 37200 Tours",
            description: "Référence : ABC234\nFormat : sur place",
            start: 1_796_000_400,
            end: 1_796_002_200,
            stamp: 1_795_000_000,
            revision,
        }
    }

    #[test]
    fn a_file_escapes_folds_and_carries_the_zone() {
        let text = calendar("RDV", &[appointment(None)], None);
        assert!(text.contains("SUMMARY:RDV tremplin ABC234\\, Agence\\; Tours\\, \"Nord\""));
        assert!(text.contains("DESCRIPTION:Référence : ABC234\\nFormat : sur place"));
        assert!(text.contains("BEGIN:VTIMEZONE") && text.contains("DTSTART;TZID=Europe/Paris:"));
        assert!(text.lines().all(|l| l.len() <= 75), "{text}");
        assert!(!text.contains("SEQUENCE") && !text.contains("METHOD"));
    }

    #[test]
    fn a_feed_says_how_each_event_changed() {
        let revision = Revision {
            sequence: 3,
            status: Status::Cancelled,
            created: 1_795_000_000,
            modified: 1_795_500_000,
        };
        let text = calendar("Agenda", &[appointment(Some(revision))], Some(3600));
        for line in [
            "METHOD:PUBLISH",
            "REFRESH-INTERVAL;VALUE=DURATION:PT3600S",
            "SEQUENCE:3",
            "STATUS:CANCELLED",
            "LAST-MODIFIED:20261124T060000Z",
            "DTSTAMP:20261124T060000Z",
        ] {
            assert!(text.contains(line), "{line}: {text}");
        }
        let empty = calendar("Agenda", &[], Some(3600));
        assert!(!empty.contains("VEVENT") && empty.contains("END:VCALENDAR"));
    }
}
