//! Shared by the end-to-end tests: running the binary hermetically, and the AWS China test
//! world (moto and a Price List server on loopback, see tests/aws-world/README.md).

#![allow(dead_code)]

pub mod world;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `gpuplan` command run from the repository root with no AWS configuration from the
/// machine: no credentials, no profiles, no instance metadata, an empty price cache folder.
pub fn gpuplan_command(scratch: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gpuplan"));
    command.current_dir(repository());
    for variable in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_PRICING",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "XDG_CACHE_HOME",
    ] {
        command.env_remove(variable);
    }
    command
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", scratch.join("aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            scratch.join("aws-credentials"),
        )
        .env("GPUPLAN_CACHE_DIR", scratch.join("cache"))
        .env("HOME", scratch);
    command
}

/// A fresh scratch folder for one test, under cargo's temporary folder for tests.
pub fn scratch(name: &str) -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "gpuplan-test-{}-{name}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    folder
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}
