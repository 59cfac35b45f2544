//! Channel adapters: each turns a provider's traffic into [`crate::app::Inbound`]
//! and sends replies back. Shared types live here.

pub mod console;
pub mod sms;
pub mod telegram;
