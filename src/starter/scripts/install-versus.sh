#!/bin/sh
# Installs the versus binary this site is built with, once per version.
#
# The binary is kept in a cache folder keyed by version, so only the first
# deploy of a version downloads (or compiles) it; every later deploy finds it
# there. The script then links it to .versus/bin/versus in the site folder.
#
# Settings (environment variables):
#   VERSUS_VERSION      the version to install (default: @VERSION@)
#   VERSUS_INSTALL      `release` downloads the release binary (default);
#                       `cargo` compiles it with `cargo install`
#   VERSUS_INSTALL_DIR  the cache folder (default: ~/.cache/versus-install);
#                       point it into your host's build cache
#   VERSUS_RELEASES     where release archives live
#                       (default: @RELEASES@)
#   VERSUS_CARGO_SOURCE a local checkout for `cargo install --path` instead
#                       of crates.io
set -eu

# The version this site is built with. Change it here to upgrade.
version="${VERSUS_VERSION:-@VERSION@}"
route="${VERSUS_INSTALL:-release}"
releases="${VERSUS_RELEASES:-@RELEASES@}"
cache="${VERSUS_INSTALL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/versus-install}"
site="$(cd "$(dirname "$0")/.." && pwd)"
link="$site/.versus/bin/versus"

fail() {
  echo "install-versus: $*" >&2
  exit 1
}

# The release target of this machine, as the release archives name it.
target() {
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) fail "no release binary for $(uname -m); set VERSUS_INSTALL=cargo" ;;
  esac
  case "$(uname -s)" in
    Linux) echo "$arch-unknown-linux-gnu" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    *) fail "no release binary for $(uname -s); set VERSUS_INSTALL=cargo" ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

case "$route" in
  release) bin="$cache/$version/release/versus" ;;
  cargo) bin="$cache/$version/cargo/bin/versus" ;;
  *) fail "VERSUS_INSTALL must be \`release\` or \`cargo\`, not \`$route\`" ;;
esac

if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "versus $version" ]; then
  echo "versus $version: found in the cache ($bin)"
elif [ "$route" = release ]; then
  name="versus-$(target)"
  url="$releases/v$version/$name.tar.xz"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "versus $version: downloading $url"
  curl --fail --silent --show-error --location --retry 3 -o "$tmp/$name.tar.xz" "$url" \
    || fail "could not download $url"
  curl --fail --silent --show-error --location --retry 3 -o "$tmp/sum" "$url.sha256" \
    || fail "could not download $url.sha256"
  [ "$(cut -d ' ' -f 1 <"$tmp/sum")" = "$(sha256 "$tmp/$name.tar.xz")" ] \
    || fail "the checksum of $url does not match $url.sha256"
  tar -xJf "$tmp/$name.tar.xz" -C "$tmp"
  mkdir -p "$(dirname "$bin")"
  # Moved into place whole, so a deploy stopped halfway leaves no broken binary.
  mv "$tmp/$name/versus" "$bin.part"
  mv "$bin.part" "$bin"
else
  echo "versus $version: compiling it with cargo install (only this once)"
  if [ -n "${VERSUS_CARGO_SOURCE:-}" ]; then
    cargo install --locked --quiet --root "$cache/$version/cargo" --path "$VERSUS_CARGO_SOURCE"
  else
    cargo install --locked --quiet --root "$cache/$version/cargo" --version "$version" versus
  fi
fi

mkdir -p "$(dirname "$link")"
ln -sf "$bin" "$link"
"$link" --version
