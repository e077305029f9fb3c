//! The generated site as data: output path → bytes, and the hash privet
//! records of files and texts. The lowest layer: content, output, headers,
//! the manifest and serve all speak of files, none of them owns the type.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::error::Result;

/// A path below the site's root as the site names it on every system, with
/// `/` between folders: in errors, `versions.lock`, `translations.lock` and
/// `versions.json`.
pub fn slash_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A file's bytes, shared: `serve` keeps the pages a rebuild did not touch
/// by reference, and its state hands them to every request without a copy.
pub type Bytes = std::sync::Arc<[u8]>;

/// Output path → bytes; sorted, so writing and hashing are deterministic.
pub type Files = BTreeMap<String, Bytes>;

/// Reads a regular file whole. A named pipe, socket or device is refused
/// without waiting on it: the file is opened non-blocking and checked
/// through the handle, so a FIFO an editor (or an attacker) left in the
/// site can never hang a build or the dev server.
pub fn read(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, NOT_REGULAR));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads a text file as editors save it: UTF-8, with or without a byte-order
/// mark, LF or CRLF line endings. Returns text with LF line endings, so that
/// byte offsets and line numbers agree with what the editor shows.
pub fn read_text(path: &std::path::Path, shown: &std::path::Path) -> Result<String> {
    let bytes = read(path).map_err(|e| crate::error::Error::io(shown, e))?;
    crate::error::decode_text(&bytes, shown)
}

/// A TOML file privet writes at the site root (`versions.lock`,
/// `translations.lock`), parsed; `None` when there is none. It is parsed
/// again only when its bytes differ from those `kept` holds (`serve` keeps
/// them between rebuilds); `hint` says how to mend a file that does not parse.
pub fn read_root_toml<T: serde::de::DeserializeOwned + Clone>(
    root: &std::path::Path,
    file: &str,
    hint: &str,
    kept: &mut Option<(Vec<u8>, T)>,
) -> Result<Option<T>> {
    let shown = std::path::Path::new(file);
    let bytes = match read(&root.join(file)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(crate::error::Error::io(shown, e)),
    };
    if let Some((seen, value)) = kept
        && *seen == bytes
    {
        return Ok(Some(value.clone()));
    }
    let text = crate::error::decode_text(&bytes, shown)?;
    let value: T =
        toml::from_str(&text).map_err(|e| crate::error::toml_diagnostic(shown, &text, 1, &e).hint(hint))?;
    *kept = Some((bytes, value.clone()));
    Ok(Some(value))
}

/// [`read`] as UTF-8 text.
pub fn read_to_string(path: &std::path::Path) -> std::io::Result<String> {
    String::from_utf8(read(path)?).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Why a file that is not a regular one is not read.
pub const NOT_REGULAR: &str = "not a regular file (a named pipe, socket or device)";

/// SHA-256 of bytes, lower-case hex (as `sha256sum` prints it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    // Two digits a byte from a table, not `format!` (each file is hashed
    // three times as it loads, and each version page as it is made).
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    hex
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

    /// Puts each file of `previous` not put yet; a later `put` replaces it.
    fn fill(&self, previous: &Files) -> Result<()> {
        let made: std::collections::HashSet<String> = self.names().into_iter().collect();
        for (name, bytes) in previous {
            if !made.contains(name) {
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

    /// The files put so far (their bytes shared, not copied).
    pub fn snapshot(&self) -> Files {
        self.files().clone()
    }

    fn files(&self) -> std::sync::MutexGuard<'_, Files> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A sink that keeps only the names and sizes of the files put into it:
/// `check` renders every page to find every error, and needs none of them.
#[derive(Debug, Default)]
pub struct Tally(std::sync::Mutex<BTreeMap<String, u64>>);

impl Tally {
    /// How many files, and their bytes.
    pub fn totals(&self) -> (usize, u64) {
        let names = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        (names.len(), names.values().sum())
    }
}

impl Sink for Tally {
    fn put(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let mut names = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        names.insert(name.to_string(), bytes.len() as u64);
        Ok(())
    }

    fn names(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).keys().cloned().collect()
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

    fn fill(&self, previous: &Files) -> Result<()> {
        // The few files put so far go into a copy of the many previous ones:
        // one name at a time into the new map cost serve 6 ms on LARGE.
        let mut files = self.files();
        let made = std::mem::replace(&mut *files, previous.clone());
        files.extend(made);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_is_written_as_sha256sum_prints_it() {
        assert_eq!(
            super::sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
