//! The on-disk cache of derived data: highlighted code and social images.
//!
//! Highlighting is by far the most expensive step of a build, and code
//! samples rarely change, so results are kept between builds, keyed by a hash
//! of the code, its language and the grammar set's version; social images
//! likewise by a hash of their SVG. Entries are written to a temporary file
//! and renamed into place, so a crash never leaves a torn entry, and two
//! builds running at once cannot corrupt one.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::transform::highlight::{Highlighted, Outcome};

/// Where the cache lives unless told otherwise: the platform cache folder.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VERSUS_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|dir| dir.join("versus"))
}

/// A folder of blobs, one file each, named by their key.
#[derive(Debug, Clone)]
pub struct BlobCache {
    dir: PathBuf,
}

impl BlobCache {
    /// A cache in `dir/<kind>` (created on first write).
    pub fn new(dir: &Path, kind: &str) -> Self {
        BlobCache {
            dir: dir.join(kind),
        }
    }

    fn path(&self, key: &blake3::Hash) -> PathBuf {
        let hex = key.to_hex();
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The blob stored under `key`, if there is a readable one.
    pub fn get(&self, key: &blake3::Hash) -> Option<Vec<u8>> {
        std::fs::read(self.path(key)).ok()
    }

    /// Stores a blob. Failures are ignored: the cache only saves time, and a
    /// read-only or full disk must not fail a build.
    pub fn put(&self, key: &blake3::Hash, parts: &[&[u8]]) {
        let path = self.path(key);
        let Some(parent) = path.parent() else {
            return;
        };
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        let Ok(mut file) = tempfile::NamedTempFile::new_in(parent) else {
            return;
        };
        if parts.iter().all(|part| file.write_all(part).is_ok()) {
            let _ = file.persist(&path);
        }
    }
}

/// Highlighted blocks, with how each came out.
#[derive(Debug, Clone)]
pub struct HighlightCache {
    blobs: BlobCache,
}

impl HighlightCache {
    /// A cache in `dir/highlight`.
    pub fn new(dir: &Path) -> Self {
        HighlightCache {
            blobs: BlobCache::new(dir, "highlight"),
        }
    }

    /// The cached result for `key`, if there is a readable one.
    pub fn get(&self, key: &blake3::Hash) -> Option<Highlighted> {
        let text = String::from_utf8(self.blobs.get(key)?).ok()?;
        let (tag, html) = text.split_at_checked(2)?;
        let outcome = match tag {
            "H\n" => Outcome::Highlighted,
            "U\n" => Outcome::UnknownLanguage,
            "P\n" => Outcome::Plain,
            _ => return None,
        };
        Some(Highlighted {
            html: html.to_string(),
            outcome,
        })
    }

    /// Stores a result; blocks that timed out are not kept, so they are
    /// tried again on a quieter build.
    pub fn put(&self, key: &blake3::Hash, value: &Highlighted) {
        let tag = match value.outcome {
            Outcome::Highlighted => "H\n",
            Outcome::UnknownLanguage => "U\n",
            Outcome::Plain => "P\n",
            Outcome::TimedOut => return,
        };
        self.blobs
            .put(key, &[tag.as_bytes(), value.html.as_bytes()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HighlightCache::new(dir.path());
        let key = blake3::hash(b"k");
        assert!(cache.get(&key).is_none());
        let value = Highlighted {
            html: "<span class=\"hl-x\">a</span>\n".into(),
            outcome: Outcome::Highlighted,
        };
        cache.put(&key, &value);
        assert_eq!(cache.get(&key), Some(value));
    }

    #[test]
    fn timeouts_are_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HighlightCache::new(dir.path());
        let key = blake3::hash(b"k");
        cache.put(
            &key,
            &Highlighted {
                html: "x".into(),
                outcome: Outcome::TimedOut,
            },
        );
        assert!(cache.get(&key).is_none());
    }
}
