#!/usr/bin/env bash
# Builds Hoist and shows its main job end to end, in a scratch directory: two releases are
# built and published to a local registry, the first is installed, and `hoist update`
# moves it to the second through the installed launcher. Nothing outside the scratch
# directory is touched.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: packaging/demo.sh [--dir DIR] [--keep]

Builds the project (./mvnw package), then in DIR (default: a new temp directory):
  registry/        hoist-1.0.0.tar.gz, hoist-1.1.0.tar.gz and manifest.json (stable: 1.1.0)
  home/            the Hoist home 1.0.0 is installed into (hoist self install)
  bin/hoist        the link a user would have on PATH
and runs, as a user would:
  bin/hoist --version; bin/hoist update --check; bin/hoist update; bin/hoist --version;
  bin/hoist status; bin/hoist rollback; bin/hoist --version
The scratch directory is removed at the end unless --keep (or --dir) is given.
USAGE
}

dir="" keep=0
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --keep) keep=1; shift ;;
    --dir) [ $# -ge 2 ] || { echo "demo.sh: --dir needs a value" >&2; exit 2; }; dir=$2; keep=1; shift 2 ;;
    *) echo "demo.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd -P)
if [ -z "$dir" ]; then
  dir=$(mktemp -d "${TMPDIR:-/tmp}/hoist-demo.XXXXXX")
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
cleanup() { [ "$keep" = 1 ] || rm -rf "$dir"; }
trap cleanup EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step "./mvnw -B -q -DskipTests package"
(cd "$root" && ./mvnw -B -q -DskipTests package)

registry="$dir/registry"
mkdir -p "$registry"
for v in 1.0.0 1.1.0; do
  "$root/packaging/build.sh" --version "$v" --out "$registry" --skip-build >/dev/null
done

asset() { # version -> one release object of the manifest
  local f="$registry/hoist-$1.tar.gz"
  local size sha
  size=$(wc -c <"$f" | tr -d ' ')
  sha=$(cut -d' ' -f1 <"$f.sha256")
  printf '{"version":"%s","assets":[{"platform":"any","url":"hoist-%s.tar.gz","size":%s,"sha256":"%s"}]}' \
    "$1" "$1" "$size" "$sha"
}
printf '{"schema":1,"app":"hoist","channels":{"stable":"1.1.0"},"releases":[%s,%s]}\n' \
  "$(asset 1.0.0)" "$(asset 1.1.0)" >"$registry/manifest.json"
echo "published 1.0.0 and 1.1.0 to $registry/manifest.json"

mkdir -p "$dir/download"
tar -xzf "$registry/hoist-1.0.0.tar.gz" -C "$dir/download"
step "hoist-1.0.0/bin/hoist self install --home $dir/home --bin-dir $dir/bin"
"$dir/download/hoist-1.0.0/bin/hoist" self install --home "$dir/home" --bin-dir "$dir/bin"

export HOIST_REGISTRY="$registry/manifest.json"
hoist="$dir/bin/hoist"
for args in "--version" "update --check" "update" "--version" "status" "rollback" "--version"; do
  step "hoist $args"
  # shellcheck disable=SC2086 # the arguments are split on purpose
  "$hoist" $args
done
if [ "$keep" = 1 ]; then
  echo
  echo "kept $dir (try: HOIST_REGISTRY=$HOIST_REGISTRY $hoist update)"
fi
