#!/usr/bin/env bash
# versus next to Eleventy 3.1.8 with its syntax-highlight plugin (Prism), on
# the same synthetic pages, in one run: cold and warm builds, alternating
# between the two, peak memory, and the highlighting floor
# (examples/highlight_floor.rs) measured in the same rounds. Prints a
# Markdown table for docs/performance.md.
#
# Usage: bench/eleventy.sh [SIZE[:ROUNDS]...]   (default: 100 1000 5000)
#   SIZE is a number of criteria; ROUNDS defaults to $ROUNDS, else 5.
#   Example: bench/eleventy.sh 100 1000 5000:3
# Needs: cargo, node and npm (the npm registry, the first time), GNU time
# (/usr/bin/time; without it, /usr/bin/python3 reads the same figure).
# Writes only under bench/out/.
#
# What is timed: each build is a new process, start-up included.
#   versus cold    an empty VERSUS_CACHE_DIR and no output folder
#   versus warm    the cache and the output of the cold build just before
#   Eleventy cold  no output folder
#   Eleventy warm  the same command again over its previous output. Eleventy
#                  keeps no cache between builds, so this differs from a cold
#                  build only by the files already on disk and in the page
#                  cache.
#   floor          highlight_floor over the versus site, highlighting every
#                  sample on all cores, grammar loading included: once with
#                  the engines a build uses (tree-sitter for the languages it
#                  covers, syntect for the rest), once with syntect alone.
set -euo pipefail
cd "$(dirname "$0")/.."

default_rounds=${ROUNDS:-5}
specs=("$@")
[[ $# -eq 0 ]] && specs=(100 1000 5000)
for spec in "${specs[@]}"; do
  [[ $spec =~ ^[1-9][0-9]*(:[1-9][0-9]*)?$ ]] || {
    echo "error: \`$spec\` is not SIZE or SIZE:ROUNDS (whole numbers, for example 1000 or 5000:3)" >&2
    exit 2
  }
done

out=bench/out
node_project=$out/eleventy
mkdir -p "$out"

for tool in node npm cargo; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not on PATH" >&2; exit 1; }
done

# The release profile, the binary authors install (bench/run.sh uses the
# profiling profile, the same optimisation with line tables).
cargo build --release --quiet --bin versus --example synthetic_site --example highlight_floor
versus=$PWD/target/release/versus
synth=$PWD/target/release/examples/synthetic_site
floor=$PWD/target/release/examples/highlight_floor

# Eleventy, pinned by the committed lock file. Installed again only when the
# lock file changed.
mkdir -p "$node_project"
cp bench/eleventy/eleventy.config.js "$node_project/"
if ! cmp -s bench/eleventy/package-lock.json "$node_project/package-lock.json" ||
  [[ ! -x $node_project/node_modules/.bin/eleventy ]]; then
  cp bench/eleventy/package.json bench/eleventy/package-lock.json "$node_project/"
  (cd "$node_project" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
package_version() {
  node -p "JSON.parse(require('fs').readFileSync('$node_project/node_modules/$1/package.json')).version"
}
eleventy_version=$(package_version @11ty/eleventy)
plugin_version=$(package_version @11ty/eleventy-plugin-syntaxhighlight)
prism_version=$(package_version prismjs)

# measure LOG CMD...: runs CMD (its output discarded) and appends
# "<wall ms> <peak resident KiB> <CPU ms, user and system>" to LOG. On a
# shared machine the CPU time moves much less than the wall time.
if /usr/bin/time -f %M true >/dev/null 2>&1; then
  measure() {
    local log=$1 mem started ended
    shift
    mem=$(mktemp)
    started=$(date +%s%N)
    /usr/bin/time -f '%M %U %S' -o "$mem" "$@" >/dev/null
    ended=$(date +%s%N)
    tail -1 "$mem" | awk -v ms=$(((ended - started) / 1000000)) \
      '{ printf "%d %d %.0f\n", ms, $1, ($2 + $3) * 1000 }' >>"$log"
    rm -f "$mem"
  }
else
  measure() {
    local log=$1
    shift
    /usr/bin/python3 - "$log" "$@" <<'PY'
import os, sys, time
log, command = sys.argv[1], sys.argv[2:]
started = time.monotonic()
pid = os.fork()
if pid == 0:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.execvp(command[0], command)
_, status, usage = os.wait4(pid, 0)
elapsed = (time.monotonic() - started) * 1000
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"error: {' '.join(command)} failed")
with open(log, "a") as f:
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    f.write(f"{elapsed:.0f} {usage.ru_maxrss} {cpu:.0f}\n")
PY
  }
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
mem_gib=$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)

# The five measurements of a round at one size. Each reads $dir, the size's
# folder under bench/out/.
versus_build() {
  measure "$dir/versus-$1.log" env VERSUS_CACHE_DIR="$dir/versus-cache" \
    "$versus" build --root "$dir/versus-site" --output "$dir/versus-public"
}
versus_cold() {
  rm -rf "$dir/versus-cache" "$dir/versus-public"
  versus_build cold
}
versus_warm() { versus_build warm; }
eleventy_build() {
  local root=$PWD
  (cd "$node_project" && measure "$root/$dir/eleventy-$1.log" node_modules/.bin/eleventy \
    --config=eleventy.config.js --input="$root/$dir/eleventy-site" \
    --output="$root/$dir/eleventy-public" --quiet)
}
eleventy_cold() {
  rm -rf "$dir/eleventy-public"
  eleventy_build cold
}
eleventy_warm() { eleventy_build warm; }
highlight_floor() {
  measure "$dir/floor.log" "$floor" "$dir/versus-site" tree-sitter
  measure "$dir/floor-syntect.log" "$floor" "$dir/versus-site" syntect
}

# One round: versus and Eleventy take turns, and the order is reversed every
# other round so that a drift of the machine's speed within a round cancels
# out over the rounds.
run_round() {
  if (($1 % 2 == 1)); then
    versus_cold; eleventy_cold; versus_warm; eleventy_warm; highlight_floor
  else
    highlight_floor; eleventy_cold; versus_cold; eleventy_warm; versus_warm
  fi
}

# Pages and code blocks of both outputs, to show that both did the same work.
count_output() {
  local site=$1 pattern=$2
  local pages blocks
  pages=$(find "$site" -name '*.html' ! -name 404.html | wc -l)
  blocks=$(find "$site" -name '*.html' -exec grep -o "$pattern" {} + | wc -l)
  echo "$pages pages, $blocks code blocks"
}

rows=()
work=()
for spec in "${specs[@]}"; do
  n=${spec%%:*}
  rounds=$default_rounds
  [[ $spec == *:* ]] && rounds=${spec#*:}
  dir=$out/eleventy-$n
  mkdir -p "$dir"
  rm -f "$dir"/*.log
  "$synth" --criteria "$n" --out "$dir/versus-site" --eleventy "$dir/eleventy-site" >/dev/null
  for round in $(seq "$rounds"); do
    run_round "$round"
  done
  versus_work=$(count_output "$dir/versus-public" '<pre class="vs-code')
  eleventy_work=$(count_output "$dir/eleventy-public" '<pre class="language-')
  rows+=("$(/usr/bin/python3 - "$dir" "$n" "$rounds" <<'PY'
import statistics, sys
from pathlib import Path

directory, criteria, rounds = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def runs(name):
    return [tuple(map(int, line.split())) for line in (directory / f"{name}.log").read_text().splitlines()]
vc, vw, ec, ew, fl, fs = (runs(n) for n in ("versus-cold", "versus-warm", "eleventy-cold", "eleventy-warm", "floor", "floor-syntect"))
ms = lambda rs: statistics.median(r[0] for r in rs)
mib = lambda rs: statistics.median(r[1] for r in rs) / 1024
cpu = lambda rs: statistics.median(r[2] for r in rs)
# Ratios are medians of the per-round ratios: both sides of a ratio ran
# within seconds of each other.
ratio = lambda a, b: statistics.median(x[0] / y[0] for x, y in zip(a, b))
def time(value):
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"
spread = lambda a, b: sorted(x[0] / y[0] for x, y in zip(a, b))
cold, warm = spread(ec, vc), spread(ew, vw)
(directory / "spread.txt").write_text(
    f"per-round ratios, cold {cold[0]:.2f}–{cold[-1]:.2f}×, warm {warm[0]:.1f}–{warm[-1]:.1f}×"
)
print(
    f"| {criteria:,} | {rounds} | {time(ms(vc))} | {time(ms(ec))} | **{ratio(ec, vc):.2f}×** "
    f"| {time(ms(vw))} | {time(ms(ew))} | **{ratio(ew, vw):.1f}×** "
    f"| {time(ms(fl))} | {time(ms(fs))} | {ratio(vc, fl):.2f}× "
    f"| {mib(vc):.0f} / {mib(ec):.0f} MiB | {mib(vw):.0f} / {mib(ew):.0f} MiB "
    f"| {time(cpu(vc))} / {time(cpu(ec))} |"
)
PY
)")
  work+=("$n criteria: versus built $versus_work, Eleventy $eleventy_work; $(cat "$dir/spread.txt").")
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

echo "| criteria | rounds | versus cold | Eleventy cold | cold: Eleventy ÷ versus | versus warm | Eleventy warm | warm: Eleventy ÷ versus | floor, tree-sitter first (as a build) | floor, syntect only | versus cold ÷ floor | peak memory cold, versus / Eleventy | peak memory warm, versus / Eleventy | CPU time cold, versus / Eleventy |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo
printf -- '- %s\n' "${work[@]}"
echo
echo "Medians; ratios are medians of the per-round ratios (above 1 means versus is faster)."
echo "versus $(git rev-parse --short HEAD) (release profile), Eleventy $eleventy_version with @11ty/eleventy-plugin-syntaxhighlight $plugin_version (Prism $prism_version), Node.js $(node --version)."
echo "Machine: $cpu, $(nproc) cores, $mem_gib GiB; load average (1, 5, 15 min) $load_start at the start, $load_end at the end."
