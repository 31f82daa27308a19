#!/usr/bin/env bash
# What running samples costs a build of site/: cold (empty cache) and warm
# builds of a copy of site/, with the `run` plugin on and turned off.
# Prints the median, min and max of N builds each (default 7). Writes only
# into a temporary folder.
#
#   cargo build --release && bench/samples.sh [N]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/versus"
n=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for kind in on off; do
  cp -r "$here/site" "$work/$kind"
  rm -rf "$work/$kind/public"
done
printf '\n[plugins.run]\nenabled = false\n' >> "$work/off/versus.toml"

# One build: milliseconds on stdout.
build() {
  local site=$1 cache=$2 start end
  start=$(date +%s%N)
  VERSUS_CACHE_DIR=$cache "$bin" build --root "$site" --output "$work/out" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

summary() {
  sort -n | awk '{a[NR]=$1} END {printf "median %d ms, min %d, max %d\n", a[int((NR+1)/2)], a[1], a[NR]}'
}

for kind in on off; do
  warm="$work/cache-$kind"
  build "$work/$kind" "$warm" >/dev/null
  for mode in cold warm; do
    for _ in $(seq "$n"); do
      if [ "$mode" = cold ]; then
        cache=$(mktemp -d -p "$work")
        build "$work/$kind" "$cache"
        rm -rf "$cache"
      else
        build "$work/$kind" "$warm"
      fi
    done | summary | sed "s/^/$mode, run plugin $kind: /"
  done
done
