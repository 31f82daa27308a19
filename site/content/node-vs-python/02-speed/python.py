"""Time a CPU-bound job: count the primes below LIMIT by trial division.

Run it with `python3 python.py` (set LIMIT to change the amount of work).
"""
import os
import platform
import time

LIMIT = int(os.environ.get("LIMIT", "300000"))


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    # Only odd divisors up to the square root need checking.
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(limit: int) -> int:
    return sum(1 for n in range(2, limit) if is_prime(n))


start = time.perf_counter()
count = count_primes(LIMIT)
elapsed = time.perf_counter() - start

# CPython interprets this bytecode; heavy maths usually moves to C-backed libraries.
print(f"{count} primes below {LIMIT:,}")
print(f"Python {platform.python_version()}: {elapsed * 1000:.1f} ms")
