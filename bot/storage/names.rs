//! Stored names in SQL: reading a vocabulary of [`crate::core`] from a row, and the active
//! statuses as the literal list the queries filter on. Nothing here runs a query.

use std::str::FromStr;

use sqlx::Row;

use super::error::StorageError;
use crate::core::UnknownName;

/// The statuses of a booking that holds its slot ([`crate::core::BookingStatus::ACTIVE`]), as a SQL list
/// for `status IN ...`: a literal, so that the planner sees the same query every time.
pub(crate) const ACTIVE_SQL: &str = "('pending', 'confirmed')";

/// Reads a column holding a stored name of a vocabulary of [`crate::core`]: a name that no
/// variant has is [`StorageError::Corrupt`], with the name.
pub(crate) fn stored<T>(row: &sqlx::any::AnyRow, column: &str) -> Result<T, StorageError>
where
    T: FromStr<Err = UnknownName>,
{
    let name: String = row.try_get(column)?;
    name.parse()
        .map_err(|e: UnknownName| StorageError::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::BookingStatus;

    #[test]
    fn the_active_sql_list_is_the_active_statuses() {
        let names: Vec<String> = BookingStatus::ACTIVE
            .iter()
            .map(|s| format!("'{s}'"))
            .collect();
        assert_eq!(ACTIVE_SQL, format!("({})", names.join(", ")));
    }
}
