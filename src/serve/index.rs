//! The search index in `serve`: made on a thread of its own after each
//! good build, so the reload event never waits for it. A request for one
//! of the index's files waits until the index of the newest build is
//! ready, so a reloaded search page finds what was saved a moment ago.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::files::Files;
use crate::search::Records;

/// How long a request for an index file waits for the newest index before
/// it is answered from the last one made (indexing the largest sites takes
/// a few seconds).
pub const WAIT: Duration = Duration::from_secs(30);

/// The newest finished index, and which build it is of.
#[derive(Default)]
struct Made {
    /// The number of the newest build handed in.
    wanted: u64,
    /// The number of the build whose index `files` is.
    done: u64,
    files: Arc<Files>,
}

#[derive(Default)]
struct Shared {
    made: Mutex<Made>,
    ready: Condvar,
}

/// A build's number and what its search finds (`None`: no search).
type Job = (u64, Option<Records>);

/// Indexes builds in the background, newest first: builds handed in while
/// one is indexed are skipped for the newest of them.
pub struct Indexer {
    shared: Arc<Shared>,
    jobs: Mutex<Option<Sender<Job>>>,
}

impl Default for Indexer {
    fn default() -> Indexer {
        Indexer { shared: Arc::default(), jobs: Mutex::new(None) }
    }
}

impl Indexer {
    /// Hands in what a good build's search finds (`None`: the site has no
    /// search). Returns at once; the index is made on the indexer's thread.
    pub fn submit(&self, records: Option<Records>) {
        let number = {
            let mut made = lock(&self.shared.made);
            made.wanted += 1;
            made.wanted
        };
        let mut jobs = lock(&self.jobs);
        if jobs.is_none() {
            let (tx, rx) = channel();
            let shared = Arc::clone(&self.shared);
            let thread =
                std::thread::Builder::new().name("privet-index".into()).stack_size(crate::STACK_SIZE);
            if thread.spawn(move || work(&rx, &shared)).is_err() {
                eprintln!("cannot start the search indexer: search in the preview shows the last index");
                return;
            }
            *jobs = Some(tx);
        }
        if let Some(tx) = jobs.as_ref() {
            let _ = tx.send((number, records));
        }
    }

    /// The index of the newest build handed in, once it is made (or the last
    /// one made, after [`WAIT`]).
    pub fn files(&self) -> Arc<Files> {
        let deadline = Instant::now() + WAIT;
        let mut made = lock(&self.shared.made);
        while made.done < made.wanted {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            made = match self.shared.ready.wait_timeout(made, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        Arc::clone(&made.files)
    }
}

fn work(jobs: &Receiver<Job>, shared: &Shared) {
    // A save changes the records of the languages that read the saved
    // text; the other languages' index files are this build's too.
    let mut reuse = crate::search::Reuse::default();
    while let Ok(mut job) = jobs.recv() {
        // Only the newest build's index is worth making.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (number, records) = job;
        let started = Instant::now();
        let files = match records.as_ref().map(|r| crate::search::index_reusing(r, &mut reuse)) {
            None => Some(Files::new()),
            Some(Ok(files)) => Some(files),
            Some(Err(e)) => {
                eprintln!("{e}\n(search in the preview shows the last index)");
                None
            }
        };
        if records.is_some() && std::env::var_os("PRIVET_TIMINGS").is_some() {
            eprintln!("  search index (serve) {:>7.1} ms", started.elapsed().as_secs_f64() * 1000.0);
        }
        let mut made = lock(&shared.made);
        if number > made.done {
            made.done = number;
            if let Some(files) = files {
                made.files = Arc::new(files);
            }
        }
        shared.ready.notify_all();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
