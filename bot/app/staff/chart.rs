//! A chart of the statistics page: its rows and cells, and the small numbers protected once,
//! here, for the page, its charts and its CSV: a count under [`SMALL`] is shown as "< 5", a
//! rate or a delay drawn from fewer people too; a cell the filters cannot tell reads "—" and
//! the chart's notes say why.

/// Fewer people than this are never shown as a number.
pub const SMALL: i64 = 5;

/// What a masked cell reads.
pub const MASKED: &str = "< 5";

/// One cell of a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// How many people.
    Count(i64),
    /// A share in percent, of `of` people.
    Percent { num: i64, of: i64 },
    /// A value (minutes, days, hours) drawn from `of` people.
    Value { value: i64, of: i64 },
    /// Not known for the filters asked (see the chart's notes): neither drawn nor a number.
    Unknown,
}

/// What an unknown cell reads.
pub const UNKNOWN: &str = "—";

impl Cell {
    /// Whether the cell would tell about fewer than [`SMALL`] people.
    #[must_use]
    pub fn masked(self) -> bool {
        match self {
            Self::Count(n) => n > 0 && n < SMALL,
            Self::Percent { num, of } => of < SMALL || (num > 0 && num < SMALL),
            Self::Value { of, .. } => of < SMALL,
            Self::Unknown => false,
        }
    }

    /// The value drawn, or `None` when masked.
    #[must_use]
    pub fn value(self) -> Option<f64> {
        if self.masked() || self == Self::Unknown {
            return None;
        }
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        Some(match self {
            Self::Count(n) => n as f64,
            Self::Percent { num, of } => 100.0 * num as f64 / of as f64,
            Self::Value { value, .. } => value as f64,
            Self::Unknown => 0.0,
        })
    }

    /// The text of the cell in tables and CSV.
    #[must_use]
    pub fn text(self) -> String {
        if self.masked() {
            return MASKED.to_string();
        }
        match self {
            Self::Count(n) => n.to_string(),
            Self::Percent { .. } => format!("{:.0} %", self.value().unwrap_or_default()),
            Self::Value { value, .. } => value.to_string(),
            Self::Unknown => UNKNOWN.to_string(),
        }
    }
}

/// What a row's label is, for the page to put in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// A Monday-based week: days since 1970-01-01 of its Monday.
    Week(i64),
    Step(String),
    Channel(String),
    Locale(String),
    Parcours(String),
    Lead(String),
    Partner(String),
    /// A message id of the dashboard.
    Msg(&'static str),
}

/// A chart: an id (in URLs and message ids), its columns (keys of messages; `true` when drawn),
/// its rows, and notes (message ids) that say what it cannot tell for the filters asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: &'static str,
    pub columns: Vec<(&'static str, bool)>,
    pub rows: Vec<(Label, Vec<Cell>)>,
    pub notes: Vec<&'static str>,
}

impl Chart {
    pub(super) fn new(
        id: &'static str,
        columns: Vec<(&'static str, bool)>,
        rows: Vec<(Label, Vec<Cell>)>,
    ) -> Self {
        Self {
            id,
            columns,
            rows,
            notes: Vec::new(),
        }
    }

    /// The chart when what it counts is not split by a filter asked: no rows, the note.
    pub(super) fn unknown(mut self, note: Option<&'static str>) -> Self {
        if let Some(note) = note {
            self.rows.clear();
            self.notes.push(note);
        }
        self
    }
}

/// The note of a chart whose counts are made before the partner is known.
pub const NOTE_PARTNER: &str = "staff-stats-note-partner-unknown";
/// The note of a chart whose counts are made before the parcours is known.
pub const NOTE_PARCOURS: &str = "staff-stats-note-parcours-unknown";
/// The note of the delays when no invitation was sent in the period.
pub const NOTE_NO_INVITATION: &str = "staff-stats-note-no-invitation";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers_are_masked_in_every_kind_of_cell() {
        assert_eq!(Cell::Count(0).text(), "0");
        assert_eq!(Cell::Count(4).text(), MASKED);
        assert_eq!(Cell::Count(5).text(), "5");
        assert_eq!(Cell::Percent { num: 3, of: 40 }.text(), MASKED);
        assert_eq!(Cell::Percent { num: 0, of: 4 }.text(), MASKED);
        assert_eq!(Cell::Percent { num: 10, of: 40 }.text(), "25 %");
        assert_eq!(Cell::Value { value: 12, of: 4 }.value(), None);
        assert_eq!(Cell::Value { value: 12, of: 5 }.text(), "12");
    }
}
