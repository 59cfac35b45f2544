//! A backup of the SQLite database taken in the middle of a conversation (`VACUUM INTO`, while
//! `tremplin serve` runs), restored into a fresh file with its data key, lets the conversation
//! go on: the person's next SMS gets, from a `serve` on the restored file, the very reply the
//! original got. The same copy with another key does not start, and says which key it needs.

mod support;

use support::serve::{DATA_KEY, Serve, database, scripts, sms, store_of};
use support::twilio::Mock;
use tremplin::core::{Channel, ConvKey};

const NUMBER: &str = "+33622222222";

fn sid(turn: usize) -> String {
    format!("SMbackup{turn:04}")
}

#[tokio::test]
async fn a_backup_taken_mid_conversation_restores_and_the_conversation_goes_on() {
    let url = database("sqlite").await;
    let provider = Mock::start().await;
    let script = scripts()
        .into_iter()
        .max_by_key(Vec::len)
        .expect("a script");
    let half = script.len() / 2;
    let client = reqwest::Client::new();

    let serve = Serve::new(&url, &provider.url);
    let server = serve.start("backup-original").await;
    for (turn, text) in script.iter().enumerate().take(half) {
        sms(&client, &server.base, NUMBER, &sid(turn), text)
            .await
            .expect("a reply");
    }

    // The backup, through sqlx, while the service runs.
    let backup = std::env::temp_dir().join(format!(
        "tremplin-backup-{}.db",
        tremplin::storage::new_id()
    ));
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    sqlx::query(&format!("VACUUM INTO '{}'", backup.display()))
        .execute(&pool)
        .await
        .expect("VACUUM INTO");
    pool.close().await;

    // The original goes on: what the next turns get is what the restored copy must give.
    let mut expected = Vec::new();
    for (turn, text) in script.iter().enumerate().skip(half).take(3) {
        expected.push(
            sms(&client, &server.base, NUMBER, &sid(turn), text)
                .await
                .expect("a reply"),
        );
    }
    drop(server);

    // Restored into a fresh file (as `install` would), with the key of its time.
    let restored = std::env::temp_dir().join(format!(
        "tremplin-restored-{}.db",
        tremplin::storage::new_id()
    ));
    std::fs::copy(&backup, &restored).expect("restore the copy");
    let restored_url = format!("sqlite://{}", restored.display());
    let store = store_of(&restored_url).await;
    assert!(
        store
            .find_person(&ConvKey::new(Channel::Sms, NUMBER.to_string()))
            .await
            .expect("read the copy")
            .is_some(),
        "the person who consented is in the backup"
    );
    store.close().await;

    // Another key: the start stops and names the key the data is sealed with.
    let other_key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    assert_ne!(other_key, DATA_KEY);
    let wrong = Serve::new(&restored_url, &provider.url).env("TREMPLIN_DATA_KEY", other_key);
    let (started, stderr) = wrong.run_to_end().await;
    assert!(!started, "started with another key:\n{stderr}");
    assert!(stderr.contains("does not open this database"), "{stderr}");

    // Its key: the conversation goes on from where the backup was taken.
    let server = Serve::new(&restored_url, &provider.url)
        .start("backup-restored")
        .await;
    for ((turn, text), want) in script.iter().enumerate().skip(half).zip(&expected) {
        let got = sms(&client, &server.base, NUMBER, &sid(turn), text)
            .await
            .expect("a reply");
        assert_eq!(&got, want, "turn {turn} ({text}) after the restore");
    }
    eprintln!(
        "backup after {half} of {} messages; {} turns after the restore as on the original",
        script.len(),
        expected.len()
    );
    drop(server);
    for f in [&backup, &restored] {
        let _ = std::fs::remove_file(f);
    }
}
