//! Every endpoint and every error case, through the router with `oneshot`, plus one real
//! server bound to 127.0.0.1:0 serving concurrent requests.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use serde_json::json;
use synoptic_server::{Limits, ServerConfig, REPORT_CSP};

#[tokio::test]
async fn healthz_and_index_and_openapi() {
    let r = call(app(), "GET", "/healthz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");

    let r = call(app(), "GET", "/", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/html"));
    let page = r.text();
    assert!(page.contains("<form id=\"form\""));
    assert!(page.contains("/v1/brief.html"));
    assert!(page.contains("type=\"file\" multiple"));
    // Self-contained: nothing fetched from elsewhere.
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));

    let r = call(app(), "GET", "/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["openapi"], "3.1.0");
}

#[tokio::test]
async fn brief_json_is_the_cli_schema() {
    let r = post_json(app(), "/v1/brief", &example_cluster()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.content_type, "application/json");
    let b = r.json();
    assert_eq!(b["schema"], "synoptic.brief/2");
    assert_eq!(b["cluster_id"], "harbor-bridge");
    assert_eq!(b["documents"].as_array().unwrap().len(), 5);
    let summary = b["summary"].as_array().unwrap();
    assert!(!summary.is_empty());
    // Spans slice exactly the quoted text, as with the CLI.
    for s in summary {
        let doc = &b["documents"][s["doc"].as_u64().unwrap() as usize];
        let clean = doc["clean_text"].as_str().unwrap();
        let (a, e) = (
            s["span"]["start"].as_u64().unwrap() as usize,
            s["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&clean[a..e], s["text"].as_str().unwrap());
    }
    // Budgets from the query string.
    let r = post_json(app(), "/v1/brief?sentences=2", &example_cluster()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["summary"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn compress_parameter_reaches_the_pipeline() {
    // One short document whose only long sentence ends with an attribution: within 12 words
    // only its core fits, and only with compress=true.
    let cluster = json!({"cluster_id": "c", "documents": [
        {"doc_id": "a", "text": "Engineers closed the old harbor bridge after finding cracked cables, the city said on Monday."}
    ]});
    let r = post_json(app(), "/v1/brief?words=12&compress=true", &cluster).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let summary = r.json()["summary"].clone();
    assert_eq!(summary.as_array().unwrap().len(), 1, "{summary}");
    assert!(summary[0]["whole_span"].is_object(), "{summary}");
    let r = post_json(app(), "/v1/brief?words=12", &cluster).await;
    assert_eq!(r.json()["summary"].as_array().unwrap().len(), 0);
    let r = post_json(app(), "/v1/brief?compress=maybe", &cluster).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn brief_html_is_the_report_with_a_strict_csp() {
    let r = post_json(app(), "/v1/brief.html?words=60", &example_cluster()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    assert_eq!(r.headers["content-security-policy"], REPORT_CSP);
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    let html = r.text();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<mark id=\"s-1\""));
}

#[tokio::test]
async fn article_markup_comes_back_escaped() {
    let cluster = json!({"cluster_id": "x<script>", "documents": [
        {"doc_id": "a", "text": "Floods closed the main road into Riverton <script>window.__pwned=1</script> on Monday, officials said.\nRescue teams reached the town by boat on Tuesday after the water rose."},
        {"doc_id": "b<img src=x onerror=alert(1)>", "text": "Floods closed the main road into Riverton on Monday, stranding hundreds of residents.\nOfficials said rescue teams used boats to reach the town on Tuesday."}
    ]});
    let r = post_json(app(), "/v1/brief.html", &cluster).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(html.contains("x&lt;script&gt;"));
}

#[tokio::test]
async fn body_over_the_limit_is_413_json() {
    let big = json!({"documents": [{"text": "word ".repeat(20_000)}]});
    for uri in ["/v1/brief", "/v1/brief.html"] {
        let r = post_json(app_with(small_limits()), uri, &big).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{uri}");
        assert_eq!(r.code(), "body_too_large");
        assert!(r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("65536 bytes"));
    }
}

#[tokio::test]
async fn too_many_documents_is_422() {
    let docs: Vec<_> = (0..4)
        .map(|i| json!({"doc_id": format!("d{i}"), "text": "Rescue teams reached the town by boat on Tuesday."}))
        .collect();
    let r = post_json(
        app_with(small_limits()),
        "/v1/brief",
        &json!({"documents": docs}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "too_many_documents");
    assert!(r.text().contains("limit of 3"));
}

#[tokio::test]
async fn invalid_clusters_are_422_naming_the_problem() {
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (b"".to_vec(), "empty_body", "empty"),
        (
            b"{\"documents\": [".to_vec(),
            "invalid_json",
            "not valid JSON",
        ),
        (b"[1,2]".to_vec(), "invalid_cluster", "JSON object"),
        (
            b"{\"cluster_id\": \"c\"}".to_vec(),
            "invalid_cluster",
            "\"documents\" is missing",
        ),
        (
            b"{\"documents\": {}}".to_vec(),
            "invalid_cluster",
            "not an array",
        ),
        (b"{\"documents\": []}".to_vec(), "invalid_cluster", "empty"),
        (
            b"{\"cluster_id\": 7, \"documents\": [{\"text\": \"a b c\"}]}".to_vec(),
            "invalid_cluster",
            "cluster_id",
        ),
        (
            b"{\"documents\": [{\"doc_id\": \"x\"}]}".to_vec(),
            "nothing_usable",
            "neither \"text\" nor \"html\"",
        ),
        (
            b"{\"documents\": [{\"doc_id\": \"blank\", \"text\": \"   \"}]}".to_vec(),
            "nothing_usable",
            "blank: skipped: empty",
        ),
        // A path is just text: nothing is read from the filesystem.
        (
            b"{\"documents\": [{\"path\": \"/etc/passwd\"}]}".to_vec(),
            "nothing_usable",
            "neither",
        ),
    ];
    for (body, code, needle) in cases {
        let shown = String::from_utf8_lossy(&body).into_owned();
        let r = call(app(), "POST", "/v1/brief", Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{shown}");
        assert_eq!(r.code(), code, "{shown}: {}", r.text());
        let message = r.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(message.contains(needle), "{shown}: {message}");
    }
}

#[tokio::test]
async fn bad_parameters_are_422() {
    for q in [
        "words=0",
        "words=99999",
        "sentences=0",
        "words=5&sentences=2",
        "words=abc",
        "compress=maybe",
    ] {
        let r = post_json(app(), &format!("/v1/brief?{q}"), &example_cluster()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert_eq!(r.code(), "bad_parameter", "{q}");
    }
}

#[tokio::test]
async fn slow_requests_time_out_with_503() {
    let limits = Limits {
        timeout: Duration::ZERO,
        ..small_limits()
    };
    let r = post_json(
        app_with(Limits {
            max_documents: 200,
            max_body_bytes: 8 << 20,
            ..limits
        }),
        "/v1/brief",
        &example_cluster(),
    )
    .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.text());
    assert_eq!(r.code(), "timeout");
    assert_eq!(r.headers["retry-after"], "1");
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let r = call(app(), "GET", "/nope", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.code(), "not_found");
    let r = call(app(), "GET", "/v1/brief", None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = call(app(), "POST", "/healthz", Some(b"{}".to_vec())).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

/// A real server on loopback: concurrent requests all succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_server_serves_concurrent_requests() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(synoptic_server::serve(listener, ServerConfig::default()));
    let body = serde_json::to_vec(&example_cluster()).unwrap();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            raw_post(addr, "/v1/brief", &body).await
        }));
    }
    for t in tasks {
        let (status, reply) = t.await.unwrap();
        assert_eq!(status, 200, "{reply}");
        assert!(reply.contains("synoptic.brief/2"));
    }
    server.abort();
}

/// A minimal HTTP/1.1 client (one request per connection).
async fn raw_post(addr: std::net::SocketAddr, path: &str, body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}
