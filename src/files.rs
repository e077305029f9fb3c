//! The generated site as data: output path → bytes, and the hash privet
//! records of files and texts. The lowest layer: content, output, headers,
//! the manifest and serve all speak of files, none of them owns the type.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::error::Result;

/// A file's bytes, shared: `serve` keeps the pages a rebuild did not touch
/// by reference, and its state hands them to every request without a copy.
pub type Bytes = std::sync::Arc<[u8]>;

/// Output path → bytes; sorted, so writing and hashing are deterministic.
pub type Files = BTreeMap<String, Bytes>;

/// SHA-256 of bytes, lower-case hex (as `sha256sum` prints it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a build's files go as they are made. Pages arrive from rayon's
/// workers in any order; a later file of the same name replaces an earlier
/// one (the site's `static/` files win over generated ones).
pub trait Sink: Sync {
    fn put(&self, name: &str, bytes: &[u8]) -> Result<()>;

    /// A file whose bytes are already shared (assets, static files).
    fn put_shared(&self, name: &str, bytes: &Bytes) -> Result<()> {
        self.put(name, bytes)
    }

    /// The names of the files put so far (for `_headers`).
    fn names(&self) -> Vec<String>;

    /// Puts each file of `previous` not put yet, but `except`.
    fn fill(&self, previous: &Files, except: &str) -> Result<()> {
        let made: std::collections::HashSet<String> = self.names().into_iter().collect();
        for (name, bytes) in previous {
            if name != except && !made.contains(name) {
                self.put_shared(name, bytes)?;
            }
        }
        Ok(())
    }
}

/// Files kept in memory: `serve` answers from them, `check` and tests read them.
#[derive(Debug, Default)]
pub struct Memory(std::sync::Mutex<Files>);

impl Memory {
    pub fn into_files(self) -> Files {
        self.0.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn files(&self) -> std::sync::MutexGuard<'_, Files> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, name: &str, bytes: &[u8]) -> Result<()> {
        self.files().insert(name.to_string(), bytes.into());
        Ok(())
    }

    fn put_shared(&self, name: &str, bytes: &Bytes) -> Result<()> {
        self.files().insert(name.to_string(), Bytes::clone(bytes));
        Ok(())
    }

    fn names(&self) -> Vec<String> {
        self.files().keys().cloned().collect()
    }

    fn fill(&self, previous: &Files, except: &str) -> Result<()> {
        let mut files = self.files();
        for (name, bytes) in previous {
            if name != except && !files.contains_key(name) {
                files.insert(name.clone(), Bytes::clone(bytes));
            }
        }
        Ok(())
    }
}
