//! Waiting for something to finish: a cluster to be ready, a request to complete.
//!
//! Vendors create, scale and resume asynchronously: the call returns at once and
//! the caller polls. [`wait_until`] polls with exponential backoff (honouring a
//! server's `Retry-After` where the poll reports one), up to a deadline, and stops
//! at the first terminal state. Each provider crate builds its waiters on it.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

/// How long and how often to poll.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitOptions {
    /// Give up after this long. Default: 30 minutes (GPU clusters take a while).
    pub timeout: Duration,
    /// First pause between polls. Default: 2 s.
    pub initial_interval: Duration,
    /// Longest pause between polls. Default: 30 s.
    pub max_interval: Duration,
    /// Each pause is the previous one times this. Default: 1.5.
    pub multiplier: f64,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(30 * 60),
            initial_interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(30),
            multiplier: 1.5,
        }
    }
}

impl WaitOptions {
    /// The same options with another timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The same options with another first (and, if smaller, longest) interval.
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self.max_interval = self.max_interval.max(interval);
        self
    }
}

/// What one poll found.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress<T> {
    /// Not finished; poll again, after `retry_after` if the server asked for it.
    Pending {
        /// What the poll returned.
        last: T,
        /// The server's `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
    },
    /// Finished successfully.
    Done(T),
    /// Finished in a failed state.
    Failed(T),
}

/// Why waiting ended without success.
#[derive(Debug)]
pub enum WaitError<T, E> {
    /// The deadline passed; `last` is what the last poll returned.
    TimedOut {
        /// How long it waited.
        elapsed: Duration,
        /// The last value seen, if any poll succeeded.
        last: Option<T>,
    },
    /// The thing reached a failed state; here is what the poll returned.
    Failed(T),
    /// A poll itself failed (after the client's own retries).
    Api(E),
}

impl<T, E: fmt::Display> fmt::Display for WaitError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::TimedOut { elapsed, .. } => {
                write!(f, "gave up waiting after {:.1} s", elapsed.as_secs_f64())
            }
            WaitError::Failed(_) => write!(f, "reached a failed state"),
            WaitError::Api(e) => write!(f, "polling failed: {e}"),
        }
    }
}

impl<T: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaitError<T, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// Polls `poll` until it reports [`Progress::Done`] or [`Progress::Failed`], or
/// `options.timeout` passes.
///
/// ```
/// use std::time::Duration;
/// use cloud_clusters_core::wait::{wait_until, Progress, WaitOptions};
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let mut polls = 0;
/// let options = WaitOptions::default().with_interval(Duration::from_millis(1));
/// let done = wait_until(&options, || {
///     polls += 1;
///     let n = polls;
///     async move {
///         Ok::<_, std::io::Error>(if n < 3 {
///             Progress::Pending { last: n, retry_after: None }
///         } else {
///             Progress::Done(n)
///         })
///     }
/// })
/// .await
/// .unwrap();
/// assert_eq!(done, 3);
/// # });
/// ```
pub async fn wait_until<T, E, F, Fut>(
    options: &WaitOptions,
    mut poll: F,
) -> Result<T, WaitError<T, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Progress<T>, E>>,
{
    let start = Instant::now();
    let mut interval = options.initial_interval;
    loop {
        let retry_after = match poll().await.map_err(WaitError::Api)? {
            Progress::Done(value) => return Ok(value),
            Progress::Failed(value) => return Err(WaitError::Failed(value)),
            Progress::Pending { retry_after, .. } => retry_after,
        };
        let elapsed = start.elapsed();
        let pause = retry_after.unwrap_or(interval);
        if elapsed + pause > options.timeout {
            // Sleep out what remains, poll once more at the deadline, then give up.
            tokio::time::sleep(options.timeout.saturating_sub(elapsed)).await;
            return match poll().await.map_err(WaitError::Api)? {
                Progress::Done(value) => Ok(value),
                Progress::Failed(value) => Err(WaitError::Failed(value)),
                Progress::Pending { last, .. } => Err(WaitError::TimedOut {
                    elapsed: start.elapsed(),
                    last: Some(last),
                }),
            };
        }
        tokio::time::sleep(pause).await;
        interval = interval
            .mul_f64(options.multiplier)
            .min(options.max_interval);
    }
}

/// Where a polled thing stands, as a provider's waiter classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Still on its way.
    Pending,
    /// Reached the state waited for.
    Done,
    /// Reached a state it will not come back from by itself.
    Failed,
}

/// Polls `fetch` until `phase` classifies its value as done or failed.
///
/// The providers' waiters are this, with their own fetch and classification;
/// use [`wait_until`] where the server sends `Retry-After`.
pub async fn wait_for<T, E, F, Fut>(
    options: &WaitOptions,
    mut fetch: F,
    phase: impl Fn(&T) -> Phase,
) -> Result<T, WaitError<T, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let phase = &phase;
    wait_until(options, || {
        let fetched = fetch();
        async move {
            let value = fetched.await?;
            Ok(match phase(&value) {
                Phase::Done => Progress::Done(value),
                Phase::Failed => Progress::Failed(value),
                Phase::Pending => Progress::Pending {
                    last: value,
                    retry_after: None,
                },
            })
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn fast() -> WaitOptions {
        WaitOptions {
            timeout: Duration::from_millis(200),
            initial_interval: Duration::from_millis(1),
            max_interval: Duration::from_millis(5),
            multiplier: 2.0,
        }
    }

    #[tokio::test]
    async fn stops_at_the_first_terminal_state() {
        let polls = Cell::new(0);
        let r: Result<u32, WaitError<u32, String>> = wait_until(&fast(), || {
            polls.set(polls.get() + 1);
            let n = polls.get();
            async move {
                Ok(if n == 4 {
                    Progress::Failed(n)
                } else {
                    Progress::Pending {
                        last: n,
                        retry_after: None,
                    }
                })
            }
        })
        .await;
        assert!(matches!(r, Err(WaitError::Failed(4))));
        assert_eq!(polls.get(), 4);
    }

    #[tokio::test]
    async fn times_out_with_the_last_value() {
        let options = WaitOptions {
            timeout: Duration::from_millis(30),
            ..fast()
        };
        let r: Result<u32, WaitError<u32, String>> = wait_until(&options, || async {
            Ok(Progress::Pending {
                last: 7,
                retry_after: None,
            })
        })
        .await;
        match r {
            Err(WaitError::TimedOut { elapsed, last }) => {
                assert_eq!(last, Some(7));
                assert!(elapsed >= Duration::from_millis(30), "{elapsed:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_failed_poll_ends_the_wait() {
        let r: Result<u32, WaitError<u32, String>> =
            wait_until(&fast(), || async { Err("boom".to_string()) }).await;
        assert_eq!(r.unwrap_err().to_string(), "polling failed: boom");
    }

    #[tokio::test]
    async fn retry_after_is_used_as_the_pause() {
        let options = WaitOptions {
            timeout: Duration::from_millis(50),
            ..fast()
        };
        let polls = Cell::new(0);
        // The server asks for 1 s, beyond the deadline: one poll, a sleep to the
        // deadline, one last poll.
        let r: Result<u32, WaitError<u32, String>> = wait_until(&options, || {
            polls.set(polls.get() + 1);
            async {
                Ok(Progress::Pending {
                    last: 1,
                    retry_after: Some(Duration::from_secs(1)),
                })
            }
        })
        .await;
        assert!(matches!(r, Err(WaitError::TimedOut { .. })));
        assert_eq!(polls.get(), 2);
    }
}
