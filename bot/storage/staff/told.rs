//! What the queue shows of its people, read for a whole page in one statement: each person's
//! language, and the codes of the answers that may say a need or an urgency (never the
//! answers' values); with the consents and the sensitive answers of the people whose urgency
//! is shown. What staff may see of them, and what the codes mean, is the caller's rule.

use std::collections::HashMap;

use sqlx::Row;

use super::filters::{Filtered, in_list};
use crate::storage::{ANSWER_CODES, StorageError, Store};

/// The codes the index `answers_told` (migration 20261202000050) keeps the ordinary answers of:
/// a need's and an urgency's. Asked for these alone, [`Store::people_codes`] reads that index
/// and never the answers' rows.
pub const TOLD_INDEXED: [&str; 2] = ["besoin:", "urgent:"];

/// The condition of the index `answers_told`, written as its migration writes it: SQLite and
/// PostgreSQL use a partial index only for a query whose condition contains the index's.
const TOLD_ANSWERS: &str = "(sensitive = 1 OR codes LIKE '%besoin:%' OR codes LIKE '%urgent:%')";

/// What the dashboard reads of a person to show the needs and the kinds of urgency they told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonCodes {
    /// The language the person talks in; `None` when they are not stored.
    pub locale: Option<String>,
    /// Their consent records: (scope, granted), oldest first.
    pub consents: Vec<(String, bool)>,
    /// Their stored answers' codes, opened, in step order.
    pub answers: Vec<AnswerCodes>,
}

/// The codes of one stored answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerCodes {
    /// The codes, separated by spaces.
    pub codes: String,
    pub sensitive: bool,
}

/// Which people [`Store::people_codes`] reads, and how much of each.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodesWanted<'a> {
    /// Their language and their ordinary answers that have a code starting with one of
    /// `prefixes` (and maybe a few more: a code that has one inside it); every ordinary
    /// answer if there are no prefixes.
    pub people: &'a [&'a str],
    pub prefixes: &'a [&'a str],
    /// The same, and their consents and every sensitive answer too (whose codes are sealed,
    /// so they cannot be chosen by the database): the people whose urgency is shown.
    pub shared: &'a [&'a str],
}

impl Store {
    /// The language, consents and answers' codes of people, by id (people with none of these
    /// are not in it), as `wanted` says, in one statement: a page of the queue is one round
    /// trip to the database for its people, not three a person, and what comes back is a few
    /// rows a person, not every answer. For a page of people: every id is a bound value.
    pub async fn people_codes(
        &self,
        wanted: CodesWanted<'_>,
    ) -> Result<HashMap<String, PersonCodes>, StorageError> {
        let mut out: HashMap<String, PersonCodes> = HashMap::new();
        if wanted.people.is_empty() && wanted.shared.is_empty() {
            return Ok(out);
        }
        let mut everyone: Vec<&str> = wanted.people.iter().chain(wanted.shared).copied().collect();
        everyone.sort_unstable();
        everyone.dedup();
        // One SELECT per kind of row, in the same columns: `part` says which (`p`eople,
        // `c`onsents, `a`nswers); `at` and `b` are what each kind is ordered by.
        let mut q = Filtered::new(
            "SELECT id AS person_id, 'p' AS part, locale AS a, 0 AS n, '' AS b, 0 AS at FROM people",
        );
        in_list(q.and().push("id IN ("), &everyone);
        if !wanted.shared.is_empty() {
            q.union_all();
            q.tail()
                .push("SELECT person_id, 'c', scope, granted, id, at FROM consents");
            in_list(q.and().push("person_id IN ("), wanted.shared);
        }
        // The answers in one pass over each person's: the ordinary ones with a code asked
        // for, and every sensitive one of the people it may be shown of.
        q.union_all();
        q.tail()
            .push("SELECT person_id, 'a', codes, sensitive, step, 0 FROM answers");
        in_list(q.and().push("person_id IN ("), &everyone);
        let w = q.and();
        w.push("((sensitive = 0");
        for (i, prefix) in wanted.prefixes.iter().enumerate() {
            w.push(if i == 0 { " AND (" } else { " OR " });
            w.push("codes LIKE ").push_bind(format!("%{prefix}%"));
            if i + 1 == wanted.prefixes.len() {
                w.push(")");
            }
        }
        w.push(")");
        if !wanted.shared.is_empty() {
            w.push(" OR (sensitive = 1 AND person_id IN (");
            in_list(w, wanted.shared);
            w.push(")");
        }
        w.push(")");
        // Implied by the condition above when every code asked for is one the index keeps:
        // said again in the index's words, so that the database reads the index alone.
        let indexed = wanted.prefixes.iter().all(|p| TOLD_INDEXED.contains(p));
        if indexed && !wanted.prefixes.is_empty() {
            q.and().push(TOLD_ANSWERS);
        }
        let (sql, arguments) = q.build()?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(self.pool())
            .await?;
        let mut read = rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<String, _>("person_id")?,
                    r.try_get::<String, _>("part")?,
                    r.try_get::<i64, _>("at")?,
                    r.try_get::<String, _>("b")?,
                    r.try_get::<String, _>("a")?,
                    r.try_get::<i64, _>("n")? != 0,
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        // Ordered here, not by the database (which sorted them in a temporary B-tree of its
        // thread): the consents by time then id, the answers by step, in the order of the
        // bytes on both databases.
        read.sort_unstable();
        for (person, part, _, _, a, n) in read {
            let entry = out.entry(person).or_default();
            match part.as_str() {
                "p" => entry.locale = Some(a),
                "c" => entry.consents.push((a, n)),
                _ => entry.answers.push(AnswerCodes {
                    codes: self.key().open(ANSWER_CODES, &a)?,
                    sensitive: n,
                }),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_condition_is_the_index_s() {
        let migration = include_str!("../../../migrations/20261202000050_index_answers_told.sql");
        let condition = TOLD_ANSWERS
            .strip_prefix('(')
            .and_then(|c| c.strip_suffix(')'))
            .unwrap();
        assert!(migration.contains(&format!("WHERE {condition};")));
        let words: Vec<String> = TOLD_INDEXED
            .iter()
            .map(|p| format!("codes LIKE '%{p}%'"))
            .collect();
        assert_eq!(
            condition,
            format!("sensitive = 1 OR {}", words.join(" OR "))
        );
    }
}
