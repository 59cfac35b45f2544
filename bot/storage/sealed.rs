//! The names of the sealed columns, bound to their values as associated data so that a sealed
//! value opens only in the column it was sealed for. Nothing here seals or opens.

/// The sealed columns, bound to their values as associated data.
pub const PEOPLE_ADDRESS: &str = "people.address";
/// The name reception noted for a person (found again by keyed hashes, `people.name_keys`).
pub const PEOPLE_NAME: &str = "people.name";
pub const SESSION_STATE: &str = "sessions.state";
pub const ANSWER_VALUE: &str = "answers.value";
/// The codes of a sensitive answer (health, disability, justice); other codes stay in clear.
pub const ANSWER_CODES: &str = "answers.codes";
pub const INBOUND_REPLY: &str = "inbound.reply";
/// Where a conversation stands before consent, shared by the instances.
pub const PRE_CONSENT_STATE: &str = "pre_consent.state";

/// The column the opt-out list keeps its sealed addresses in.
pub const OPT_OUT_ADDRESS: &str = "sms_opt_outs.address";

/// An invitation's number, the row imported for it, and the reason staff closed it.
pub const INVITATION_ADDRESS: &str = "invitations.address";
pub const INVITATION_DATA: &str = "invitations.data";
pub const INVITATION_REASON: &str = "invitations.closed_reason";

/// The secret an endpoint's deliveries are signed with.
pub const ENDPOINT_SECRET: &str = "partner_endpoints.secret";
/// A person's France Travail number, kept with an appointment pushed there until it is deleted.
pub const FT_USAGER: &str = "france_travail_rdv.usager";
