//! `uprgraph` run as users run it, a child process, for tests that need the real
//! binary: its allocator, its settings from flags, its output, its memory, and being
//! killed.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::Value;

/// `uprgraph serve` as a child process on port 0, with the address it printed and what
/// it writes to standard error, read as it comes by a thread of its own (a server that
/// logs into a full pipe would stop). The process is killed when this is dropped, if it
/// still runs.
pub struct Served {
    pub child: Child,
    pub address: String,
    /// Kept open: the server prints more after its address.
    _stdout: BufReader<std::process::ChildStdout>,
    logs: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// Starts `uprgraph serve` with `args` (and `env`), logging at the default level, and
/// waits until it prints its address.
pub fn serve(args: &[&str], env: &[(&str, &str)]) -> Served {
    let mut command = Command::new(env!("CARGO_BIN_EXE_uprgraph"));
    command
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("UPRGRAPH_LOG");
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("start uprgraph serve");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let address = line
        .split_whitespace()
        .find(|w| w.ends_with("/graphql"))
        .unwrap_or_else(|| {
            let mut stderr = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = err.read_to_string(&mut stderr);
            }
            panic!("no address in {line:?}; the server said: {stderr}")
        })
        .trim_end_matches("/graphql")
        .to_owned();
    let logs = Arc::new(Mutex::new(Vec::new()));
    let stderr = child.stderr.take().expect("standard error is piped");
    let collected = Arc::clone(&logs);
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            match line {
                Ok(line) => collected.lock().unwrap().push(line),
                Err(_) => break,
            }
        }
    });
    Served {
        child,
        address,
        _stdout: stdout,
        logs,
        reader: Some(reader),
    }
}

impl Served {
    /// `host:port`, for sockets.
    pub fn host(&self) -> String {
        self.address.trim_start_matches("http://").to_owned()
    }

    /// The lines the server has written to standard error, and writes from now on.
    pub fn log_lines(&self) -> Arc<Mutex<Vec<String>>> {
        Arc::clone(&self.logs)
    }

    /// Every line the server wrote to standard error, once it has exited.
    pub fn logs_to_end(&mut self) -> Vec<String> {
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.logs.lock().unwrap().clone()
    }

    /// The server's resident memory, in bytes.
    pub fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()));
        if !status.is_ok_and(|s| s.contains("VmRSS:")) {
            panic!(
                "the server has exited; it said:\n{}",
                self.logs.lock().unwrap().join("\n")
            );
        }
        rss_bytes(self.child.id())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A process's resident set (`VmRSS`), in bytes.
pub fn rss_bytes(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
        .unwrap_or_else(|| panic!("no VmRSS in {status}"))
}

/// Sends SIGTERM to a child process this test started.
pub fn stop(child: &mut Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits until `lines` holds one that `wanted` accepts, up to `within`.
pub fn wait_for_line(
    lines: &Mutex<Vec<String>>,
    within: Duration,
    wanted: impl Fn(&str) -> bool,
) -> Option<String> {
    let deadline = Instant::now() + within;
    loop {
        if let Some(line) = lines.lock().unwrap().iter().find(|l| wanted(l)) {
            return Some(line.clone());
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub mod wire {
    //! Blocking HTTP/1.1 over a socket, for tests that drive a child process or send
    //! what an HTTP client would not.
    use super::*;

    pub fn post(address: &str, body: &Value) -> (u16, Value) {
        let host = address.trim_start_matches("http://");
        let mut stream = TcpStream::connect(host).unwrap();
        let body = body.to_string();
        write!(
            stream,
            "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        read_response(stream)
    }

    pub fn get(address: &str, path: &str) -> (u16, String) {
        let host = address.trim_start_matches("http://");
        let mut stream = TcpStream::connect(host).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let (status, _, body) = read_raw(stream);
        (status, body)
    }

    pub fn read_response(stream: TcpStream) -> (u16, Value) {
        let (status, _, body) = read_raw(stream);
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    /// A response's status, head and body, read to the end of the connection.
    pub fn read_raw(mut stream: TcpStream) -> (u16, String, String) {
        let mut bytes = Vec::new();
        // A server that answers before the request is all sent may reset the
        // connection once it has answered: what arrived is the answer.
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        (status, head.to_owned(), body.to_owned())
    }
}
