//! France Travail's partner API, through a local mock that follows its published shapes
//! (OAuth2 client credentials, `rechercher-usager` by France Travail number and its
//! `codeRetour`, `rendez-vous-partenaire` POST/PUT/DELETE with the `ft-jeton-usager` and
//! `pa-*` headers), on SQLite and PostgreSQL: an appointment France Travail leads or joins is
//! created, changed and deleted on erasure; a person not found, not sharing or without a
//! number is not sent and staff see why; a refusing token endpoint is not asked again at once.

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use serde_json::{Value, json};

use tremplin::app::Host;
use tremplin::core::BookingStatus;
use tremplin::engine::Value as Answer;
use tremplin::notify::france_travail::{FranceTravail, FtConfig};
use tremplin::notify::partners::PartnerWorker;
use tremplin::storage::Store;
use tremplin::transcript::T0;

const CLIENT_ID: &str = "PAR_tremplin_test";
const CLIENT_SECRET: &str = "secret-of-the-client";

/// What the mock saw and holds.
#[derive(Debug, Default)]
struct Seen {
    token_calls: usize,
    refuse_tokens: bool,
    searches: Vec<String>,
    /// France Travail's appointments by id.
    rdv: BTreeMap<String, Value>,
    deleted: Vec<String>,
    calls: Vec<String>,
}

type Mock = Arc<Mutex<Seen>>;

fn authorized(h: &HeaderMap) -> bool {
    h.get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer tok-1")
        && h.get("pa-identifiant-agent").is_some()
        && h.get("pa-nom-agent").is_some()
        && h.get("pa-prenom-agent").is_some()
}

async fn token(State(m): State<Mock>, Form(f): Form<BTreeMap<String, String>>) -> Response {
    let mut s = m.lock().unwrap();
    s.token_calls += 1;
    let good = f.get("grant_type").map(String::as_str) == Some("client_credentials")
        && f.get("client_id").map(String::as_str) == Some(CLIENT_ID)
        && f.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET)
        && f.get("scope")
            .is_some_and(|s| s.contains("api_rendez-vous-partenairev1"));
    if s.refuse_tokens || !good {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client", "error_description": "Client authentication failed"})),
        )
            .into_response();
    }
    Json(json!({"access_token": "tok-1", "token_type": "Bearer", "expires_in": 1499, "scope": f["scope"]}))
        .into_response()
}

async fn search(State(m): State<Mock>, h: HeaderMap, Json(body): Json<Value>) -> Response {
    if !authorized(&h) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let number = body["numeroFranceTravail"]
        .as_str()
        .unwrap_or("")
        .to_string();
    m.lock().unwrap().searches.push(number.clone());
    match number.as_str() {
        "0000000S" => Json(json!({"codeRetour": "S002", "message": "Aucun approchant trouvé", "jetonUsager": null})).into_response(),
        "0000000X" => Json(json!({"codeRetour": "S003", "message": "Plusieurs approchants trouvés", "jetonUsager": null})).into_response(),
        "0000000F" => (StatusCode::FORBIDDEN, Json(json!({"codeRetour": "R001", "message": "Accès non autorisé"}))).into_response(),
        n => Json(json!({"codeRetour": "S001", "message": "Approchant trouvé", "jetonUsager": format!("jeton-{n}"), "topIdentiteCertifiee": "O"})).into_response(),
    }
}

/// The fields the API requires, with their vocabularies.
fn problem(b: &Value) -> Option<&'static str> {
    let one_of = |k: &str, set: &[&str]| b[k].as_str().is_some_and(|v| set.contains(&v));
    if b["adresse"].as_str().is_none_or(str::is_empty) {
        return Some("R998");
    }
    let ok = b["date"]
        .as_str()
        .is_some_and(|d| chrono::DateTime::parse_from_rfc3339(d).is_ok())
        && b["duree"].as_i64().is_some_and(|d| d > 0)
        && one_of("modaliteContact", &["PHYSIQUE", "TELEPHONE", "VISIO"])
        && one_of(
            "statut",
            &["PRIS", "MODIFIE", "EFFECTUE", "ABSENT", "ANNULE"],
        )
        && one_of("initiateur", &["USAGER", "PARTENAIRE"])
        && one_of("motif", &["ORI", "ACC", "AUT"])
        && one_of("typeReception", &["IND", "COL"])
        && b["organisme"]["code"]
            .as_str()
            .is_some_and(|c| ["CD", "FT", "ML", "CE", "IND", "DCD"].contains(&c))
        && b["organisme"]["libelleStructure"]
            .as_str()
            .is_some_and(|l| !l.is_empty())
        && b["libelleAdresse"].as_str().is_some()
        && b["theme"].as_str().is_some();
    (!ok).then_some("R100")
}

async fn rdv_post(State(m): State<Mock>, h: HeaderMap, Json(b): Json<Value>) -> Response {
    if !authorized(&h) || h.get("ft-jeton-usager").is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if let Some(code) = problem(&b) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"codeRetour": code, "message": "invalide"})),
        )
            .into_response();
    }
    let mut s = m.lock().unwrap();
    let id = format!("rdv-{}", s.rdv.len() + 1);
    s.calls
        .push(format!("POST {}", b["statut"].as_str().unwrap_or("")));
    let mut kept = b.clone();
    kept["id"] = json!(id);
    kept["jeton"] = json!(h["ft-jeton-usager"].to_str().unwrap_or(""));
    s.rdv.insert(id.clone(), kept.clone());
    (StatusCode::CREATED, Json(kept)).into_response()
}

async fn rdv_put(State(m): State<Mock>, h: HeaderMap, Json(b): Json<Value>) -> Response {
    if !authorized(&h) || h.get("ft-jeton-usager").is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let mut s = m.lock().unwrap();
    let id = b["id"].as_str().unwrap_or("").to_string();
    if !s.rdv.contains_key(&id) {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"codeErreur": "ID_NON_RECONNU"})),
        )
            .into_response();
    }
    if let Some(code) = problem(&b) {
        return (StatusCode::BAD_REQUEST, Json(json!({"codeRetour": code}))).into_response();
    }
    s.calls
        .push(format!("PUT {}", b["statut"].as_str().unwrap_or("")));
    s.rdv.insert(id, b.clone());
    Json(b).into_response()
}

async fn rdv_delete(State(m): State<Mock>, h: HeaderMap, Path(id): Path<String>) -> Response {
    if !authorized(&h) || h.get("ft-jeton-usager").is_none() {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let mut s = m.lock().unwrap();
    s.calls.push("DELETE".into());
    s.rdv.remove(&id);
    s.deleted.push(id);
    StatusCode::NO_CONTENT.into_response()
}

async fn mock() -> (Mock, String) {
    let m: Mock = Arc::default();
    let rdv = "/partenaire/rendez-vous-partenaire/v1/rendez-vous";
    let app = Router::new()
        .route("/connexion/oauth2/access_token", post(token))
        .route(
            "/partenaire/rechercher-usager/v2/usagers/par-numero-francetravail",
            post(search),
        )
        .route(rdv, post(rdv_post).put(rdv_put))
        .route(&format!("{rdv}/{{id}}"), axum::routing::delete(rdv_delete))
        .with_state(m.clone());
    (m, support::serve_router(app).await)
}

/// The settings of the client, for the mock at `base`.
fn config(base: &str) -> FtConfig {
    FtConfig {
        token_url: format!("{base}/connexion/oauth2/access_token"),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        api_url: base.into(),
        scope: "api_rendez-vous-partenairev1 api_rechercher-usagerv2".into(),
    }
}

async fn setup(store: &Store, base: &str) -> (Arc<Host>, Arc<PartnerWorker>) {
    let (host, _) = support::host(store.clone());
    let host = Arc::new(host);
    host.configure_partner_endpoints(None, Some(base))
        .await
        .unwrap();
    let ft = FranceTravail::new(config(base)).unwrap();
    let w = Arc::new(PartnerWorker::new(host.clone(), None, Some(ft)).unwrap());
    (host, w)
}

async fn deliver(host: &Host, w: &PartnerWorker) -> usize {
    let due = host
        .partner_deliveries_due(100, &[], &Default::default())
        .await
        .unwrap();
    for d in &due {
        w.deliver(d).await.unwrap();
    }
    due.len()
}

async fn person(store: &Store, name: &str, share: bool, number: Option<&str>) -> String {
    let more: Vec<(&str, Answer)> = number
        .map(|n| vec![("ft_id", Answer::Text(n.into()))])
        .unwrap_or_default();
    support::booking::consented_person(store, name, "fr", (share, false), &[], &more).await
}

#[tokio::test]
async fn an_appointment_with_france_travail_is_created_changed_and_deleted_there() {
    for (name, store) in support::stores().await {
        let (m, base) = mock().await;
        let (host, w) = setup(&store, &base).await;
        let ana = person(&store, "ana", true, Some("1234567a")).await;
        // France Travail joins a coordinated appointment the Département leads.
        let id = support::booking::book_joint(
            &store,
            &ana,
            "cd37",
            Some("france-travail-37"),
            0,
            "FTREF1",
            false,
        )
        .await;
        assert_eq!(deliver(&host, &w).await, 1, "{name}");
        let (ft_id, kept) = {
            let s = m.lock().unwrap();
            assert_eq!(s.searches, ["1234567A"], "{name}");
            let (ft_id, r) = s.rdv.iter().next().expect("created");
            (ft_id.clone(), r.clone())
        };
        assert_eq!(kept["statut"], "PRIS");
        assert_eq!(kept["motif"], "ORI");
        assert_eq!(kept["typeReception"], "IND");
        assert_eq!(kept["initiateur"], "USAGER");
        assert_eq!(kept["modaliteContact"], "PHYSIQUE");
        assert_eq!(kept["organisme"]["code"], "CD", "the lead's organisation");
        assert_eq!(kept["jeton"], "jeton-1234567A");
        assert!(
            kept["date"].as_str().unwrap().ends_with("+01:00"),
            "{}",
            kept["date"]
        );
        assert!(
            kept["telephoneContactUsager"]
                .as_str()
                .unwrap()
                .starts_with("+33")
        );
        assert!(kept["information"].as_str().unwrap().contains("FTREF1"));
        let stored = store.france_travail_rdv(&id).await.unwrap();
        assert_eq!(
            stored,
            Some((ft_id.clone(), "1234567A".to_string())),
            "{name}"
        );
        // Seen: changed there, with France Travail's id.
        support::booking::set_status(&store, &id, BookingStatus::Seen, T0).await;
        assert_eq!(deliver(&host, &w).await, 1);
        assert_eq!(
            m.lock().unwrap().rdv[ft_id.as_str()]["statut"],
            "EFFECTUE",
            "{name}"
        );
        // The person erases their data: the appointment is deleted there, and nothing of it
        // is kept here.
        store.erase_person(&ana, None, T0).await.unwrap();
        while deliver(&host, &w).await > 0 {}
        {
            let s = m.lock().unwrap();
            assert_eq!(
                s.deleted,
                std::slice::from_ref(&ft_id),
                "{name}: {:?}",
                s.calls
            );
            assert_eq!(s.calls, ["POST PRIS", "PUT EFFECTUE", "DELETE"], "{name}");
            assert_eq!(s.token_calls, 1, "{name}: the token is kept while valid");
        }
        assert_eq!(store.france_travail_rdv(&id).await.unwrap(), None);
        let lines = host.france_travail_deliveries(&id).await.unwrap();
        assert!(
            lines.iter().any(|l| l.state == "delivered"),
            "{name}: {lines:?}"
        );
    }
}

#[tokio::test]
async fn what_is_not_for_france_travail_or_refused_there_is_not_sent_again() {
    for (name, store) in support::stores().await {
        let (m, base) = mock().await;
        let (host, w) = setup(&store, &base).await;
        let quiet = person(&store, "b", false, Some("7654321B")).await;
        let nobody = person(&store, "cc", true, None).await;
        let unknown = person(&store, "ddd", true, Some("0000000S")).await;
        let twice = person(&store, "eeee", true, Some("0000000X")).await;
        let forbidden = person(&store, "fffff", true, Some("0000000F")).await;
        let département = person(&store, "gggggg", true, Some("1111111C")).await;
        let ft = "france-travail-37";
        let b_quiet = support::booking::book(&store, &quiet, ft, 0, "Q1", false).await;
        let b_nobody = support::booking::book(&store, &nobody, ft, 1, "Q2", false).await;
        let b_unknown = support::booking::book(&store, &unknown, ft, 2, "Q3", false).await;
        let b_twice = support::booking::book(&store, &twice, ft, 3, "Q4", false).await;
        let b_forbidden = support::booking::book(&store, &forbidden, ft, 4, "Q5", false).await;
        let b_cd = support::booking::book(&store, &département, "cd37", 0, "Q6", false).await;
        assert_eq!(deliver(&host, &w).await, 6, "{name}");
        assert_eq!(
            deliver(&host, &w).await,
            0,
            "{name}: nothing is tried again"
        );
        let why = |id: String| {
            let host = host.clone();
            async move {
                let l = host.france_travail_deliveries(&id).await.unwrap();
                (
                    l[0].state.clone(),
                    l[0].last_error.clone().unwrap_or_default(),
                )
            }
        };
        assert_eq!(
            why(b_quiet).await,
            ("skipped".into(), "not-shared".into()),
            "{name}"
        );
        assert_eq!(why(b_nobody).await, ("skipped".into(), "no-number".into()));
        assert_eq!(why(b_unknown).await, ("refused".into(), "S002".into()));
        assert_eq!(why(b_twice).await, ("refused".into(), "S003".into()));
        assert_eq!(why(b_forbidden).await, ("refused".into(), "R001".into()));
        assert_eq!(
            why(b_cd).await,
            ("skipped".into(), "not-france-travail".into())
        );
        let s = m.lock().unwrap();
        assert!(s.rdv.is_empty(), "{name}");
        assert_eq!(
            s.searches.len(),
            3,
            "{name}: only those who shared a number are looked up"
        );
    }
}

#[tokio::test]
async fn a_token_endpoint_that_refuses_is_asked_again_a_minute_later_at_the_soonest() {
    let store = support::memory_store().await;
    let (m, base) = mock().await;
    m.lock().unwrap().refuse_tokens = true;
    let (host, clock) = support::host(store.clone());
    let host = Arc::new(host);
    host.configure_partner_endpoints(None, Some(&base))
        .await
        .unwrap();
    let ft = FranceTravail::new(config(&base)).unwrap();
    let w = PartnerWorker::new(host.clone(), None, Some(ft)).unwrap();
    let mut bookings = Vec::new();
    for n in 0..8 {
        let p = person(&store, &"h".repeat(n + 1), true, Some("1234567A")).await;
        bookings.push(
            support::booking::book(&store, &p, "france-travail-37", n, &format!("T{n}"), false)
                .await,
        );
    }
    assert_eq!(deliver(&host, &w).await, 8);
    assert_eq!(
        m.lock().unwrap().token_calls,
        1,
        "one refusal for eight deliveries"
    );
    let l = host.france_travail_deliveries(&bookings[0]).await.unwrap();
    assert_eq!(l[0].state, "pending", "tried again later");
    assert_eq!(l[0].last_error.as_deref(), Some("token refused"));
    assert_eq!(l[0].last_code, Some(401));
    // The credentials are fixed: the next tries go through.
    m.lock().unwrap().refuse_tokens = false;
    clock.advance(3600);
    assert_eq!(deliver(&host, &w).await, 8);
    assert_eq!(m.lock().unwrap().rdv.len(), 8);
    assert_eq!(m.lock().unwrap().token_calls, 2);
}
