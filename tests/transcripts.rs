//! Golden transcripts: every `tests/transcripts/**/*.txt` is replayed on a fresh database and
//! must read exactly as written. `UPDATE_TRANSCRIPTS=1 cargo test --test transcripts` rewrites
//! them from their `>` lines.

mod support;

use std::path::{Path, PathBuf};

use tremplin::transcript::{Transcript, replay};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("transcripts folder")
        .flatten()
    {
        let p = entry.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

#[tokio::test]
async fn transcripts_replay_exactly() {
    let catalog = support::catalog();
    let mut paths = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts"),
        &mut paths,
    );
    paths.sort();
    assert!(!paths.is_empty(), "no transcript found");
    let update = std::env::var("UPDATE_TRANSCRIPTS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("read transcript");
        let t = Transcript::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let actual = replay(catalog.clone(), &t).await.expect("replay").format();
        if actual == text {
            continue;
        }
        if update {
            std::fs::write(path, &actual).expect("rewrite transcript");
            eprintln!("updated {}", path.display());
            continue;
        }
        let line = text
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| text.lines().count().min(actual.lines().count()));
        failures.push(format!(
            "{} differs at line {}:\n  expected: {}\n  actual:   {}",
            path.display(),
            line + 1,
            text.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>"),
        ));
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with UPDATE_TRANSCRIPTS=1 to accept)",
        failures.join("\n")
    );
    eprintln!("{} transcripts replayed", paths.len());
}

#[test]
fn transcript_format_round_trips() {
    let text = "# dialogue: diagnostic\n# locale: fr\n# channel: console\n< hello\n<\n< 1. a\n> 1\n< bye\n== outcome\nstatus: ended\n";
    let t = Transcript::parse(text).expect("parse");
    assert_eq!(t.inputs, vec!["1"]);
    assert_eq!(t.replies, vec!["hello\n\n1. a", "bye"]);
    assert_eq!(t.format(), text);
}
