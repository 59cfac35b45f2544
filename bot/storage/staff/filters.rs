//! The dashboard's filtered queries, built with [`sqlx::QueryBuilder`]: conditions joined by
//! `AND`, every value bound (never written into the SQL), and the placeholders numbered so
//! that both databases read them. It runs nothing.

use std::fmt::Write as _;

use sqlx::any::AnyArguments;
use sqlx::{Any, Execute, QueryBuilder};

use super::model::Scope;
use crate::storage::StorageError;

/// A query whose WHERE clause is added one condition at a time.
pub(super) struct Filtered<'q> {
    query: QueryBuilder<'q, Any>,
    conditions: usize,
}

impl<'q> Filtered<'q> {
    /// Starts a query with what comes before its WHERE clause (`SELECT ... FROM ...`).
    pub(super) fn new(head: &str) -> Self {
        Self {
            query: QueryBuilder::new(head),
            conditions: 0,
        }
    }

    /// Starts the next condition and returns the builder to write it on.
    pub(super) fn and(&mut self) -> &mut QueryBuilder<'q, Any> {
        self.query.push(if self.conditions == 0 {
            " WHERE "
        } else {
            " AND "
        });
        self.conditions += 1;
        &mut self.query
    }

    /// Ends this SELECT with `UNION ALL`: the next one starts its own WHERE clause.
    pub(super) fn union_all(&mut self) {
        self.query.push(" UNION ALL ");
        self.conditions = 0;
    }

    /// Returns the builder to write what follows the WHERE clause (`ORDER BY`, `LIMIT`).
    pub(super) fn tail(&mut self) -> &mut QueryBuilder<'q, Any> {
        &mut self.query
    }

    /// Keeps the bookings of a scope: its territory, and its partner as lead or joint partner.
    pub(super) fn bookings_of(&mut self, scope: &'q Scope) {
        if let Some(t) = &scope.territory {
            self.and().push("territory = ").push_bind(t.as_str());
        }
        if let Some(p) = &scope.partner {
            self.partner(p);
        }
    }

    /// Keeps the waiting requests of a scope.
    pub(super) fn requests_of(&mut self, scope: &'q Scope) {
        if let Some(t) = &scope.territory {
            self.and().push("territory = ").push_bind(t.as_str());
        }
        if let Some(p) = &scope.partner {
            self.and().push("partner = ").push_bind(p.as_str());
        }
    }

    /// Keeps the bookings of a partner, as lead or joint partner.
    pub(super) fn partner(&mut self, partner: &'q str) {
        self.and()
            .push("(partner = ")
            .push_bind(partner)
            .push(" OR with_partner = ")
            .push_bind(partner)
            .push(")");
    }

    /// The SQL and its arguments, for `sqlx::query_with` and its kin.
    pub(super) fn build(&mut self) -> Result<(String, AnyArguments<'_>), StorageError> {
        let sql = numbered(self.query.sql());
        let arguments = self
            .query
            .build()
            .take_arguments()
            .map_err(|e| StorageError::Database(sqlx::Error::Encode(e)))?
            .unwrap_or_default();
        Ok((sql, arguments))
    }
}

/// Writes the rest of an `IN (` list: each value bound, then `)`.
pub(super) fn in_list<'q>(q: &mut QueryBuilder<'q, Any>, values: &[&'q str]) {
    let mut list = q.separated(", ");
    for v in values {
        list.push_bind(*v);
    }
    list.push_unseparated(")");
}

/// Numbers the placeholders: `QueryBuilder<Any>` writes `?` for each bound value, which
/// PostgreSQL does not read (launchbadge/sqlx#3000); `$1, $2...` both databases read. Every
/// value is bound, so the only `?` in the SQL are placeholders.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for ch in sql.chars() {
        if ch == '?' {
            n += 1;
            let _ = write!(out, "${n}");
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_joined_and_placeholders_numbered() {
        let scope = Scope {
            territory: Some("cd37".into()),
            partner: Some("ml".into()),
        };
        let mut f = Filtered::new("SELECT COUNT(*) FROM bookings");
        f.bookings_of(&scope);
        f.and().push("starts_at >= ").push_bind(5_i64);
        f.tail().push(" LIMIT ").push_bind(10_i64);
        let (sql, _) = f.build().unwrap();
        assert_eq!(
            sql,
            "SELECT COUNT(*) FROM bookings WHERE territory = $1 AND (partner = $2 OR with_partner = $3) \
             AND starts_at >= $4 LIMIT $5"
        );
        let mut none = Filtered::new("SELECT COUNT(*) FROM bookings");
        assert_eq!(none.build().unwrap().0, "SELECT COUNT(*) FROM bookings");
    }
}
