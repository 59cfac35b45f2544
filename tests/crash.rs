//! A crash: `tremplin serve` answers many SMS conversations at once while its outbox worker is
//! in the middle of a batch, and is killed with SIGKILL. Restarted on the same database:
//! every turn that received a reply after consent is stored (sent again, the same message id
//! gets the same reply and moves nothing), every conversation resumes where it was and ends
//! where a run without a crash ends, and every pending message is sent exactly once. On SQLite,
//! and on PostgreSQL when `TEST_POSTGRES_URL` is set.
//!
//! The one window no store can close is a message the provider accepted just before the
//! process died, its acceptance not yet recorded: it is sent again once its claim runs out.
//! The mock provider here never accepts the message in flight at the crash, so every message
//! must arrive exactly once.

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::serve::{
    Serve, database, held_slots, kinds, queue_text, scripts, signal, sms, store_of, wait_for_outbox,
};
use support::twilio::{Answer, Mock};
use tremplin::core::{Channel, ConvKey};

/// Conversations driven at once, and in all.
const AT_ONCE: usize = 8;
const PEOPLE: usize = 40;
/// Messages waiting in the outbox before the start, and the one the provider is receiving
/// (never accepted) when the process dies.
const PENDING: usize = 120;
const STUCK_AT: usize = 20;

/// The mock provider: while `stuck` is set, the `STUCK_AT`-th message it receives is never
/// answered (the process dies meanwhile); `holding` is set once that message has arrived, the
/// worker in the middle of a batch.
struct Provider {
    mock: Mock,
    stuck: Arc<AtomicBool>,
    holding: Arc<AtomicBool>,
}

impl Provider {
    async fn start() -> Self {
        let (stuck, holding) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicBool::new(false)),
        );
        let mock = {
            let (stuck, holding) = (stuck.clone(), holding.clone());
            Mock::with(move |_, n| {
                if n == STUCK_AT && stuck.load(Ordering::SeqCst) {
                    holding.store(true, Ordering::SeqCst);
                    Answer::Hang
                } else {
                    Answer::Accept
                }
            })
            .await
        };
        Self {
            mock,
            stuck,
            holding,
        }
    }

    /// How many times each text was accepted.
    fn accepted(&self) -> HashMap<String, usize> {
        let mut out = HashMap::new();
        for sent in self.mock.accepted() {
            *out.entry(sent.body().to_string()).or_default() += 1;
        }
        out
    }
}

fn number(c: usize) -> String {
    format!("+3362{c:07}")
}

fn sid(c: usize, t: usize) -> String {
    format!("SMc{c:04}t{t:03}")
}

/// What one conversation got before the crash: the reply of each turn answered.
#[derive(Debug, Default, Clone)]
struct Progress {
    replies: Vec<String>,
}

/// Drives every conversation from turn `from[c]` (with the message ids `id(c, t)`), `AT_ONCE`
/// at a time, each stopping at its first unanswered request. `replied` counts the replies.
async fn drive(
    base: &str,
    scripts: &Arc<Vec<Vec<String>>>,
    start_at: Vec<usize>,
    id: fn(usize, usize) -> String,
    replied: Arc<AtomicUsize>,
) -> Vec<Progress> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let start_at = Arc::new(start_at);
    let results = Arc::new(Mutex::new(vec![Progress::default(); PEOPLE]));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..AT_ONCE {
        let (client, scripts, next, start_at, results, replied, base) = (
            client.clone(),
            scripts.clone(),
            next.clone(),
            start_at.clone(),
            results.clone(),
            replied.clone(),
            base.to_string(),
        );
        tasks.spawn(async move {
            loop {
                let c = next.fetch_add(1, Ordering::SeqCst);
                if c >= PEOPLE {
                    break;
                }
                let script = &scripts[c % scripts.len()];
                let mut got = Vec::new();
                for (t, text) in script.iter().enumerate().skip(start_at[c]) {
                    match sms(&client, &base, &number(c), &id(c, t), text).await {
                        Some(reply) => {
                            got.push(reply);
                            replied.fetch_add(1, Ordering::SeqCst);
                        }
                        None => break,
                    }
                }
                results.lock().unwrap()[c].replies = got;
            }
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    Arc::try_unwrap(results).unwrap().into_inner().unwrap()
}

/// Where one conversation ended: its session, answers, bookings and messages.
#[derive(Debug, PartialEq, Eq)]
struct EndState {
    session: Option<(String, String)>,
    answers: i64,
    consents: BTreeMap<(String, i64), i64>,
    bookings: BTreeMap<String, i64>,
    /// Kinds of message of the conversation (reminders...) and whether sent. How many
    /// reminders depends on the slot taken (one 48 hours before is not made for tomorrow's).
    outbox: BTreeSet<(String, i64)>,
}

/// Where every conversation ended (`None`: nothing stored).
async fn end_states(url: &str) -> Vec<Option<EndState>> {
    let store = store_of(url).await;
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let mut out = Vec::new();
    for c in 0..PEOPLE {
        let Some(person) = store
            .find_person(&ConvKey::new(Channel::Sms, number(c)))
            .await
            .unwrap()
        else {
            out.push(None);
            continue;
        };
        let id = person.id.as_str();
        let session: Option<(String, String)> =
            sqlx::query_as("SELECT step, status FROM sessions WHERE person_id = $1")
                .bind(id)
                .fetch_optional(&pool)
                .await
                .unwrap();
        let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answers WHERE person_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
        let pairs = async |sql: &str| -> BTreeMap<String, i64> {
            sqlx::query_as::<_, (String, i64)>(sql)
                .bind(id)
                .fetch_all(&pool)
                .await
                .unwrap()
                .into_iter()
                .collect()
        };
        let triples = async |sql: &str| -> BTreeMap<(String, i64), i64> {
            sqlx::query_as::<_, (String, i64, i64)>(sql)
                .bind(id)
                .fetch_all(&pool)
                .await
                .unwrap()
                .into_iter()
                .map(|(a, b, n)| ((a, b), n))
                .collect()
        };
        out.push(Some(EndState {
            session,
            answers,
            consents: triples(
                "SELECT scope, granted, COUNT(*) FROM consents WHERE person_id = $1 GROUP BY scope, granted",
            )
            .await,
            bookings: pairs(
                "SELECT status, COUNT(*) FROM bookings WHERE person_id = $1 GROUP BY status",
            )
            .await,
            outbox: triples(
                "SELECT kind, CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END, COUNT(*) FROM outbox \
                 WHERE person_id = $1 GROUP BY kind, CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END",
            )
            .await
            .into_iter()
            .map(|(k, n)| {
                assert!(n <= 2, "at most two messages of a kind per person: {k:?} {n}");
                k
            })
            .collect(),
        }));
    }
    // No slot held by two active bookings.
    held_slots(&pool).await;
    pool.close().await;
    store.close().await;
    out
}

/// Whether a conversation lost a slot to another one at the same moment (its end then
/// depends on timing, crash or not): the start of the message that says so, in any language.
fn lost_a_race(replies: &[String]) -> bool {
    use std::sync::OnceLock;
    static SAID: OnceLock<Vec<String>> = OnceLock::new();
    let said = SAID.get_or_init(|| {
        let catalog = support::catalog();
        catalog
            .locales
            .tags()
            .iter()
            .map(|tag| {
                catalog
                    .locales
                    .render(
                        tag,
                        &tremplin::engine::Msg::new("booking-taken"),
                        tremplin::i18n::Isolation::Plain,
                    )
                    .chars()
                    .take_while(|c| !matches!(c, '\'' | '&' | '<' | '>' | '"'))
                    .take(12)
                    .collect()
            })
            .collect()
    });
    replies
        .iter()
        .any(|r| said.iter().any(|s| !s.is_empty() && r.contains(s.as_str())))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_loses_nothing_and_sends_nothing_twice() {
    let mut runs = tokio::task::JoinSet::new();
    for kind in kinds() {
        runs.spawn(crash(kind));
    }
    while let Some(r) = runs.join_next().await {
        r.unwrap();
    }
}

async fn crash(kind: &'static str) {
    let scripts = Arc::new(scripts());
    let total: usize = (0..PEOPLE).map(|c| scripts[c % scripts.len()].len()).sum();

    // The reference: the same conversations, no crash.
    let reference_provider = Mock::start().await;
    let reference = database(kind).await;
    let expected = {
        let server = Serve::new(&reference, &reference_provider.url)
            .start(&format!("{kind}-reference"))
            .await;
        let done = drive(
            &server.base,
            &scripts,
            vec![0; PEOPLE],
            sid,
            Arc::new(AtomicUsize::new(0)),
        )
        .await;
        let answered: usize = done.iter().map(|p| p.replies.len()).sum();
        assert_eq!(
            answered, total,
            "{kind}: the reference run answers every turn"
        );
        drop(server);
        (end_states(&reference).await, done)
    };
    let (expected, reference_replies) = expected;
    assert!(
        expected
            .iter()
            .flatten()
            .any(|e| e.bookings.contains_key("pending")),
        "{kind}: the scripts book appointments: {expected:?}"
    );

    // Messages waiting in the outbox, to people who are not in the conversations.
    let url = database(kind).await;
    let store = store_of(&url).await;
    store.migrate().await.unwrap();
    let now = chrono::Utc::now().timestamp();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let mut pending = BTreeSet::new();
    for p in 0..(PENDING / 4) {
        let person = store
            .add_person(
                &ConvKey::new(Channel::Sms, format!("+3369{p:07}")),
                "fr",
                now,
            )
            .await
            .unwrap();
        for k in 0..4 {
            let body = format!("pending {p}-{k}");
            queue_text(&pool, &person, &body, now).await;
            pending.insert(body);
        }
    }
    store.close().await;

    // The run: the worker gets stuck in its first batch; the process is killed when a third
    // of the turns are answered, with requests in flight.
    let provider = Arc::new(Provider::start().await);
    provider.stuck.store(true, Ordering::SeqCst);
    let mut server = Serve::new(&url, &provider.mock.url)
        .start(&format!("{kind}-first"))
        .await;
    let replied = Arc::new(AtomicUsize::new(0));
    let killer = {
        let (replied, provider) = (replied.clone(), provider.clone());
        let pid = server.pid();
        tokio::spawn(async move {
            while replied.load(Ordering::SeqCst) < total / 3
                || !provider.holding.load(Ordering::SeqCst)
            {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            signal(pid, "KILL");
        })
    };
    // Everyone says hello first, so that some are still before their consent (kept in memory
    // only) when the process dies.
    let client = reqwest::Client::new();
    let mut greeted = Vec::new();
    for c in 0..PEOPLE {
        let s = &scripts[c % scripts.len()];
        let reply = sms(&client, &server.base, &number(c), &sid(c, 0), &s[0]).await;
        greeted.push(reply.expect("the greeting is answered"));
        replied.fetch_add(1, Ordering::SeqCst);
    }
    let mut before = drive(&server.base, &scripts, vec![1; PEOPLE], sid, replied).await;
    for (p, hello) in before.iter_mut().zip(greeted) {
        p.replies.insert(0, hello);
    }
    killer.await.unwrap();
    let status = server.wait();
    assert!(!status.success(), "{kind}: the process was killed");
    provider.stuck.store(false, Ordering::SeqCst);
    let answered: usize = before.iter().map(|p| p.replies.len()).sum();
    assert!(
        answered < total,
        "{kind}: the crash came before the end ({answered} of {total})"
    );
    let sent_before = provider.accepted().len();
    assert!(
        (STUCK_AT - 1..PENDING).contains(&sent_before),
        "{kind}: the crash came in the middle of the outbox ({sent_before} sent)"
    );

    // What the database kept.
    let stored: BTreeSet<String> =
        sqlx::query_scalar("SELECT external_id FROM inbound WHERE channel = 'sms'")
            .fetch_all(&pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    let session_row = async |c: usize| -> Option<(String, String)> {
        let store = store_of(&url).await;
        let person = store
            .find_person(&ConvKey::new(Channel::Sms, number(c)))
            .await
            .unwrap();
        store.close().await;
        let id = person?.id;
        sqlx::query_as("SELECT step, state FROM sessions WHERE person_id = $1")
            .bind(id)
            .fetch_optional(&pool)
            .await
            .unwrap()
    };

    let server = server.restart(&format!("{kind}-restarted")).await;
    let client = reqwest::Client::new();
    let mut resume = vec![0; PEOPLE];
    let mut restarted_set = BTreeSet::new();
    for (c, p) in before.iter().enumerate() {
        let answered = p.replies.len();
        let kept: Vec<usize> = (0..=answered)
            .filter(|t| stored.contains(&sid(c, *t)))
            .collect();
        let all = stored
            .iter()
            .filter(|s| s.starts_with(&format!("SMc{c:04}t")))
            .count();
        assert_eq!(
            all,
            kept.len(),
            "{kind}: conversation {c}: nothing stored past the request in flight"
        );
        let Some(&first) = kept.first() else {
            // Nothing consented yet: that state lived in memory only, and the conversation
            // starts again from the greeting.
            assert!(
                session_row(c).await.is_none(),
                "{kind}: conversation {c}: a session with no stored turn"
            );
            restarted_set.insert(c);
            continue;
        };
        // Every turn answered from the consent on is stored.
        for t in first..answered {
            assert!(
                stored.contains(&sid(c, t)),
                "{kind}: conversation {c}: turn {t} was answered but not stored"
            );
        }
        if first < answered {
            // The last answered turn, delivered again: the same reply, nothing moves.
            let t = answered - 1;
            let session = session_row(c).await.expect("a stored session");
            let script = &scripts[c % scripts.len()];
            let again = sms(&client, &server.base, &number(c), &sid(c, t), &script[t])
                .await
                .unwrap();
            assert_eq!(again, p.replies[t], "{kind}: conversation {c}, turn {t}");
            assert_eq!(
                session_row(c).await.unwrap(),
                session,
                "{kind}: conversation {c}: a redelivery moved the conversation"
            );
        }
        resume[c] = answered;
    }
    assert!(
        restarted_set.len() < PEOPLE,
        "{kind}: some conversations had consented before the crash"
    );

    // Every conversation goes on where it was; those with nothing stored start again from
    // the greeting, with new message ids. Then each ends where the reference ends.
    let from_start: Vec<bool> = (0..PEOPLE).map(|c| restarted_set.contains(&c)).collect();
    let go_on: Vec<usize> = (0..PEOPLE)
        .map(|c| if from_start[c] { usize::MAX } else { resume[c] })
        .collect();
    let again: Vec<usize> = (0..PEOPLE)
        .map(|c| if from_start[c] { 0 } else { usize::MAX })
        .collect();
    let fresh: fn(usize, usize) -> String = |c, t| format!("SMr{c:04}t{t:03}");
    let zero = || Arc::new(AtomicUsize::new(0));
    let (after, after_fresh) = tokio::join!(
        drive(&server.base, &scripts, go_on.clone(), sid, zero()),
        drive(&server.base, &scripts, again, fresh, zero())
    );
    for c in 0..PEOPLE {
        let len = scripts[c % scripts.len()].len();
        if from_start[c] {
            assert_eq!(
                after_fresh[c].replies.len(),
                len,
                "{kind}: conversation {c}"
            );
            assert!(
                after_fresh[c].replies[0].contains("Votre langue ?"),
                "{kind}: conversation {c} starts again from the greeting"
            );
        } else {
            assert_eq!(
                after[c].replies.len(),
                len - go_on[c],
                "{kind}: conversation {c} answered to the end"
            );
        }
    }

    // Every pending message is sent, once: the claimed ones when their claim runs out.
    wait_for_outbox(&pool, Duration::from_secs(300), || {
        format!("{kind}: {}", server.log())
    })
    .await;
    {
        let accepted = provider.accepted();
        for body in &pending {
            assert_eq!(
                accepted.get(body).copied(),
                Some(1),
                "{kind}: '{body}' sent exactly once"
            );
        }
        assert_eq!(
            accepted.len(),
            pending.len(),
            "{kind}: nothing else was sent: {accepted:?}"
        );
    }
    let got = end_states(&url).await;
    let mut raced = 0;
    for c in 0..PEOPLE {
        let replies: Vec<String> = before[c]
            .replies
            .iter()
            .chain(&after[c].replies)
            .chain(&after_fresh[c].replies)
            .cloned()
            .collect();
        if lost_a_race(&replies) || lost_a_race(&reference_replies[c].replies) {
            raced += 1;
            continue;
        }
        assert_eq!(
            got[c],
            expected[c],
            "{kind}: conversation {c} ends where it ends without a crash (answered {} before the crash, went on from {}, from the start: {}): script {:?}\nbefore: {:#?}\nafter: {:#?}\nreference: {:#?}",
            before[c].replies.len(),
            go_on[c],
            from_start[c],
            scripts[c % scripts.len()],
            before[c].replies,
            after[c]
                .replies
                .iter()
                .chain(&after_fresh[c].replies)
                .rev()
                .take(3)
                .collect::<Vec<_>>(),
            reference_replies[c]
                .replies
                .iter()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
        );
    }
    assert!(
        raced < PEOPLE / 4,
        "{kind}: {raced} conversations lost a slot race"
    );
    eprintln!(
        "{kind}: killed after {answered} of {total} turns answered and {sent_before} of {PENDING} \
         messages sent; of {PEOPLE} conversations, {} had consented and went on, {} had \
         not and started again, {} had not begun; {raced} lost a slot race to another",
        PEOPLE - restarted_set.len(),
        restarted_set
            .iter()
            .filter(|c| !before[**c].replies.is_empty())
            .count(),
        before.iter().filter(|p| p.replies.is_empty()).count(),
    );
    drop(server);
    pool.close().await;
}
