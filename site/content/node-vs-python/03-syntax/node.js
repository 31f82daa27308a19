// Group orders by customer, total them, and print a ranking.
// Run it with `node node.js`.
'use strict';

const orders = [
  { customer: 'Ada', item: 'keyboard', price: 49.9, qty: 1 },
  { customer: 'Linus', item: 'cable', price: 4.5, qty: 6 },
  { customer: 'Ada', item: 'monitor', price: 189.0, qty: 2 },
  { customer: 'Grace', item: 'mouse', price: 19.99, qty: 1 },
  { customer: 'Linus', item: 'laptop stand', price: 35.0, qty: 1 },
];

// Braces and semicolons delimit the code; indentation is only for humans.
const totals = new Map();
for (const { customer, price, qty } of orders) {
  totals.set(customer, (totals.get(customer) ?? 0) + price * qty);
}

// Sort by total spent, largest first.
const ranking = [...totals.entries()].sort(([, a], [, b]) => b - a);

ranking.forEach(([customer, total], index) => {
  console.log(`${index + 1}. ${customer.padEnd(6)} ${total.toFixed(2).padStart(8)}`);
});

const grandTotal = ranking.reduce((sum, [, total]) => sum + total, 0);
console.log(`Total: ${grandTotal.toFixed(2)}`);
