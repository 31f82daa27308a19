#!/usr/bin/env bash
# Before/after benchmark: the binary of an earlier commit against this
# checkout's, in the same run, alternating (ABAB…, which one goes first
# switching every round) so that both see the same machine. Builds, cold
# (empty cache) and warm, of the earlier commit's site/ without its external
# plugins (plugins changed protocol, so each side could not run the other's)
# and of the synthetic site of 1,000 criteria. Prints medians and the median
# of the per-round ratios (after ÷ before) as a Markdown table.
#
# Usage: bench/compare.sh BASE [ROUNDS]   (BASE: a commit, e.g. HEAD~1; ROUNDS default 11)
# Writes only under bench/out/ (the earlier commit's files are unpacked there).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/compare.sh BASE [ROUNDS]}
rounds=${2:-11}
out=bench/out
mkdir -p "$out"
base_sha=$(git rev-parse --short "$base")
head_sha=$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo "+changes")

# Both binaries with the release profile (the one authors install; older
# commits have no other) and the same target folder, so that only versus
# itself is compiled twice.
tree="$out/compare-$base_sha"
if [[ ! -f "$tree/Cargo.toml" ]]; then
  mkdir -p "$tree"
  git archive "$base_sha" | tar -x -C "$tree"
fi
CARGO_TARGET_DIR="$PWD/target" cargo build --manifest-path "$tree/Cargo.toml" --release --quiet --bin versus
cp target/release/versus "$out/versus-$base_sha"
cargo build --release --quiet --bin versus --example synthetic_site
cp target/release/versus "$out/versus-head"
before="$out/versus-$base_sha"
after="$out/versus-head"

# The earlier commit's site/, without the tables of external plugins.
site="$out/compare-site-$base_sha"
rm -rf "$site"
mkdir -p "$site"
cp -r "$tree/site/content" "$site/"
[[ -d "$tree/site/static" ]] && cp -r "$tree/site/static" "$site/"
python3 - "$tree/site/versus.toml" "$site/versus.toml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
blocks = re.split(r"(?m)^(?=\[)", text)
kept = [b for b in blocks if not (b.startswith("[plugins.") and ("command" in b or ".options]" in b))]
# An `order` list may name the external plugins just removed.
kept = [re.sub(r"(?m)^order\s*=.*\n", "", b) if b.startswith("[plugins]") else b for b in kept]
open(sys.argv[2], "w").write("".join(kept))
PY
synthetic="$out/synthetic-1000"
[[ -f "$synthetic/.synthetic-site" ]] || target/release/examples/synthetic_site --criteria 1000 --out "$synthetic" >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# One timed build: BINARY ROOT CACHE WARM(0|1). Prints milliseconds.
timed() {
  local binary=$1 root=$2 cache=$3 warm=$4
  [[ $warm == 1 ]] || rm -rf "$cache"
  local started
  started=$(now_ms)
  if ! VERSUS_CACHE_DIR=$cache "$binary" build --root "$root" --output "$cache-public" >"$cache.log" 2>&1; then
    echo "error: \`$binary build --root $root\` failed; its output is in $cache.log" >&2
    exit 1
  fi
  echo $(( $(now_ms) - started ))
}

measure() {
  local name=$1 root=$2 warm=$3
  local pairs="$out/compare-$name-$([[ $warm == 1 ]] && echo warm || echo cold).txt"
  : > "$pairs"
  # Warm caches for both sides first.
  if [[ $warm == 1 ]]; then
    timed "$before" "$root" "$out/cmp-cache-before-$name" 0 >/dev/null
    timed "$after" "$root" "$out/cmp-cache-after-$name" 0 >/dev/null
  fi
  for i in $(seq "$rounds"); do
    local b a
    if (( i % 2 )); then
      b=$(timed "$before" "$root" "$out/cmp-cache-before-$name" "$warm")
      a=$(timed "$after" "$root" "$out/cmp-cache-after-$name" "$warm")
    else
      a=$(timed "$after" "$root" "$out/cmp-cache-after-$name" "$warm")
      b=$(timed "$before" "$root" "$out/cmp-cache-before-$name" "$warm")
    fi
    echo "$b $a" >> "$pairs"
  done
  python3 - "$pairs" "$name" "$warm" <<'PY'
import statistics, sys
pairs = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
b = statistics.median(p[0] for p in pairs)
a = statistics.median(p[1] for p in pairs)
r = statistics.median(p[1] / p[0] for p in pairs)
kind = "warm" if sys.argv[3] == "1" else "cold"
print(f"| {sys.argv[2]} | {kind} | {b:.0f} ms | {a:.0f} ms | {r:.3f} |")
PY
}

echo "Before: $base_sha. After: $head_sha. $rounds rounds each, alternating."
echo
echo "| site | build | before (median) | after (median) | after ÷ before (median of rounds) |"
echo "| --- | --- | ---: | ---: | ---: |"
measure "site-without-plugins" "$site" 0
measure "site-without-plugins" "$site" 1
measure "synthetic-1000" "$synthetic" 0
measure "synthetic-1000" "$synthetic" 1
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)."
