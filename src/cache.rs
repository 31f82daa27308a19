//! The on-disk cache of highlighted code.
//!
//! Highlighting is by far the most expensive step of a build, and code
//! samples rarely change, so results are kept between builds, keyed by a hash
//! of the code, its language and the grammar set's version. Entries are
//! written to a temporary file and renamed into place, so a crash never leaves
//! a torn entry, and two builds running at once cannot corrupt one.

use std::path::{Path, PathBuf};

use crate::transform::highlight::{Highlighted, Outcome};

/// Where the cache lives unless told otherwise: the platform cache folder.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VERSUS_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|dir| dir.join("versus"))
}

/// A folder of highlighted blocks, one file each.
#[derive(Debug, Clone)]
pub struct HighlightCache {
    dir: PathBuf,
}

impl HighlightCache {
    /// A cache in `dir/highlight` (created on first write).
    pub fn new(dir: &Path) -> Self {
        HighlightCache {
            dir: dir.join("highlight"),
        }
    }

    fn path(&self, key: &blake3::Hash) -> PathBuf {
        let hex = key.to_hex();
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The cached result for `key`, if there is a readable one.
    pub fn get(&self, key: &blake3::Hash) -> Option<Highlighted> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let text = String::from_utf8(bytes).ok()?;
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

    /// Stores a result. Failures are ignored: the cache only saves time, and
    /// a read-only or full disk must not fail a build.
    pub fn put(&self, key: &blake3::Hash, value: &Highlighted) {
        let tag = match value.outcome {
            Outcome::Highlighted => "H\n",
            Outcome::UnknownLanguage => "U\n",
            Outcome::Plain => "P\n",
            Outcome::TimedOut => return,
        };
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
        use std::io::Write;
        if file.write_all(tag.as_bytes()).is_ok() && file.write_all(value.html.as_bytes()).is_ok() {
            let _ = file.persist(&path);
        }
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
