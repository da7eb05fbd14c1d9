//! Checks the inputs of a batch in parallel and writes their reports in input order, with at
//! most a small, fixed number of results waiting at any time: the memory of a run does not
//! depend on its number of files, and the cores never wait for the output while there is room.

use std::collections::BTreeMap;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Results that each worker may have ahead of the writer: enough to absorb a slow dossier.
pub(super) const AHEAD_PER_WORKER: usize = 2;

struct State<T> {
    /// The next input to take.
    next_job: usize,
    /// The next result to write.
    next_write: usize,
    /// Results checked, not yet written.
    done: BTreeMap<usize, T>,
    /// Stop taking inputs (the output failed, or a check panicked).
    stop: bool,
    /// A worker's panic, to resume on the writer's thread.
    panic: Option<Box<dyn std::any::Any + Send>>,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// A result was added (for the writer).
    ready: Condvar,
    /// A result was written, or the run stops (for the workers).
    room: Condvar,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A worker never panics while holding the lock (checks run outside it).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Runs `check(i)` for `i` in `0..count` on `workers` threads (at least one), and calls
/// `write` with each result in order of `i`. Results are kept only between the two: at most
/// `workers × AHEAD_PER_WORKER` at once. The first write error stops the run (no more input is
/// taken) and is returned; a panic in `check` is resumed here, as a bug.
pub(super) fn ordered<T: Send>(
    count: usize,
    workers: usize,
    check: impl Fn(usize) -> T + Sync,
    mut write: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let workers = workers.clamp(1, count.max(1));
    let window = workers * AHEAD_PER_WORKER;
    let shared = Shared {
        state: Mutex::new(State {
            next_job: 0,
            next_write: 0,
            done: BTreeMap::new(),
            stop: false,
            panic: None,
        }),
        ready: Condvar::new(),
        room: Condvar::new(),
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| work(&shared, count, window, &check));
        }
        let result = (|| {
            for i in 0..count {
                let next = {
                    let mut state = shared.lock();
                    loop {
                        if let Some(p) = state.panic.take() {
                            // `stop` is set: wake the workers waiting for room so that they
                            // end, and the scope can join them.
                            drop(state);
                            shared.room.notify_all();
                            resume_unwind(p);
                        }
                        if let Some(r) = state.done.remove(&i) {
                            state.next_write = i + 1;
                            break r;
                        }
                        state = shared.ready.wait(state).unwrap_or_else(|e| e.into_inner());
                    }
                };
                shared.room.notify_all();
                write(next)?;
            }
            Ok(())
        })();
        // Whatever happened, let the workers end (they stop taking inputs).
        shared.lock().stop = true;
        shared.room.notify_all();
        result
    })
}

/// A worker: takes the next input while there is room ahead of the writer.
fn work<T>(shared: &Shared<T>, count: usize, window: usize, check: &(impl Fn(usize) -> T + Sync)) {
    loop {
        let i = {
            let mut state = shared.lock();
            loop {
                if state.stop || state.next_job >= count {
                    return;
                }
                if state.next_job < state.next_write + window {
                    break;
                }
                state = shared.room.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            state.next_job += 1;
            state.next_job - 1
        };
        let result = catch_unwind(AssertUnwindSafe(|| check(i)));
        let mut state = shared.lock();
        let panicked = result.is_err();
        match result {
            Ok(r) => {
                state.done.insert(i, r);
            }
            Err(p) => {
                state.panic = Some(p);
                state.stop = true;
            }
        }
        drop(state);
        shared.ready.notify_one();
        if panicked {
            shared.room.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_order_with_a_bounded_number_alive() {
        let alive = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = Vec::new();
        ordered(
            500,
            3,
            |i| {
                let now = alive.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                // Uneven work, so that results arrive out of order.
                std::thread::sleep(std::time::Duration::from_micros((i % 7 * 50) as u64));
                i
            },
            |i| {
                alive.fetch_sub(1, Ordering::SeqCst);
                seen.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..500).collect::<Vec<_>>());
        // Checked but not written: never more than the window, plus the one being written.
        assert!(most.load(Ordering::SeqCst) <= 3 * AHEAD_PER_WORKER + 1);
    }

    #[test]
    fn a_write_error_stops_the_run() {
        let checked = AtomicUsize::new(0);
        let err = ordered(
            10_000,
            2,
            |i| {
                checked.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| {
                if i == 3 {
                    Err(io::Error::from(io::ErrorKind::BrokenPipe))
                } else {
                    Ok(())
                }
            },
        )
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        assert!(checked.load(Ordering::SeqCst) < 100);
    }

    #[test]
    fn a_panic_in_a_check_surfaces() {
        let outcome = std::panic::catch_unwind(|| {
            ordered(
                50,
                2,
                |i| {
                    if i == 20 {
                        panic!("bug");
                    }
                    i
                },
                |_| Ok(()),
            )
        });
        assert!(outcome.is_err());
    }
}
