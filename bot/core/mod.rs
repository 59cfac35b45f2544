//! Identities and vocabularies that every module may import: the channel and conversation key,
//! the stored names of statuses and kinds, the parcours and lead bodies, and where time and
//! randomness come from. It imports nothing of the crate, so it can sit under everything.

mod conversation;
mod time;
mod vocab;

pub use conversation::{Channel, ConvKey};
pub use time::{
    Clock, CountingEntropy, Entropy, ManualClock, SystemClock, SystemEntropy, backoff, local_date,
    local_day,
};
pub use vocab::{
    Body, BookingStatus, InvitationStatus, OpeningOp, OutboxKind, Parcours, UnknownName,
};
