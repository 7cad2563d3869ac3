//! Writing a rendered report: to stdout, or to the file `--output` names.

use std::io::Write;
use std::path::Path;

/// Writes `text` to `path`, or to stdout when there is none.
pub fn write_report(text: &str, path: Option<&Path>) -> Result<(), String> {
    match path {
        Some(path) => std::fs::write(path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => Ok(()),
                // A closed pipe (`gpuplan cost ... | head`) is not an error worth a message.
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(error) => Err(format!("cannot write to stdout: {error}")),
            }
        }
    }
}

/// Appends `text` to the file at `path` (a GitHub job summary), creating it if needed.
pub fn append_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(|error| format!("cannot append to {}: {error}", path.display()))
}
