//! Shared helpers for the server tests: the example cluster as a request, and a one-shot call.

#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use synoptic_server::{router, Limits, ServerConfig};
use tower::ServiceExt;

/// The shipped example cluster as the JSON body the web page posts.
pub fn example_cluster() -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbor-bridge");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let docs: Vec<Value> = names
        .iter()
        .map(|n| {
            let body = std::fs::read_to_string(dir.join(n)).unwrap();
            if n.ends_with(".html") {
                json!({"doc_id": n, "html": body})
            } else {
                json!({"doc_id": n, "text": body})
            }
        })
        .collect();
    json!({"cluster_id": "harbor-bridge", "documents": docs})
}

pub fn app() -> Router {
    router(ServerConfig::default())
}

pub fn app_with(limits: Limits) -> Router {
    router(ServerConfig {
        limits,
        ..ServerConfig::default()
    })
}

pub fn small_limits() -> Limits {
    Limits {
        max_body_bytes: 64 * 1024,
        max_documents: 3,
        timeout: Duration::from_secs(20),
        workers: 2,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The error code of a JSON error reply.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

pub async fn call(app: Router, method: &str, uri: &str, body: Option<Vec<u8>>) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .unwrap();
    let resp = app.oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let content_type = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

pub async fn post_json(app: Router, uri: &str, value: &Value) -> Reply {
    call(app, "POST", uri, Some(serde_json::to_vec(value).unwrap())).await
}
