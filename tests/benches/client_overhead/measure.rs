//! Measuring one case: the equivalence check, criterion's two benchmarks, and
//! the paired rounds the ratio is taken from.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use serde::Serialize;
use serde_json::Value;
use tokio::runtime::Runtime;

use crate::server::Server;

/// Calls per side in one round of the paired measurement.
pub const BATCH: u32 = 200;
/// Rounds of the paired measurement.
pub const ROUNDS: usize = 41;

/// One case's paired result (a row of `client_overhead.json`).
#[derive(Serialize)]
pub struct Paired {
    pub name: String,
    /// Median over rounds of the generated client's time per call.
    pub generated_us: f64,
    /// Median over rounds of the hand-written call's time per call.
    pub hand_us: f64,
    /// Median over rounds of generated / hand-written.
    pub ratio: f64,
    pub ratio_p25: f64,
    pub ratio_p75: f64,
    pub batch: u32,
    pub rounds: usize,
}

/// `iters` sequential calls of `call`, timed.
async fn time_calls<F: Future>(call: &impl Fn() -> F, iters: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        black_box(call().await);
    }
    start.elapsed()
}

/// The value at quantile `q` of `sorted`.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("serializes")
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    quantile(&values, 0.5)
}

/// Criterion, the runtime the calls (and the server) run on, the server, and the paired results.
pub struct Bench {
    pub criterion: Criterion,
    pub rt: Runtime,
    pub server: Server,
    /// `None` when the paired pass is off (`cargo test --benches`, `CLIENT_OVERHEAD_PAIRED=0`).
    pub paired: Option<Vec<Paired>>,
}

impl Bench {
    /// Measures case `name`: `generated` and `hand` make the same call, and both
    /// must decode `expected` (compared as JSON, so every field counts).
    pub fn case<G, H, GT, HT>(
        &mut self,
        name: &str,
        expected: Value,
        generated: impl Fn() -> G,
        hand: impl Fn() -> H,
    ) where
        G: Future<Output = GT>,
        H: Future<Output = HT>,
        GT: Serialize,
        HT: Serialize,
    {
        let (rt, server) = (&self.rt, &self.server);
        rt.block_on(async {
            let (mut g, mut h) = (None, None);
            let sent_g = server.capture(async { g = Some(generated().await) }).await;
            let sent_h = server.capture(async { h = Some(hand().await) }).await;
            assert_eq!(sent_g.len(), 1, "{name}: one request");
            assert_eq!(
                sent_g, sent_h,
                "{name}: the two sides send different requests"
            );
            assert_eq!(
                json(&g),
                expected,
                "{name}: the generated client decoded something else"
            );
            assert_eq!(
                json(&h),
                expected,
                "{name}: the hand-written call decoded something else"
            );
        });

        let mut group = self
            .criterion
            .benchmark_group(format!("client_overhead/{name}"));
        group.bench_function("generated", |b| {
            b.iter_custom(|n| rt.block_on(time_calls(&generated, n)))
        });
        group.bench_function("hand_written", |b| {
            b.iter_custom(|n| rt.block_on(time_calls(&hand, n)))
        });
        group.finish();

        let Some(results) = self.paired.as_mut() else {
            return;
        };
        // Rounds of BATCH calls of each side, the order alternating; the ratio is
        // taken per round, so a slow spell of the machine hits both sides of it.
        let batch = u64::from(BATCH);
        let (mut ratios, mut g_us, mut h_us) = (Vec::new(), Vec::new(), Vec::new());
        rt.block_on(async {
            for round in 0..ROUNDS {
                let (g, h) = if round % 2 == 0 {
                    let g = time_calls(&generated, batch).await;
                    (g, time_calls(&hand, batch).await)
                } else {
                    let h = time_calls(&hand, batch).await;
                    (time_calls(&generated, batch).await, h)
                };
                ratios.push(g.as_secs_f64() / h.as_secs_f64());
                g_us.push(g.as_secs_f64() * 1e6 / f64::from(BATCH));
                h_us.push(h.as_secs_f64() * 1e6 / f64::from(BATCH));
            }
        });
        ratios.sort_by(f64::total_cmp);
        let r = Paired {
            name: name.to_string(),
            generated_us: median(g_us),
            hand_us: median(h_us),
            ratio: quantile(&ratios, 0.5),
            ratio_p25: quantile(&ratios, 0.25),
            ratio_p75: quantile(&ratios, 0.75),
            batch: BATCH,
            rounds: ROUNDS,
        };
        println!(
            "paired {:<20} generated {:>6.1} µs  hand-written {:>6.1} µs  ratio {:.3} (p25 {:.3}, p75 {:.3})",
            r.name, r.generated_us, r.hand_us, r.ratio, r.ratio_p25, r.ratio_p75
        );
        results.push(r);
    }
}
