//! Upgrades and key rotations of a running service, through the binary, on SQLite and
//! PostgreSQL. A new version on the previous version's schema listens but is not ready
//! ("migrations pending") until `tremplin migrate` runs, then becomes ready by itself; the
//! current version runs on a database a newer version migrated (migrations only add) and
//! refuses, saying why, one a newer contract migration left it behind on. `rotate-key`
//! refuses while `serve` runs; a rotation that fails before its commit changes nothing, one
//! interrupted after it (or killed, leaving its new key file) is finished by the next run;
//! no `.new` file stays, and a person who consented is recognised all along.

mod support;

use std::path::{Path, PathBuf};

use support::serve::{Serve, Server, database, kinds, sms};
use support::twilio::Mock;

/// A scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tremplin-maintenance-{name}-{}",
        tremplin::storage::new_id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The project's migration files, oldest first.
fn migrations() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("migrations")
        .map(|e| e.expect("a migration").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}

/// Applies the migrations in `files`, and the extra ones given as (file name, SQL), as the
/// version that ships them would (sqlx's migrator, from a folder).
async fn apply(url: &str, files: &[PathBuf], extra: &[(&str, &str)]) {
    let dir = scratch("migrations");
    for f in files {
        std::fs::copy(f, dir.join(f.file_name().expect("a name"))).expect("copy a migration");
    }
    for (name, sql) in extra {
        std::fs::write(dir.join(name), sql).expect("write a migration");
    }
    sqlx::any::install_default_drivers();
    let url = if url.starts_with("sqlite:") {
        format!("{url}?mode=rwc")
    } else {
        url.to_string()
    };
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    sqlx::migrate::Migrator::new(dir.as_path())
        .await
        .expect("read the migrations")
        .run(&pool)
        .await
        .expect("apply the migrations");
    pool.close().await;
}

/// `/readyz` of a process: its status and body, once it answers at all.
async fn readyz(server: &mut Server, name: &str) -> (u16, String) {
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = client.get(format!("{}/readyz", server.base)).send().await {
            return (r.status().as_u16(), r.text().await.unwrap_or_default());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{name} never answered:\n{}", server.log());
}

/// Checks that a command failed and said `text`.
fn fails_saying(out: &std::process::Output, text: &str, kind: &str) {
    assert!(!out.status.success(), "{kind}: {}", said(out));
    assert!(said(out).contains(text), "{kind}: {}", said(out));
}

/// Checks that a command succeeded and said `text`.
fn succeeds_saying(out: &std::process::Output, text: &str, kind: &str) {
    assert!(out.status.success(), "{kind}: {}", said(out));
    assert!(said(out).contains(text), "{kind}: {}", said(out));
}

/// What a command wrote, for failures.
fn said(out: &std::process::Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn a_new_version_waits_on_the_previous_schema_until_migrate_has_run() {
    for kind in kinds() {
        let url = database(kind).await;
        let all = migrations();
        apply(&url, &all[..all.len() - 1], &[]).await;
        let provider = Mock::start().await;
        // PostgreSQL does not migrate by default; SQLite does unless told not to.
        let serve = Serve::new(&url, &provider.url).env(
            "TREMPLIN_AUTO_MIGRATE",
            if kind == "postgres" { "auto" } else { "off" },
        );
        let name = format!("pending-{kind}");
        let mut server = serve.spawn(&name);
        let (status, body) = readyz(&mut server, &name).await;
        assert_eq!(status, 503, "{kind}: {body}");
        assert!(body.contains("migrations pending"), "{kind}: {body}");
        let client = reqwest::Client::new();
        let health = client
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .expect("healthz");
        assert_eq!(health.status().as_u16(), 200, "{kind}: alive meanwhile");
        let webhook = client
            .post(format!("{}/sms/twilio", server.base))
            .send()
            .await
            .expect("webhook");
        assert_eq!(webhook.status().as_u16(), 503, "{kind}: nothing served yet");
        // The other commands refuse rather than migrate behind the operator's back.
        let purge = serve.tool(&["purge", "--dry-run"]).await;
        fails_saying(&purge, "run `tremplin migrate`", kind);

        let migrate = serve.tool(&["migrate"]).await;
        succeeds_saying(&migrate, "1 migration(s) applied now", kind);
        // Ready by itself, and answering.
        server.wait_ready(&name).await;
        let reply = sms(
            &client,
            &server.base,
            "+33611000001",
            "SMpending1",
            "Bonjour",
        )
        .await
        .expect("a reply");
        assert!(reply.contains("<Message>"), "{kind}: {reply}");
        assert!(server.terminate().success(), "{kind}:\n{}", server.log());
    }
}

#[tokio::test]
async fn this_version_runs_on_a_newer_schema_unless_a_contract_migration_left_it_behind() {
    // What a newer version adds (a column this one does not read), then what it changes in a
    // way older versions cannot run with (recorded as such).
    let expand = (
        "29990101000000_add_people_nickname.sql",
        "ALTER TABLE people ADD COLUMN nickname TEXT;",
    );
    let contract = (
        "29990102000000_contract_people_channel.sql",
        "INSERT INTO schema_floor (version, reason) VALUES (29990102000000, 'people.channel is read differently');",
    );
    for kind in kinds() {
        let url = database(kind).await;
        apply(&url, &migrations(), &[expand]).await;
        let provider = Mock::start().await;
        let serve = Serve::new(&url, &provider.url);
        let mut server = serve.start(&format!("newer-{kind}")).await;
        let client = reqwest::Client::new();
        let reply = sms(&client, &server.base, "+33611000002", "SMnewer1", "Bonjour")
            .await
            .expect("a reply");
        assert!(reply.contains("<Message>"), "{kind}: {reply}");
        let migrate = serve.tool(&["migrate"]).await;
        succeeds_saying(&migrate, "1 migration(s) of a newer version", kind);

        // The contract migration: the running instance says it is too old (out of the load
        // balancer), and a new start is refused.
        apply(&url, &migrations(), &[expand, contract]).await;
        let (status, body) = readyz(&mut server, "too-old").await;
        assert_eq!(status, 503, "{kind}: {body}");
        assert!(body.contains("too old"), "{kind}: {body}");
        assert!(server.terminate().success(), "{kind}:\n{}", server.log());
        let (started, err) = serve.run_to_end().await;
        assert!(!started, "{kind}: started on a schema it cannot run with");
        assert!(
            err.contains("too old for this database") && err.contains("29990102000000"),
            "{kind}: {err}"
        );
        let migrate = serve.tool(&["migrate"]).await;
        fails_saying(&migrate, "too old for this database", kind);
    }
}

/// The answers that give consent and the age: the next question asks the postcode.
const TO_POSTCODE: &[&str] = &["Bonjour", "1", "oui", "oui", "oui", "34"];

/// How many people talk while a rotation is tried.
const PEOPLE: usize = 8;

#[tokio::test]
async fn rotate_key_refuses_while_serve_runs_and_an_interrupted_rotation_is_finished() {
    for kind in kinds() {
        let url = database(kind).await;
        let dir = scratch(&format!("rotate-{kind}"));
        let key = dir.join("t.key");
        let new = dir.join("t.key.new");
        let old = dir.join("t.key.old");
        tremplin::storage::vault::write_private(&key, &format!("{}\n", support::serve::DATA_KEY))
            .expect("key file");
        let provider = Mock::start().await;
        let serve = Serve::new(&url, &provider.url).key_file(&key);
        let mut server = serve.start(&format!("rotate-{kind}-1")).await;
        let client = reqwest::Client::new();
        let say = async |server: &Server, person: usize, step: usize, text: &str| {
            sms(
                &client,
                &server.base,
                &format!("+336110001{person:02}"),
                &format!("SMrot{person}x{step}"),
                text,
            )
            .await
            .expect("a reply")
        };

        // People consent while a rotation is tried: it is refused, nothing changed.
        let rotation = {
            let serve = serve.clone();
            tokio::spawn(async move { serve.tool(&["rotate-key"]).await })
        };
        for (step, text) in TO_POSTCODE.iter().enumerate() {
            for p in 0..PEOPLE {
                say(&server, p, step, text).await;
            }
        }
        let refused = rotation.await.expect("join");
        fails_saying(&refused, "The data key is in use", kind);
        assert!(!new.exists() && !old.exists(), "{kind}: files left");
        for p in 0..PEOPLE {
            assert!(
                say(&server, p, 10, "37000").await.contains("RSA"),
                "{kind}: person {p} is still recognised"
            );
        }
        assert!(server.terminate().success(), "{kind}:\n{}", server.log());

        // A write fails during the sealing: nothing changed, no new key left.
        let fail = if kind == "sqlite" {
            "CREATE TRIGGER stop_rotation BEFORE UPDATE ON people \
             BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        } else {
            "CREATE FUNCTION stop_rotation() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'disk I/O error'; END $$; \
             CREATE TRIGGER stop_rotation BEFORE UPDATE ON people \
             FOR EACH ROW EXECUTE FUNCTION stop_rotation()"
        };
        support::execute(&url, fail).await;
        let failed = serve.tool(&["rotate-key"]).await;
        fails_saying(&failed, "nothing changed", kind);
        assert!(!new.exists() && !old.exists(), "{kind}: files left");
        let drop = if kind == "sqlite" {
            "DROP TRIGGER stop_rotation"
        } else {
            "DROP TRIGGER stop_rotation ON people"
        };
        support::execute(&url, drop).await;

        // A rotation killed before its commit leaves its new key file: the next run removes
        // it; this one is stopped after its commit (the old key cannot be kept: a folder is
        // in the way), and the run after it finishes.
        tremplin::storage::vault::write_private(
            &new,
            &format!("{}\n", tremplin::storage::vault::DataKey::generate().1),
        )
        .expect("a killed rotation's key");
        std::fs::create_dir_all(old.join("in-the-way")).expect("a folder in the way");
        let stopped = serve.tool(&["rotate-key"]).await;
        fails_saying(&stopped, "run `tremplin rotate-key` again", kind);
        let (started, err) = serve.run_to_end().await;
        assert!(!started, "{kind}: started with the old key");
        assert!(err.contains("interrupted"), "{kind}: {err}");
        std::fs::remove_dir_all(&old).expect("the folder out of the way");
        let finished = serve.tool(&["rotate-key"]).await;
        succeeds_saying(&finished, "interrupted rotation is finished", kind);
        assert!(!new.exists(), "{kind}: a .new file left");
        assert_eq!(
            std::fs::read_to_string(&old)
                .expect("the old key kept")
                .trim(),
            support::serve::DATA_KEY,
            "{kind}"
        );

        // Everyone is recognised under the new key (back to the question before, the
        // place), and a whole rotation works again.
        let mut server = serve.start(&format!("rotate-{kind}-2")).await;
        for p in 0..PEOPLE {
            let back = say(&server, p, 11, "retour").await;
            assert!(back.contains("code postal"), "{kind}, person {p}: {back}");
        }
        assert!(server.terminate().success(), "{kind}:\n{}", server.log());
        let again = serve.tool(&["rotate-key"]).await;
        assert!(again.status.success(), "{kind}: {}", said(&again));
        assert!(!new.exists(), "{kind}: a .new file left");
    }
}

/// On PostgreSQL an instance's share of the key's lease lives on a connection of its own. A
/// lost connection (a database restart, here the server ending it) lets a rotation run; the
/// instance then sees the rotation (the lease held, or the data's key changed) and stops
/// rather than seal with the old key; started again with the new key, it recognises everyone.
#[tokio::test]
async fn an_instance_that_lost_its_lease_during_a_rotation_stops() {
    let Some(pg) = support::postgres_url() else {
        return;
    };
    let url = support::fresh_schema(&pg).await;
    let dir = scratch("lost-lease");
    let key = dir.join("t.key");
    tremplin::storage::vault::write_private(&key, &format!("{}\n", support::serve::DATA_KEY))
        .expect("key file");
    let provider = Mock::start().await;
    let serve = Serve::new(&url, &provider.url).key_file(&key);
    let mut server = serve.start("lost-lease-1").await;
    let client = reqwest::Client::new();
    for (step, text) in TO_POSTCODE.iter().enumerate() {
        sms(
            &client,
            &server.base,
            "+33611000200",
            &format!("SMlost{step}"),
            text,
        )
        .await
        .expect("a reply");
    }
    // The server ends the connection that holds the instance's share (this schema's only),
    // and a rotation runs before the instance takes it again.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    let rotated = loop {
        sqlx::query(
            "SELECT pg_terminate_backend(l.pid) FROM pg_locks l \
             WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 \
             AND l.classid = CAST(CAST(1953654125 AS INTEGER) AS OID) \
             AND l.objid = CAST((hashtext(current_schema() || '/data-key') & 2147483647) AS OID)",
        )
        .execute(&pool)
        .await
        .expect("end the lease's connection");
        let out = serve
            .tool(&[
                "rotate-key",
                "--new-key-file",
                dir.join("new.key").to_str().expect("a path"),
            ])
            .await;
        if out.status.success() {
            break out;
        }
        assert!(said(&out).contains("in use"), "{}", said(&out));
    };
    pool.close().await;
    assert!(
        said(&rotated).contains("sealed again"),
        "{}",
        said(&rotated)
    );
    let status = server.wait();
    assert!(!status.success(), "the instance went on with the old key");
    assert!(
        server.log().contains("this instance stops"),
        "{}",
        server.log()
    );

    let mut server = Serve::new(&url, &provider.url)
        .key_file(&dir.join("new.key"))
        .start("lost-lease-2")
        .await;
    // Recognised: back from the place to the age.
    let back = sms(&client, &server.base, "+33611000200", "SMlost99", "retour")
        .await
        .expect("a reply");
    assert!(back.contains("Quel age"), "{back}");
    assert!(server.terminate().success(), "{}", server.log());
}
