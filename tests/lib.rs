//! What the workspace-level tests share: client options for fast tests, wait
//! options, and a way to read what `tracing` records.

use std::cell::RefCell;
use std::io;
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_core::{ClientOptions, WaitOptions};

/// The default options with a 1 ms first backoff, so retry tests do not sleep.
///
/// It also installs the tracing capture ([`capture_tracing`]) before any client exists.
pub fn options() -> ClientOptions {
    capture_tracing_init();
    ClientOptions {
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Waiting that polls every few milliseconds and gives up after 2 s.
pub fn wait_options() -> WaitOptions {
    WaitOptions {
        timeout: Duration::from_secs(2),
        initial_interval: Duration::from_millis(5),
        max_interval: Duration::from_millis(20),
        multiplier: 2.0,
    }
}

thread_local! {
    static CAPTURE: RefCell<Option<Arc<Mutex<Vec<u8>>>>> = const { RefCell::new(None) };
}

/// Writes to the buffer the current thread installed with [`capture_tracing`], else nowhere.
struct ThreadCapture;

impl io::Write for ThreadCapture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        CAPTURE.with(|c| {
            if let Some(out) = c.borrow().as_ref() {
                out.lock().expect("log buffer lock").extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Installs, once per test binary, a global TRACE `fmt` subscriber writing to [`ThreadCapture`].
///
/// A scoped `set_default` subscriber is flaky: tracing caches each callsite's
/// interest process-wide, and another test thread registering the shared
/// `cloud_clusters.request` callsite while the scoped subscriber is installed can
/// cache "never". A global subscriber installed before any client exists leaves
/// nothing to race.
fn capture_tracing_init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_writer(|| ThreadCapture)
            .finish();
        // Another test of the same binary may have installed it already.
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
}

/// Captures what this thread logs from now on (a `#[tokio::test]` runs its
/// requests on its own thread); read it with [`captured`].
pub fn capture_tracing() -> Arc<Mutex<Vec<u8>>> {
    capture_tracing_init();
    let out = Arc::new(Mutex::new(Vec::new()));
    CAPTURE.with(|c| *c.borrow_mut() = Some(out.clone()));
    out
}

/// The text captured so far.
pub fn captured(buffer: &Arc<Mutex<Vec<u8>>>) -> String {
    String::from_utf8_lossy(&buffer.lock().expect("log buffer lock")).into_owned()
}
