//! The preview server: the site from memory, the live-reload script and its
//! event stream.

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::sync::{Arc, PoisonError, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Response, StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use serde::Serialize;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::set_header::SetResponseHeaderLayer;

/// The path of the live-reload script.
pub const LIVE_SCRIPT_PATH: &str = "/__versus/live.js";
/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__versus/events";
const LIVE_SCRIPT: &str = include_str!("live.js");

/// One version of the served site.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Output path → the file as built, and as served.
    pub files: HashMap<String, Served>,
}

/// A file as built and as served (pages get the live script).
#[derive(Debug, Clone)]
pub struct Served {
    /// The build's bytes, to compare with the next build.
    pub built: bytes::Bytes,
    /// What the server sends.
    pub body: bytes::Bytes,
}

/// A message to open pages.
#[derive(Debug, Clone, Serialize)]
pub struct LiveEvent {
    /// `reload`, `css` or `error`.
    #[serde(skip)]
    pub kind: &'static str,
    /// The build this describes.
    pub build: String,
    /// For `reload`: URL paths of pages that changed.
    pub pages: Vec<String>,
    /// For `css`: asset name → new URL.
    pub assets: BTreeMap<String, String>,
    /// For `error`: the diagnostics, as text.
    pub message: Option<String>,
}

/// What the server shares with the rebuild loop.
pub struct Live {
    /// The last good site.
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// The current build id and error, if the last build failed.
    pub status: RwLock<(String, Option<String>)>,
    /// Fan-out of events to every open page.
    pub events: broadcast::Sender<LiveEvent>,
}

impl Live {
    /// An empty site.
    pub fn new() -> Arc<Live> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Live {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            status: RwLock::new((String::new(), None)),
            events,
        })
    }
}

/// The router: events, the live script, and the site.
pub fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(LIVE_SCRIPT_PATH, get(live_script))
        .fallback(get(site_file))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(live)
}

async fn live_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_SCRIPT,
    )
}

async fn events(State(live): State<Arc<Live>>) -> impl IntoResponse {
    let (build, error) = live
        .status
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let hello = LiveEvent {
        kind: "hello",
        build,
        pages: Vec::new(),
        assets: BTreeMap::new(),
        message: error,
    };
    let first = tokio_stream::once(hello);
    let rest = BroadcastStream::new(live.events.subscribe()).filter_map(Result::ok);
    let stream = first.chain(rest).map(|event| {
        Ok::<Event, Infallible>(
            Event::default()
                .event(event.kind)
                .data(serde_json::to_string(&event).unwrap_or_default()),
        )
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn site_file(State(live): State<Arc<Live>>, uri: Uri) -> Response<Body> {
    let snapshot = Arc::clone(&live.snapshot.read().unwrap_or_else(PoisonError::into_inner));
    let exists = |key: &str| snapshot.files.contains_key(key);
    match resolve_path(uri.path(), exists) {
        Resolved::File(key) => file_response(StatusCode::OK, &key, &snapshot.files[&key].body),
        Resolved::Redirect(to) => Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            // `/report?w=390` → `/report/?w=390`: the query is the reader's.
            .header(header::LOCATION, with_query(to, uri.query()))
            .body(Body::empty())
            .expect("valid response"),
        Resolved::Forbidden => Response::builder()
            .status(StatusCode::FORBIDDEN)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(Body::from("403: this path is not served\n"))
            .expect("valid response"),
        Resolved::NotFound => match snapshot.files.get("404.html") {
            Some(page) => file_response(StatusCode::NOT_FOUND, "404.html", &page.body),
            None => not_built(&live),
        },
    }
}

/// `to` with the request's query string, if it had one.
fn with_query(to: String, query: Option<&str>) -> String {
    match query {
        Some(query) if !query.is_empty() => format!("{to}?{query}"),
        _ => to,
    }
}

/// Before the first good build there is no site: show a page that waits for
/// one (the live script brings the error overlay and the reload).
fn not_built(live: &Live) -> Response<Body> {
    let error = live
        .status
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .1
        .clone();
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>versus: no site yet</title>\
         <script src=\"{LIVE_SCRIPT_PATH}\" defer></script></head><body><main><h1>No site yet</h1><pre>{}</pre></main></body></html>",
        crate::util::html::escape_html(error.as_deref().unwrap_or("Building…"))
    );
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(body))
        .expect("valid response")
}

fn file_response(status: StatusCode, key: &str, bytes: &bytes::Bytes) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type(key))
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(Body::from(bytes.clone()))
        .expect("valid response")
}

/// The `Content-Type` of an output path.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "javascript"
            || mime.subtype() == "json"
            || mime.subtype() == "xml" =>
        {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    }
}

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// This output file.
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    /// Nothing there.
    NotFound,
    /// A path that tries to leave the output: never served.
    Forbidden,
}

/// Maps a raw (percent-encoded) request path to an output file. Refuses
/// `..` and `.` segments (also percent-encoded), backslashes, NUL, drive
/// letters and absolute paths hidden behind `//`.
pub fn resolve_path(raw: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    if raw.contains('\\') || raw.to_ascii_lowercase().contains("%5c") {
        return Resolved::Forbidden;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Resolved::Forbidden;
    };
    if decoded.contains('\0') || decoded.contains('\\') || decoded.starts_with("//") {
        return Resolved::Forbidden;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.contains(':'))
    {
        return Resolved::Forbidden;
    }
    let key = segments.join("/");
    let index = if key.is_empty() {
        "index.html".to_string()
    } else {
        format!("{key}/index.html")
    };
    if decoded.ends_with('/') || key.is_empty() {
        return if exists(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if exists(&key) {
        Resolved::File(key)
    } else if exists(&index) {
        Resolved::Redirect(format!("{raw}/"))
    } else {
        Resolved::NotFound
    }
}

/// Adds the live-reload script to a page.
pub fn inject_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.find("</head>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(raw: &str) -> Resolved {
        let files = ["index.html", "r/index.html", "assets/style.css", "404.html"];
        resolve_path(raw, |key| files.contains(&key))
    }

    #[test]
    fn paths_map_to_files_and_folders() {
        let cases = [
            ("/", Resolved::File("index.html".into())),
            ("/r/", Resolved::File("r/index.html".into())),
            ("/r", Resolved::Redirect("/r/".into())),
            (
                "/assets/style.css",
                Resolved::File("assets/style.css".into()),
            ),
            ("/nope", Resolved::NotFound),
        ];
        for (raw, expected) in cases {
            assert_eq!(resolve(raw), expected, "{raw}");
        }
    }

    #[test]
    fn escapes_are_refused() {
        for raw in [
            "/../etc/passwd",
            "/r/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2fetc",
            "/..%2f..%2fetc",
            "/r\\..\\x",
            "/r%5c..%5cx",
            "//etc/passwd",
            "/C:/Windows",
            "/a%00b",
            "/./index.html",
        ] {
            assert_eq!(resolve(raw), Resolved::Forbidden, "{raw}");
        }
    }

    #[test]
    fn content_types_are_right() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/style.1.css"),
            "text/css; charset=utf-8"
        );
        assert!(content_type("assets/versus.1.js").contains("javascript"));
        assert_eq!(content_type("r/infographic.svg"), "image/svg+xml");
    }

    #[test]
    fn the_live_script_goes_into_the_head() {
        let html = inject_live_script(b"<html><head><title>x</title></head><body></body></html>");
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<script src=\"/__versus/live.js\" defer></script></head>"));
    }
}
