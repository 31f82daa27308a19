//! Reading the files of a site without hanging or running out of memory.
//!
//! A site folder can hold anything: a named pipe where a sample should be
//! (opening it blocks until someone writes), a socket, a device such as
//! `/dev/zero` behind a symbolic link (endless), or a Markdown file of
//! gigabytes. Every input file goes through [`read_regular`], which reads
//! only regular files and at most a given number of bytes, and says which
//! of these it met.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The largest Markdown file, sample, include or other text file versus
/// reads: 8 MiB. Larger text is almost certainly not written by hand, and
/// parsing and highlighting it would take seconds and gigabytes.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file system said no (missing, no permission, …).
    Io(std::io::Error),
    /// Something other than a regular file: `kind` says what.
    NotRegular {
        /// "a named pipe (FIFO)", "a folder", …
        kind: &'static str,
    },
    /// The file holds more than the limit.
    TooLarge {
        /// Its size in bytes (at least the limit plus one).
        size: u64,
        /// The limit it exceeds.
        limit: u64,
    },
}

/// What a file system entry is, in words, when it is not a regular file.
pub fn kind_of(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Opens `path` for reading only if it is a regular file (symbolic links
/// are followed), checked on the open file.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    open_regular_sized(path).map(|(file, _)| file)
}

/// [`open_regular`], with the size the open file has.
///
/// Opening a named pipe for reading blocks until a writer appears. On Unix
/// the file is opened without blocking (`O_NONBLOCK`, which changes nothing
/// for a regular file's reads) and its type checked on the open file: one
/// system call fewer per file than asking the path first, and no window
/// between asking and opening. (A named pipe is opened and closed at once,
/// unread.) What cannot be opened at all, such as a socket or a device
/// versus may not read, is asked about by path, so the error still says
/// what it is. Elsewhere the path is asked first.
fn open_regular_sized(path: &Path) -> Result<(File, u64), ReadError> {
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
            .map_err(
                |error| match std::fs::metadata(path).ok().as_ref().and_then(kind_of) {
                    Some(kind) => ReadError::NotRegular { kind },
                    None => ReadError::Io(error),
                },
            )?
    };
    #[cfg(not(unix))]
    let file = {
        let metadata = std::fs::metadata(path).map_err(ReadError::Io)?;
        if let Some(kind) = kind_of(&metadata) {
            return Err(ReadError::NotRegular { kind });
        }
        File::open(path).map_err(ReadError::Io)?
    };
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = kind_of(&metadata) {
        return Err(ReadError::NotRegular { kind });
    }
    Ok((file, metadata.len()))
}

/// Reads a regular file whole, refusing one of more than `limit` bytes
/// (`None`: any size). The file is read up to the size it had when opened:
/// a file that grows meanwhile is read as it was (a preview reads it again
/// after the change), never on and on.
pub fn read_regular(path: &Path, limit: Option<u64>) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_regular_sized(path)?;
    if let Some(limit) = limit
        && size > limit
    {
        return Err(ReadError::TooLarge { size, limit });
    }
    match usize::try_from(size) {
        Ok(0) | Err(_) => read_to_limit(file, limit),
        Ok(size) => read_sized(file, size),
    }
}

/// The first `size` bytes of `file`, fewer if it ends first: one read
/// call for most files, where reading to the end takes a second call to
/// learn that nothing follows.
fn read_sized(mut file: File, size: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = vec![0; size];
    let mut filled = 0;
    while filled < size {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// A file that says it is empty (as some kernel files do though they are
/// not), read to its end or to one byte past `limit`.
fn read_to_limit(file: File, limit: Option<u64>) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    match limit {
        Some(limit) => {
            file.take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(ReadError::Io)?;
            if bytes.len() as u64 > limit {
                return Err(ReadError::TooLarge {
                    size: bytes.len() as u64,
                    limit,
                });
            }
        }
        None => {
            let mut file = file;
            file.read_to_end(&mut bytes).map_err(ReadError::Io)?;
        }
    }
    Ok(bytes)
}

/// `8388608` → `8 MiB`; other sizes in KiB or bytes.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let whole = bytes / MIB;
        let tenth = (bytes % MIB) * 10 / MIB;
        if tenth == 0 {
            format!("{whole} MiB")
        } else {
            format!("{whole}.{tenth} MiB")
        }
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, vec![b'a'; 101]).unwrap();
        assert!(matches!(
            read_regular(&path, Some(100)),
            Err(ReadError::TooLarge {
                size: 101,
                limit: 100
            })
        ));
        assert_eq!(read_regular(&path, Some(101)).unwrap().len(), 101);
    }

    #[test]
    fn a_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_regular(dir.path(), None),
            Err(ReadError::NotRegular { kind: "a folder" })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_without_reading_it() {
        // `/dev/zero` never ends: reading it would never return.
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), None),
            Err(ReadError::NotRegular { kind: "a device" })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_socket_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        assert!(matches!(
            read_regular(&path, None),
            Err(ReadError::NotRegular { kind: "a socket" })
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_says_it_is_empty_is_read_to_its_end() {
        // The kernel reports a size of 0 for its own files.
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        let text = String::from_utf8(read_regular(path, Some(MAX_TEXT_BYTES)).unwrap()).unwrap();
        assert!(text.starts_with("Name:"), "{text}");
    }

    #[test]
    fn a_file_is_read_whole_in_every_size() {
        let dir = tempfile::tempdir().unwrap();
        for size in [1, 31, 32, 33, 4096, 65_537, 1 << 20] {
            let path = dir.path().join(format!("{size}.txt"));
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_regular(&path, None).unwrap(), bytes, "{size} bytes");
        }
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(MAX_TEXT_BYTES), "8 MiB");
        assert_eq!(human_size(50 * 1024 * 1024 + 512 * 1024), "50.5 MiB");
        assert_eq!(human_size(2048), "2 KiB");
    }
}
