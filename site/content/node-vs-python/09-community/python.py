"""Unit tests with unittest, part of Python's standard library (no pytest needed).

Run them with `python3 python.py` or `python3 -m unittest python.py`.
"""
import re
import unicodedata
import unittest


def slugify(title: str) -> str:
    """Turn a title into a URL-friendly slug."""
    # Split accented letters into base + accent, then drop the accents.
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    # Anything that is not a letter or digit becomes a hyphen; trim the ends.
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")


class SlugifyTest(unittest.TestCase):
    def test_lowercases_and_joins_words(self) -> None:
        self.assertEqual(slugify("Node.js vs Python"), "node-js-vs-python")

    def test_removes_accents(self) -> None:
        self.assertEqual(slugify("Café Déjà Vu"), "cafe-deja-vu")

    def test_collapses_punctuation_and_trims(self) -> None:
        self.assertEqual(slugify("  -- Hello, World!! --  "), "hello-world")

    def test_symbols_only_give_empty_slug(self) -> None:
        self.assertEqual(slugify("!!!"), "")


if __name__ == "__main__":
    unittest.main()
