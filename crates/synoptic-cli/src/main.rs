//! `synoptic`: the command-line tool (brief, eval, bench, noise-bench, serve). Parses arguments,
//! runs the library, prints, and maps the outcome to an exit code: 0 on success (and on a closed
//! pipe), 2 on error or when a brief was written but nothing in the input was quotable.

mod args;
mod bench;
mod eval;
mod noise;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use args::{Args, BriefArgs, Command, ServeArgs};
use synoptic::render::{render, RenderOptions};

// mimalloc: a brief allocates many small vectors and maps, and glibc's malloc and free were
// about a tenth of a small cluster's instructions (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("synoptic: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Brief(b) => brief(b),
        Command::Eval(e) => eval::run(e),
        Command::Bench(b) => bench::run(b),
        Command::NoiseBench(n) => noise::run(n),
        Command::Serve(s) => serve(s),
    }
}

fn serve(args: ServeArgs) -> Result<ExitCode> {
    if !(args.timeout_secs > 0.0 && args.timeout_secs <= 86_400.0) {
        anyhow::bail!("--timeout-secs must be between 0 and 86400");
    }
    let defaults = synoptic_server::Limits::default();
    let config = synoptic_server::ServerConfig {
        limits: synoptic_server::Limits {
            max_body_bytes: args.max_body_bytes,
            max_documents: args.max_documents,
            timeout: std::time::Duration::from_secs_f64(args.timeout_secs),
            workers: args.workers.unwrap_or(defaults.workers).max(1),
        },
        // Workers brief requests side by side: one thread per brief keeps throughput up.
        summary: synoptic::Config {
            parallel_facts: false,
            ..args::summary_config(args.words, None, false, "auto")?
        },
    };
    let workers = config.limits.workers;
    synoptic_server::run(args.addr, config, |addr| {
        eprintln!("synoptic: listening on http://{addr} ({workers} workers); Ctrl-C stops");
    })
    .with_context(|| format!("cannot serve on {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}

fn brief(args: BriefArgs) -> Result<ExitCode> {
    let config = args.config()?;
    let ingest_start = std::time::Instant::now();
    let cluster = if args.input.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        synoptic::ingest::read_stream("-", &bytes[..], args.cluster.as_deref())?
    } else {
        synoptic::ingest::read_path(&args.input, args.cluster.as_deref())?
    };
    let ingest_ms = ingest_start.elapsed().as_secs_f64() * 1000.0;
    if !args.quiet {
        for w in &cluster.warnings {
            eprintln!("synoptic: warning: {}: {}", w.input, w.message);
        }
    }
    let mut brief = synoptic::summarize(&cluster, &config)?;
    brief.timings.ingest_ms = ingest_ms;
    brief.timings.total_ms += ingest_ms;
    if args.verbose {
        let t = &brief.timings;
        eprintln!(
            "synoptic: {} documents, {} removals, language {}; ms: ingest {:.2} clean {:.2} segment {:.2} analyze {:.2} rank {:.2} select {:.2} order {:.2} total {:.2}",
            brief.documents.len(),
            brief.removals.len(),
            brief.language,
            t.ingest_ms,
            t.clean_ms,
            t.segment_ms,
            t.analyze_ms,
            t.rank_ms,
            t.select_ms,
            t.order_ms,
            t.total_ms
        );
    }
    let out = render(
        &brief,
        args.format.into(),
        RenderOptions {
            explain: args.explain,
        },
    )?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(out.as_bytes())?;
            stdout.flush()?;
        }
    }
    if brief.summary.is_empty() {
        if !args.quiet {
            eprintln!(
                "synoptic: nothing quotable was found in {}",
                args.input.display()
            );
        }
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// True when progress bars may be drawn.
pub(crate) fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
