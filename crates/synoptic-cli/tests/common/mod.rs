//! Helpers shared by the binary's integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `synoptic` binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_synoptic"))
}

/// A fresh, empty temporary folder for one test, named after this test process and `name`.
pub fn temp_dir(name: &str) -> TempDir {
    let d = std::env::temp_dir().join(format!("synoptic-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    TempDir(d)
}

/// A test's temporary folder, removed with everything in it when the test ends (pass or fail).
pub struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}
