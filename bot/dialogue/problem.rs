//! What is wrong in a dialogue or locale file, with its file and step, and a list of them that
//! displays one a line. Nothing here finds a problem.

use std::fmt;

/// One thing wrong in a dialogue or locale file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub step: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            step: None,
            message: message.into(),
        }
    }

    /// A TOML file that does not read, at the line of its error.
    pub fn toml(file: impl Into<String>, text: &str, e: &toml::de::Error) -> Self {
        let msg = e.message().trim_end();
        let message = match e.span() {
            Some(span) => format!("line {}: {msg}", line_at(text, span.start)),
            None => msg.to_string(),
        };
        Self::file(file, message)
    }

    pub fn step(
        file: impl Into<String>,
        step: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            step: Some(step.into()),
            message: message.into(),
        }
    }
}

/// The line (from 1) of a byte offset in a text.
#[must_use]
pub fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The line (from 1) of the first occurrence of `needle` in a text.
#[must_use]
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|at| line_at(text, at))
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.step {
            Some(step) => write!(f, "{}: step '{}': {}", self.file, step, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// A problem list that displays one problem a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
