//! A toy control plane on a real database: SQLite holds the servers, the library decides
//! what may be written, and conditional `UPDATE ... WHERE status = ?expected` statements
//! keep concurrent writers from losing each other's updates.
//!
//! ```text
//! cargo run --example sqlite_control_plane
//! ```
//!
//! `docs/embedding.md` explains the pattern; `tests/sqlite_concurrency.rs` checks it under
//! load and with writers killed mid-transaction.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use server_lifecycle::{table, Event, GuardedWrite, ParseError, Status, WriteError};

/// What the API answers, as an HTTP status and a message.
#[derive(Debug)]
enum ApiError {
    /// 400: the request names no event the model knows.
    BadRequest(ParseError),
    /// 422: the reported result is not one the model allows for the event.
    Unprocessable(WriteError),
    /// 404: no such server.
    NotFound(i64),
    /// 409: refused by the model, or another writer changed the server first.
    Conflict(WriteError),
}

impl ApiError {
    fn http_status(&self) -> u16 {
        match self {
            ApiError::BadRequest(_) => 400,
            ApiError::Unprocessable(_) => 422,
            ApiError::NotFound(_) => 404,
            ApiError::Conflict(_) => 409,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::BadRequest(error) => write!(f, "{error}"),
            ApiError::Unprocessable(error) => write!(f, "{error}"),
            ApiError::NotFound(id) => write!(f, "server {id} not found"),
            ApiError::Conflict(error) => write!(f, "{error}"),
        }
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    Ok(conn)
}

fn create_schema(conn: &Connection, servers: i64) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE servers (id INTEGER PRIMARY KEY, status TEXT NOT NULL);
         CREATE TABLE history (
             seq INTEGER PRIMARY KEY AUTOINCREMENT,
             server INTEGER NOT NULL REFERENCES servers (id),
             from_status TEXT NOT NULL,
             event TEXT NOT NULL,
             to_status TEXT NOT NULL
         );",
    )?;
    for id in 1..=servers {
        conn.execute(
            "INSERT INTO servers (id, status) VALUES (?1, ?2)",
            params![id, table::INITIAL.as_str()],
        )?;
    }
    Ok(())
}

fn read_status(conn: &Connection, id: i64) -> rusqlite::Result<Option<Status>> {
    let name: Option<String> = conn
        .query_row(
            "SELECT status FROM servers WHERE id = ?1",
            params![id],
            |row| row.get(0),
        )
        .optional()?;
    // A status this version does not know reads as UNKNOWN rather than failing.
    Ok(name.map(|name| Status::parse(&name).unwrap_or(Status::Unknown)))
}

/// Handles one event for one server: read, plan with the model, write conditionally.
/// `result` says how an event with several possible results ended (the caller saw it);
/// `None` takes the model's result when there is only one.
fn handle(
    conn: &mut Connection,
    id: i64,
    event: &str,
    result: Option<Status>,
) -> Result<Status, ApiError> {
    let event = Event::parse(event).map_err(ApiError::BadRequest)?;
    let current = read_status(conn, id)
        .expect("read the server")
        .ok_or(ApiError::NotFound(id))?;
    let write =
        GuardedWrite::new(current, event).map_err(|refused| ApiError::Conflict(refused.into()))?;
    let write = match (result, write.new_status()) {
        (Some(result), _) => write.choose(result).map_err(ApiError::Unprocessable)?,
        (None, Some(_)) => write,
        // Several results and the caller did not say which: take the first the model
        // allows. A real control plane knows what happened.
        (None, None) => {
            let first = write.results().iter().next().expect("never empty");
            write.choose(first).map_err(ApiError::Unprocessable)?
        }
    };
    let new = write.new_status().expect("chosen");

    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("begin");
    let updated = tx
        .execute(
            "UPDATE servers SET status = ?1 WHERE id = ?2 AND status = ?3",
            params![new.as_str(), id, write.expected_status().as_str()],
        )
        .expect("update");
    if updated == 0 {
        // Someone else wrote between our read and our write: a lost race, not a refusal.
        let found = read_status(&tx, id).expect("re-read");
        return Err(ApiError::Conflict(write.lost_race(found)));
    }
    tx.execute(
        "INSERT INTO history (server, from_status, event, to_status) VALUES (?1, ?2, ?3, ?4)",
        params![
            id,
            write.expected_status().as_str(),
            event.as_str(),
            new.as_str()
        ],
    )
    .expect("append history");
    tx.commit().expect("commit");
    Ok(new)
}

/// Prints an answer; returns 1 when a write was applied.
fn show(what: &str, answer: &Result<Status, ApiError>) -> usize {
    match answer {
        Ok(status) => {
            println!("{what:<42} 200 {status}");
            1
        }
        Err(error) => {
            println!("{what:<42} {} {error}", error.http_status());
            0
        }
    }
}

fn main() -> rusqlite::Result<()> {
    let path = temp_path();
    let mut conn = open(&path)?;
    create_schema(&conn, 20)?;

    println!("-- one server, one request at a time");
    let mut applied = 0;
    applied += show(
        "server 1: complete",
        &handle(&mut conn, 1, "complete", None),
    );
    applied += show("server 1: reboot", &handle(&mut conn, 1, "reboot", None));
    applied += show(
        "server 1: reboot again",
        &handle(&mut conn, 1, "reboot", None),
    );
    applied += show(
        "server 1: fail (the guest is gone: ERROR)",
        &handle(&mut conn, 1, "fail", Some(Status::Error)),
    );
    applied += show(
        "server 1: reboot_hard, said to end PAUSED",
        &handle(&mut conn, 1, "reboot_hard", Some(Status::Paused)),
    );
    applied += show(
        "server 1: hibernate",
        &handle(&mut conn, 1, "hibernate", None),
    );
    applied += show("server 99: start", &handle(&mut conn, 99, "start", None));

    println!("-- eight writers, twenty servers, at once");
    let threads: Vec<_> = (0..8u64)
        .map(|seed| {
            let path = path.clone();
            std::thread::spawn(move || writer(&path, seed))
        })
        .collect();
    let mut counts = [applied, 0, 0];
    for thread in threads {
        let [ok, refused, raced] = thread.join().expect("a writer");
        counts[0] += ok;
        counts[1] += refused;
        counts[2] += raced;
    }
    let history: i64 = conn.query_row("SELECT COUNT(*) FROM history", [], |row| row.get(0))?;
    println!(
        "applied {} (history rows: {history}), refused {}, lost races {}",
        counts[0], counts[1], counts[2]
    );

    drop(conn);
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
    Ok(())
}

/// One writer: 200 random events against random servers, mostly ones the model accepts in
/// the status the writer last saw and that do not delete the server. Returns how many
/// were applied, refused by the model and lost to another writer.
fn writer(path: &Path, seed: u64) -> [usize; 3] {
    let mut conn = open(path).expect("open");
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut counts = [0; 3];
    for _ in 0..200 {
        let id = 1 + next(20) as i64;
        let seen = read_status(&conn, id)
            .expect("read")
            .unwrap_or(Status::Unknown);
        let lasting: Vec<Event> = Event::ALL
            .into_iter()
            .filter(|event| {
                seen.next(*event)
                    .is_ok_and(|results| !results.contains(Status::Deleted))
            })
            .collect();
        let event = if lasting.is_empty() || next(4) == 0 {
            Event::ALL[next(Event::COUNT)]
        } else {
            lasting[next(lasting.len())]
        };
        match handle(&mut conn, id, event.as_str(), None) {
            Ok(_) => counts[0] += 1,
            Err(ApiError::Conflict(error)) if error.is_lost_race() => counts[2] += 1,
            Err(_) => counts[1] += 1,
        }
    }
    counts
}

fn temp_path() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!(
        "server-lifecycle-example-{}-{nanos}.sqlite",
        std::process::id()
    ))
}
