//! `synoptic noise-bench` end to end, on clusters written for this test (invented events).

mod common;
use common::{bin, temp_dir};

use std::path::PathBuf;

use serde_json::{json, Value};

/// Three invented events, three short articles each, with one reference summary.
fn dataset() -> String {
    let events: [(&str, [&str; 3], &str); 3] = [
        (
            "ferry",
            [
                "Ferry crews in Saltmarsh walked off the job on Tuesday in a dispute over night shifts, the harbor authority said.\n\nThe strike stopped all crossings to the three islands, and about two thousand commuters had to find other ways to work.\n\nThe union said its members had worked unpaid overtime for months and wanted a new rota before the summer season.\n\nThe harbor authority said talks would resume on Thursday.",
                "All ferry crossings from Saltmarsh were cancelled on Tuesday after crews went on strike over night shifts.\n\nThe harbor authority said about two thousand commuters were affected, and island schools closed for the day.\n\nUnion leaders said crews wanted an end to unpaid overtime and a new rota before summer.\n\nBoth sides are due to meet again on Thursday.",
                "A strike by ferry crews halted crossings between Saltmarsh and the islands on Tuesday.\n\nCommuters crowded onto a single private water taxi, and island shops said deliveries had not arrived.\n\nThe crews' union said the dispute was about unpaid overtime and night shifts.\n\nThe harbor authority said it hoped to reach a deal at talks on Thursday.",
            ],
            "Ferry crews in Saltmarsh went on strike on Tuesday over night shifts and unpaid overtime, stopping crossings to the islands for about two thousand commuters. Talks resume on Thursday.",
        ),
        (
            "orchard",
            [
                "A late frost destroyed most of the apple blossom in the Brimley valley this week, growers said on Friday.\n\nThe cooperative that buys from forty farms expects the harvest to fall by more than half.\n\nFarmers lit fires and ran sprinklers through the night, but temperatures fell too low for too long.\n\nThe regional council said it would ask the state for emergency aid for the growers.",
                "Growers in the Brimley valley said on Friday that a late frost had killed most of this year's apple blossom.\n\nThe fruit cooperative said the harvest could be less than half of last year's.\n\nSome farmers kept fires burning all night to protect the trees, without success.\n\nCouncil leaders plan to request emergency state aid.",
                "Apple farmers in the Brimley valley face their worst season in decades after a late frost this week.\n\nThe cooperative that markets the valley's fruit said the crop would fall by more than half.\n\nGrowers said sprinklers and fires had not saved the blossom during the coldest night.\n\nThe regional council will seek emergency aid from the state.",
            ],
            "A late frost destroyed most of the apple blossom in the Brimley valley, and the cooperative expects the harvest to fall by more than half. The council will seek emergency state aid.",
        ),
        (
            "observatory",
            [
                "The Greyhaven observatory reopened on Saturday after a two-year renovation of its main telescope dome.\n\nEngineers replaced the dome's motors and installed a new mirror coating, the observatory's director said.\n\nMore than a thousand visitors came to the opening night, and public viewing evenings will return every Friday.\n\nThe renovation was paid for by the county and a local science foundation.",
                "After two years of repairs, the Greyhaven observatory opened its doors again on Saturday.\n\nThe director said the main telescope now had new dome motors and a fresh mirror coating.\n\nAbout a thousand people attended the reopening, and Friday public evenings are coming back.\n\nThe county and a science foundation shared the cost of the work.",
                "Greyhaven's observatory welcomed visitors again on Saturday following a long renovation.\n\nWork on the dome took two years and included new motors and a recoated mirror.\n\nThe observatory will hold public viewing nights every Friday, its director said.\n\nFunding came from the county and a local science foundation.",
            ],
            "The Greyhaven observatory reopened on Saturday after a two-year renovation that gave its telescope new dome motors and a recoated mirror. Public viewing nights return on Fridays.",
        ),
    ];
    let mut out = String::new();
    for (id, docs, summary) in events {
        let documents: Vec<Value> = docs
            .iter()
            .enumerate()
            .map(|(i, t)| {
                json!({"doc_id": format!("{id}-{i}"), "source": null, "date": null,
                       "title": format!("Invented headline {i} about the {id}"), "text": t})
            })
            .collect();
        let line = json!({"cluster_id": id, "documents": documents,
                          "summaries": [{"annotator": "A", "text": summary}]});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn noise_bench_runs_and_is_deterministic() {
    let dir = temp_dir("e2e");
    let data = dir.join("data.jsonl");
    std::fs::write(&data, dataset()).unwrap();
    let run_json = |seed: &str, dump: Option<&PathBuf>| -> Value {
        let mut cmd = bin();
        cmd.args(["noise-bench", data.to_str().unwrap(), "--words", "40"])
            .args(["--format", "json", "--seed", seed]);
        if let Some(d) = dump {
            cmd.arg("--dump").arg(d);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let dump = dir.join("noisy.jsonl");
    let a = run_json("5", Some(&dump));
    let b = run_json("5", None);
    assert_eq!(a, b, "same seed, same report");
    let c = run_json("6", None);
    assert_ne!(a["clusters"], c["clusters"], "another seed, other noise");

    let agg = &a["aggregate"];
    assert_eq!(agg["clusters"], 3);
    assert_eq!(agg["clusters_failed"], 0);
    assert_eq!(agg["alignment_failures"], 0);
    for kind in [
        "site_chrome",
        "share",
        "byline",
        "timestamp",
        "caption",
        "related",
        "newsletter",
        "comment",
        "legal",
        "tags",
        "social",
        "stray",
        "foreign_text",
        "offtopic_doc",
        "wire_copy",
    ] {
        let k = &agg["kinds"][kind];
        assert!(k["units"].as_u64().unwrap() > 0, "{kind} injected");
        assert!(k["removed"].as_u64().unwrap() <= k["units"].as_u64().unwrap());
    }
    for r in ["rouge1_clean", "rouge1_noisy", "rouge2_clean"] {
        let x = agg[r].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x) && x > 0.0, "{r} = {x}");
    }
    let clusters = a["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 3);
    for c in clusters {
        assert_eq!(
            c["documents_noisy"].as_u64().unwrap(),
            c["documents_clean"].as_u64().unwrap() + 2
        );
    }

    // The dump replays: every label slices its document's text, and `brief` reads it.
    let dumped = std::fs::read_to_string(&dump).unwrap();
    let lines: Vec<Value> = dumped
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for l in &lines {
        let docs = l["documents"].as_array().unwrap();
        for u in l["noise"]["units"].as_array().unwrap() {
            let text = docs[u["doc"].as_u64().unwrap() as usize]["text"]
                .as_str()
                .unwrap();
            let (s, e) = (
                u["span"]["start"].as_u64().unwrap() as usize,
                u["span"]["end"].as_u64().unwrap() as usize,
            );
            let piece = text.get(s..e).expect("span on char boundaries");
            assert!(!piece.trim().is_empty());
            assert_eq!(piece, piece.trim());
        }
    }
    let o = bin()
        .args(["brief", dump.to_str().unwrap(), "--cluster", "orchard"])
        .args(["--format", "json", "--words", "40"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // The table names every kind and the goals.
    let o = bin()
        .args(["noise-bench", data.to_str().unwrap(), "--words", "40"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let t = String::from_utf8(o.stdout).unwrap();
    for needle in [
        "| share |",
        "| **all boilerplate** |",
        "foreign_text",
        "offtopic_doc",
        "wire_copy",
        "| ROUGE-1 |",
        "Goals:",
    ] {
        assert!(t.contains(needle), "table lacks {needle}:\n{t}");
    }
}
