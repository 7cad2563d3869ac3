//! The AWS China test world for one test: tests/aws-world/world.py started on free loopback
//! ports with a fixture, stopped when the [`World`] is dropped (its stdin closes).
//!
//! The virtualenv with the pinned moto is made by `bash tests/aws-world/setup.sh` (which
//! `.ci/run` runs first); when it is missing the harness runs that script itself, once.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;

use super::{gpuplan_command, repository, scratch};

static SETUP: Mutex<bool> = Mutex::new(false);

fn python() -> PathBuf {
    repository().join(".moto-venv/bin/python")
}

/// Makes the virtualenv when it is not there (once per test binary).
fn ensure_virtualenv() {
    let mut done = SETUP
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if *done {
        return;
    }
    let status = Command::new("bash")
        .arg(repository().join("tests/aws-world/setup.sh"))
        .status()
        .expect("bash runs tests/aws-world/setup.sh");
    assert!(status.success(), "tests/aws-world/setup.sh failed");
    assert!(python().exists(), "setup.sh made no .moto-venv/bin/python");
    *done = true;
}

/// The default China world of tests/aws-world/china.json, to change before starting.
pub fn china_fixture() -> Value {
    let text = std::fs::read_to_string(repository().join("tests/aws-world/china.json"))
        .expect("tests/aws-world/china.json");
    serde_json::from_str(&text).expect("china.json is JSON")
}

/// A running world.
pub struct World {
    child: Child,
    stdin: Option<ChildStdin>,
    pub moto: String,
    pub pricing: String,
    pub scratch: PathBuf,
}

impl World {
    pub fn start(name: &str, fixture: &Value) -> World {
        Self::start_with(name, fixture, &[])
    }

    /// Starts the world with extra arguments for world.py (`--latency-ms 100`).
    pub fn start_with(name: &str, fixture: &Value, arguments: &[&str]) -> World {
        ensure_virtualenv();
        let scratch = scratch(name);
        let fixture_path = scratch.join("fixture.json");
        std::fs::write(
            &fixture_path,
            serde_json::to_string_pretty(fixture).expect("JSON"),
        )
        .expect("the fixture is written");
        let mut child = Command::new(python())
            .arg(repository().join("tests/aws-world/world.py"))
            .arg("--fixture")
            .arg(&fixture_path)
            .args(arguments)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("world.py starts");
        let stdin = child.stdin.take();
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped"))
            .read_line(&mut line)
            .expect("world.py prints its addresses");
        let addresses: Value = match serde_json::from_str(&line) {
            Ok(addresses) => addresses,
            Err(error) => {
                let _ = child.kill();
                panic!("world.py did not start ({error}): {line:?}");
            }
        };
        World {
            moto: addresses["moto"].as_str().expect("moto URL").to_string(),
            pricing: addresses["pricing"]
                .as_str()
                .expect("pricing URL")
                .to_string(),
            child,
            stdin,
            scratch,
        }
    }

    /// `gpuplan` pointed at this world with test credentials and one attempt per call.
    pub fn gpuplan(&self, arguments: &[&str]) -> Output {
        self.command(arguments).output().expect("the binary runs")
    }

    pub fn command(&self, arguments: &[&str]) -> Command {
        let mut command = gpuplan_command(&self.scratch);
        command
            .args(arguments)
            .env("AWS_ENDPOINT_URL", &self.moto)
            .env("AWS_ENDPOINT_URL_PRICING", &self.pricing)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing");
        command
    }

    /// The AWS requests the world received (moto port), as world.py logs them.
    pub fn requests(&self) -> Vec<Value> {
        get_json(&self.moto, "/gpuplan-world/requests")
            .as_array()
            .cloned()
            .expect("a list of requests")
    }

    /// The request log's summary: counts by operation and the sequential depth.
    pub fn summary(&self) -> Value {
        get_json(&self.moto, "/gpuplan-world/requests/summary")
    }

    /// The Price List server's request summary.
    pub fn pricing_summary(&self) -> Value {
        get_json(&self.pricing, "/gpuplan-world/requests/summary")
    }

    /// Clears the request log.
    pub fn reset_requests(&self) {
        http(&self.moto, "POST", "/gpuplan-world/requests/reset");
    }

    /// An empty account again: moto reset and seeded with `fixture` (JSON text), both
    /// request logs cleared.
    pub fn reset(&self, fixture: &str) {
        let answer = http_with_body(&self.moto, "POST", "/gpuplan-world/reset", fixture);
        assert!(
            !answer.contains("\"error\""),
            "the world refused the fixture: {answer}"
        );
        http(&self.pricing, "POST", "/gpuplan-world/requests/reset");
    }

    /// Makes requests fail: `rule` as world.py's `POST /gpuplan-world/failures` takes it
    /// (`{"operation": "CreateEndpoint", "nth": 10, ...}`).
    pub fn inject_failure(&self, rule: &Value) {
        let answer = http_with_body(
            &self.moto,
            "POST",
            "/gpuplan-world/failures",
            &rule.to_string(),
        );
        assert!(
            !answer.contains("\"error\""),
            "the failure rule was refused: {answer}"
        );
    }

    /// Removes every failure rule.
    pub fn clear_failures(&self) {
        http(&self.moto, "DELETE", "/gpuplan-world/failures");
    }

    /// Every quota increase request the world holds.
    pub fn quota_requests(&self) -> Vec<Value> {
        let answer = get_json(&self.moto, "/gpuplan-world/quota-requests");
        answer
            .as_array()
            .cloned()
            .or_else(|| answer["requests"].as_array().cloned())
            .unwrap_or_default()
    }

    /// How many successful calls of `operation` were received.
    pub fn calls(&self, operation: &str) -> usize {
        self.requests()
            .iter()
            .filter(|request| request["operation"] == operation && request["status"] == 200)
            .count()
    }
}

impl Drop for World {
    fn drop(&mut self) {
        // Closing stdin stops the world; kill it if it lingers.
        drop(self.stdin.take());
        let mut stopped = false;
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                stopped = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if !stopped {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

fn get_json(base: &str, path: &str) -> Value {
    let body = http(base, "GET", path);
    serde_json::from_str(&body).unwrap_or_else(|error| panic!("{path}: {error}: {body}"))
}

/// A minimal HTTP/1.0 request to the world's control endpoints on loopback.
fn http(base: &str, method: &str, path: &str) -> String {
    http_with_body(base, method, path, "")
}

fn http_with_body(base: &str, method: &str, path: &str, body: &str) -> String {
    let address = base.trim_start_matches("http://");
    assert!(address.starts_with("127.0.0.1:"), "only loopback: {base}");
    let mut stream = TcpStream::connect(address).expect("the world answers");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("the request is sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("the response is read");
    match response.split_once("\r\n\r\n") {
        Some((_, body)) => body.to_string(),
        None => response,
    }
}

/// A copy of `plan` (a path in the repository) with every endpoint group's `count`
/// multiplied, written beside the world's scratch files; returns its path.
pub fn scaled_plan(world: &World, plan: &str, factor: u32) -> PathBuf {
    let text = std::fs::read_to_string(repository().join(plan)).expect("the plan");
    let scaled: String = text
        .lines()
        .map(|line| match line.strip_prefix("count = ") {
            Some(count) => {
                let count: u32 = count.trim().parse().expect("a count");
                format!("count = {}\n", count * factor)
            }
            None => format!("{line}\n"),
        })
        .collect();
    let path = world
        .scratch
        .join(Path::new(plan).file_name().expect("a file name"));
    std::fs::write(&path, scaled).expect("the scaled plan is written");
    path
}
