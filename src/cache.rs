//! The on-disk cache of derived data: highlighted code and social images.
//!
//! Highlighting is by far the most expensive step of a build, and code
//! samples rarely change, so results are kept between builds, keyed by a hash
//! of the code, its language and the grammar set's version; social images
//! likewise by a hash of their SVG.
//!
//! The cache is a folder of *pack* files. A build streams whatever it
//! computed into one new pack and renames it into place when it is done, so a
//! build that highlights 2,000 samples creates one file, not 2,000: creating
//! many small files costs the file system more than writing the same bytes
//! once, enough to show in a cold build's time. Packs are never changed after
//! they are written, so builds running at once cannot corrupt each other,
//! and a crash leaves at most a stray temporary file. When there are too many
//! packs, the next build merges them into one, newest entries first, up to a
//! size limit; that is also how old entries age out.
//!
//! Every entry carries a checksum of its bytes: an entry that does not match
//! (a torn write after a power loss, a disk error) is a miss, never wrong
//! output. The checksum is XXH3-128, which finds damage as surely as a
//! cryptographic hash and costs a tenth as much: a warm build reads back
//! every highlighted block it shows. Failures to read or write are
//! ignored: the cache only saves time, and a read-only or full disk must
//! not fail a build.
//!
//! A pack, all integers little-endian:
//!
//! ```text
//! "VERSUSPK" version:u32          header
//! value bytes, back to back       entries
//! (key:32 offset:u64 len:u32 check:16) × count     index
//! index_offset:u64 count:u32 index_check:16 "VPK!"  footer
//! ```
//!
//! `check` and `index_check` are the XXH3-128 hashes of the value and of
//! the index (little-endian). `key` is the BLAKE3 hash of the entry's kind
//! and the key its user gave.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use crate::input::{ReadError, open_regular};
use crate::transform::highlight::{Highlighted, Outcome};

/// Where the cache lives unless told otherwise: the platform cache folder.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VERSUS_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|dir| dir.join("versus"))
}

const MAGIC: &[u8; 8] = b"VERSUSPK";
const VERSION: u32 = 2;
const HEADER_LEN: u64 = 12;
const FOOTER_MAGIC: &[u8; 4] = b"VPK!";
const FOOTER_LEN: u64 = 8 + 4 + 16 + 4;
const INDEX_ENTRY_LEN: usize = 32 + 8 + 4 + 16;
/// The folder of packs inside the cache folder; a new format gets a new one,
/// and the folders of older formats are removed (see [`PACKS_PREFIX`]).
const PACKS: &str = "packs-2";
/// What the folder of every format's packs is named from.
const PACKS_PREFIX: &str = "packs-";
/// More packs than this are merged into one by the next build that writes.
const MAX_PACKS: usize = 16;
/// A merge keeps the newest entries up to this many bytes.
const MAX_BYTES: u64 = 1 << 30;
/// Temporary files older than this are left over from a crash.
const STALE_TEMPORARY: Duration = Duration::from_secs(24 * 60 * 60);

type Check = [u8; 16];

fn check_of(bytes: &[u8]) -> Check {
    xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes()
}

/// One entry of a pack's index.
#[derive(Debug, Clone, Copy)]
struct IndexEntry {
    key: [u8; 32],
    offset: u64,
    len: u32,
    check: Check,
}

/// The entries of the packs that were readable, by key.
///
/// Packs are opened when a value is read from them, and at most
/// [`MAX_OPEN_PACKS`] stay open: a cache of a thousand packs must not use up
/// the process's file descriptors (256 by default on macOS), which the build
/// needs for the site's own files.
#[derive(Debug, Default)]
struct Index {
    packs: Vec<PathBuf>,
    /// Each key's entry, with the position of its pack in `packs`.
    entries: HashMap<[u8; 32], (usize, IndexEntry)>,
    open: Mutex<OpenPacks>,
    /// What went wrong reading the cache, for one warning.
    problems: Vec<String>,
}

/// The packs open right now, oldest opened first.
#[derive(Debug, Default)]
struct OpenPacks {
    files: VecDeque<(usize, Arc<File>)>,
}

/// How many pack files may be open at once.
const MAX_OPEN_PACKS: usize = 8;

impl Index {
    /// Adds a pack's entries, keeping entries already known. The pack is
    /// closed again once its index is read.
    fn add_pack(&mut self, path: &Path) {
        let file = match open_regular(path) {
            Ok(file) => file,
            Err(error) => {
                self.problems
                    .push(format!("`{}`: {}", path.display(), describe(&error)));
                return;
            }
        };
        let Some(entries) = read_index(&file) else {
            return;
        };
        let pack = self.packs.len();
        self.packs.push(path.to_path_buf());
        for entry in entries {
            self.entries.entry(entry.key).or_insert((pack, entry));
        }
    }

    /// The value stored under `key`, if it reads back intact.
    fn get(&self, key: &[u8; 32]) -> Option<Vec<u8>> {
        let (pack, entry) = self.entries.get(key)?;
        let file = self.open_pack(*pack)?;
        read_value(&file, entry)
    }

    /// The open file of a pack, opening it (and closing the pack opened
    /// longest ago) when needed.
    fn open_pack(&self, pack: usize) -> Option<Arc<File>> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, file)) = open.files.iter().find(|(p, _)| *p == pack) {
            return Some(Arc::clone(file));
        }
        // A pack deleted by another build's merge is a miss.
        let file = Arc::new(open_regular(self.packs.get(pack)?).ok()?);
        if open.files.len() >= MAX_OPEN_PACKS {
            open.files.pop_front();
        }
        open.files.push_back((pack, Arc::clone(&file)));
        Some(file)
    }
}

/// A reading error in words.
fn describe(error: &ReadError) -> String {
    match error {
        ReadError::Io(e) => e.to_string(),
        ReadError::NotRegular { kind } => format!("it is {kind}"),
        ReadError::TooLarge { .. } => "it is too large".to_string(),
    }
}

/// The index of a pack, or `None` when it is not a whole, valid pack.
fn read_index(mut file: &File) -> Option<Vec<IndexEntry>> {
    let size = file.metadata().ok()?.len();
    if size < HEADER_LEN + FOOTER_LEN {
        return None;
    }
    let mut header = [0; HEADER_LEN as usize];
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_exact(&mut header).ok()?;
    if &header[..8] != MAGIC || header[8..12] != VERSION.to_le_bytes() {
        return None;
    }
    let mut footer = [0; FOOTER_LEN as usize];
    file.seek(SeekFrom::Start(size - FOOTER_LEN)).ok()?;
    file.read_exact(&mut footer).ok()?;
    if &footer[28..32] != FOOTER_MAGIC {
        return None;
    }
    let index_offset = u64::from_le_bytes(footer[0..8].try_into().ok()?);
    let count = u32::from_le_bytes(footer[8..12].try_into().ok()?) as usize;
    let index_len = count.checked_mul(INDEX_ENTRY_LEN)? as u64;
    if index_offset < HEADER_LEN || index_offset.checked_add(index_len)? != size - FOOTER_LEN {
        return None;
    }
    let mut index = vec![0; index_len as usize];
    file.seek(SeekFrom::Start(index_offset)).ok()?;
    file.read_exact(&mut index).ok()?;
    if check_of(&index) != footer[12..28] {
        return None;
    }
    let entries = index
        .chunks_exact(INDEX_ENTRY_LEN)
        .filter_map(|entry| {
            let key: [u8; 32] = entry[..32].try_into().ok()?;
            let offset = u64::from_le_bytes(entry[32..40].try_into().ok()?);
            let len = u32::from_le_bytes(entry[40..44].try_into().ok()?);
            let check: Check = entry[44..60].try_into().ok()?;
            let inside =
                offset >= HEADER_LEN && offset.checked_add(u64::from(len))? <= index_offset;
            inside.then_some(IndexEntry {
                key,
                offset,
                len,
                check,
            })
        })
        .collect();
    Some(entries)
}

/// Reads `len` bytes at `offset` without moving a shared cursor, so threads
/// can read one pack at once.
#[cfg(unix)]
fn read_at(file: &File, offset: u64, buffer: &mut [u8]) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut offset: u64, mut buffer: &mut [u8]) -> std::io::Result<()> {
    while !buffer.is_empty() {
        let read = std::os::windows::fs::FileExt::seek_read(file, buffer, offset)?;
        if read == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buffer = &mut buffer[read..];
        offset += read as u64;
    }
    Ok(())
}

fn read_value(file: &File, entry: &IndexEntry) -> Option<Vec<u8>> {
    let mut value = vec![0; entry.len as usize];
    read_at(file, entry.offset, &mut value).ok()?;
    (check_of(&value) == entry.check).then_some(value)
}

/// A pack being written: a temporary file, renamed into place by `finish`.
struct PackWriter {
    file: BufWriter<tempfile::NamedTempFile>,
    entries: Vec<IndexEntry>,
    written: HashSet<[u8; 32]>,
    offset: u64,
}

impl PackWriter {
    fn create(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let temporary = tempfile::Builder::new().prefix(".pack-").tempfile_in(dir)?;
        let mut file = BufWriter::with_capacity(256 * 1024, temporary);
        file.write_all(MAGIC)?;
        file.write_all(&VERSION.to_le_bytes())?;
        Ok(PackWriter {
            file,
            entries: Vec::new(),
            written: HashSet::new(),
            offset: HEADER_LEN,
        })
    }

    fn add(&mut self, key: [u8; 32], parts: &[&[u8]]) -> std::io::Result<()> {
        if self.written.contains(&key) {
            return Ok(());
        }
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut len = 0u64;
        for part in parts {
            self.file.write_all(part)?;
            hasher.update(part);
            len += part.len() as u64;
        }
        let len = u32::try_from(len).map_err(|_| std::io::ErrorKind::FileTooLarge)?;
        self.entries.push(IndexEntry {
            key,
            offset: self.offset,
            len,
            check: hasher.digest128().to_le_bytes(),
        });
        self.written.insert(key);
        self.offset += u64::from(len);
        Ok(())
    }

    /// Writes the index and renames the pack into `dir`; returns its path.
    fn finish(mut self, dir: &Path) -> std::io::Result<PathBuf> {
        let mut index = Vec::with_capacity(self.entries.len() * INDEX_ENTRY_LEN);
        for entry in &self.entries {
            index.extend_from_slice(&entry.key);
            index.extend_from_slice(&entry.offset.to_le_bytes());
            index.extend_from_slice(&entry.len.to_le_bytes());
            index.extend_from_slice(&entry.check);
        }
        let count =
            u32::try_from(self.entries.len()).map_err(|_| std::io::ErrorKind::FileTooLarge)?;
        let index_check = check_of(&index);
        self.file.write_all(&index)?;
        self.file.write_all(&self.offset.to_le_bytes())?;
        self.file.write_all(&count.to_le_bytes())?;
        self.file.write_all(&index_check)?;
        self.file.write_all(FOOTER_MAGIC)?;
        let temporary = self.file.into_inner().map_err(|e| e.into_error())?;
        // Named by content: two builds that computed the same entries write
        // the same pack, and the second rename is harmless.
        let name = format!("{}.pack", blake3::hash(&index).to_hex());
        let path = dir.join(name);
        temporary.persist(&path).map_err(|e| e.error)?;
        Ok(path)
    }
}

/// The cache folder: packs to read, and the pack this build is writing.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    index: RwLock<Index>,
    writer: Mutex<WriterState>,
    /// Why this build could not write its pack, if it could not.
    write_problem: Mutex<Option<String>>,
}

#[derive(Default)]
enum WriterState {
    #[default]
    Idle,
    Writing(PackWriter),
    /// Writing failed once this build; do not try again until the next.
    Failed,
}

impl std::fmt::Debug for WriterState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriterState::Idle => f.write_str("Idle"),
            WriterState::Writing(w) => write!(f, "Writing({} entries)", w.entries.len()),
            WriterState::Failed => f.write_str("Failed"),
        }
    }
}

impl Cache {
    /// The cache in `dir`, reading the index of every pack found there. A
    /// missing or unreadable folder is an empty cache.
    pub fn open(dir: &Path) -> Arc<Cache> {
        remove_older_formats(dir);
        let dir = dir.join(PACKS);
        let index = load_index(&dir);
        Arc::new(Cache {
            dir,
            index: RwLock::new(index),
            writer: Mutex::new(WriterState::Idle),
            write_problem: Mutex::new(None),
        })
    }

    /// What made parts of the cache unusable (packs that could not be
    /// opened, a pack that could not be written), in words. The build goes
    /// on without them; these are for a warning.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self
            .index
            .read()
            .map(|index| index.problems.clone())
            .unwrap_or_default();
        if let Some(problem) = self
            .write_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            problems.push(problem);
        }
        problems
    }

    /// Notes why writing failed, the first time it does.
    fn note_write_problem(&self, error: &std::io::Error) {
        let mut problem = self
            .write_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if problem.is_none() {
            *problem = Some(format!(
                "could not write to `{}`: {error}",
                self.dir.display()
            ));
        }
    }

    /// A key of `kind` (so kinds never collide) from a key within it.
    fn full_key(kind: &str, key: &[u8]) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(kind.as_bytes());
        hasher.update(&[0]);
        hasher.update(key);
        *hasher.finalize().as_bytes()
    }

    /// The bytes stored under `kind` and `key` by an earlier, finished
    /// build (or by this one before its last [`Cache::flush`]). A key is
    /// any bytes that name the value: usually a hash of what it is made
    /// from.
    pub fn get(&self, kind: &str, key: &[u8]) -> Option<Vec<u8>> {
        let key = Self::full_key(kind, key);
        self.index.read().ok()?.get(&key)
    }

    /// Stores the concatenation of `parts` under `kind` and `key` in the
    /// pack being written. Entries already on disk are not written again.
    pub fn put(&self, kind: &str, key: &[u8], parts: &[&[u8]]) {
        let key = Self::full_key(kind, key);
        if self
            .index
            .read()
            .is_ok_and(|index| index.entries.contains_key(&key))
        {
            return;
        }
        let Ok(mut state) = self.writer.lock() else {
            return;
        };
        if matches!(*state, WriterState::Idle) {
            *state = match PackWriter::create(&self.dir) {
                Ok(writer) => WriterState::Writing(writer),
                Err(e) => {
                    self.note_write_problem(&e);
                    WriterState::Failed
                }
            };
        }
        if let WriterState::Writing(writer) = &mut *state
            && let Err(e) = writer.add(key, parts)
        {
            self.note_write_problem(&e);
            *state = WriterState::Failed;
        }
    }

    /// Finishes the pack this build wrote, making its entries readable, and
    /// merges the packs when there are too many. Called once a build (or a
    /// rebuild while serving) is done.
    pub fn flush(&self) {
        let Ok(mut state) = self.writer.lock() else {
            return;
        };
        let WriterState::Writing(writer) = std::mem::take(&mut *state) else {
            return;
        };
        if writer.entries.is_empty() {
            return;
        }
        let path = match writer.finish(&self.dir) {
            Ok(path) => path,
            Err(e) => {
                self.note_write_problem(&e);
                return;
            }
        };
        let merged = count_packs(&self.dir) > MAX_PACKS && merge_packs(&self.dir).is_ok();
        let Ok(mut index) = self.index.write() else {
            return;
        };
        if merged {
            *index = load_index(&self.dir);
        } else {
            index.add_pack(&path);
        }
    }
}

/// The packs of `dir`, newest first (by modification time). A folder that
/// does not exist yet has none.
fn list_packs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut packs: Vec<(SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pack"))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let modified = e
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            (modified, e.path())
        })
        .collect();
    packs.sort_by(|a, b| b.cmp(a));
    Ok(packs.into_iter().map(|(_, path)| path).collect())
}

fn count_packs(dir: &Path) -> usize {
    list_packs(dir).map_or(0, |packs| packs.len())
}

/// The index of every readable pack in `dir`; newer packs win.
fn load_index(dir: &Path) -> Index {
    let mut index = Index::default();
    match list_packs(dir) {
        Ok(packs) => {
            for path in packs {
                index.add_pack(&path);
            }
        }
        Err(error) => index.problems.push(format!("`{}`: {error}", dir.display())),
    }
    index
}

/// Rewrites every pack of `dir` as one, newest entries first and at most
/// [`MAX_BYTES`] of them, then deletes the old packs and stale temporary
/// files. Another build may be reading the old packs: on Unix its open files
/// stay readable; elsewhere a delete that fails leaves the pack for later.
fn merge_packs(dir: &Path) -> std::io::Result<()> {
    let sources = list_packs(dir)?;
    let mut writer = PackWriter::create(dir)?;
    let mut kept = 0u64;
    for path in &sources {
        let Ok(file) = open_regular(path) else {
            continue;
        };
        let Some(entries) = read_index(&file) else {
            continue;
        };
        for entry in entries {
            if kept + u64::from(entry.len) > MAX_BYTES || writer.written.contains(&entry.key) {
                continue;
            }
            if let Some(value) = read_value(&file, &entry) {
                writer.add(entry.key, &[&value])?;
                kept += u64::from(entry.len);
            }
        }
    }
    let merged = writer.finish(dir)?;
    for path in sources.iter().filter(|p| **p != merged) {
        let _ = std::fs::remove_file(path);
    }
    remove_stale_temporaries(dir);
    Ok(())
}

/// Removes the packs of older formats from the cache folder `dir`: this
/// version never reads them (an older versus sharing the folder fills its
/// own again). Only what a pack folder holds is touched (pack
/// files and temporary packs), and the folder only once it is empty.
fn remove_older_formats(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let older = |name: &str| {
        name.strip_prefix(PACKS_PREFIX)
            .and_then(|version| version.parse::<u32>().ok())
            .is_some_and(|version| version < VERSION)
    };
    for entry in entries.filter_map(Result::ok) {
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if !is_dir || !older(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let Ok(packs) = std::fs::read_dir(entry.path()) else {
            continue;
        };
        for pack in packs.filter_map(Result::ok) {
            let name = pack.file_name().to_string_lossy().into_owned();
            let is_file = pack.file_type().is_ok_and(|kind| kind.is_file());
            if is_file && (name.ends_with(".pack") || name.starts_with(".pack-")) {
                let _ = std::fs::remove_file(pack.path());
            }
        }
        let _ = std::fs::remove_dir(entry.path());
    }
}

fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.filter_map(Result::ok) {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > STALE_TEMPORARY);
        if stale && entry.file_name().to_string_lossy().starts_with(".pack-") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Highlighted blocks, with how each came out.
#[derive(Debug, Clone)]
pub struct HighlightCache {
    cache: Arc<Cache>,
}

/// The kind of highlighted blocks: the code's HTML, then one byte that says
/// how it came out. The byte is last so that taking it off moves nothing.
const HIGHLIGHT: &str = "highlighted";

impl HighlightCache {
    /// Highlighted blocks kept in `cache`.
    pub fn new(cache: Arc<Cache>) -> Self {
        HighlightCache { cache }
    }

    /// The cached result for `key`, if there is a readable one.
    pub fn get(&self, key: &blake3::Hash) -> Option<Highlighted> {
        let mut value = self.cache.get(HIGHLIGHT, key.as_bytes())?;
        let outcome = match value.pop()? {
            b'H' => Outcome::Highlighted,
            b'U' => Outcome::UnknownLanguage,
            b'P' => Outcome::Plain,
            _ => return None,
        };
        let html = String::from_utf8(value).ok()?;
        Some(Highlighted { html, outcome })
    }

    /// Stores a result; blocks that timed out are not kept, so they are
    /// tried again on a quieter build.
    pub fn put(&self, key: &blake3::Hash, value: &Highlighted) {
        let tag = match value.outcome {
            Outcome::Highlighted => b"H",
            Outcome::UnknownLanguage => b"U",
            Outcome::Plain => b"P",
            Outcome::TimedOut => return,
        };
        self.cache
            .put(HIGHLIGHT, key.as_bytes(), &[value.html.as_bytes(), tag]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(html: &str) -> Highlighted {
        Highlighted {
            html: html.into(),
            outcome: Outcome::Highlighted,
        }
    }

    fn packs(dir: &Path) -> usize {
        count_packs(&dir.join(PACKS))
    }

    #[test]
    fn entries_come_back_after_a_flush_and_in_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HighlightCache::new(Cache::open(dir.path()));
        let key = blake3::hash(b"k");
        assert!(cache.get(&key).is_none());
        let value = block("<span class=\"hl-x\">a</span>\n");
        cache.put(&key, &value);
        cache.cache.flush();
        assert_eq!(cache.get(&key), Some(value.clone()), "same build");
        let next = HighlightCache::new(Cache::open(dir.path()));
        assert_eq!(next.get(&key), Some(value), "next build");
        assert_eq!(packs(dir.path()), 1);
    }

    #[test]
    fn every_outcome_comes_back_as_it_went_in() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HighlightCache::new(Cache::open(dir.path()));
        let outcomes = [
            Outcome::Highlighted,
            Outcome::UnknownLanguage,
            Outcome::Plain,
        ];
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let value = Highlighted {
                html: format!("line {i}\nPH"),
                outcome,
            };
            cache.put(&blake3::hash(&[i as u8]), &value);
        }
        cache.cache.flush();
        let next = HighlightCache::new(Cache::open(dir.path()));
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let back = next.get(&blake3::hash(&[i as u8])).unwrap();
            assert_eq!(
                (back.html.as_str(), back.outcome),
                (format!("line {i}\nPH").as_str(), outcome)
            );
        }
    }

    #[test]
    fn a_build_writes_one_pack_however_many_entries() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        for i in 0..500u32 {
            cache.put(
                "x",
                blake3::hash(&i.to_le_bytes()).as_bytes(),
                &[b"value ", &i.to_le_bytes()],
            );
        }
        cache.flush();
        assert_eq!(packs(dir.path()), 1);
        let files = std::fs::read_dir(dir.path().join(PACKS)).unwrap().count();
        assert_eq!(files, 1, "no temporary file is left behind");
        let again = Cache::open(dir.path());
        let value = again
            .get("x", blake3::hash(&7u32.to_le_bytes()).as_bytes())
            .unwrap();
        assert_eq!(value, [b"value ".as_slice(), &7u32.to_le_bytes()].concat());
    }

    #[test]
    fn packs_of_an_older_format_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(PACKS, format!("{PACKS_PREFIX}{VERSION}"));
        let old = dir.path().join(format!("{PACKS_PREFIX}{}", VERSION - 1));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("0123.pack"), b"an old pack").unwrap();
        std::fs::write(old.join(".pack-x1"), b"an old temporary pack").unwrap();
        // What versus did not write stays, and so does its folder.
        let kept = dir.path().join(format!("{PACKS_PREFIX}0"));
        std::fs::create_dir_all(&kept).unwrap();
        std::fs::write(kept.join("0123.pack"), b"old").unwrap();
        std::fs::write(kept.join("notes.txt"), b"mine").unwrap();
        let other = dir.path().join("packs-notes");
        std::fs::create_dir_all(&other).unwrap();
        let cache = Cache::open(dir.path());
        cache.put("x", b"k", &[b"value"]);
        cache.flush();
        assert!(!old.exists(), "the older format's folder is gone");
        assert!(kept.join("notes.txt").exists() && !kept.join("0123.pack").exists());
        assert!(other.exists());
        assert_eq!(Cache::open(dir.path()).get("x", b"k").unwrap(), b"value");
    }

    #[test]
    fn kinds_do_not_collide() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let key = *blake3::hash(b"same").as_bytes();
        cache.put("a", &key, &[b"from a"]);
        cache.put("b", &key, &[b"from b"]);
        cache.flush();
        assert_eq!(cache.get("a", &key).unwrap(), b"from a");
        assert_eq!(cache.get("b", &key).unwrap(), b"from b");
    }

    #[test]
    fn timeouts_are_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HighlightCache::new(Cache::open(dir.path()));
        let key = blake3::hash(b"k");
        cache.put(
            &key,
            &Highlighted {
                html: "x".into(),
                outcome: Outcome::TimedOut,
            },
        );
        cache.cache.flush();
        assert!(cache.get(&key).is_none());
        assert_eq!(packs(dir.path()), 0, "nothing to write, no pack");
    }

    #[test]
    fn a_damaged_value_is_a_miss_not_wrong_output() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let (good, bad) = (
            *blake3::hash(b"good").as_bytes(),
            *blake3::hash(b"bad").as_bytes(),
        );
        cache.put("x", &good, &[b"first value"]);
        cache.put("x", &bad, &[b"second value"]);
        cache.flush();
        let path = list_packs(&dir.path().join(PACKS)).unwrap().remove(0);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.windows(6).position(|w| w == b"second").unwrap();
        bytes[at] = b'S';
        std::fs::write(&path, bytes).unwrap();
        let reopened = Cache::open(dir.path());
        assert_eq!(reopened.get("x", &good).unwrap(), b"first value");
        assert!(reopened.get("x", &bad).is_none());
    }

    #[test]
    fn truncated_or_foreign_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let key = *blake3::hash(b"k").as_bytes();
        cache.put("x", &key, &[b"value"]);
        cache.flush();
        let packs_dir = dir.path().join(PACKS);
        let path = list_packs(&packs_dir).unwrap().remove(0);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        std::fs::write(packs_dir.join("junk.pack"), b"not a pack at all").unwrap();
        std::fs::write(packs_dir.join("empty.pack"), b"").unwrap();
        let reopened = Cache::open(dir.path());
        assert!(reopened.get("x", &key).is_none());
        // And it still works as a cache.
        reopened.put("x", &key, &[b"value"]);
        reopened.flush();
        assert_eq!(Cache::open(dir.path()).get("x", &key).unwrap(), b"value");
    }

    #[test]
    fn too_many_packs_are_merged_keeping_every_entry() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..=MAX_PACKS as u32 {
            let cache = Cache::open(dir.path());
            cache.put(
                "x",
                blake3::hash(&i.to_le_bytes()).as_bytes(),
                &[&i.to_le_bytes()],
            );
            cache.flush();
        }
        assert_eq!(packs(dir.path()), 1, "merged into one");
        let cache = Cache::open(dir.path());
        for i in 0..=MAX_PACKS as u32 {
            let value = cache.get("x", blake3::hash(&i.to_le_bytes()).as_bytes());
            assert_eq!(
                value.as_deref(),
                Some(i.to_le_bytes().as_slice()),
                "entry {i}"
            );
        }
    }

    #[test]
    fn an_unwritable_folder_is_a_cache_that_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the packs folder would go.
        std::fs::write(dir.path().join(PACKS), b"").unwrap();
        let cache = Cache::open(dir.path());
        let key = *blake3::hash(b"k").as_bytes();
        cache.put("x", &key, &[b"value"]);
        cache.flush();
        assert!(cache.get("x", &key).is_none());
        let problems = cache.problems();
        assert!(
            problems.iter().any(|p| p.starts_with("could not write")),
            "{problems:?}"
        );
    }

    #[test]
    fn many_packs_keep_few_files_open() {
        let dir = tempfile::tempdir().unwrap();
        let packs_dir = dir.path().join(PACKS);
        // One real pack per key, copied under many names: as many packs as
        // builds that never merged.
        let count = 300u32;
        for i in 0..count {
            let one = tempfile::tempdir().unwrap();
            let cache = Cache::open(one.path());
            cache.put(
                "x",
                blake3::hash(&i.to_le_bytes()).as_bytes(),
                &[&i.to_le_bytes()],
            );
            cache.flush();
            let pack = list_packs(&one.path().join(PACKS)).unwrap().remove(0);
            std::fs::create_dir_all(&packs_dir).unwrap();
            std::fs::copy(pack, packs_dir.join(format!("{i:04}.pack"))).unwrap();
        }
        #[cfg(target_os = "linux")]
        let open_files = || std::fs::read_dir("/proc/self/fd").unwrap().count();
        #[cfg(target_os = "linux")]
        let before = open_files();
        let cache = Cache::open(dir.path());
        for i in 0..count {
            let value = cache.get("x", blake3::hash(&i.to_le_bytes()).as_bytes());
            assert_eq!(value.as_deref(), Some(i.to_le_bytes().as_slice()), "{i}");
        }
        let open = cache.index.read().unwrap().open.lock().unwrap().files.len();
        assert!(open <= MAX_OPEN_PACKS, "{open} packs open");
        // What the process really holds: other tests running beside this
        // one open files too, but far fewer than one per pack.
        #[cfg(target_os = "linux")]
        {
            let held = open_files().saturating_sub(before);
            assert!(
                held < 100,
                "{held} more files open after reading {count} packs"
            );
        }
        assert!(cache.problems().is_empty(), "{:?}", cache.problems());
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_among_the_packs_is_skipped_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let packs_dir = dir.path().join(PACKS);
        std::fs::create_dir_all(&packs_dir).unwrap();
        let fifo = packs_dir.join("stuck.pack");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opening the pipe would block until a writer came: this returns.
        let cache = Cache::open(dir.path());
        let problems = cache.problems();
        assert!(
            problems.iter().any(|p| p.contains("named pipe")),
            "{problems:?}"
        );
    }
}
