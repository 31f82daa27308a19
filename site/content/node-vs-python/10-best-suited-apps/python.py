"""A data-analysis style job: summarise API response times with `statistics`.

Run it with `python3 python.py`. Real projects would read logs or a database
and often reach for pandas or Polars; the standard library covers the basics.
"""
import random
import statistics
from collections import Counter

# Simulated latencies in milliseconds for three endpoints (seeded, repeatable).
rng = random.Random(42)
samples = {
    "/login": [rng.lognormvariate(3.0, 0.4) for _ in range(500)],
    "/search": [rng.lognormvariate(4.0, 0.6) for _ in range(500)],
    "/report": [rng.lognormvariate(5.0, 0.3) for _ in range(200)],
}

print(f"{'endpoint':<10}{'mean':>8}{'median':>8}{'p95':>8}{'stdev':>8}")
for endpoint, values in samples.items():
    p95 = statistics.quantiles(values, n=20)[-1]  # the 95th percentile
    print(
        f"{endpoint:<10}{statistics.fmean(values):>8.1f}"
        f"{statistics.median(values):>8.1f}{p95:>8.1f}"
        f"{statistics.stdev(values):>8.1f}"
    )

# Bucket every request into a latency band and count them.
bands = Counter(
    "fast (<50 ms)" if ms < 50 else "ok (<200 ms)" if ms < 200 else "slow"
    for values in samples.values()
    for ms in values
)
for band, count in bands.most_common():
    print(f"{band:<14} {count:>5}  {'#' * (count // 20)}")

# Does latency on /search grow with request order? (correlation, Python 3.10+)
print(f"trend r = {statistics.correlation(range(500), samples['/search']):+.3f}")
