//! Timing helpers shared by the benchmarks: run a closure n times, print p50/p99/max.

use std::time::{Duration, Instant};

/// Prints one line of figures for `samples`.
pub fn figures(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    println!(
        "{name:<52} n={:<5} p50={:>9.3} ms  p99={:>9.3} ms  max={:>9.3} ms",
        samples.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
    );
}

/// Times `n` runs of `f` (given the run's number).
pub fn time<T>(n: usize, mut f: impl FnMut(usize) -> T) -> Vec<Duration> {
    (0..n)
        .map(|k| {
            let t = Instant::now();
            std::hint::black_box(f(k));
            t.elapsed()
        })
        .collect()
}
