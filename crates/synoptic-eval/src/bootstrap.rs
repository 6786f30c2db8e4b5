//! Bootstrap confidence intervals with a small deterministic PRNG.

/// SplitMix64: a tiny, fast, well-mixed 64-bit generator (Steele et al. 2014).
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform index in `0..n` (multiply-shift; bias below 2^-32 for any
    /// realistic `n`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// Percentile of sorted data with linear interpolation between closest ranks
/// (numpy's default `np.percentile` method).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q / 100.0 * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Mean of `values` with a 95% percentile-bootstrap confidence interval.
///
/// Draws `resamples` samples of `values.len()` values with replacement
/// (deterministic for a given `seed`), and returns `(mean, lo, hi)` where `lo`
/// and `hi` are the 2.5th and 97.5th percentiles of the resampled means
/// (linear interpolation). An empty `values` gives `(0, 0, 0)`; zero
/// resamples give `(mean, mean, mean)`.
///
/// ```
/// use synoptic_eval::bootstrap_ci;
/// let (mean, lo, hi) = bootstrap_ci(&[0.2, 0.4, 0.6], 1000, 7);
/// assert!((mean - 0.4).abs() < 1e-12 && lo <= mean && mean <= hi);
/// ```
pub fn bootstrap_ci(values: &[f64], resamples: usize, seed: u64) -> (f64, f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    if resamples == 0 {
        return (mean, mean, mean);
    }
    let mut rng = SplitMix64(seed);
    let mut means: Vec<f64> = (0..resamples)
        .map(|_| (0..n).map(|_| values[rng.below(n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(f64::total_cmp);
    (mean, percentile(&means, 2.5), percentile(&means, 97.5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_ordered() {
        let values: Vec<f64> = (0..50).map(|i| (i % 7) as f64 / 7.0).collect();
        let a = bootstrap_ci(&values, 2000, 42);
        assert_eq!(a, bootstrap_ci(&values, 2000, 42));
        assert_ne!(a, bootstrap_ci(&values, 2000, 43));
        assert!(a.1 < a.0 && a.0 < a.2, "{a:?}");
        // The interval is roughly mean ± 1.96·sd/√n.
        let sd = (values.iter().map(|v| (v - a.0).powi(2)).sum::<f64>() / 50.0).sqrt();
        let half = 1.96 * sd / 50f64.sqrt();
        assert!(
            (a.2 - a.1 - 2.0 * half).abs() < 0.3 * half,
            "{a:?} vs ±{half}"
        );
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(bootstrap_ci(&[], 100, 1), (0.0, 0.0, 0.0));
        assert_eq!(bootstrap_ci(&[0.5], 100, 1), (0.5, 0.5, 0.5));
        assert_eq!(bootstrap_ci(&[0.25, 0.75], 0, 1), (0.5, 0.5, 0.5));
        let same = bootstrap_ci(&[0.3; 10], 100, 1);
        assert!((same.1 - 0.3).abs() < 1e-12 && (same.2 - 0.3).abs() < 1e-12);
    }

    #[test]
    fn percentile_interpolates() {
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 50.0), 3.0);
        assert!((percentile(&[0.0, 10.0], 2.5) - 0.25).abs() < 1e-12);
        let mut rng = SplitMix64(0);
        assert!((0..1000).all(|_| rng.below(3) < 3));
    }
}
