"""Group orders by customer, total them, and print a ranking.

Run it with `python3 python.py`.
"""
from collections import defaultdict

orders = [
    {"customer": "Ada", "item": "keyboard", "price": 49.9, "qty": 1},
    {"customer": "Linus", "item": "cable", "price": 4.5, "qty": 6},
    {"customer": "Ada", "item": "monitor", "price": 189.0, "qty": 2},
    {"customer": "Grace", "item": "mouse", "price": 19.99, "qty": 1},
    {"customer": "Linus", "item": "laptop stand", "price": 35.0, "qty": 1},
]

# Indentation defines the blocks: no braces, no semicolons.
totals: defaultdict[str, float] = defaultdict(float)
for order in orders:
    totals[order["customer"]] += order["price"] * order["qty"]

# Sort by total spent, largest first.
ranking = sorted(totals.items(), key=lambda pair: pair[1], reverse=True)

for position, (customer, total) in enumerate(ranking, start=1):
    print(f"{position}. {customer:<6} {total:>8.2f}")

print(f"Total: {sum(totals.values()):.2f}")
