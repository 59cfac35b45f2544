//! The "Partners' systems" page over HTTP, on SQLite and PostgreSQL: an admin adds a partner's
//! webhook (its secret shown once), sends it a test event that arrives signed with that
//! secret, reads its delivery log, turns it off and removes it; a wrong address is refused
//! with a reason; anyone but an admin gets 404; every change is audited.

mod support;

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use support::browser::{Browser, account};
use support::receiver::Receiver;

use tremplin::app::Host;
use tremplin::app::HostConfig;
use tremplin::core::ManualClock;
use tremplin::notify::partners::PartnerWorker;
use tremplin::storage::staff::{AuditFilter, Role};
use tremplin::transcript::T0;
use tremplin::web::staff::{self, Staff, StaffConfig};

#[tokio::test]
async fn an_admin_adds_a_webhook_tests_it_and_reads_what_it_received() {
    for (name, store) in support::stores().await {
        let clock = Arc::new(ManualClock::new(T0));
        let host = Arc::new(
            Host::new(
                store.clone(),
                support::catalog(),
                HostConfig::default(),
                clock.clone(),
            )
            .unwrap(),
        );
        let app = staff::router(Staff::new(
            host.clone(),
            StaffConfig {
                insecure_http: false,
                clock: clock.clone(),
                public_url: Some("https://tremplin.example.org".into()),
            },
        ));
        account(&store, "admin@x.fr", Role::Admin, None).await;
        account(&store, "conseil@x.fr", Role::Advisor, Some("cd37")).await;
        account(&store, "accueil@x.fr", Role::Reception, None).await;
        let (receiver, url) = Receiver::start().await;
        let mut admin = Browser::logged_in(&app, "admin@x.fr").await;
        let p = admin.get("/staff/partners").await;
        assert_eq!(p.status, StatusCode::OK, "{name}");
        // Refused addresses, with a reason.
        for (bad, why) in [
            ("ftp://example.org/hook", "https://"),
            ("http://example.org/hook", "https://"),
            ("pas une adresse", "URL"),
        ] {
            let p = admin.post("/staff/partners", &[("url", bad)]).await;
            assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {bad}");
            assert!(p.body.contains(why), "{name}: {bad}");
        }
        let p = admin
            .post(
                "/staff/partners",
                &[
                    ("url", &url),
                    ("partner", "cd37"),
                    ("event", "Booking.created"),
                    ("event", "Booking.updated"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{name}: {}", p.body);
        let at = p
            .body
            .find("id=\"endpoint-secret\">")
            .expect("the secret shown")
            + 21;
        let secret = p.body[at..].split('<').next().unwrap().to_string();
        assert!(
            secret.starts_with("whsec_") && secret.len() > 40,
            "{secret}"
        );
        // Shown once: never again on the page.
        let again = admin.get("/staff/partners").await;
        assert!(!again.body.contains(&secret), "{name}");
        let endpoints = store.partner_endpoints().await.unwrap();
        let ep = endpoints.iter().find(|e| e.url == url).unwrap();
        assert_eq!(ep.events, "Booking.created Booking.updated");
        assert_eq!(ep.partner.as_deref(), Some("cd37"));
        // A test event, through the same deliveries, signed with the secret shown.
        let p = admin
            .post(&format!("/staff/partners/{}/test", ep.id), &[])
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{name}");
        let w = PartnerWorker::new(host.clone(), None, None).unwrap();
        for d in host
            .partner_deliveries_due(10, &[], &Default::default())
            .await
            .unwrap()
        {
            w.deliver(&d).await.unwrap();
        }
        let got = receiver.wait_for(1, Duration::from_secs(5)).await;
        assert_eq!(got[0].name(), "Test.created", "{name}");
        assert!(got[0].signed_with(&secret), "{name}");
        let log = admin.get(&format!("/staff/partners/{}", ep.id)).await;
        assert_eq!(log.status, StatusCode::OK);
        assert!(
            log.body.contains("Test.created") && log.body.contains("200"),
            "{name}: {}",
            log.body
        );
        // Nobody else sees or changes it.
        for who in ["conseil@x.fr", "accueil@x.fr"] {
            let mut b = Browser::logged_in(&app, who).await;
            assert_eq!(
                b.get("/staff/partners").await.status,
                StatusCode::NOT_FOUND,
                "{name}: {who}"
            );
            assert_eq!(
                b.get(&format!("/staff/partners/{}", ep.id)).await.status,
                StatusCode::NOT_FOUND
            );
            b.get("/staff").await;
            let p = b.post(&format!("/staff/partners/{}/off", ep.id), &[]).await;
            assert_eq!(p.status, StatusCode::NOT_FOUND, "{name}: {who}");
            let p = b
                .post("/staff/partners", &[("url", "https://evil.example/hook")])
                .await;
            assert_eq!(p.status, StatusCode::NOT_FOUND, "{name}: {who}");
        }
        assert_eq!(store.partner_endpoints().await.unwrap().len(), 1, "{name}");
        // Off, on, removed; each audited.
        admin.get("/staff/partners").await;
        let base = format!("/staff/partners/{}", ep.id);
        assert_eq!(
            admin.post(&format!("{base}/off"), &[]).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(
            !store
                .partner_endpoint(&ep.id)
                .await
                .unwrap()
                .unwrap()
                .active
        );
        assert_eq!(
            admin.post(&format!("{base}/test"), &[]).await.status,
            StatusCode::CONFLICT
        );
        assert_eq!(
            admin.post(&format!("{base}/on"), &[]).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(
            store
                .partner_endpoint(&ep.id)
                .await
                .unwrap()
                .unwrap()
                .active
        );
        assert_eq!(
            admin.post(&format!("{base}/remove"), &[]).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(
            store.partner_endpoint(&ep.id).await.unwrap().is_none(),
            "{name}"
        );
        let audit = store
            .audit_entries(&AuditFilter::default(), 100)
            .await
            .unwrap();
        for action in [
            "endpoint-add",
            "endpoint-test",
            "endpoint-off",
            "endpoint-on",
            "endpoint-remove",
        ] {
            assert!(audit.iter().any(|a| a.action == action), "{name}: {action}");
        }
        assert!(
            !audit
                .iter()
                .any(|a| a.detail.as_deref().is_some_and(|d| d.contains(&secret)))
        );
    }
}
