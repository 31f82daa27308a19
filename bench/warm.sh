#!/usr/bin/env bash
# Warm builds of one synthetic site with several versus binaries, in the same
# run, alternating (A B C A B C …): for comparing builds of the same code with
# other settings (a profile, a feature, an allocator option) that
# bench/compare.sh, which compares commits, cannot express. Prints each
# binary's median and fastest time.
#
# Usage: bench/warm.sh ROUNDS BINARY...   e.g.
#   CARGO_PROFILE_RELEASE_LTO=thin CARGO_TARGET_DIR=/tmp/thin cargo build --release
#   bench/warm.sh 20 target/release/versus /tmp/thin/release/versus
# Builds the synthetic site of 1,000 criteria (bench/out/synthetic-1000, the
# one bench/compare.sh uses, made by examples/synthetic_site.rs if missing); each binary has its own cache
# and output folder under bench/out/warm/, warmed by two builds first.
# Writes only under bench/out/ (and target/, when it builds the generator).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:?usage: bench/warm.sh ROUNDS BINARY...}
shift
[[ $# -ge 1 ]] || { echo "usage: bench/warm.sh ROUNDS BINARY..." >&2; exit 2; }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "error: ROUNDS must be a whole number" >&2; exit 2; }
for binary in "$@"; do
  [[ -x $binary ]] || { echo "error: \`$binary\` is not an executable" >&2; exit 1; }
done

out=bench/out
site=$out/synthetic-1000
if [[ ! -f $site/.synthetic-site ]]; then
  cargo build --release --quiet --example synthetic_site
  target/release/examples/synthetic_site --criteria 1000 --out "$site" >/dev/null
fi

build() { # INDEX BINARY
  VERSUS_CACHE_DIR="$out/warm/cache-$1" "$2" build --root "$site" --output "$out/warm/public-$1" >/dev/null
}
i=0
for binary in "$@"; do
  i=$((i + 1))
  build "$i" "$binary" && build "$i" "$binary"
done
times=$out/warm/times.txt
: >"$times"
for ((round = 1; round <= rounds; round++)); do
  i=0
  for binary in "$@"; do
    i=$((i + 1))
    start=$(date +%s%N)
    build "$i" "$binary"
    end=$(date +%s%N)
    echo "$i $(((end - start) / 1000))" >>"$times"
  done
done
/usr/bin/python3 - "$times" "$@" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    index, micros = line.split()
    runs.setdefault(int(index), []).append(int(micros) / 1000)
print(f"| binary | warm builds | median | fastest |\n| --- | ---: | ---: | ---: |")
for index, binary in enumerate(sys.argv[2:], start=1):
    times = runs[index]
    print(f"| `{binary}` | {len(times)} | {statistics.median(times):.1f} ms | {min(times):.1f} ms |")
print(f"\nLoad average at the end: {open('/proc/loadavg').read().split()[:3]}")
PY
