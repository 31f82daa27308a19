#!/usr/bin/env bash
# Live-preview benchmark: time from saving a criterion to the rebuilt page
# being served (and the reload event sent), over many edits, on copies of
# site/ (with and without its external plugins) and of the synthetic sites.
#
# Usage: bench/serve.sh [EDITS]   (default 60). Writes only under bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
edits=${1:-60}
out=bench/out
mkdir -p "$out"
cargo build --profile profiling --quiet --bin versus --example synthetic_site --example serve_latency
latency=target/profiling/examples/serve_latency

fresh_copy() { rm -rf "$2"; mkdir -p "$2"; cp -r "$1"/. "$2"/; rm -rf "$2/public"; }

fresh_copy site "$out/serve-site"
echo "site/ (with its plugins):"
VERSUS_CACHE_DIR="$out/serve-cache" $latency "$out/serve-site" "$edits"

if [[ -d "$out/site-no-external-plugins" ]]; then
  fresh_copy "$out/site-no-external-plugins" "$out/serve-site-bare"
  echo "site/ without external plugins:"
  VERSUS_CACHE_DIR="$out/serve-cache" $latency "$out/serve-site-bare" "$edits"
fi

for n in 1000 10000; do
  dir="$out/synthetic-$n"
  [[ -f "$dir/.synthetic-site" ]] || target/profiling/examples/synthetic_site --criteria "$n" --out "$dir" >/dev/null
  fresh_copy "$dir" "$out/serve-synthetic-$n"
  echo "synthetic, $n criteria:"
  VERSUS_CACHE_DIR="$out/serve-cache" $latency "$out/serve-synthetic-$n" "$edits"
done
