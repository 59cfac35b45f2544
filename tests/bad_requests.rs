//! Malformed HTTP to every endpoint, table-driven: wrong method, wrong content type, bodies
//! over the limit, invalid UTF-8, missing fields, bad JSON, bad form encoding, unknown paths,
//! missing or wrong credentials. Each gets a precise 4xx and nothing is stored. Over a real
//! TCP connection: a huge body is refused before it is read whole, and a client that sends its
//! headers or its body too slowly is cut off.

mod support;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use support::twilio::{FORM, sign};
use support::web::SECRET;
use tremplin::bench::telegram_mock::MockApi;
use tremplin::storage::staff::Role;
use tremplin::web::staff::{StaffConfig, auth};
use tremplin::web::telegram::SECRET_HEADER;
use tremplin::web::{AppState, Timeouts, app_with_staff};

const PASSWORD: &str = "a long passphrase for the tests";

struct Rig {
    app: Router,
    state: AppState,
    _api: MockApi,
}

async fn rig(store: tremplin::storage::Store) -> Rig {
    let (state, api) = support::web::state(store).await;
    let app = app_with_staff(
        state.clone(),
        StaffConfig {
            insecure_http: true,
            public_url: Some("http://127.0.0.1:8080".into()),
            ..Default::default()
        },
    );
    Rig {
        app,
        state,
        _api: api,
    }
}

/// A signed SMS webhook request for these form fields (encoded as given in `raw` when set).
fn signed_sms(pairs: &[(&str, &str)], raw: Option<&[u8]>) -> (Vec<u8>, String) {
    let body = match raw {
        Some(r) => r.to_vec(),
        None => support::twilio::form(pairs).into_bytes(),
    };
    let sig = sign(&body);
    (body, sig)
}

/// A logged-in dashboard session: its cookie header and CSRF token.
async fn session(rig: &Rig) -> (String, String) {
    let store = rig.state.host.store();
    auth::create_account(
        store,
        "admin@example.org",
        Role::Admin,
        Some("indre-et-loire"),
        None,
        "system",
        tremplin::transcript::T0,
    )
    .await
    .unwrap()
    .unwrap();
    let a = store
        .staff_by_email("admin@example.org")
        .await
        .unwrap()
        .unwrap();
    store
        .set_staff_password(
            &a.id,
            &auth::hash_password(PASSWORD).unwrap(),
            tremplin::transcript::T0,
        )
        .await
        .unwrap();
    let page = rig
        .app
        .clone()
        .oneshot(Request::get("/staff/login").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let cookie = set_cookie(&page);
    let html = text(page).await;
    let csrf = csrf_of(&html);
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf", csrf.as_str()),
            ("email", "admin@example.org"),
            ("password", PASSWORD),
        ])
        .finish();
    let res = rig
        .app
        .clone()
        .oneshot(
            Request::post("/staff/login")
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, FORM)
                .body(Body::from(form))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "login");
    let cookie = set_cookie(&res);
    let page = rig
        .app
        .clone()
        .oneshot(
            Request::get("/staff/password")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csrf = csrf_of(&text(page).await);
    (cookie, csrf)
}

fn set_cookie(res: &axum::response::Response) -> String {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|c| c.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ")
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

async fn text(res: axum::response::Response) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
        .await
        .unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// One malformed request and the answer it must get.
struct Case {
    what: &'static str,
    method: Method,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Sent with the dashboard session's cookie.
    logged_in: bool,
    want: StatusCode,
}

fn case(what: &'static str, method: Method, path: &str, want: StatusCode) -> Case {
    Case {
        what,
        method,
        path: path.to_string(),
        headers: Vec::new(),
        body: Vec::new(),
        logged_in: false,
        want,
    }
}

impl Case {
    fn header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.to_string(), v.to_string()));
        self
    }
    fn body(mut self, b: impl Into<Vec<u8>>) -> Self {
        self.body = b.into();
        self
    }
    fn form(self, b: impl Into<Vec<u8>>) -> Self {
        self.header("content-type", FORM).body(b)
    }
    fn logged_in(mut self) -> Self {
        self.logged_in = true;
        self
    }
}

fn table(csrf: &str) -> Vec<Case> {
    use Method as M;
    use StatusCode as S;
    let huge = vec![b'a'; 70 * 1024];
    let sms = |pairs: &[(&str, &str)]| signed_sms(pairs, None);
    let (no_from, no_from_sig) = sms(&[("Body", "1"), ("MessageSid", "SMx1")]);
    let (no_sid, no_sid_sig) = sms(&[("From", "+33612345678"), ("Body", "1")]);
    let (not_phone, not_phone_sig) = sms(&[
        ("From", "not a number"),
        ("Body", "1"),
        ("MessageSid", "SMx2"),
    ]);
    // Raw bytes that are not UTF-8 and not valid percent-encoding: decoded lossily, so the
    // fields are missing or mangled, never a crash.
    let (bad_utf8, bad_utf8_sig) = signed_sms(&[], Some(b"From=\xff\xfe&Body=%ZZ%&MessageSid"));
    let (huge_sms, huge_sms_sig) = signed_sms(&[], Some(&huge));
    let update = br#"{"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "hi"}}"#;
    let mut staff_huge = format!("csrf={csrf}&email=").into_bytes();
    staff_huge.extend(vec![b'a'; 40 * 1024]);
    vec![
        // Health and metrics.
        case(
            "healthz by POST",
            M::POST,
            "/healthz",
            S::METHOD_NOT_ALLOWED,
        ),
        case(
            "readyz by DELETE",
            M::DELETE,
            "/readyz",
            S::METHOD_NOT_ALLOWED,
        ),
        case("metrics by PUT", M::PUT, "/metrics", S::METHOD_NOT_ALLOWED).body("x"),
        case("unknown path", M::GET, "/nowhere", S::NOT_FOUND),
        case(
            "unknown nested path",
            M::POST,
            "/sms/twilio/extra",
            S::NOT_FOUND,
        ),
        // The SMS webhook.
        case("sms by GET", M::GET, "/sms/twilio", S::METHOD_NOT_ALLOWED),
        case(
            "sms as JSON",
            M::POST,
            "/sms/twilio",
            S::UNSUPPORTED_MEDIA_TYPE,
        )
        .header("content-type", "application/json")
        .body("{}"),
        case(
            "sms without content type",
            M::POST,
            "/sms/twilio",
            S::UNSUPPORTED_MEDIA_TYPE,
        )
        .body("From=%2B33612345678"),
        case(
            "sms as text/plain",
            M::POST,
            "/sms/twilio",
            S::UNSUPPORTED_MEDIA_TYPE,
        )
        .header("content-type", "text/plain")
        .body("hello"),
        case("sms unsigned", M::POST, "/sms/twilio", S::FORBIDDEN)
            .form("From=%2B33612345678&Body=1&MessageSid=SM1"),
        case("sms wrong signature", M::POST, "/sms/twilio", S::FORBIDDEN)
            .form("From=%2B33612345678&Body=1&MessageSid=SM1")
            .header("x-twilio-signature", "AAAA"),
        case(
            "sms signature not ASCII",
            M::POST,
            "/sms/twilio",
            S::FORBIDDEN,
        )
        .form("From=%2B33612345678&Body=1&MessageSid=SM1")
        .header("x-twilio-signature", "é"),
        case("sms without From", M::POST, "/sms/twilio", S::BAD_REQUEST)
            .form(no_from)
            .header("x-twilio-signature", &no_from_sig),
        case(
            "sms without MessageSid",
            M::POST,
            "/sms/twilio",
            S::BAD_REQUEST,
        )
        .form(no_sid)
        .header("x-twilio-signature", &no_sid_sig),
        case(
            "sms From not a number",
            M::POST,
            "/sms/twilio",
            S::BAD_REQUEST,
        )
        .form(not_phone)
        .header("x-twilio-signature", &not_phone_sig),
        case("sms invalid UTF-8", M::POST, "/sms/twilio", S::BAD_REQUEST)
            .form(bad_utf8)
            .header("x-twilio-signature", &bad_utf8_sig),
        case(
            "sms over 64 KiB",
            M::POST,
            "/sms/twilio",
            S::PAYLOAD_TOO_LARGE,
        )
        .form(huge_sms)
        .header("x-twilio-signature", &huge_sms_sig),
        // The Telegram webhook.
        case(
            "telegram by GET",
            M::GET,
            "/telegram/hook",
            S::METHOD_NOT_ALLOWED,
        ),
        case(
            "telegram other path",
            M::POST,
            "/telegram/other",
            S::NOT_FOUND,
        )
        .header(SECRET_HEADER, SECRET)
        .body(update.to_vec()),
        case("telegram no path", M::POST, "/telegram/", S::NOT_FOUND),
        case(
            "telegram without secret",
            M::POST,
            "/telegram/hook",
            S::UNAUTHORIZED,
        )
        .body(update.to_vec()),
        case(
            "telegram wrong secret",
            M::POST,
            "/telegram/hook",
            S::UNAUTHORIZED,
        )
        .header(SECRET_HEADER, "nope")
        .body(update.to_vec()),
        case(
            "telegram wrong secret, huge body",
            M::POST,
            "/telegram/hook",
            S::UNAUTHORIZED,
        )
        .header(SECRET_HEADER, "nope")
        .header("content-type", "application/json")
        .body(huge.clone()),
        case(
            "telegram bad JSON",
            M::POST,
            "/telegram/hook",
            S::BAD_REQUEST,
        )
        .header(SECRET_HEADER, SECRET)
        .header("content-type", "application/json")
        .body("{\"update_id\": "),
        case(
            "telegram JSON not an update",
            M::POST,
            "/telegram/hook",
            S::BAD_REQUEST,
        )
        .header(SECRET_HEADER, SECRET)
        .header("content-type", "application/json")
        .body("[1, 2, 3]"),
        case(
            "telegram invalid UTF-8",
            M::POST,
            "/telegram/hook",
            S::BAD_REQUEST,
        )
        .header(SECRET_HEADER, SECRET)
        .header("content-type", "application/json")
        .body(b"{\"update_id\": 1, \"message\": \"\xff\xfe\"}".to_vec()),
        case(
            "telegram empty body",
            M::POST,
            "/telegram/hook",
            S::BAD_REQUEST,
        )
        .header(SECRET_HEADER, SECRET),
        case(
            "telegram over 64 KiB",
            M::POST,
            "/telegram/hook",
            S::PAYLOAD_TOO_LARGE,
        )
        .header(SECRET_HEADER, SECRET)
        .header("content-type", "application/json")
        .body(huge.clone()),
        // The dashboard, logged out.
        case(
            "staff login by PUT",
            M::PUT,
            "/staff/login",
            S::METHOD_NOT_ALLOWED,
        ),
        case(
            "staff logout by GET",
            M::GET,
            "/staff/logout",
            S::METHOD_NOT_ALLOWED,
        ),
        case("staff unknown page", M::GET, "/staff/nowhere", S::NOT_FOUND),
        case("staff queue logged out", M::GET, "/staff", S::SEE_OTHER),
        case(
            "staff action logged out",
            M::POST,
            "/staff/bookings/x/confirm",
            S::SEE_OTHER,
        )
        .form("csrf=x"),
        case(
            "staff login as JSON",
            M::POST,
            "/staff/login",
            S::UNSUPPORTED_MEDIA_TYPE,
        )
        .header("content-type", "application/json")
        .body("{\"email\": \"a@b.c\"}"),
        case(
            "staff login without CSRF",
            M::POST,
            "/staff/login",
            S::FORBIDDEN,
        )
        .form("email=a%40b.c&password=x"),
        case(
            "staff login invalid UTF-8",
            M::POST,
            "/staff/login",
            S::FORBIDDEN,
        )
        .form(b"email=\xff&password=%FF%FE&csrf=%".to_vec()),
        case(
            "staff login over 32 KiB",
            M::POST,
            "/staff/login",
            S::PAYLOAD_TOO_LARGE,
        )
        .form(staff_huge.clone()),
        case(
            "staff setup unknown token",
            M::GET,
            "/staff/setup/nope",
            S::NOT_FOUND,
        ),
        // The dashboard, logged in.
        case(
            "staff booking unknown",
            M::GET,
            "/staff/bookings/nope",
            S::NOT_FOUND,
        )
        .logged_in(),
        case(
            "staff request unknown",
            M::GET,
            "/staff/requests/nope",
            S::NOT_FOUND,
        )
        .logged_in(),
        case(
            "staff export unknown",
            M::GET,
            "/staff/people/nope/export.json",
            S::NOT_FOUND,
        )
        .logged_in(),
        case(
            "staff action on unknown booking",
            M::POST,
            "/staff/bookings/nope/confirm",
            S::NOT_FOUND,
        )
        .form(format!("csrf={csrf}"))
        .logged_in(),
        case(
            "staff action without CSRF",
            M::POST,
            "/staff/bookings/nope/confirm",
            S::FORBIDDEN,
        )
        .form("")
        .logged_in(),
        case(
            "staff action wrong CSRF",
            M::POST,
            "/staff/locale",
            S::FORBIDDEN,
        )
        .form("csrf=nope&lang=en")
        .logged_in(),
        case(
            "staff action as JSON",
            M::POST,
            "/staff/locale",
            S::UNSUPPORTED_MEDIA_TYPE,
        )
        .header("content-type", "application/json")
        .body("{}")
        .logged_in(),
        case(
            "staff action bad form encoding",
            M::POST,
            "/staff/locale",
            S::FORBIDDEN,
        )
        .form(b"csrf=%ZZ&lang=\xff".to_vec())
        .logged_in(),
        case(
            "staff action over 32 KiB",
            M::POST,
            "/staff/locale",
            S::PAYLOAD_TOO_LARGE,
        )
        .form(staff_huge)
        .logged_in(),
        // The form shown again with what to correct.
        case(
            "staff account without e-mail",
            M::POST,
            "/staff/accounts",
            S::UNPROCESSABLE_ENTITY,
        )
        .form(format!("csrf={csrf}&role=reception"))
        .logged_in(),
        case(
            "staff account with unknown role",
            M::POST,
            "/staff/accounts",
            S::UNPROCESSABLE_ENTITY,
        )
        .form(format!("csrf={csrf}&email=x%40example.org&role=pirate"))
        .logged_in(),
        case(
            "staff slots of an unknown site",
            M::POST,
            "/staff/slots/nowhere/add",
            S::NOT_FOUND,
        )
        .form(format!("csrf={csrf}&date=2026-12-01&time=09%3A00"))
        .logged_in(),
    ]
}

#[tokio::test]
async fn every_endpoint_answers_malformed_requests_with_a_precise_4xx() {
    for (name, store) in support::stores().await {
        let rig = rig(store).await;
        let (cookie, csrf) = session(&rig).await;
        let before = rig.state.host.store().counts().await.unwrap();
        let mut wrong = Vec::new();
        for c in table(&csrf) {
            let mut req = Request::builder().method(c.method.clone()).uri(&c.path);
            for (k, v) in &c.headers {
                req = req.header(k, v);
            }
            if c.logged_in {
                req = req.header(header::COOKIE, &cookie);
            }
            let res = rig
                .app
                .clone()
                .oneshot(req.body(Body::from(c.body.clone())).unwrap())
                .await
                .unwrap();
            let status = res.status();
            if status != c.want {
                wrong.push(format!(
                    "{}: {} {} answered {status}, not {}: {}",
                    c.what,
                    c.method,
                    c.path,
                    c.want,
                    text(res).await.chars().take(200).collect::<String>()
                ));
            }
        }
        assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
        let after = rig.state.host.store().counts().await.unwrap();
        assert_eq!(before, after, "{name}: a refused request stored something");
        assert_eq!(
            rig.state.host.unconsented(),
            0,
            "{name}: nor kept in memory"
        );
    }
}

/// The app served over TCP with short client time limits; its address.
async fn tcp_server(timeouts: Timeouts) -> (std::net::SocketAddr, Rig) {
    let rig = rig(support::memory_store().await).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = rig.app.clone();
    tokio::spawn(tremplin::web::serve(
        listener,
        app,
        timeouts,
        std::future::pending(),
    ));
    (addr, rig)
}

/// Reads what the server sends until it closes the connection.
async fn read_all(stream: &mut tokio::net::tcp::OwnedReadHalf) -> String {
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_huge_body_is_refused_before_it_is_read_whole() {
    let (addr, _rig) = tcp_server(Timeouts::default()).await;
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    const ANNOUNCED: usize = 256 * 1024 * 1024;
    let head = format!(
        "POST /sms/twilio HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\nX-Twilio-Signature: x\r\nContent-Length: {ANNOUNCED}\r\n\r\n"
    );
    write.write_all(head.as_bytes()).await.unwrap();
    let writer = tokio::spawn(async move {
        let chunk = vec![b'a'; 64 * 1024];
        let mut sent = 0;
        while sent < ANNOUNCED {
            if write.write_all(&chunk).await.is_err() {
                break;
            }
            sent += chunk.len();
        }
        sent
    });
    let answer = read_all(&mut read).await;
    drop(read);
    let sent = writer.await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "a body over the limit: {answer}"
    );
    assert!(
        sent < ANNOUNCED,
        "the server stopped reading long before the whole body ({sent} bytes sent)"
    );
}

#[tokio::test]
async fn a_client_too_slow_to_send_its_headers_or_body_is_cut_off() {
    let short = Timeouts {
        headers: Duration::from_millis(500),
        body: Duration::from_millis(500),
    };
    let (addr, _rig) = tcp_server(short).await;

    // Headers one byte at a time, slower than the limit allows: the server answers 408 and
    // hangs up before the request is complete.
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let trickle = tokio::spawn(async move {
        for (i, b) in head.bytes().enumerate() {
            if write.write_all(&[b]).await.is_err() {
                return i;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        head.len()
    });
    let answer = read_all(&mut read).await;
    let sent = trickle.await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "slow headers are answered 408: {answer}"
    );
    assert!(
        sent < head.len(),
        "cut off before the headers were complete"
    );

    // Headers at once, then the body one byte at a time: 408, and the connection closes.
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let body = "From=%2B33612345678&Body=1&MessageSid=SMslow".repeat(4);
    let head = format!(
        "POST /sms/twilio HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\nX-Twilio-Signature: x\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    write.write_all(head.as_bytes()).await.unwrap();
    let total = body.len();
    let trickle = tokio::spawn(async move {
        for (i, b) in body.bytes().enumerate() {
            if write.write_all(&[b]).await.is_err() {
                return i;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        total
    });
    let answer = read_all(&mut read).await;
    let sent = trickle.await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "a slow body is answered 408: {answer}"
    );
    assert!(sent < total, "cut off before the body was complete");

    // A client that sends nothing at all is cut off too.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut buf = Vec::new();
    let n = stream.read_to_end(&mut buf).await.unwrap_or(0);
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");

    // And a well-behaved client is served on the same server.
    let res = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}
