//! Stored names: each vocabulary's variants with the exact text kept in the database, so that
//! renaming a variant never changes stored data.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stored name that no variant has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{name}'")]
pub struct UnknownName {
    pub what: &'static str,
    pub name: String,
}

/// Declares an enum whose variants each have one stored name.
macro_rules! stored_names {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The stored name.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            /// Reads a stored name.
            #[must_use]
            pub fn parse(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| UnknownName { what: $what, name: s.to_string() })
            }
        }
    };
}

stored_names! {
    /// Where a booking stands, in the field's vocabulary.
    BookingStatus, "booking status" {
        /// Booked, not yet looked at by staff.
        Pending => "pending",
        Confirmed => "confirmed",
        Cancelled => "cancelled",
        /// The person came.
        Seen => "seen",
        NoShow => "no-show",
        /// The person did not come and said why.
        Excused => "excused",
    }
}

stored_names! {
    /// Where an invited person stands, from the import to the first appointment.
    InvitationStatus, "invitation status" {
        /// Imported; the invitation is not sent yet.
        Pending => "pending",
        /// Not sent: the partner likely to be proposed has no free slot soon.
        Held => "held",
        Invited => "invited",
        Reminded => "reminded",
        /// No answer within the invitation's days.
        Expired => "expired",
        /// The provider reported the number unknown or unreachable.
        Unreachable => "unreachable",
        /// The person answered: their conversation started.
        Started => "started",
        /// The diagnostic is done.
        Diagnosed => "diagnosed",
        Booked => "booked",
        Seen => "seen",
        NoShow => "no-show",
        Excused => "excused",
        /// The number answered STOP.
        Declined => "declined",
        /// Staff closed it, with a reason.
        Closed => "closed",
    }
}

impl InvitationStatus {
    /// Invitations a message may still go to (the invitation, a reminder).
    pub const SENDING: [Self; 3] = [Self::Pending, Self::Invited, Self::Reminded];
    /// Invitations an answer from the person starts the conversation of.
    pub const ANSWERABLE: [Self; 6] = [
        Self::Pending,
        Self::Held,
        Self::Invited,
        Self::Reminded,
        Self::Expired,
        Self::Unreachable,
    ];
    /// Invitations whose person's conversation and appointment tell the status.
    pub const FOLLOWED: [Self; 3] = [Self::Started, Self::Diagnosed, Self::Booked];

    /// The status an invitation shows for its person's booking.
    #[must_use]
    pub fn of_booking(b: BookingStatus) -> Option<Self> {
        match b {
            BookingStatus::Pending | BookingStatus::Confirmed => Some(Self::Booked),
            BookingStatus::Seen => Some(Self::Seen),
            BookingStatus::NoShow => Some(Self::NoShow),
            BookingStatus::Excused => Some(Self::Excused),
            BookingStatus::Cancelled => None,
        }
    }

    /// The SQL list of some statuses, for `IN (...)`.
    #[must_use]
    pub fn sql_list(statuses: &[Self]) -> String {
        let names: Vec<String> = statuses
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        format!("({})", names.join(", "))
    }
}

impl BookingStatus {
    /// The statuses of a booking that still holds its slot.
    pub const ACTIVE: [Self; 2] = [Self::Pending, Self::Confirmed];

    /// The booking still holds its slot.
    #[must_use]
    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }

    /// The outcome of an appointment that took place (or should have).
    #[must_use]
    pub fn is_outcome(self) -> bool {
        matches!(self, Self::Seen | Self::NoShow | Self::Excused)
    }
}

stored_names! {
    /// What an outbox row sends.
    OutboxKind, "outbox kind" {
        /// A text from staff or the service to a person.
        Text => "text",
        /// A reminder before an appointment.
        Reminder => "reminder",
        /// The appointment's calendar file.
        Calendar => "calendar",
    }
}

stored_names! {
    /// A change staff make to a site's opening pattern.
    OpeningOp, "opening change" {
        Add => "add",
        Remove => "remove",
    }
}

stored_names! {
    /// The three parcours of the national criteria.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    Parcours, "parcours" {
        /// Ready to work, no strong barrier.
        Emploi => "emploi",
        /// Work is the goal, but barriers need joint social and professional support.
        Global => "global",
        /// Barriers come first: remobilisation.
        Social => "social",
    }
}

stored_names! {
    /// A body that can lead a person's support.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    Body, "lead body" {
        FranceTravail => "FranceTravail",
        MissionLocale => "MissionLocale",
        CapEmploi => "CapEmploi",
        ConseilDepartemental => "ConseilDepartemental",
    }
}

impl Parcours {
    /// The name in message ids (`parcours-<name>`).
    #[must_use]
    pub fn message_name(self) -> &'static str {
        self.as_str()
    }
}

impl Body {
    /// The name in message ids (`body-<name>`) and option ids.
    #[must_use]
    pub fn message_name(self) -> &'static str {
        match self {
            Self::FranceTravail => "france-travail",
            Self::MissionLocale => "mission-locale",
            Self::CapEmploi => "cap-emploi",
            Self::ConseilDepartemental => "conseil-departemental",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for s in BookingStatus::ALL {
            assert_eq!(BookingStatus::parse(s.as_str()), Some(*s));
        }
        for p in Parcours::ALL {
            assert_eq!(p.as_str(), format!("{p:?}").to_lowercase());
        }
        for b in Body::ALL {
            assert_eq!(b.as_str(), format!("{b:?}"));
        }
        assert!("nope".parse::<OutboxKind>().is_err());
    }
}
