//! A small WebDriver client over `std::net`: just the W3C commands the explorer's browser
//! test uses, talking HTTP/1.1 to a ChromeDriver on loopback. (A WebDriver crate would
//! bring an async runtime and an HTTP stack into the build for a few JSON requests.)
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::{json, Value};

/// The W3C key code of Enter.
pub const ENTER: &str = "\u{E007}";
/// The W3C key code of Escape.
pub const ESCAPE: &str = "\u{E00C}";

/// The key of a W3C element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One browser session. Dropping it ends the session, which closes the browser.
pub struct Session {
    address: String,
    id: String,
}

/// Sends one request to the driver at `address` and returns the response's `value`.
fn send(address: &str, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream =
        TcpStream::connect(address).map_err(|error| format!("connect to {address}: {error}"))?;
    // A page load or a script never takes this long: a hang becomes a failure.
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(120)))
        .map_err(|error| format!("set a timeout: {error}"))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|error| format!("write {path}: {error}"))?;
    // ChromeDriver keeps the connection open: read the header, then exactly the body.
    let mut response = Vec::new();
    let mut buffer = [0u8; 65536];
    let split = loop {
        if let Some(split) = response.windows(4).position(|window| window == b"\r\n\r\n") {
            break split;
        }
        let read = stream
            .read(&mut buffer)
            .map_err(|error| format!("read {path}: {error}"))?;
        if read == 0 {
            return Err(format!(
                "{path}: the connection closed before the header ended"
            ));
        }
        response.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
    let mut payload = response[split + 4..].to_vec();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|length| length.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let complete = match length {
            Some(length) => payload.len() >= length,
            None if chunked => payload.windows(5).any(|window| window == b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let read = stream
            .read(&mut buffer)
            .map_err(|error| format!("read {path}: {error}"))?;
        if read == 0 {
            break;
        }
        payload.extend_from_slice(&buffer[..read]);
    }
    if chunked {
        payload = unchunk(&payload);
    }
    let document: Value = serde_json::from_slice(&payload)
        .map_err(|error| format!("{path}: the response is not JSON: {error}"))?;
    let value = document["value"].clone();
    if let Some(error) = value.get("error") {
        return Err(format!("{method} {path}: {error}: {}", value["message"]));
    }
    Ok(value)
}

/// Decodes an HTTP/1.1 chunked body.
fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|window| window == b"\r\n") {
        let size = std::str::from_utf8(&data[..line_end])
            .ok()
            .and_then(|text| usize::from_str_radix(text.split(';').next()?.trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

impl Session {
    /// Starts a headless Chromium with a fresh profile under `profile`.
    pub fn start(address: &str, profile: &std::path::Path, width: u32, height: u32) -> Session {
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:loggingPrefs": { "browser": "ALL" },
                "goog:chromeOptions": {
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage",
                        "--disable-component-update", "--disable-sync",
                        "--hide-scrollbars",
                        format!("--window-size={width},{height}"),
                        format!("--user-data-dir={}", profile.display()),
                    ],
                },
            }},
        });
        let value = send(address, "POST", "/session", Some(&capabilities))
            .unwrap_or_else(|error| panic!("no browser session: {error}"));
        Session {
            address: address.to_owned(),
            id: value["sessionId"]
                .as_str()
                .expect("a session id")
                .to_owned(),
        }
    }

    /// A command on this session; panics with the driver's message on failure.
    pub fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.id);
        send(&self.address, method, &path, body.as_ref()).unwrap_or_else(|error| panic!("{error}"))
    }

    /// Opens `url` and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its result.
    pub fn run(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The first element matching the CSS `selector`.
    pub fn find(&self, selector: &str) -> String {
        let value = self.command(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": selector })),
        );
        value[ELEMENT]
            .as_str()
            .expect("an element reference")
            .to_owned()
    }

    /// Clicks the first element matching `selector`, as a user would.
    pub fn click(&self, selector: &str) {
        let element = self.find(selector);
        self.command(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Types `text` into the first element matching `selector` (W3C key codes allowed).
    pub fn type_into(&self, selector: &str, text: &str) {
        let element = self.find(selector);
        self.command(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Presses keys on whatever has the focus.
    pub fn press(&self, keys: &str) {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({ "type": "keyDown", "value": key.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": key.to_string() }));
        }
        self.command(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// The browser console's messages since the last call: `(level, message)`.
    pub fn console(&self) -> Vec<(String, String)> {
        self.command("POST", "/se/log", Some(json!({ "type": "browser" })))
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|entry| {
                (
                    entry["level"].as_str().unwrap_or_default().to_owned(),
                    entry["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// A Chrome DevTools command (emulated media, device metrics).
    pub fn devtools(&self, command: &str, params: Value) -> Value {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": command, "params": params })),
        )
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let encoded = self.command("GET", "/screenshot", None);
        base64_decode(encoded.as_str().expect("base64 text"))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = send(
            &self.address,
            "DELETE",
            &format!("/session/{}", self.id),
            None,
        );
    }
}

/// Standard base64 (the screenshots), ignoring padding.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |byte: u8| match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {byte}"),
    };
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|byte| *byte != b'=')
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, six)| {
            bits | u32::from(*six) << (18 - 6 * i)
        });
        let count = chunk.len() - 1;
        out.extend_from_slice(&bits.to_be_bytes()[1..=count]);
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGk="), b"hi");
    assert_eq!(base64_decode("YWJj"), b"abc");
}
