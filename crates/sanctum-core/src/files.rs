//! The files Sanctum reads and writes outside its database.
//!
//! Everything Sanctum writes is private to the user: folders are made `0700` and files `0600`
//! (on Unix; elsewhere the platform's per-user folders already keep them private). Files it reads
//! (calendars, imports) must be regular files and are read up to a size cap, so a FIFO or
//! `/dev/zero` given as a path is refused instead of hanging or filling memory.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The largest file Sanctum reads (a calendar or an import): the same cap as for a URL.
pub const MAX_READ_BYTES: u64 = 50 * 1024 * 1024;

/// Creates `dir` (and its parents) if needed and makes it private to the user.
pub fn private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|source| Error::DataDir { path: dir.to_path_buf(), source })?;
    make_private(dir, 0o700).map_err(|source| Error::DataDir { path: dir.to_path_buf(), source })
}

/// Makes an existing file or folder private (`mode` on Unix; nothing elsewhere).
pub fn make_private(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if current != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Opens `path` for writing, private to the user (created `0600`, or made so), truncated.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    // An existing file keeps its old mode through open(): tighten it.
    make_private(path, 0o600)?;
    Ok(file)
}

/// Writes `bytes` to `path` as a private file and makes it durable; `field` names the path in
/// the error, which says what failed (a failed write is not an input error).
pub fn write_private(field: &'static str, path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        field,
        message: format!("could not write {}: {}", path.display(), io_reason(&e)),
    };
    let mut file = create_private(path).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Reads a regular file of at most [`MAX_READ_BYTES`]; `field` names the path in errors.
pub fn read_capped(field: &'static str, path: &Path) -> Result<Vec<u8>> {
    read_capped_to(field, path, MAX_READ_BYTES)
}

/// [`read_capped`] with a cap of `max` bytes.
pub fn read_capped_to(field: &'static str, path: &Path, max: u64) -> Result<Vec<u8>> {
    let shown = path.display();
    // Checked before opening: opening a FIFO for reading blocks until someone writes to it.
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::invalid(field, format!("cannot read {shown}: {}", io_reason(&e))))?;
    if !meta.is_file() {
        return Err(Error::invalid(
            field,
            format!("{shown} is not a regular file (a folder, device or pipe); give a file"),
        ));
    }
    if meta.len() > max {
        return Err(too_big(field, path, max));
    }
    let file = File::open(path)
        .map_err(|e| Error::invalid(field, format!("cannot read {shown}: {}", io_reason(&e))))?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| Error::Io {
        field,
        message: format!("could not read {shown}: {}", io_reason(&e)),
    })?;
    if bytes.len() as u64 > max {
        return Err(too_big(field, path, max));
    }
    Ok(bytes)
}

fn too_big(field: &'static str, path: &Path, max: u64) -> Error {
    Error::invalid(
        field,
        format!(
            "{} is larger than {} MiB; Sanctum does not read files that big",
            path.display(),
            max >> 20
        ),
    )
}

/// A path the user typed: `~/` is the home folder, relative paths are made absolute; empty is
/// refused, naming `field`.
pub fn user_path(field: &'static str, text: &str) -> Result<PathBuf> {
    let text = text.trim();
    let path = match text.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default().join(rest),
        None => PathBuf::from(text),
    };
    if path.as_os_str().is_empty() {
        return Err(Error::invalid(field, "give a file or folder, e.g. ~/week.html"));
    }
    Ok(std::path::absolute(&path).unwrap_or(path))
}

/// A file the user named (see [`user_path`]); a folder is refused.
pub fn user_file(field: &'static str, text: &str) -> Result<PathBuf> {
    let path = user_path(field, text)?;
    if path.is_dir() {
        return Err(Error::invalid(
            field,
            format!("{} is a folder; give a file name, e.g. ~/week.html", path.display()),
        ));
    }
    Ok(path)
}

/// An I/O error in words, without Rust's "(os error 2)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn written_files_and_folders_are_private_even_when_they_existed() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data");
        std::fs::create_dir(&folder).unwrap();
        std::fs::set_permissions(&folder, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        private_dir(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);
        let file = folder.join("export.json");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .unwrap();
        write_private("file", &file, b"new").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
    }

    #[test]
    fn only_regular_files_under_the_cap_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_capped("file", dir.path()).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 2048]).unwrap();
        let err = read_capped_to("file", &big, 1024).unwrap_err();
        assert_eq!(err.field(), Some("file"));
        assert!(err.to_string().contains("larger than"), "{err}");
        let err = read_capped("file", &dir.path().join("missing")).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("file: cannot read {}: no such file", dir.path().join("missing").display())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_is_refused_at_once() {
        assert!(read_capped("file", Path::new("/dev/zero")).is_err());
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let err = read_capped("file", &fifo).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }
}
