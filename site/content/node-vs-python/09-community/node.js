// Unit tests with the test runner built into Node.js (no Jest or Mocha needed).
// Run them with `node node.js` or `node --test node.js`.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

// The function under test: turn a title into a URL-friendly slug.
function slugify(title) {
  return title
    .normalize('NFKD')                 // split accented letters into base + accent
    .replace(/[\u0300-\u036f]/g, '')   // drop the accents
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')       // anything else becomes a hyphen
    .replace(/^-+|-+$/g, '');          // no hyphens at either end
}

test('lowercases and joins words with hyphens', () => {
  assert.equal(slugify('Node.js vs Python'), 'node-js-vs-python');
});

test('removes accents', () => {
  assert.equal(slugify('Café Déjà Vu'), 'cafe-deja-vu');
});

test('collapses punctuation and trims the ends', () => {
  assert.equal(slugify('  -- Hello, World!! --  '), 'hello-world');
});

test('returns an empty slug for symbols only', () => {
  assert.equal(slugify('!!!'), '');
});
