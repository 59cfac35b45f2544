//! The login limits through the running binary, on SQLite and PostgreSQL: 100 wrong
//! passwords and the right one sent at the same moment from one address. Every attempt is
//! counted before any password is checked, so the right one is refused, the account is
//! locked, and the counters of the account and of the address equal the attempts.

mod support;

use std::sync::Arc;

use reqwest::StatusCode;
use support::serve::{Serve, database, kinds, store_of};
use support::twilio::Mock;
use tremplin::storage::staff::Role;
use tremplin::web::staff::auth;

const PASSWORD: &str = "the right passphrase, at last";
const WRONG: usize = 100;

#[tokio::test]
async fn parallel_guesses_are_all_counted_and_the_right_one_is_refused() {
    for kind in kinds() {
        let url = database(kind).await;
        let store = store_of(&url).await;
        let now = chrono::Utc::now().timestamp();
        auth::create_account(&store, "a@x.fr", Role::Reception, None, None, "system", now)
            .await
            .unwrap()
            .unwrap();
        let id = store.staff_by_email("a@x.fr").await.unwrap().unwrap().id;
        let phc = auth::hash_password(PASSWORD).unwrap();
        store.set_staff_password(&id, &phc, now).await.unwrap();

        let provider = Mock::start().await;
        let mut server = Serve::new(&url, &provider.url)
            .env("TREMPLIN_STAFF_INSECURE_HTTP", "1")
            .start(&format!("login-{kind}"))
            .await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        // The login form's token, in its cookie and in the form (double submit).
        let page = client
            .get(format!("{}/staff/login", server.base))
            .send()
            .await
            .unwrap();
        let token = page
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("tremplin_login="))
            .and_then(|c| c.split(';').next())
            .expect("login cookie")
            .to_string();
        let base = Arc::new(server.base.clone());
        let attempt = |password: String| {
            let (client, base, token) = (client.clone(), base.clone(), token.clone());
            tokio::spawn(async move {
                client
                    .post(format!("{base}/staff/login"))
                    .header(reqwest::header::COOKIE, format!("tremplin_login={token}"))
                    .form(&[
                        ("csrf", token.as_str()),
                        ("email", "a@x.fr"),
                        ("password", password.as_str()),
                    ])
                    .send()
                    .await
                    .expect("an answer")
                    .status()
            })
        };
        // All at once, the right one with them.
        let mut tasks: Vec<_> = (0..WRONG)
            .map(|i| attempt(format!("wrong guess number {i}")))
            .collect();
        tasks.push(attempt(PASSWORD.into()));
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        let right = *answers.last().unwrap();
        assert_eq!(
            right,
            StatusCode::UNAUTHORIZED,
            "{kind}: the right one refused"
        );
        assert!(
            answers.iter().all(|s| *s == StatusCode::UNAUTHORIZED),
            "{kind}: {answers:?}"
        );

        let account = store.staff_by_email("a@x.fr").await.unwrap().unwrap();
        let attempts = i64::try_from(WRONG + 1).unwrap();
        let (from_address, audited) = counters(&store, &url).await;
        eprintln!(
            "{kind}: {attempts} attempts at once: account counter {}, locked {}, address counter {from_address}, login-failed audited {audited}",
            account.failed_logins,
            account.locked_until.is_some()
        );
        assert_eq!(
            account.failed_logins, attempts,
            "{kind}: the account's counter"
        );
        assert!(account.locked_until.is_some(), "{kind}: locked");
        assert_eq!(from_address, attempts, "{kind}: the address's counter");
        assert_eq!(audited, WRONG + 1, "{kind}: every refusal audited");

        // Afterwards, alone, the right password is still refused: locked.
        let alone = attempt(PASSWORD.into()).await.unwrap();
        assert_eq!(alone, StatusCode::UNAUTHORIZED, "{kind}");
        assert!(server.terminate().success(), "{kind}:\n{}", server.log());
        store.close().await;
    }
}

/// The address's attempt counter and the number of failed logins audited.
async fn counters(store: &tremplin::storage::Store, url: &str) -> (i64, usize) {
    use tremplin::storage::staff::AuditFilter;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let from_address: i64 =
        sqlx::query_scalar("SELECT failures FROM staff_login_failures WHERE ip = '127.0.0.1'")
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    let audited = store
        .audit_entries(
            &AuditFilter {
                action: Some("login-failed".into()),
                ..AuditFilter::default()
            },
            1000,
        )
        .await
        .unwrap()
        .len();
    (from_address, audited)
}
