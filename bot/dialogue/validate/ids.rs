//! What a step, option or area id may be: lower case letters, digits and `_`, starting with a
//! letter, and short enough for Telegram's `callback_data`.

/// Longest option or step id: both travel in Telegram's 64-byte `callback_data`.
pub(super) const MAX_ID_BYTES: usize = 24;

/// Whether a string is a well-formed id: a lower case letter, then lower case letters, digits
/// and `_`.
pub(super) fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
