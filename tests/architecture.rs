//! The module graph, read from the source. Each top-level module of `bot/` may import only the
//! modules its row of [`ALLOWED`] names; the table itself has no circle, so neither does the
//! code. The pure modules use no I/O crate, read no clock and draw no random numbers
//! (`dialogue/mod.rs` alone reads the dialogue files).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Who may import whom: a module, then the crate modules it may use (`*`: every module above
/// it). Top to bottom, each row may name only rows above it; `#` starts a comment.
const ALLOWED: &str = "
# Identities and vocabularies: nothing of the crate.
core:
# Metrics: counters any layer records into; they read nothing.
metrics: core
# PURE: the dialogue model, orientation, slot search, local services, the engine.
dialogue: core
orientation: core dialogue
booking: core dialogue
services: core dialogue
engine: core dialogue orientation booking
# Rendering and the loaded content.
i18n: core dialogue orientation engine
catalog: core dialogue booking services engine i18n
# I/O: the one place that writes SQL.
storage: core metrics dialogue booking services engine
# The application layer every entry point calls.
app: core metrics dialogue orientation booking services engine i18n catalog storage
# Golden transcripts: a conversation and what it left stored.
transcript: core dialogue orientation engine i18n catalog storage app
# The outbox worker.
notify: core metrics booking engine i18n catalog app
# Entry points.
channels: core metrics dialogue engine i18n catalog app notify transcript
config: core catalog engine storage app notify channels
web: core metrics dialogue booking services engine i18n catalog app notify channels config
# Tools see everything but the command line; the command line sees everything.
bench: *
cli: *
";

/// Modules that do no I/O, read no clock and draw no random numbers.
const PURE: &[&str] = &[
    "core",
    "dialogue",
    "orientation",
    "booking",
    "services",
    "engine",
];

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

/// The rows of [`ALLOWED`], in order, with `*` spelled out.
fn rows() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut rows: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in ALLOWED.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (m, deps) = line.split_once(':').expect("a row is 'module: deps'");
        let deps = match deps.trim() {
            "*" => rows.iter().map(|(m, _)| *m).collect(),
            deps => deps.split_whitespace().collect(),
        };
        rows.push((m, deps));
    }
    rows
}

fn table() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    rows()
        .into_iter()
        .map(|(m, deps)| (m, deps.into_iter().collect()))
        .collect()
}

#[test]
fn the_table_has_no_circle_and_lists_every_module() {
    // Each row names only rows above it: a graph drawn that way has no circle.
    let mut seen = BTreeSet::new();
    let rows = rows();
    for (m, deps) in &rows {
        for d in deps {
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
    let listed: BTreeSet<String> = rows.iter().map(|(m, _)| (*m).to_string()).collect();
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

/// A file of `bot/` with its module path (`bot/engine/step.rs` is `engine::step`).
struct SourceFile {
    rel: String,
    module: Vec<String>,
    text: String,
}

fn source_files() -> Vec<SourceFile> {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(&root).unwrap().display().to_string();
            let mut module: Vec<String> = rel
                .trim_end_matches(".rs")
                .split('/')
                .map(str::to_string)
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            SourceFile {
                text: std::fs::read_to_string(f).unwrap(),
                rel,
                module,
            }
        })
        .collect()
}

/// The `use` statements and the inline `crate::`/`super::`/`self::` paths of a file's shipped
/// code (unit tests left out), each expanded to whole paths; re-exports (`pub use`) apart.
fn paths_of(text: &str, children: &[String]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
    let code: String = shipped
        .lines()
        .map(|l| code(l).to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let mut uses = Vec::new();
    let mut reexports = Vec::new();
    // The code without its `use` statements, for the inline paths below.
    let mut body = String::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        let start_ok = before
            .chars()
            .last()
            .is_none_or(|c| c.is_whitespace() || c == ';' || c == '{' || c == '}');
        let Some(end) = rest[at..].find(';') else {
            break;
        };
        let stmt = &rest[at + 4..at + end];
        let public = before.trim_end().ends_with("pub") || before.trim_end().ends_with(')');
        if !start_ok {
            body.push_str(&rest[..at + 4]);
            rest = &rest[at + 4..];
            continue;
        }
        body.push_str(before);
        rest = &rest[at + end + 1..];
        let mut expanded = Vec::new();
        expand("", stmt.trim(), &mut expanded);
        if public {
            reexports.extend(expanded);
        } else {
            uses.extend(expanded);
        }
    }
    body.push_str(rest);
    // Inline paths in code, and paths into a child module (`queue::page` in a router).
    let mut prefixes = vec![
        "crate::".to_string(),
        "super::".to_string(),
        "self::".to_string(),
    ];
    prefixes.extend(children.iter().map(|c| format!("{c}::")));
    for prefix in &prefixes {
        let prefix = prefix.as_str();
        let mut rest = body.as_str();
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            let tail = &rest[at..];
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|b| b.is_alphanumeric() || b == '_' || b == ':') {
                continue;
            }
            let path: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segs: Vec<String> = path
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if segs.len() > 1 {
                uses.push(segs);
            }
        }
    }
    (uses, reexports)
}

/// Expands `a::{b, c::{d, e as f}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(prefix: &str, tree: &str, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let base = join(prefix, head);
        let mut depth = 0;
        let mut part = String::new();
        for ch in inner.chars() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&base, &part, out);
                    part.clear();
                    continue;
                }
                _ => {}
            }
            part.push(ch);
        }
        expand(&base, &part, out);
        return;
    }
    let name = tree.split(" as ").next().unwrap_or_default().trim();
    if name.is_empty() {
        return;
    }
    let full = join(prefix, name);
    out.push(full.split("::").map(str::to_string).collect());
}

fn join(prefix: &str, tail: &str) -> String {
    match (prefix.is_empty(), tail.is_empty()) {
        (true, _) => tail.to_string(),
        (_, true) => prefix.to_string(),
        _ => format!("{prefix}::{tail}"),
    }
}

/// The items each file defines at its top level, by module and name.
fn definitions(files: &[SourceFile]) -> BTreeMap<(Vec<String>, String), usize> {
    let kinds = [
        "fn", "struct", "enum", "trait", "type", "const", "static", "union", "mod",
    ];
    let mut out = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        for line in f
            .text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
        {
            if line.starts_with(' ') || line.starts_with('\t') {
                continue;
            }
            let mut words = line
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .skip_while(|w| {
                    ["pub", "crate", "super", "async", "unsafe", "const"].contains(w)
                        && !kinds.contains(w)
                        || *w == "pub"
                });
            let Some(kind) = words.next() else { continue };
            if !kinds.contains(&kind) {
                continue;
            }
            if let Some(name) = words.next() {
                out.insert((f.module.clone(), name.to_string()), i);
            }
        }
    }
    out
}

/// The file a path names (a module's file, or the file that defines the item), following
/// re-exports.
fn resolve(
    from: &[String],
    path: &[String],
    files: &[SourceFile],
    defs: &BTreeMap<(Vec<String>, String), usize>,
    reexports: &BTreeMap<Vec<String>, Vec<Vec<String>>>,
    depth: usize,
) -> Option<usize> {
    if depth > 8 || path.is_empty() {
        return None;
    }
    let module_file = |m: &[String]| files.iter().position(|f| f.module == m);
    let is_module = |m: &[String]| files.iter().any(|f| f.module == m);
    let mut module: Vec<String> = match path[0].as_str() {
        "crate" => Vec::new(),
        "self" => from.to_vec(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        first => {
            let mut child = from.to_vec();
            child.push(first.to_string());
            if !is_module(&child) {
                return None;
            }
            from.to_vec()
        }
    };
    let mut rest = if matches!(path[0].as_str(), "crate" | "self" | "super") {
        &path[1..]
    } else {
        path
    };
    while let Some(seg) = rest.first() {
        if seg == "super" {
            module.pop();
            rest = &rest[1..];
            continue;
        }
        let mut child = module.clone();
        child.push(seg.clone());
        if is_module(&child) {
            module = child;
            rest = &rest[1..];
            continue;
        }
        if let Some(i) = defs.get(&(module.clone(), seg.clone())) {
            return Some(*i);
        }
        // Re-exported here: follow it.
        if let Some(targets) = reexports.get(&module) {
            for t in targets {
                let named = t.last().is_some_and(|l| l == seg);
                if named {
                    return resolve(&module, t, files, defs, reexports, depth + 1);
                }
            }
            for t in targets
                .iter()
                .filter(|t| t.last().is_some_and(|l| l == "*"))
            {
                let mut glob = t[..t.len() - 1].to_vec();
                glob.push(seg.clone());
                if let Some(i) = resolve(&module, &glob, files, defs, reexports, depth + 1) {
                    return Some(i);
                }
            }
        }
        return module_file(&module);
    }
    module_file(&module)
}

/// Which file imports which, read from the source; re-exports are glue, not imports.
fn file_edges(files: &[SourceFile]) -> BTreeMap<usize, BTreeSet<usize>> {
    let defs = definitions(files);
    let mut reexports: BTreeMap<Vec<String>, Vec<Vec<String>>> = BTreeMap::new();
    let mut uses = Vec::new();
    for f in files {
        let children: Vec<String> = files
            .iter()
            .filter(|c| c.module.len() == f.module.len() + 1 && c.module.starts_with(&f.module))
            .map(|c| c.module.last().cloned().unwrap_or_default())
            .collect();
        let (u, r) = paths_of(&f.text, &children);
        reexports.entry(f.module.clone()).or_default().extend(r);
        uses.push(u);
    }
    let mut edges: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        for path in &uses[i] {
            if let Some(j) = resolve(&f.module, path, files, &defs, &reexports, 0) {
                if j != i {
                    edges.entry(i).or_default().insert(j);
                }
            }
        }
    }
    edges
}

#[test]
fn no_import_circle_between_files() {
    let files = source_files();
    let edges = file_edges(&files);
    // Depth-first search; a back edge closes a circle.
    let mut state = vec![0u8; files.len()];
    let mut stack: Vec<usize> = Vec::new();
    let mut circles: BTreeSet<String> = BTreeSet::new();
    fn visit(
        n: usize,
        edges: &BTreeMap<usize, BTreeSet<usize>>,
        state: &mut [u8],
        stack: &mut Vec<usize>,
        circles: &mut BTreeSet<String>,
        files: &[SourceFile],
    ) {
        state[n] = 1;
        stack.push(n);
        for &m in edges.get(&n).into_iter().flatten() {
            if state[m] == 1 {
                let at = stack.iter().position(|x| *x == m).unwrap();
                let mut names: Vec<&str> =
                    stack[at..].iter().map(|i| files[*i].rel.as_str()).collect();
                names.push(files[m].rel.as_str());
                circles.insert(names.join(" -> "));
            } else if state[m] == 0 {
                visit(m, edges, state, stack, circles, files);
            }
        }
        stack.pop();
        state[n] = 2;
    }
    for n in 0..files.len() {
        if state[n] == 0 {
            visit(n, &edges, &mut state, &mut stack, &mut circles, &files);
        }
    }
    assert!(
        circles.is_empty(),
        "{} import circles between files:\n{}",
        circles.len(),
        circles.iter().cloned().collect::<Vec<_>>().join("\n")
    );
}
