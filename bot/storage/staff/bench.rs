//! For the queue benchmark: bookings inserted quickly, without slots, and, if asked, each
//! with its own person, stored as a real conversation stores them (a sealed address,
//! consents, answers with sealed values and codes sealed when sensitive).

use crate::core::{BookingStatus, Channel, ConvKey};
use crate::engine::Answer;
use crate::storage::{Backend, PEOPLE_ADDRESS, StorageError, Store, new_id};

/// A person of the benchmark, as the conversation would have left them.
#[derive(Debug, Clone, Default)]
pub struct BenchPerson {
    pub locale: String,
    /// Consent records: (scope, granted), oldest first.
    pub consents: Vec<(String, bool)>,
    /// Answers by step.
    pub answers: Vec<(String, Answer)>,
}

impl Store {
    /// Inserts `n` bookings of a territory in one transaction, spread over `partners`
    /// ((partner, site)), 1 in 97 urgent; booking `i` belongs to `people[i]` when it is given
    /// (stored first), to nobody otherwise.
    pub async fn bench_bookings(
        &self,
        territory: &str,
        partners: &[(String, String)],
        n: usize,
        now: i64,
        people: &[BenchPerson],
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        let statuses = [
            BookingStatus::Pending,
            BookingStatus::Confirmed,
            BookingStatus::Confirmed,
            BookingStatus::Seen,
            BookingStatus::Cancelled,
        ];
        for i in 0..n {
            let person = match people.get(i) {
                Some(p) => Some(self.bench_person(&mut tx, i, p, now).await?),
                None => None,
            };
            let (partner, site) = &partners[i % partners.len()];
            let start = now + 3600 * (i as i64 % 600) + 86_400;
            sqlx::query(
                "INSERT INTO bookings (id, reference, person_id, request_key, territory, partner, site, appointment, format, \
                 starts_at, ends_at, status, parcours, lead, urgent, created_at, updated_at) \
                 VALUES ($1, $2, $3, NULL, $4, $5, $6, 'premier-rdv', 'on-site', $7, $8, $9, $10, 'FranceTravail', $11, $12, $12)",
            )
            .bind(new_id())
            .bind(format!("B{i:07}"))
            .bind(person)
            .bind(territory)
            .bind(partner.as_str())
            .bind(site.as_str())
            .bind(start)
            .bind(start + 2700)
            .bind(statuses[i % statuses.len()].as_str())
            .bind(["emploi", "global", "social"][i % 3])
            .bind(i64::from(i % 97 == 0))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        // What autovacuum would have done on a live database after such a load.
        let refresh = match self.backend() {
            Backend::Postgres => "VACUUM ANALYZE",
            Backend::Sqlite => "ANALYZE",
        };
        sqlx::query(refresh).execute(self.pool()).await?;
        Ok(())
    }

    /// Stores the `i`-th person of the benchmark; their id.
    async fn bench_person(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        i: usize,
        p: &BenchPerson,
        now: i64,
    ) -> Result<String, StorageError> {
        let id = new_id();
        let key = ConvKey::new(Channel::Sms, format!("+336{i:08}"));
        sqlx::query(
            "INSERT INTO people (id, channel, address_key, address, locale, created_at, last_contact_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(id.as_str())
        .bind(key.channel.as_str())
        .bind(self.key().lookup(&key))
        .bind(self.key().seal(PEOPLE_ADDRESS, &key.address))
        .bind(p.locale.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        for (k, (scope, granted)) in p.consents.iter().enumerate() {
            sqlx::query(
                "INSERT INTO consents (id, person_id, scope, granted, text_id, text_locale, text_sha256, channel, at) \
                 VALUES ($1, $2, $3, $4, 'bench', $5, '0', 'sms', $6)",
            )
            .bind(new_id())
            .bind(id.as_str())
            .bind(scope.as_str())
            .bind(i64::from(*granted))
            .bind(p.locale.as_str())
            .bind(now + k as i64)
            .execute(&mut **tx)
            .await?;
        }
        for (step, a) in &p.answers {
            let value = serde_json::to_string(&a.value)
                .map_err(|e| StorageError::Corrupt(e.to_string()))?;
            let (value, codes) = self.seal_answer(&value, &a.codes.join(" "), a.sensitive);
            sqlx::query(
                "INSERT INTO answers (person_id, dialogue, step, value, codes, sensitive, answered_at) \
                 VALUES ($1, 'diagnostic', $2, $3, $4, $5, $6)",
            )
            .bind(id.as_str())
            .bind(step.as_str())
            .bind(value)
            .bind(codes)
            .bind(i64::from(a.sensitive))
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
        Ok(id)
    }
}
