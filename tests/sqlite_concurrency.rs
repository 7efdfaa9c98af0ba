//! A real database, not a mock: SQLite (through rusqlite, bundled) shared by many writers
//! that apply [`GuardedWrite`]s as conditional `UPDATE ... WHERE status = ?expected`
//! statements, each accepted transition appended to a history table in the same
//! transaction.
//!
//! Afterwards every server's history must be a legal path of the model that ends in its
//! current row, every accepted write must be exactly one history row, and every refused
//! request must carry the model's error, with lost races told apart from illegal requests.
//! Then the same with writers that die mid-transaction: a dropped transaction, a thread
//! that panics inside one, and a child process killed with SIGKILL before its commit.

mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use server_lifecycle::{table, Event, GuardedWrite, Status, WriteError};

const SERVERS: i64 = 50;
/// Servers 1..=HOT get half of all requests, so writers collide.
const HOT: i64 = 4;
const THREADS: u64 = 8;
const OPS_PER_THREAD: usize = 400;

/// The statements of the guarded write, exactly as `docs/embedding.md` shows them.
const SELECT_STATUS: &str = "SELECT status FROM servers WHERE id = ?1";
const UPDATE_STATUS: &str = "UPDATE servers SET status = ?1 WHERE id = ?2 AND status = ?3";
const INSERT_HISTORY: &str =
    "INSERT INTO history (server, from_status, event, to_status) VALUES (?1, ?2, ?3, ?4)";

/// Set in the child process of the kill test: the database it writes to.
const CHILD_DB: &str = "SERVER_LIFECYCLE_SQLITE_CHILD_DB";
/// Set in the child process of the kill test: the file it creates once it is mid-write.
const CHILD_READY: &str = "SERVER_LIFECYCLE_SQLITE_CHILD_READY";

/// A database file in the temp directory, removed (with its WAL files) on drop.
struct TempDb(PathBuf);

impl TempDb {
    fn new(name: &str) -> TempDb {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let file = format!(
            "server-lifecycle-{name}-{}-{nanos}.sqlite",
            std::process::id()
        );
        let db = TempDb(std::env::temp_dir().join(file));
        let conn = open(&db.0);
        conn.execute_batch(
            "CREATE TABLE servers (id INTEGER PRIMARY KEY, status TEXT NOT NULL);
             CREATE TABLE history (
                 seq INTEGER PRIMARY KEY AUTOINCREMENT,
                 server INTEGER NOT NULL REFERENCES servers (id),
                 from_status TEXT NOT NULL,
                 event TEXT NOT NULL,
                 to_status TEXT NOT NULL
             );",
        )
        .expect("create the schema");
        for id in 1..=SERVERS {
            conn.execute(
                "INSERT INTO servers (id, status) VALUES (?1, ?2)",
                params![id, table::INITIAL.as_str()],
            )
            .expect("insert a server");
        }
        db
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A connection in WAL mode (readers never wait for the writer) that waits for the write
/// lock instead of failing at once.
fn open(path: &Path) -> Connection {
    let conn = Connection::open(path).expect("open the database");
    conn.busy_timeout(Duration::from_secs(20))
        .expect("set busy_timeout");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("WAL mode");
    conn.pragma_update(None, "synchronous", "NORMAL")
        .expect("synchronous");
    conn
}

fn read_status(conn: &Connection, id: i64) -> Option<Status> {
    conn.query_row(SELECT_STATUS, params![id], |row| row.get::<_, String>(0))
        .optional()
        .expect("read a status")
        .map(|name| Status::parse(&name).expect("a stored status parses"))
}

/// Applies a guarded write in one transaction: the conditional update, then the history
/// row. A write that matches no row is a lost race, reported with the status re-read in
/// the same transaction; the transaction is rolled back.
fn apply(conn: &mut Connection, id: i64, write: &GuardedWrite) -> Result<Status, WriteError> {
    let new = write.new_status().expect("a chosen result");
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("begin");
    let updated = tx
        .execute(
            UPDATE_STATUS,
            params![new.as_str(), id, write.expected_status().as_str()],
        )
        .expect("update");
    if updated == 0 {
        return Err(write.lost_race(read_status(&tx, id)));
    }
    tx.execute(
        INSERT_HISTORY,
        params![
            id,
            write.expected_status().as_str(),
            write.event().as_str(),
            new.as_str()
        ],
    )
    .expect("append history");
    tx.commit().expect("commit");
    Ok(new)
}

/// A small deterministic generator (SplitMix64): no dependency, reproducible per seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Mostly an event the model accepts in `current` (so servers move), one in four an event
/// it refuses (so refusals happen), and an event that may delete the server for good only
/// rarely (so servers live long enough to be fought over).
fn pick_event(rng: &mut Rng, current: Status) -> Event {
    let (accepted, refused): (Vec<Event>, Vec<Event>) = Event::ALL
        .iter()
        .partition(|event| current.accepts(**event));
    if rng.below(4) == 0 && !refused.is_empty() {
        return rng.pick(&refused);
    }
    let lasting: Vec<Event> = accepted
        .iter()
        .copied()
        .filter(|event| {
            current
                .next(*event)
                .is_ok_and(|results| !results.contains(Status::Deleted))
        })
        .collect();
    if lasting.is_empty() || rng.below(50) == 0 {
        if accepted.is_empty() {
            return rng.pick(&refused);
        }
        return rng.pick(&accepted);
    }
    rng.pick(&lasting)
}

/// What one writer saw.
#[derive(Default)]
struct Tally {
    /// (server, from, event, to) of every write that committed.
    accepted: Vec<(i64, Status, Event, Status)>,
    /// Requests and outcomes the model refused in the status read.
    illegal: usize,
    /// Writes that matched no row because another writer changed the status first.
    lost_races: usize,
}

/// One writer: reads a server's status, plans a guarded write for a random event, picks
/// one of the model's results, applies it, and checks each refusal against the model.
fn writer(path: &Path, seed: u64, ops: usize) -> Tally {
    let mut conn = open(path);
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    for _ in 0..ops {
        let id = 1 + if rng.below(2) == 0 {
            rng.below(HOT as usize)
        } else {
            rng.below(SERVERS as usize)
        } as i64;
        let current = read_status(&conn, id).expect("the server exists");
        let event = pick_event(&mut rng, current);
        // Widen the window between the read and the write: others may write meanwhile.
        std::thread::yield_now();
        let write = match GuardedWrite::new(current, event) {
            Ok(write) => write,
            Err(refused) => {
                assert_eq!(Err(refused), current.next(event).map(|_| ()));
                tally.illegal += 1;
                continue;
            }
        };
        let results: Vec<Status> = write.results().iter().collect();
        let write = write
            .choose(rng.pick(&results))
            .expect("a result of the model can be chosen");
        match apply(&mut conn, id, &write) {
            Ok(new) => tally.accepted.push((id, current, event, new)),
            Err(WriteError::LostRace {
                expected,
                event: raced,
                found,
                ..
            }) => {
                assert_eq!((expected, raced), (current, event));
                assert_ne!(found, Some(current), "a lost race found what it expected");
                tally.lost_races += 1;
            }
            Err(other) => panic!("unexpected error from a guarded write: {other}"),
        }
    }
    tally
}

/// Runs `THREADS` writers at once and merges what they saw.
fn run_writers(path: &Path, first_seed: u64) -> Tally {
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = path.to_owned();
            std::thread::spawn(move || writer(&path, first_seed + i, OPS_PER_THREAD))
        })
        .collect();
    let mut all = Tally::default();
    for handle in handles {
        let tally = handle.join().expect("a writer thread");
        all.accepted.extend(tally.accepted);
        all.illegal += tally.illegal;
        all.lost_races += tally.lost_races;
    }
    all
}

type HistoryRow = (i64, Status, Event, Status);

fn history(conn: &Connection) -> Vec<HistoryRow> {
    let mut statement = conn
        .prepare("SELECT server, from_status, event, to_status FROM history ORDER BY seq")
        .expect("prepare");
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })
        .expect("query history");
    rows.map(|row| {
        let (server, from, event, to) = row.expect("a history row");
        (
            server,
            Status::parse(&from).expect("from parses"),
            Event::parse(&event).expect("event parses"),
            Status::parse(&to).expect("to parses"),
        )
    })
    .collect()
}

/// Every server's history is a legal path of the model from the initial status that
/// ends in its current row. Returns the history.
fn assert_consistent(conn: &Connection) -> Vec<HistoryRow> {
    let rows = history(conn);
    for id in 1..=SERVERS {
        let mut at = table::INITIAL;
        for &(_, from, event, to) in rows.iter().filter(|row| row.0 == id) {
            assert_eq!(from, at, "server {id}: history does not chain");
            assert!(
                from.next(event).is_ok_and(|results| results.contains(to)),
                "server {id}: {from} --{event}--> {to} is not in the model"
            );
            at = to;
        }
        assert_eq!(
            read_status(conn, id),
            Some(at),
            "server {id}: the current row is not where its history ends"
        );
    }
    rows
}

/// The accepted writes are exactly the history rows, one each.
fn assert_history_is(rows: &[HistoryRow], accepted: &[HistoryRow]) {
    assert_eq!(
        rows.len(),
        accepted.len(),
        "accepted writes vs history rows"
    );
    let (mut rows, mut accepted) = (rows.to_vec(), accepted.to_vec());
    let key = |row: &HistoryRow| (row.0, row.1.index(), row.2.index(), row.3.index());
    rows.sort_by_key(key);
    accepted.sort_by_key(key);
    assert_eq!(rows, accepted);
}

#[test]
fn concurrent_guarded_writes_lose_nothing_and_refuse_with_the_models_error() {
    let db = TempDb::new("concurrent");
    let tally = run_writers(&db.0, 1);
    eprintln!(
        "{} accepted, {} illegal, {} lost races",
        tally.accepted.len(),
        tally.illegal,
        tally.lost_races
    );
    let conn = open(&db.0);
    let rows = assert_consistent(&conn);
    assert_history_is(&rows, &tally.accepted);
    assert_eq!(
        tally.accepted.len() + tally.illegal + tally.lost_races,
        THREADS as usize * OPS_PER_THREAD
    );
    assert!(!tally.accepted.is_empty(), "no write was accepted");
    assert!(tally.illegal > 0, "no illegal request: the test is vacuous");
    assert!(tally.lost_races > 0, "no lost race: the test is vacuous");
    assert!(
        tally.accepted.iter().any(|row| row.2.is_outcome()),
        "no outcome was written"
    );
}

/// Begins a transaction, makes a legal guarded write and its history row for the first
/// server from `preferred` on that is not deleted, and returns that server and the
/// transaction, uncommitted. It reads inside its transaction, so it never races.
fn half_write(conn: &mut Connection, preferred: i64) -> (i64, rusqlite::Transaction<'_>) {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("begin");
    let (id, current, event) = (0..SERVERS)
        .map(|offset| 1 + (preferred - 1 + offset) % SERVERS)
        .find_map(|id| {
            let current = read_status(&tx, id).expect("the server exists");
            let event = Event::ALL
                .into_iter()
                .find(|event| current.accepts(*event))?;
            Some((id, current, event))
        })
        .expect("a server that is not deleted");
    let write = GuardedWrite::new(current, event).expect("accepted");
    let new = write.results().iter().next().expect("a result");
    let updated = tx
        .execute(UPDATE_STATUS, params![new.as_str(), id, current.as_str()])
        .expect("update");
    assert_eq!(updated, 1);
    tx.execute(
        INSERT_HISTORY,
        params![id, current.as_str(), event.as_str(), new.as_str()],
    )
    .expect("append history");
    (id, tx)
}

#[test]
fn writers_dying_mid_transaction_leave_nothing_half_applied() {
    let db = TempDb::new("dropped");
    // Crashing writers run alongside the normal ones: some drop their transaction, some
    // panic inside it. None of their writes may survive.
    let crashers: Vec<_> = (0..2)
        .map(|kind| {
            let path = db.0.clone();
            std::thread::spawn(move || {
                let mut conn = open(&path);
                let mut rng = Rng(99 + kind);
                for _ in 0..50 {
                    let id = 1 + rng.below(SERVERS as usize) as i64;
                    let (_, tx) = half_write(&mut conn, id);
                    drop(tx);
                }
                if kind == 1 {
                    let (_, tx) = half_write(&mut conn, 1);
                    let _keep_alive = &tx;
                    panic!("a writer crashed mid-transaction (deliberate)");
                }
            })
        })
        .collect();
    let tally = run_writers(&db.0, 1000);
    let outcomes: Vec<bool> = crashers
        .into_iter()
        .map(|crasher| crasher.join().is_ok())
        .collect();
    assert_eq!(outcomes, [true, false], "the second crasher panics");
    let conn = open(&db.0);
    let rows = assert_consistent(&conn);
    assert_history_is(&rows, &tally.accepted);
    assert!(tally.lost_races > 0 && tally.illegal > 0);
}

/// The child side of the kill test: a write made and not committed, then a wait to be
/// killed.
fn hold_a_transaction_until_killed(db: &Path, ready: &Path) -> ! {
    let mut conn = open(db);
    let (id, tx) = half_write(&mut conn, 1);
    std::fs::write(ready, id.to_string()).expect("signal readiness");
    std::thread::sleep(Duration::from_secs(30));
    drop(tx);
    // Never killed: let the parent see it.
    std::process::exit(3)
}

#[test]
fn a_writer_process_killed_mid_transaction_leaves_nothing_half_applied() {
    if let (Some(db), Some(ready)) = (std::env::var_os(CHILD_DB), std::env::var_os(CHILD_READY)) {
        hold_a_transaction_until_killed(Path::new(&db), Path::new(&ready));
    }
    let db = TempDb::new("killed");
    let before = run_writers(&db.0, 2000);
    let conn = open(&db.0);
    let rows_before = assert_consistent(&conn);
    let statuses_before: Vec<Option<Status>> =
        (1..=SERVERS).map(|id| read_status(&conn, id)).collect();

    let mut ready = db.0.clone().into_os_string();
    ready.push(".ready");
    let ready = PathBuf::from(ready);
    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "a_writer_process_killed_mid_transaction_leaves_nothing_half_applied",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, &db.0)
        .env(CHILD_READY, &ready)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the child writer");
    let deadline = Instant::now() + Duration::from_secs(20);
    // Ready once the file names the server: the child may have created it and not yet
    // written the id (a race seen under load).
    let named = || {
        std::fs::read_to_string(&ready)
            .ok()
            .is_some_and(|text| text.trim().parse::<i64>().is_ok())
    };
    while !named() {
        if let Some(status) = child.try_wait().expect("poll the child") {
            panic!("the child writer exited early: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "the child writer never got ready"
        );
        std::thread::sleep(Duration::from_millis(10));
    }

    // The child holds the write lock with its write made: readers still see the old row,
    // and no other writer gets in.
    let id: i64 = std::fs::read_to_string(&ready)
        .expect("read the ready file")
        .trim()
        .parse()
        .expect("the child names the server it writes");
    let status_before = statuses_before[id as usize - 1];
    assert_eq!(read_status(&conn, id), status_before);
    assert_eq!(history(&conn).len(), rows_before.len());
    let mut blocked = Connection::open(&db.0).expect("open");
    blocked
        .busy_timeout(Duration::from_millis(50))
        .expect("busy_timeout");
    let busy = blocked.transaction_with_behavior(TransactionBehavior::Immediate);
    assert!(busy.is_err(), "the child does not hold the write lock");
    drop(busy);

    child.kill().expect("SIGKILL the child");
    let status = child.wait().expect("reap the child");
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9),
        "the child was killed, not exited: {status}"
    );
    let _ = std::fs::remove_file(&ready);

    // Nothing of the child's write survives, and the database takes writes again.
    let conn = open(&db.0);
    let statuses: Vec<Option<Status>> = (1..=SERVERS).map(|id| read_status(&conn, id)).collect();
    assert_eq!(statuses, statuses_before);
    let rows = assert_consistent(&conn);
    assert_history_is(&rows, &before.accepted);
    let after = run_writers(&db.0, 3000);
    let rows = assert_consistent(&conn);
    let all: Vec<HistoryRow> = before.accepted.into_iter().chain(after.accepted).collect();
    assert_history_is(&rows, &all);
}

#[test]
fn the_embedding_guide_shows_the_statements_this_test_runs() {
    util::assert_doc_shows(
        "docs/embedding.md",
        &[SELECT_STATUS, UPDATE_STATUS, INSERT_HISTORY],
    );
}

/// Nova-level claims: many writers race to start tasks with [`NovaWrite`]s
/// (`UPDATE ... WHERE vm_state = ? AND task_state IS ?`) and release them when done. While a
/// task runs, a request Nova's guard refuses is refused at once (no waiting for a result,
/// unlike the status layer), two claims of an idle server never both succeed, and a claim
/// that pre-empts a running task (delete, evacuate, a hard reboot) leaves the pre-empted
/// writer's release matching no row.
#[test]
fn nova_level_claims_let_one_task_run_at_a_time() {
    use server_lifecycle::nova::{NovaWrite, NovaWriteError};
    use server_lifecycle::nova::{Operation, TaskState, VmState};
    use std::collections::HashMap;
    use std::sync::Mutex;

    const INSTANCES: i64 = 6;
    let db = TempDb::new("nova");
    let conn = open(&db.0);
    conn.execute_batch(
        "CREATE TABLE instances (
             id INTEGER PRIMARY KEY, vm_state TEXT NOT NULL, task_state TEXT, holder INTEGER
         );",
    )
    .expect("schema");
    let at_rest = [VmState::Active, VmState::Stopped, VmState::Paused];
    for id in 1..=INSTANCES {
        conn.execute(
            "INSERT INTO instances (id, vm_state) VALUES (?1, ?2)",
            params![id, at_rest[id as usize % at_rest.len()].as_str()],
        )
        .expect("insert");
    }
    let claims: Vec<Operation> = Operation::ALL
        .into_iter()
        .filter(|op| op.event().is_some() && op.sets_task_state().is_some())
        .collect();
    // Who holds each instance's task, updated inside the writing transaction.
    let holders: Mutex<HashMap<i64, u64>> = Mutex::new(HashMap::new());
    let counts = Mutex::new([0usize; 5]); // claimed, refused, lost, preempted, released

    std::thread::scope(|scope| {
        for worker in 0..THREADS {
            let (path, claims, holders, counts) = (&db.0, &claims, &holders, &counts);
            scope.spawn(move || {
                let mut conn = open(path);
                let mut rng = Rng(500 + worker);
                let mut local = [0usize; 5];
                for round in 0..150u64 {
                    let id = 1 + rng.below(INSTANCES as usize) as i64;
                    let (vm, task): (String, Option<String>) = conn
                        .query_row(
                            "SELECT vm_state, task_state FROM instances WHERE id = ?1",
                            params![id],
                            |row| Ok((row.get(0)?, row.get(1)?)),
                        )
                        .expect("read");
                    let vm = VmState::parse(&vm).expect("vm_state");
                    let task = task.map(|t| TaskState::parse(&t).expect("task_state"));
                    let operation = rng.pick(claims);
                    // Widen the window between the read and the write.
                    std::thread::yield_now();
                    let write = match NovaWrite::request(operation, vm, task, true) {
                        Ok(write) => write,
                        Err(refused) => {
                            assert_eq!(Err(refused), operation.check(vm, task, true).map(|_| ()));
                            local[1] += 1;
                            continue;
                        }
                    };
                    let me = worker * 1000 + round;
                    let (new_vm, new_task) = write.new_states();
                    let (expected_vm, expected_task) = write.expected_states();
                    let tx = conn
                        .transaction_with_behavior(TransactionBehavior::Immediate)
                        .expect("begin");
                    let updated = tx
                        .execute(
                            "UPDATE instances SET vm_state = ?1, task_state = ?2, holder = ?3
                              WHERE id = ?4 AND vm_state = ?5 AND task_state IS ?6",
                            params![
                                new_vm.as_str(),
                                new_task.map(TaskState::as_str),
                                me,
                                id,
                                expected_vm.as_str(),
                                expected_task.map(TaskState::as_str)
                            ],
                        )
                        .expect("claim");
                    if updated == 0 {
                        let found = tx
                            .query_row(
                                "SELECT vm_state, task_state FROM instances WHERE id = ?1",
                                params![id],
                                |row| {
                                    Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
                                },
                            )
                            .optional()
                            .expect("re-read")
                            .map(|(v, t)| {
                                (
                                    VmState::parse(&v).expect("vm_state"),
                                    t.map(|t| TaskState::parse(&t).expect("task_state")),
                                )
                            });
                        let lost = write.lost_race(found);
                        assert!(matches!(lost, NovaWriteError::LostRace { .. }));
                        assert_ne!(found, Some((vm, task)), "lost a race against itself");
                        local[2] += 1;
                        continue;
                    }
                    {
                        let mut holders = holders.lock().expect("holders");
                        let previous = holders.insert(id, me);
                        match expected_task {
                            None => assert_eq!(previous, None, "two claims of an idle instance"),
                            Some(_) => {
                                assert!(previous.is_some(), "a task without a holder");
                                local[3] += 1;
                            }
                        }
                    }
                    tx.commit().expect("commit the claim");
                    local[0] += 1;
                    std::thread::yield_now();
                    // The task ends; Nova's reverts_task_state clears it, vm_state untouched.
                    let tx = conn
                        .transaction_with_behavior(TransactionBehavior::Immediate)
                        .expect("begin");
                    let released = tx
                        .execute(
                            "UPDATE instances SET task_state = NULL, holder = NULL
                              WHERE id = ?1 AND holder = ?2",
                            params![id, me],
                        )
                        .expect("release");
                    {
                        let mut holders = holders.lock().expect("holders");
                        let still_mine = holders.get(&id) == Some(&me);
                        assert_eq!(released == 1, still_mine, "release vs holder");
                        if still_mine {
                            holders.remove(&id);
                            local[4] += 1;
                        }
                    }
                    tx.commit().expect("commit the release");
                }
                let mut counts = counts.lock().expect("counts");
                for (total, mine) in counts.iter_mut().zip(local) {
                    *total += mine;
                }
            });
        }
    });

    let [claimed, refused, lost, preempted, released] = *counts.lock().expect("counts");
    eprintln!("nova: {claimed} claimed, {refused} refused, {lost} lost races, {preempted} pre-empted, {released} released");
    assert_eq!(
        claimed,
        released + preempted,
        "every claim ends released or pre-empted"
    );
    assert!(
        refused > 0 && lost > 0,
        "vacuous: {refused} refused, {lost} lost"
    );
    let idle: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM instances WHERE task_state IS NULL AND holder IS NULL",
            [],
            |row| row.get(0),
        )
        .expect("count");
    assert_eq!(idle, INSTANCES, "a task was left running");
}
