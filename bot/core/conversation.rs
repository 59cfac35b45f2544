//! Who a conversation is with: the channel and the address on it.

use std::fmt;

/// A messaging channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Console,
    Telegram,
    Sms,
    WhatsApp,
}

impl Channel {
    /// Reads a stored name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Console, Self::Telegram, Self::Sms, Self::WhatsApp]
            .into_iter()
            .find(|c| c.as_str() == name)
    }

    /// The stored name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Console => "console",
            Self::Telegram => "telegram",
            Self::Sms => "sms",
            Self::WhatsApp => "whatsapp",
        }
    }
    /// Whether the reply to a message goes out after the turn is committed, rather than in
    /// the answer to the provider's request: then it is kept until delivered.
    #[must_use]
    pub fn replies_after_commit(self) -> bool {
        matches!(self, Self::Telegram)
    }
}

/// Who a conversation is with: a channel and an address on it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ConvKey {
    pub channel: Channel,
    /// The chat id or phone number. Never logged.
    pub address: String,
}

impl ConvKey {
    #[must_use]
    pub fn new(channel: Channel, address: impl Into<String>) -> Self {
        Self {
            channel,
            address: address.into(),
        }
    }

    /// The key the address is looked up by in storage.
    #[must_use]
    pub fn lookup_key(&self) -> String {
        self.address.clone()
    }
}

/// Hides the address: a conversation key may end up in a log line.
impl fmt::Debug for ConvKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConvKey({}, <address>)", self.channel.as_str())
    }
}
