//! `openapi.json` is kept true: it describes exactly the routes the router serves, and each
//! operation answers valid and invalid requests with statuses (and bodies) it documents.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use synoptic_server::{Limits, OPENAPI_JSON, ROUTES};

fn spec() -> Value {
    serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON")
}

/// Resolve a local `$ref`.
fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let path = r.strip_prefix("#/").expect("local ref");
            path.split('/').fold(spec, |node, key| &node[key])
        }
        None => v,
    }
}

/// Shallow check of a JSON value against a schema: type object and required keys, recursively
/// through required properties that are themselves described.
fn check_schema(spec: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = resolve(spec, schema);
    if let Some(c) = schema.get("const") {
        assert_eq!(value, c, "{at}");
    }
    if schema["type"] == "object" {
        assert!(value.is_object(), "{at}: expected an object, got {value}");
        for key in schema["required"].as_array().into_iter().flatten() {
            let key = key.as_str().unwrap();
            assert!(value.get(key).is_some(), "{at}: missing required {key:?}");
            if let Some(sub) = schema["properties"].get(key) {
                check_schema(spec, sub, &value[key], &format!("{at}.{key}"));
            }
        }
    }
    if schema["type"] == "array" {
        let items = value
            .as_array()
            .unwrap_or_else(|| panic!("{at}: not an array"));
        if let Some(item) = schema.get("items") {
            for (i, v) in items.iter().enumerate() {
                check_schema(spec, item, v, &format!("{at}[{i}]"));
            }
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        assert!(e.contains(value), "{at}: {value} not in enum");
    }
}

/// The reply's status must be documented for the operation, with a matching content type and
/// body shape.
fn check_reply(spec: &Value, path: &str, method: &str, r: &Reply) {
    let op = &spec["paths"][path][method];
    let code = r.status.as_u16().to_string();
    let doc = op["responses"].get(&code).unwrap_or_else(|| {
        panic!(
            "{method} {path}: status {code} is not documented: {}",
            r.text()
        )
    });
    let content = doc["content"]
        .as_object()
        .expect("responses describe content");
    let (ctype, media) = content
        .iter()
        .find(|(ct, _)| r.content_type.starts_with(ct.as_str()))
        .unwrap_or_else(|| {
            panic!(
                "{method} {path} {code}: content type {} undocumented",
                r.content_type
            )
        });
    if ctype == "application/json" {
        check_schema(
            spec,
            &media["schema"],
            &r.json(),
            &format!("{method} {path} {code}"),
        );
    }
}

#[test]
fn every_route_is_described_and_nothing_else() {
    let spec = spec();
    assert_eq!(spec["openapi"], "3.1.0");
    let described: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (p.clone(), m.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    assert_eq!(described, served);
}

#[tokio::test]
async fn served_routes_match_the_route_table() {
    // Each listed route answers something other than 404/405 for its method.
    for (path, method) in ROUTES {
        let body = (*method == "post").then(|| serde_json::to_vec(&example_cluster()).unwrap());
        let r = call(app(), &method.to_uppercase(), path, body).await;
        assert!(
            r.status != 404 && r.status != 405,
            "{method} {path}: {}",
            r.status
        );
    }
}

#[tokio::test]
async fn every_operation_answers_with_documented_statuses() {
    let spec = spec();
    let example = serde_json::to_vec(&example_cluster()).unwrap();
    for (path, method) in ROUTES {
        let m = method.to_uppercase();
        if *method == "get" {
            // Valid, and with junk in the query string.
            for uri in [path.to_string(), format!("{path}?x=%3Cscript%3E&words=-1")] {
                let r = call(app(), &m, &uri, None).await;
                assert_eq!(r.status, 200, "{m} {uri}");
                check_reply(&spec, path, method, &r);
            }
            continue;
        }
        // Valid request.
        let r = call(app(), &m, path, Some(example.clone())).await;
        assert_eq!(r.status, 200, "{m} {path}: {}", r.text());
        check_reply(&spec, path, method, &r);
        // Invalid requests: each answered with a documented error.
        let too_many = json!({"documents": (0..4).map(|i| json!({"text": format!("doc {i}")})).collect::<Vec<_>>()});
        let invalid: Vec<(Limits, String, Vec<u8>, u16)> = vec![
            (small_limits(), path.to_string(), b"not json".to_vec(), 422),
            (
                small_limits(),
                path.to_string(),
                b"{\"documents\": []}".to_vec(),
                422,
            ),
            (
                small_limits(),
                path.to_string(),
                serde_json::to_vec(&too_many).unwrap(),
                422,
            ),
            (
                Limits {
                    max_body_bytes: 1024,
                    ..small_limits()
                },
                format!("{path}?words=0"),
                example.clone(),
                413,
            ),
            (
                Limits {
                    max_body_bytes: 8 << 20,
                    ..small_limits()
                },
                format!("{path}?words=0"),
                example.clone(),
                422,
            ),
            (
                Limits {
                    max_body_bytes: 8 << 20,
                    max_documents: 200,
                    timeout: Duration::ZERO,
                    workers: 1,
                },
                path.to_string(),
                example.clone(),
                503,
            ),
        ];
        for (limits, uri, body, want) in invalid {
            let r = call(app_with(limits), &m, &uri, Some(body)).await;
            assert_eq!(r.status.as_u16(), want, "{m} {uri}: {}", r.text());
            check_reply(&spec, path, method, &r);
        }
    }
}
