//! What a copy of the database shows: every cell of every table, as text, and the raw bytes of
//! a SQLite database's files; and a backup of a SQLite database as an operator takes one.

use sqlx::Row;

/// Every cell of every table of the database at `url` (its schema on PostgreSQL), as text:
/// (table, column, value). NULLs are left out; a SQLite blob reads as hex.
pub async fn every_cell(url: &str) -> Vec<(String, String, String)> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    let sqlite = url.starts_with("sqlite:");
    let columns: Vec<(String, String)> = sqlx::query(if sqlite {
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' ORDER BY m.name, p.cid"
    } else {
        "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns \
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    })
    .fetch_all(&pool)
    .await
    .expect("the tables and their columns")
    .iter()
    .map(|r| (r.get("t"), r.get("c")))
    .collect();
    assert!(columns.len() > 50, "every table is read: {columns:?}");
    let mut out = Vec::new();
    for (table, column) in columns {
        let cell = if sqlite {
            format!(
                "CASE WHEN typeof(\"{column}\") = 'blob' THEN hex(\"{column}\") ELSE CAST(\"{column}\" AS TEXT) END"
            )
        } else {
            format!("CAST(\"{column}\" AS TEXT)")
        };
        let rows = sqlx::query(&format!("SELECT {cell} AS v FROM \"{table}\""))
            .fetch_all(&pool)
            .await
            .unwrap_or_else(|e| panic!("{table}.{column}: {e}"));
        for r in rows {
            if let Some(v) = r.get::<Option<String>, _>("v") {
                out.push((table.clone(), column.clone(), v));
            }
        }
    }
    pool.close().await;
    out
}

/// The path of a SQLite database file from its URL.
pub fn sqlite_path(url: &str) -> std::path::PathBuf {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    std::path::PathBuf::from(path.split('?').next().unwrap_or(path))
}

/// The bytes of a SQLite database's files: the main file and its write-ahead log (when there
/// is one), each with its name.
pub fn sqlite_files(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
    [path.to_path_buf(), wal]
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p.display().to_string(), b)))
        .collect()
}

/// Whether `needle` occurs in `bytes`.
pub fn contains(bytes: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    !n.is_empty() && bytes.windows(n.len()).any(|w| w == n)
}

/// A backup of the SQLite database at `url` into `target` (`VACUUM INTO`, what
/// `sqlite3 db ".backup"` gives: the pages in use, as they are).
pub async fn sqlite_backup(url: &str, target: &std::path::Path) {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    pool.execute(format!("VACUUM INTO '{}'", target.display()).as_str())
        .await
        .expect("VACUUM INTO");
    pool.close().await;
}
