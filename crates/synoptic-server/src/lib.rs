//! `synoptic-server`: the HTTP API and web page for Synoptic briefs.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | a self-contained page: paste or drop articles, get the HTML report |
//! | `POST /v1/brief` | JSON cluster in, brief JSON (`synoptic.brief/2`, as the CLI writes) out |
//! | `POST /v1/brief.html` | JSON cluster in, the self-contained HTML report out |
//! | `GET /healthz` | liveness |
//! | `GET /openapi.json` | the OpenAPI 3.1 description of all of the above |
//!
//! The request body is the JSON cluster [`synoptic::ingest::cluster_from_json`] reads:
//! `{"cluster_id", "documents": [{"doc_id", "text" | "html", "source", "date", "title"}]}`.
//! Documents carry their text inline; nothing in a request is ever read as a path.
//!
//! Limits ([`Limits`]): the body size (413), the number of documents (422), the time one request
//! may take (503), and the number of briefs computed at once (a semaphore sized to the cores).
//! Summarizing is CPU work, so it runs on tokio's blocking pool, never on the async workers.
//! Every error is JSON: `{"error": {"code": "...", "message": "..."}}`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use synoptic::render::{render, Format, RenderOptions};
use synoptic::select::Budget;
use tokio::sync::Semaphore;

/// The OpenAPI 3.1 description served at `/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// The web page served at `/`.
pub const INDEX_HTML: &str = include_str!("index.html");

/// The Content-Security-Policy sent with HTML reports: no script, no fetch, inline styles only.
pub const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                              base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// Request limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted request body, in bytes (larger: 413).
    pub max_body_bytes: usize,
    /// Most documents in one cluster (more: 422).
    pub max_documents: usize,
    /// Longest one request may take, waiting for a worker included (longer: 503).
    pub timeout: Duration,
    /// Briefs computed at once (at least 1).
    pub workers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 8 * 1024 * 1024,
            max_documents: 200,
            timeout: Duration::from_secs(20),
            workers: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
        }
    }
}

/// Everything the server needs.
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// Request limits.
    pub limits: Limits,
    /// The summary configuration used when a request names no budget.
    pub summary: synoptic::Config,
}

/// Largest `words` a request may ask for.
pub const MAX_WORDS: usize = 2000;
/// Largest `sentences` a request may ask for.
pub const MAX_SENTENCES: usize = 100;

struct AppState {
    config: ServerConfig,
    workers: Arc<Semaphore>,
}

type Shared = Arc<AppState>;

/// Every route with its method, as served; the OpenAPI test checks this list against
/// `openapi.json` both ways.
pub const ROUTES: &[(&str, &str)] = &[
    ("/", "get"),
    ("/healthz", "get"),
    ("/openapi.json", "get"),
    ("/v1/brief", "post"),
    ("/v1/brief.html", "post"),
];

fn routes() -> Vec<(&'static str, MethodRouter<Shared>)> {
    vec![
        ("/", get(index)),
        ("/healthz", get(healthz)),
        ("/openapi.json", get(openapi)),
        ("/v1/brief", post(brief_json)),
        ("/v1/brief.html", post(brief_html)),
    ]
}

/// The application: every route, the body limit and the worker pool.
pub fn router(config: ServerConfig) -> Router {
    let body_limit = config.limits.max_body_bytes;
    let state = Arc::new(AppState {
        workers: Arc::new(Semaphore::new(config.limits.workers.max(1))),
        config,
    });
    let mut app = Router::new();
    for (path, route) in routes() {
        app = app.route(path, route);
    }
    app.fallback(not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
}

/// Serve on an already bound listener until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, config: ServerConfig) -> std::io::Result<()> {
    axum::serve(listener, router(config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// Bind `addr`, call `ready` with the bound address (useful with port 0), and serve until
/// Ctrl-C on a multi-threaded runtime. Blocks the calling thread.
pub fn run(
    addr: SocketAddr,
    config: ServerConfig,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        serve(listener, config).await
    })
}

/// An error answered as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// A stable machine-readable code.
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        let mut resp = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        resp
    }
}

fn with_headers(mut resp: Response, content_type: &'static str) -> Response {
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

async fn index() -> Response {
    let mut resp = with_headers(INDEX_HTML.into_response(), "text/html; charset=utf-8");
    resp.headers_mut().insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    resp
}

async fn healthz() -> Response {
    axum::Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})).into_response()
}

async fn openapi() -> Response {
    with_headers(OPENAPI_JSON.into_response(), "application/json")
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route")
}

/// Query parameters of the brief endpoints.
#[derive(Debug, Default, Deserialize)]
struct BriefParams {
    words: Option<usize>,
    sentences: Option<usize>,
    /// Offer sentence cores to the selector (`--compress`).
    compress: Option<bool>,
}

async fn brief_json(
    State(state): State<Shared>,
    params: Result<Query<BriefParams>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let out = process(state, params, body, Format::Json).await?;
    Ok(with_headers(out.into_response(), "application/json"))
}

async fn brief_html(
    State(state): State<Shared>,
    params: Result<Query<BriefParams>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let out = process(state, params, body, Format::Html).await?;
    let mut resp = with_headers(out.into_response(), "text/html; charset=utf-8");
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(REPORT_CSP),
    );
    Ok(resp)
}

/// Check the request, then summarize on the blocking pool within the time limit.
async fn process(
    state: Shared,
    params: Result<Query<BriefParams>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
    format: Format,
) -> Result<String, ApiError> {
    let body = body.map_err(|r| {
        let status = r.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                "body_too_large",
                format!(
                    "the request body is larger than the limit of {} bytes",
                    state.config.limits.max_body_bytes
                ),
            )
        } else {
            ApiError::new(status, "bad_body", r.body_text())
        }
    })?;
    let Query(params) =
        params.map_err(|r| ApiError::unprocessable("bad_parameter", r.body_text()))?;
    let config = summary_config(&state.config.summary, &params)?;
    let max_documents = state.config.limits.max_documents;
    let workers = state.workers.clone();
    let work = async move {
        let permit = workers.acquire_owned().await.map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "shutting_down",
                "the server is shutting down",
            )
        })?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            brief(&body, &config, max_documents, format)
        })
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("the brief could not be computed: {e}"),
            )
        })?
    };
    let limit = state.config.limits.timeout;
    match tokio::time::timeout(limit, work).await {
        Ok(result) => result,
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the brief took longer than the limit of {} ms; try fewer or shorter documents",
                limit.as_millis()
            ),
        )),
    }
}

fn summary_config(
    base: &synoptic::Config,
    params: &BriefParams,
) -> Result<synoptic::Config, ApiError> {
    let mut config = base.clone();
    match (params.words, params.sentences) {
        (Some(_), Some(_)) => {
            return Err(ApiError::unprocessable(
                "bad_parameter",
                "give either words or sentences, not both",
            ))
        }
        (Some(w), None) if (1..=MAX_WORDS).contains(&w) => config.budget = Budget::Words(w),
        (Some(_), None) => {
            return Err(ApiError::unprocessable(
                "bad_parameter",
                format!("words must be between 1 and {MAX_WORDS}"),
            ))
        }
        (None, Some(s)) if (1..=MAX_SENTENCES).contains(&s) => config.budget = Budget::Sentences(s),
        (None, Some(_)) => {
            return Err(ApiError::unprocessable(
                "bad_parameter",
                format!("sentences must be between 1 and {MAX_SENTENCES}"),
            ))
        }
        (None, None) => {}
    }
    if let Some(c) = params.compress {
        config.compress = c;
    }
    Ok(config)
}

/// Parse, ingest, summarize and render one request body. CPU work: call on a blocking thread.
fn brief(
    body: &[u8],
    config: &synoptic::Config,
    max_documents: usize,
    format: Format,
) -> Result<String, ApiError> {
    let start = Instant::now();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::unprocessable(
            "empty_body",
            "the request body is empty; send a JSON cluster {\"cluster_id\", \"documents\": [...]}",
        ));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::unprocessable("invalid_json", format!("the body is not valid JSON: {e}"))
    })?;
    let Some(obj) = value.as_object() else {
        return Err(ApiError::unprocessable(
            "invalid_cluster",
            "the body must be a JSON object {\"cluster_id\", \"documents\": [...]}",
        ));
    };
    let Some(docs) = obj.get("documents").and_then(Value::as_array) else {
        return Err(ApiError::unprocessable(
            "invalid_cluster",
            "\"documents\" is missing or not an array",
        ));
    };
    if docs.is_empty() {
        return Err(ApiError::unprocessable(
            "invalid_cluster",
            "\"documents\" is empty; send at least one document with \"text\" or \"html\"",
        ));
    }
    if docs.len() > max_documents {
        return Err(ApiError::unprocessable(
            "too_many_documents",
            format!(
                "{} documents is more than the limit of {max_documents}",
                docs.len()
            ),
        ));
    }
    if let Some(id) = obj.get("cluster_id") {
        if !id.is_string() {
            return Err(ApiError::unprocessable(
                "invalid_cluster",
                "\"cluster_id\" must be a string",
            ));
        }
    }
    let cluster = synoptic::ingest::cluster_from_json("request", 1, &value)
        .map_err(|e| ApiError::unprocessable("invalid_cluster", e.to_string()))?;
    if cluster.documents.is_empty() {
        let why: Vec<String> = cluster
            .warnings
            .iter()
            .map(|w| format!("{}: {}", w.input, w.message))
            .collect();
        return Err(ApiError::unprocessable(
            "nothing_usable",
            format!("no usable document in the cluster ({})", why.join("; ")),
        ));
    }
    let ingest_ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut brief = synoptic::summarize(&cluster, config).map_err(|e| match e {
        synoptic::Error::NothingUsable { .. } => {
            ApiError::unprocessable("nothing_usable", e.to_string())
        }
        synoptic::Error::Config(_) => ApiError::unprocessable("bad_parameter", e.to_string()),
        other => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            other.to_string(),
        ),
    })?;
    brief.timings.ingest_ms = ingest_ms;
    brief.timings.total_ms += ingest_ms;
    render(&brief, format, RenderOptions::default())
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))
}
