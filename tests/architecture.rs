//! The module graph, read from the source. Each top-level module of `bot/` may import only the
//! modules its row of [`ALLOWED`] names; the table itself has no circle, so neither does the
//! code. The pure modules use no I/O crate, read no clock and draw no random numbers
//! (`dialogue/mod.rs` alone reads the dialogue files).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Who may import whom: `(module, the crate modules it may use)`. Top to bottom, each row may
/// name only rows above it.
const ALLOWED: &[(&str, &[&str])] = &[
    // Identities and vocabularies: nothing of the crate.
    ("core", &[]),
    // Metrics: counters any layer records into; they read nothing.
    ("metrics", &["core"]),
    // PURE: the dialogue model, orientation, slot search, the engine.
    ("dialogue", &["core"]),
    ("orientation", &["core", "dialogue"]),
    ("booking", &["core", "dialogue"]),
    ("engine", &["core", "dialogue", "orientation", "booking"]),
    // Rendering and the loaded content.
    ("i18n", &["core", "dialogue", "orientation", "engine"]),
    (
        "catalog",
        &["core", "dialogue", "booking", "engine", "i18n"],
    ),
    // I/O: the one place that writes SQL.
    (
        "storage",
        &["core", "metrics", "dialogue", "booking", "engine"],
    ),
    // The application layer every entry point calls.
    (
        "app",
        &[
            "core",
            "metrics",
            "dialogue",
            "orientation",
            "booking",
            "engine",
            "i18n",
            "catalog",
            "storage",
        ],
    ),
    // Golden transcripts: a conversation and what it left stored.
    (
        "transcript",
        &[
            "core",
            "dialogue",
            "orientation",
            "engine",
            "i18n",
            "catalog",
            "storage",
            "app",
        ],
    ),
    // The outbox worker.
    (
        "notify",
        &[
            "core", "metrics", "booking", "engine", "i18n", "catalog", "app",
        ],
    ),
    // Entry points.
    (
        "channels",
        &[
            "core",
            "metrics",
            "dialogue",
            "engine",
            "i18n",
            "catalog",
            "app",
            "notify",
            "transcript",
        ],
    ),
    (
        "config",
        &["core", "engine", "storage", "app", "notify", "channels"],
    ),
    (
        "web",
        &[
            "core", "metrics", "dialogue", "booking", "engine", "i18n", "catalog", "app", "notify",
            "channels", "config",
        ],
    ),
    // Tools and the command line see everything.
    (
        "bench",
        &[
            "core",
            "metrics",
            "dialogue",
            "orientation",
            "booking",
            "engine",
            "i18n",
            "catalog",
            "storage",
            "app",
            "notify",
            "channels",
            "transcript",
            "config",
            "web",
        ],
    ),
    (
        "cli",
        &[
            "core",
            "metrics",
            "dialogue",
            "orientation",
            "booking",
            "engine",
            "i18n",
            "catalog",
            "storage",
            "app",
            "notify",
            "channels",
            "transcript",
            "config",
            "web",
            "bench",
        ],
    ),
];

/// Modules that do no I/O, read no clock and draw no random numbers.
const PURE: &[&str] = &["core", "dialogue", "orientation", "booking", "engine"];

const IO_CRATES: &[&str] = &[
    "tokio", "sqlx", "reqwest", "teloxide", "axum", "hyper", "tower", "dashmap", "maud",
];
const IMPURE: &[&str] = &[
    "SystemTime",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "rand::",
    "Uuid::new_v4",
    "std::env",
    "std::net",
    "std::process",
    "thread::sleep",
];
/// The one file of a pure module allowed each impure use, and why.
const PURE_EXCEPTIONS: &[(&str, &str)] = &[
    // The two system implementations of the clock and entropy traits.
    ("core/time.rs", "Utc::now"),
    ("core/time.rs", "Uuid::new_v4"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
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

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bot")
}

/// The top-level module a file belongs to (`bot/main.rs` counts as the command line).
fn module_of(rel: &str) -> String {
    let first = rel.split('/').next().unwrap_or(rel);
    let name = first.trim_end_matches(".rs");
    match name {
        "main" => "cli".to_string(),
        other => other.to_string(),
    }
}

/// The code of a line, without its comment.
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or_default()
}

/// The crate modules a text names, with the line of each first use.
fn uses(text: &str, in_binary: bool) -> Vec<(usize, String)> {
    let prefixes: &[&str] = if in_binary {
        &["tremplin::", "crate::"]
    } else {
        &["crate::"]
    };
    let mut out = Vec::new();
    let mut in_test = false;
    for (n, line) in text.lines().enumerate() {
        let c = code(line);
        // Unit tests inside a module may reach wider; the rule is for shipped code.
        if c.trim_start().starts_with("#[cfg(test)]") {
            in_test = true;
        }
        if in_test {
            continue;
        }
        for prefix in prefixes {
            let mut rest = c;
            while let Some(at) = rest.find(prefix) {
                let before = rest[..at].chars().last();
                rest = &rest[at + prefix.len()..];
                if before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
                    continue;
                }
                let name: String = rest
                    .chars()
                    .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((n + 1, name));
                }
            }
        }
        // `use crate::{a, b}` and `use tremplin::{a, b}`.
        for prefix in prefixes {
            if let Some(at) = c.find(&format!("{prefix}{{")) {
                let inner = &c[at + prefix.len() + 1..];
                for part in inner.split([',', '}']) {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push((n + 1, name));
                    }
                }
            }
        }
    }
    out
}

fn table() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    ALLOWED
        .iter()
        .map(|(m, deps)| (*m, deps.iter().copied().collect()))
        .collect()
}

#[test]
fn the_table_has_no_circle_and_lists_every_module() {
    // Each row names only rows above it: a graph drawn that way has no circle.
    let mut seen = BTreeSet::new();
    for (m, deps) in ALLOWED {
        for d in *deps {
            assert!(
                seen.contains(d),
                "'{m}' may import '{d}', which is not above it in the table"
            );
        }
        assert!(seen.insert(*m), "'{m}' is in the table twice");
    }
    let mut modules = BTreeSet::new();
    for e in std::fs::read_dir(root()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name == "lib.rs" {
            continue;
        }
        if e.path().is_dir() || name.ends_with(".rs") {
            modules.insert(module_of(&name));
        }
    }
    let listed: BTreeSet<String> = ALLOWED.iter().map(|(m, _)| (*m).to_string()).collect();
    let missing: Vec<_> = modules.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "modules of bot/ missing from the table: {missing:?}"
    );
}

/// Every `crate::` (and, in the binary, `tremplin::`) path of every file, checked against the
/// table.
fn forbidden_edges() -> Vec<String> {
    let root = root();
    let allowed = table();
    let known: BTreeSet<&str> = allowed.keys().copied().collect();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut offences = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap().display().to_string();
        if rel == "lib.rs" {
            continue;
        }
        let module = module_of(&rel);
        let text = std::fs::read_to_string(f).unwrap();
        let Some(mine) = allowed.get(module.as_str()) else {
            offences.push(format!("{rel}: module '{module}' is not in the table"));
            continue;
        };
        let in_binary = module == "cli";
        for (line, name) in uses(&text, in_binary) {
            if name == module || !known.contains(name.as_str()) {
                continue;
            }
            if !mine.contains(name.as_str()) {
                offences.push(format!("{rel}:{line}: '{module}' may not import '{name}'"));
            }
        }
    }
    offences
}

#[test]
fn every_import_follows_the_table() {
    let offences = forbidden_edges();
    assert!(
        offences.is_empty(),
        "imports the module table forbids:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_checker_sees_a_forbidden_edge() {
    // What the real test would find if the engine reached into storage, or a channel did.
    let text = "use crate::storage::Store;\nfn f() { crate::storage::new_id(); }\n";
    let names: Vec<String> = uses(text, false).into_iter().map(|(_, n)| n).collect();
    assert!(names.iter().any(|n| n == "storage"));
    let allowed = table();
    assert!(!allowed["engine"].contains("storage"));
    assert!(!allowed["channels"].contains("storage"));
    assert!(!allowed["web"].contains("storage"));
    let grouped = uses("use crate::{core::Channel, storage::Store};", false);
    assert!(grouped.iter().any(|(_, n)| n == "storage"));
}

#[test]
fn the_pure_modules_do_no_io() {
    let root = root();
    let mut files = Vec::new();
    for module in PURE {
        rust_files(&root.join(module), &mut files);
        let single = root.join(format!("{module}.rs"));
        if single.exists() {
            files.push(single);
        }
    }
    assert!(files.len() >= 8, "expected the pure modules under bot/");
    let mut offences = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let rel = f.strip_prefix(&root).unwrap().display().to_string();
        for (n, line) in text.lines().enumerate() {
            let code = code(line);
            for c in IO_CRATES {
                if code.contains(&format!("{c}::")) || code.contains(&format!("use {c}")) {
                    offences.push(format!("{rel}:{}: uses {c}", n + 1));
                }
            }
            for w in IMPURE {
                if code.contains(w) && !PURE_EXCEPTIONS.contains(&(rel.as_str(), w)) {
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
        "the pure modules must stay pure:\n{}",
        offences.join("\n")
    );
}

#[test]
fn no_file_is_a_warehouse() {
    const MAX_LINES: usize = 700;
    let root = root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut big: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > MAX_LINES)
                .then(|| format!("{} ({n} lines)", f.strip_prefix(&root).unwrap().display()))
        })
        .collect();
    big.sort();
    assert!(
        big.is_empty(),
        "files over {MAX_LINES} lines: split them along their seams:\n{}",
        big.join("\n")
    );
}
