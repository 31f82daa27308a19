#!/usr/bin/env bash
# Build benchmark: cold-process builds of site/ and of synthetic sites of
# 1,000 and 10,000 criteria, with an empty and a warm highlight cache, next to
# the highlighting floor (syntect alone on all cores over the same samples),
# measured in the same run. Prints a Markdown table for docs/performance.md.
#
# Usage: bench/run.sh [SIZES...]      (default: 1000 10000)
# Needs: hyperfine, GNU time (/usr/bin/time). Writes only under bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
[[ $# -eq 0 ]] && sizes=(1000 10000)
out=bench/out
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)"; exit 1; }

cargo build --profile profiling --quiet --bin versus --example synthetic_site --example highlight_floor
versus=target/profiling/versus
synth=target/profiling/examples/synthetic_site
floor=target/profiling/examples/highlight_floor

median() { python3 -c 'import json,sys,statistics; r=json.load(open(sys.argv[1]))["results"][0]["times"]; print(f"{statistics.median(r)*1000:.0f}")' "$1"; }
peak_mb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

echo "| site | criteria | cold build (empty cache) | warm build | floor (syntect alone) | cold ÷ floor | peak memory (cold) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"

# Cold builds and floor runs alternate (21 pairs at 1,000 criteria, 3 at
# 10,000), so that both see the same machine:
# on a shared virtual machine the speed drifts by 20 % within minutes. The
# ratio is the median of the per-pair ratios; the times are medians.
run_site() {
  local name=$1 root=$2 criteria=$3 runs=$4
  local cache="$out/cache-$name" dest="$out/public-$name"
  local pairs="$out/$name-pairs.txt"
  : > "$pairs"
  for i in $(seq "$runs"); do
    local started cold floor_ms
    # Which runs first alternates, so a drift within a pair cancels out.
    if (( i % 2 == 0 )); then
      started=$(now_ms); $floor "$root" >/dev/null; floor_ms=$(( $(now_ms) - started ))
    fi
    rm -rf "$cache"
    started=$(now_ms)
    VERSUS_CACHE_DIR=$cache $versus build --root "$root" --output "$dest" >/dev/null
    cold=$(( $(now_ms) - started ))
    if (( i % 2 == 1 )); then
      started=$(now_ms); $floor "$root" >/dev/null; floor_ms=$(( $(now_ms) - started ))
    fi
    echo "$cold $floor_ms" >> "$pairs"
  done
  hyperfine --style none --runs "$runs" --warmup 1 \
    --export-json "$out/$name-warm.json" \
    "VERSUS_CACHE_DIR=$cache $versus build --root $root --output $dest" >/dev/null
  rm -rf "$cache"
  local mem
  mem=$(VERSUS_CACHE_DIR=$cache peak_mb "$versus" build --root "$root" --output "$dest")
  local warm
  warm=$(median "$out/$name-warm.json")
  python3 - "$pairs" "$name" "$criteria" "$warm" "$mem" <<'PY'
import statistics, sys
pairs = [tuple(map(int, line.split())) for line in open(sys.argv[1]) if line.strip()]
cold = statistics.median(c for c, _ in pairs)
floor = statistics.median(f for _, f in pairs)
ratio = statistics.median(c / f for c, f in pairs)
name, criteria, warm, mem = sys.argv[2:]
print(f"| {name} | {criteria} | {cold:.0f} ms | {warm} ms | {floor:.0f} ms | {ratio:.2f}× | {mem} MiB |")
PY
}

# site/ as it is (with its two external plugins), and without them.
run_site site site 10 20
rm -rf "$out/site-no-external-plugins"
mkdir -p "$out/site-no-external-plugins"
cp -r site/content site/static "$out/site-no-external-plugins/" 2>/dev/null || cp -r site/content "$out/site-no-external-plugins/"
python3 - "$out/site-no-external-plugins/versus.toml" <<'PY'
import re, sys
text = open("site/versus.toml").read()
# Drop every table of an external plugin (those with a `command`).
blocks = re.split(r"(?m)^(?=\[)", text)
kept = [b for b in blocks if not (b.startswith("[plugins.") and ("command" in b or ".options]" in b))]
open(sys.argv[1], "w").write("".join(kept))
PY
run_site site-no-external-plugins "$out/site-no-external-plugins" 10 20
for n in "${sizes[@]}"; do
  dir="$out/synthetic-$n"
  [[ -f "$dir/.synthetic-site" ]] || $synth --criteria "$n" --out "$dir" >/dev/null
  runs=$(( n >= 10000 ? 3 : 21 ))
  run_site "synthetic-$n" "$dir" "$n" "$runs"
done
echo
# The cost of starting each external plugin: one call with no reports.
request='{"protocol":2,"hook":"reports","plugin":"x","options":{},"site":{"title":"t","description":"","base_url":"https://example.org/","language":"en"},"reports":[]}'
echo "$request" > "$out/empty-request.json"
echo "| external plugin | one call, no reports (median) |"
echo "| --- | ---: |"
for plugin in "node plugins/reading-time.mjs" "python3 plugins/check_samples.py"; do
  hyperfine --style none --runs 20 --warmup 2 --export-json "$out/plugin.json" \
    "cd site && $plugin < ../$out/empty-request.json" >/dev/null
  echo "| \`$plugin\` | $(median "$out/plugin.json") ms |"
done
echo
echo "Medians. Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
