//! Reading the statistics' counts for the dashboard: sums over a period of days, within an
//! account's scope and the filters asked, grouped by the dimensions a chart needs. One
//! indexed range per metric; the counts are written by `storage::stats`.

use sqlx::Row;

use super::filters::Filtered;
use super::model::Scope;
use crate::storage::{StorageError, Store};

/// What a sum is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsDim {
    Metric,
    /// Monday-based weeks since 1970-01-05, numbered from 0 (days since 1970-01-01 plus 3,
    /// over 7).
    Week,
    Partner,
    Channel,
    Locale,
    Parcours,
    Lead,
    Detail,
}

impl StatsDim {
    fn sql(self) -> &'static str {
        match self {
            Self::Metric => "metric",
            Self::Week => "CAST((day + 3) / 7 AS TEXT)",
            Self::Partner => "partner",
            Self::Channel => "channel",
            Self::Locale => "locale",
            Self::Parcours => "parcours",
            Self::Lead => "lead",
            Self::Detail => "detail",
        }
    }
}

/// The period (days since 1970-01-01, both included), the scope and the filters of a sum.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsFilter {
    pub scope: Scope,
    pub from_day: i64,
    pub to_day: i64,
    pub partner: Option<String>,
    pub channel: Option<String>,
    pub locale: Option<String>,
    pub parcours: Option<String>,
}

impl StatsFilter {
    /// Every day, no scope, no filter.
    #[must_use]
    pub fn since_the_start() -> Self {
        Self {
            from_day: 0,
            to_day: i64::from(i32::MAX),
            ..Self::default()
        }
    }
}

impl Store {
    /// Sums of the counts of `metrics` that match the filter, grouped by `by` (each group's
    /// values in the order of `by`, then the sum). Groups whose sum is 0 are left out.
    pub async fn stats_sum(
        &self,
        f: &StatsFilter,
        metrics: &[&str],
        by: &[StatsDim],
    ) -> Result<Vec<(Vec<String>, i64)>, StorageError> {
        let groups: Vec<&str> = by.iter().map(|d| d.sql()).collect();
        let select = groups
            .iter()
            .enumerate()
            .map(|(i, g)| format!("{g} AS g{i}, "))
            .collect::<String>();
        let mut q = Filtered::new(&format!(
            "SELECT {select}CAST(SUM(n) AS BIGINT) AS total FROM stats_counts"
        ));
        {
            let b = q.and();
            b.push("metric IN (");
            let mut list = b.separated(", ");
            for m in metrics {
                list.push_bind(m.to_string());
            }
            b.push(")");
        }
        q.and()
            .push("day >= ")
            .push_bind(f.from_day)
            .push(" AND day <= ")
            .push_bind(f.to_day);
        let scoped = [
            ("territory", f.scope.territory.clone()),
            ("partner", f.scope.partner.clone()),
            ("partner", f.partner.clone()),
            ("channel", f.channel.clone()),
            ("locale", f.locale.clone()),
            ("parcours", f.parcours.clone()),
        ];
        for (column, value) in scoped {
            if let Some(v) = value {
                q.and().push(column).push(" = ").push_bind(v);
            }
        }
        if !groups.is_empty() {
            q.tail().push(" GROUP BY ").push(groups.join(", "));
        }
        let (sql, arguments) = q.build()?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let total: Option<i64> = r.try_get("total")?;
            let total = total.unwrap_or(0);
            if total == 0 {
                continue;
            }
            let mut key = Vec::with_capacity(by.len());
            for i in 0..by.len() {
                key.push(r.try_get::<String, _>(format!("g{i}").as_str())?);
            }
            out.push((key, total));
        }
        Ok(out)
    }
}
