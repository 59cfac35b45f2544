//! The pure core stays pure: `engine/`, `dialogue/` and `orientation/` use no I/O crate, read
//! no clock and draw no random numbers. (`dialogue/mod.rs` alone reads the dialogue files.)

use std::path::Path;

const IO_CRATES: &[&str] = &[
    "tokio", "sqlx", "reqwest", "teloxide", "axum", "hyper", "tower", "dashmap",
];
const IMPURE: &[&str] = &[
    "SystemTime",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "rand::",
    "std::env",
    "std::net",
    "std::process",
    "thread::sleep",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_pure_core_does_no_io() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("bot");
    let mut files = Vec::new();
    for module in ["engine", "dialogue", "orientation"] {
        rust_files(&root.join(module), &mut files);
    }
    assert!(files.len() >= 5, "expected the core modules under bot/");
    let mut offences = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let rel = f.strip_prefix(&root).unwrap().display().to_string();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for c in IO_CRATES {
                if code.contains(&format!("{c}::")) || code.contains(&format!("use {c}")) {
                    offences.push(format!("{rel}:{}: uses {c}", n + 1));
                }
            }
            for w in IMPURE {
                if code.contains(w) {
                    offences.push(format!("{rel}:{}: uses {w}", n + 1));
                }
            }
            if code.contains("std::fs") && rel != "dialogue/mod.rs" {
                offences.push(format!("{rel}:{}: reads files", n + 1));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the pure core must stay pure:\n{}",
        offences.join("\n")
    );
}
