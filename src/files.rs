//! The generated site as data: output path → bytes, and the hash privet
//! records of files and texts. The lowest layer: content, output, headers,
//! the manifest and serve all speak of files, none of them owns the type.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// Output path → bytes; sorted, so writing and hashing are deterministic.
pub type Files = BTreeMap<String, Vec<u8>>;

/// SHA-256 of bytes, lower-case hex (as `sha256sum` prints it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
