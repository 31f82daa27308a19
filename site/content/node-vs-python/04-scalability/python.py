"""Spread a CPU-bound job (summing primes) over every core with a process pool.

Run it with `python3 python.py`. Separate processes sidestep the GIL, which in
the default build lets only one thread run Python bytecode at a time.
"""
import os
import time
from concurrent.futures import ProcessPoolExecutor

LIMIT = int(os.environ.get("LIMIT", "500000"))


def sum_primes(bounds: tuple[int, int]) -> int:
    start, stop = bounds
    total = 0
    for n in range(max(start, 2), stop):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:  # the loop found no divisor, so n is prime
            total += n
    return total


def main() -> None:
    cores = os.cpu_count() or 1
    step = -(-LIMIT // cores)  # ceiling division
    slices = [(i * step, min((i + 1) * step, LIMIT)) for i in range(cores)]

    began = time.perf_counter()
    # Each slice runs in its own worker process with its own interpreter.
    with ProcessPoolExecutor(max_workers=cores) as pool:
        total = sum(pool.map(sum_primes, slices))
    elapsed = time.perf_counter() - began

    print(f"sum of primes below {LIMIT} on {cores} processes: {elapsed:.2f}s")
    print(total)


if __name__ == "__main__":  # required: worker processes re-import this module
    main()
