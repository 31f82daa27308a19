"""Two small jobs that run entirely in the language itself:

  cpu   count the primes below 200,000 by trial division
  json  encode 20,000 records as JSON and parse them back, 5 times

Run `python3 python.py` for both, or `python3 python.py cpu` for one.
`versus measure` times each job as a whole process, start-up included.
"""
import json
import sys


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


def json_round_trip(records: int, rounds: int) -> int:
    data = [
        {"id": i, "name": f"user-{i}", "tags": ["a", "b", "c"], "score": i % 100}
        for i in range(records)
    ]
    total = 0
    for _ in range(rounds):
        # The json module's encoder and decoder are written in C.
        back = json.loads(json.dumps(data))
        total += sum(record["score"] for record in back)
    return total


job = sys.argv[1] if len(sys.argv) > 1 else "all"
if job in ("cpu", "all"):
    print(f"cpu: {count_primes(200_000)} primes below 200,000")
if job in ("json", "all"):
    print(f"json: score total {json_round_trip(20_000, 5)}")
