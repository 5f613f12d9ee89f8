#!/usr/bin/env bash
# The baseline Hoist replaces: N concurrent `npm install -g` of one package into one prefix,
# the way a session-start hook in several terminals would run them. After each trial the
# command must exist and print the new version; anything else is a broken install.
# Offline: the package is a local tarball (a bin script plus ~2,000 files of payload, so the
# install takes long enough to race), installed over an older version already in place.
set -euo pipefail

usage() {
  echo "Usage: bench/npm-race.sh [--trials T] [--racers N] [--files F]"
  echo "Prints: racers=N trials=T broken=B missing=M wrong-version=W (and per-trial lines)"
}
trials=10 racers=2 files=2000
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --trials) trials=$2; shift 2 ;;
    --racers) racers=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    *) usage >&2; exit 2 ;;
  esac
done
command -v npm >/dev/null || { echo "npm-race.sh: npm is not installed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/npm-race.XXXXXX")
trap 'rm -rf "$work"' EXIT
pack() { # version
  local d="$work/src-$1"
  mkdir -p "$d/bin" "$d/lib"
  printf '{"name":"hoist-race-probe","version":"%s","bin":{"hoist-race-probe":"bin/cli.js"}}\n' "$1" >"$d/package.json"
  printf '#!/usr/bin/env node\nconsole.log("hoist-race-probe %s")\n' "$1" >"$d/bin/cli.js"
  for i in $(seq 1 "$files"); do echo "module.exports = $i" >"$d/lib/f$i.js"; done
  (cd "$d" && npm pack --silent --pack-destination "$work" >/dev/null)
}
pack 1.0.0
pack 2.0.0
export npm_config_cache="$work/cache" npm_config_audit=false npm_config_fund=false \
  npm_config_update_notifier=false npm_config_offline=true

broken=0 missing=0 wrong=0
for t in $(seq 1 "$trials"); do
  prefix="$work/prefix-$t"
  npm install -g --prefix "$prefix" "$work/hoist-race-probe-1.0.0.tgz" >/dev/null 2>&1
  pids=()
  for _ in $(seq 1 "$racers"); do
    npm install -g --prefix "$prefix" "$work/hoist-race-probe-2.0.0.tgz" >/dev/null 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  out=$("$prefix/bin/hoist-race-probe" 2>/dev/null || true)
  state=ok
  if [ ! -e "$prefix/bin/hoist-race-probe" ]; then
    state=missing; missing=$((missing + 1)); broken=$((broken + 1))
  elif [ "$out" != "hoist-race-probe 2.0.0" ]; then
    state="wrong (${out:-no output})"; wrong=$((wrong + 1)); broken=$((broken + 1))
  elif [ "$(ls "$prefix/lib/node_modules/hoist-race-probe/lib" | wc -l)" -ne "$files" ]; then
    state="half-installed"; broken=$((broken + 1))
  fi
  echo "trial $t: $state"
  rm -rf "$prefix"
done
echo "racers=$racers trials=$trials broken=$broken missing=$missing wrong-version=$wrong"
