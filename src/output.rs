//! Writing outputs: atomically, never over an input, never leaving debris.
//!
//! A PDF, a preview or a golden is written to a temporary file beside its target
//! (`.<name>.<host>.<pid>.part`: a leading dot and a suffix that plate-setter hot folders
//! ignore), synced, renamed over the target and the folder synced, so an interrupted run
//! leaves either the old file or the new one, never half of one. Temporary files of runs
//! that died on this host are removed by the next write to the same target, unless they
//! are one of the render's inputs; a run on another host (a shared folder) is never judged
//! from this one's processes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input::Inputs;

/// Writes a file atomically: to a temporary file beside it, synced, then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_output(path, bytes, &Inputs::default())
}

/// Writes one output of a render atomically, refusing it if it is one of the render's
/// `inputs` and never removing an input as debris.
pub fn write_output(path: &Path, bytes: &[u8], inputs: &Inputs) -> Result<()> {
    inputs.check_output(path)?;
    // Renaming over /dev/null or a pipe would replace it with a regular file.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: "exists and is not a regular file; not replacing it".into(),
        });
    }
    let dir = folder(path);
    if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: format!("{} is a file, not a folder", file.display()),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| output_error(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Output {
            path: path.to_path_buf(),
            message: "names no file".into(),
        })?;
    remove_stale(dir, &name, inputs);
    let tmp = temp_path(dir, &name, std::process::id());
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable only once the folder is synced.
        std::fs::File::open(dir)?.sync_all()
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        output_error(path, e)
    })
}

/// The folder a file is written into.
fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The temporary file of process `pid` of this host writing `name`.
fn temp_path(dir: &Path, name: &str, pid: u32) -> PathBuf {
    dir.join(format!(".{name}.{}.{pid}.part", host()))
}

/// This host's name, as it may stand in a file name.
fn host() -> String {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let name: String = name
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() { "host".into() } else { name }
}

/// Removes the temporary files of `name` left by processes of this host that no longer
/// run; never one of the render's inputs.
fn remove_stale(dir: &Path, name: &str, inputs: &Inputs) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.{}.", host());
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".part"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        if pid != std::process::id() && !alive(pid) && inputs.holds(&path).is_none() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Whether a process runs (Linux: it has a `/proc` entry). Where there is no `/proc`,
/// every process counts as alive, and nothing is removed.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn output_error(path: &Path, e: std::io::Error) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_that_looks_like_debris_is_never_removed() {
        let dir = crate::scratch::Scratch::new("output-in");
        let article = temp_path(&dir, "p.pdf", 4_194_304);
        std::fs::write(&article, "id: A\n\n正文\n").unwrap();
        let mut inputs = Inputs::default();
        inputs.record(&crate::input::read(&article, crate::input::Kind::Article).unwrap());
        write_output(&dir.join("p.pdf"), b"%PDF-", &inputs).unwrap();
        assert!(article.exists(), "an input was removed as debris");
    }

    #[test]
    fn temporary_files_of_dead_runs_are_removed_and_live_ones_kept() {
        let dir = crate::scratch::Scratch::new("output");
        // pid 4194304 is above Linux's pid_max; pid 1 always runs.
        let dead = temp_path(&dir, "p.pdf", 4_194_304);
        let live = temp_path(&dir, "p.pdf", 1);
        let other = temp_path(&dir, "q.pdf", 4_194_304);
        for f in [&dead, &live, &other] {
            std::fs::write(f, b"half a PDF").unwrap();
        }
        write_atomic(&dir.join("p.pdf"), b"%PDF-").unwrap();
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(
            other.exists(),
            "another target's debris is its own run's business"
        );
        assert_eq!(std::fs::read(dir.join("p.pdf")).unwrap(), b"%PDF-");
    }
}
