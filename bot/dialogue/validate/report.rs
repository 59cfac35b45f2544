//! The problems found in one file so far, which every stage of the validator adds to.

use crate::dialogue::problem::Problem;

/// The problems found in one file so far.
pub(super) struct Report<'f> {
    pub(super) file: &'f str,
    pub(super) problems: Vec<Problem>,
}

impl Report<'_> {
    pub(super) fn file(&mut self, message: impl Into<String>) {
        self.problems.push(Problem::file(self.file, message));
    }

    pub(super) fn step(&mut self, step: &str, message: impl Into<String>) {
        self.problems.push(Problem::step(self.file, step, message));
    }
}
