//! A browser on the staff dashboard, for the tests: its cookies, the last form token it saw,
//! logging in, getting pages and posting forms through the router; and the accounts it logs in
//! with.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use tremplin::storage::Store;
use tremplin::storage::staff::Role;
use tremplin::transcript::T0;
use tremplin::web::staff::auth;

/// The password of the tests' staff accounts.
pub const PASSWORD: &str = "a long passphrase for tests";

/// The Argon2id hash of [`PASSWORD`], computed once.
pub fn phc() -> String {
    static PHC: OnceLock<String> = OnceLock::new();
    PHC.get_or_init(|| auth::hash_password(PASSWORD).expect("hash"))
        .clone()
}

/// Creates an account with [`PASSWORD`]; returns its id.
pub async fn account(store: &Store, email: &str, role: Role, partner: Option<&str>) -> String {
    auth::create_account(
        store,
        email,
        role,
        Some("indre-et-loire"),
        partner,
        "system",
        T0,
    )
    .await
    .expect("create")
    .expect("new");
    let a = store.staff_by_email(email).await.unwrap().unwrap();
    store.set_staff_password(&a.id, &phc(), T0).await.unwrap();
    a.id
}

/// A browser: cookies, and the last CSRF token seen.
pub struct Browser {
    app: Router,
    pub cookies: HashMap<String, String>,
    pub csrf: String,
}

pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The booking this answer sends the browser to.
    pub fn booking(&self) -> String {
        let to = self.location();
        assert!(to.starts_with("/staff/bookings/"), "{to}");
        to["/staff/bookings/".len()..]
            .split('?')
            .next()
            .unwrap()
            .to_string()
    }
}

pub fn csrf_of(body: &str) -> Option<String> {
    let at = body.find("name=\"csrf\" value=\"")? + 19;
    Some(body[at..].split('"').next()?.to_string())
}

impl Browser {
    pub fn new(app: &Router) -> Self {
        Self {
            app: app.clone(),
            cookies: HashMap::new(),
            csrf: String::new(),
        }
    }

    pub async fn send(&mut self, req: Request<Body>) -> Page {
        let res = self.app.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let headers = res.headers().clone();
        for c in headers.get_all(header::SET_COOKIE) {
            let c = c.to_str().unwrap();
            let (kv, _) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = kv.split_once('=').unwrap();
            if v.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
            .await
            .unwrap();
        let body = String::from_utf8_lossy(&bytes).to_string();
        if let Some(t) = csrf_of(&body) {
            self.csrf = t;
        }
        Page {
            status,
            headers,
            body,
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let req = Request::get(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// Posts a form; `csrf` is added unless the fields already say otherwise.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !fields.iter().any(|(k, _)| *k == "csrf" || *k == "no-csrf") {
            s.append_pair("csrf", &self.csrf.clone());
        }
        for (k, v) in fields {
            if *k != "no-csrf" {
                s.append_pair(k, v);
            }
        }
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(s.finish()))
            .unwrap();
        self.send(req).await
    }

    /// Posts a form and checks where the answer sends the browser: somewhere with `to` in
    /// its address.
    pub async fn post_to(&mut self, path: &str, fields: &[(&str, &str)], to: &str) -> Page {
        let p = self.post(path, fields).await;
        assert!(p.location().contains(to), "{}", p.location());
        p
    }

    /// Posts a form the service refuses: the page again (422) with the message beside the
    /// form (`role=alert`), the field marked, what was typed kept.
    pub async fn refused(&mut self, path: &str, fields: &[(&str, &str)], message: &str) -> Page {
        let p = self.post(path, fields).await;
        assert_eq!(
            p.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            p.body
        );
        assert!(p.body.contains("role=\"alert\""), "{}", p.body);
        assert!(p.body.contains(message), "{message}: {}", p.body);
        p
    }

    /// Posts a form that asks first, then says yes: checks where the answer sends the browser.
    pub async fn post_confirmed(&mut self, path: &str, fields: &[(&str, &str)], to: &str) -> Page {
        let ask = self.post(path, fields).await;
        assert_eq!(ask.status, StatusCode::OK, "{path}: {}", ask.location());
        assert!(ask.body.contains("id=\"ask-yes\""), "{}", ask.body);
        let mut yes = fields.to_vec();
        yes.push(("confirmed", "yes"));
        self.post_to(path, &yes, to).await
    }

    /// Opens a page (for its forms' token) and posts to `<page>/<action>`, checking where the
    /// answer sends the browser.
    pub async fn act_on(&mut self, page: &str, action: &str, fields: &[(&str, &str)], to: &str) {
        self.get(page).await;
        self.post_to(&format!("{page}/{action}"), fields, to).await;
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Page {
        self.get("/staff/login").await;
        self.post("/staff/login", &[("email", email), ("password", password)])
            .await
    }

    /// How the service answers the right password for this account.
    pub async fn login_status(&mut self, email: &str) -> StatusCode {
        self.login(email, PASSWORD).await.status
    }

    pub async fn logged_in(app: &Router, email: &str) -> Self {
        let mut b = Self::new(app);
        let p = b.login(email, PASSWORD).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert_eq!(p.location(), "/staff");
        b.get("/staff").await;
        b
    }
}
