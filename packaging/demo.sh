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
Each step's output is checked (the version it reports, the update it finds); a step that
does not do what it shows stops the demo with exit 1. The caller's HOIST_* variables are
ignored (the demo sets its own), so an exported HOIST_HOME or HOIST_REGISTRY cannot send it
to another home or registry.
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

# Hoist reads its settings from HOIST_* variables: the demo's must be the only ones.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep '^HOIST_' || true)

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
[ -x "$dir/bin/hoist" ] || { echo "demo.sh: self install made no $dir/bin/hoist" >&2; exit 1; }

export HOIST_REGISTRY="$registry/manifest.json"
hoist="$dir/bin/hoist"
# run EXPECTED ARGS...: shows and runs `hoist ARGS`, then fails unless it exited 0 and its
# output (stdout and stderr) has a line matching the extended regular expression EXPECTED.
run() {
  local expected=$1 out rc=0
  shift
  step "hoist $*"
  out=$("$hoist" "$@" 2>&1) || rc=$?
  printf '%s\n' "$out"
  if [ "$rc" != 0 ]; then
    echo "demo.sh: 'hoist $*' exited $rc; the demo stops here" >&2
    exit 1
  fi
  if ! grep -Eq -- "$expected" <<<"$out"; then
    echo "demo.sh: 'hoist $*' did not print what it should (a line matching: $expected)" >&2
    exit 1
  fi
}
run '^hoist 1\.0\.0$' --version
run '1\.1\.0' update --check
run '1\.1\.0' update
run '^hoist 1\.1\.0$' --version
run '1\.1\.0' status
run '1\.0\.0' rollback
run '^hoist 1\.0\.0$' --version
if [ "$keep" = 1 ]; then
  echo
  echo "kept $dir (try: HOIST_REGISTRY=$HOIST_REGISTRY $hoist update)"
fi
