#!/usr/bin/env bash
# How long `hoist update --detach` keeps its caller (a shell rc file, an agent's session hook)
# waiting, next to `hoist --version` (the floor: one JVM start), for two ways of detaching:
#   launcher  the default: bin/hoist itself starts `setsid hoist update --auto` in the
#             background and exits; no JVM is started for the caller at all
#   sh        the JVM's way (HOIST_LAUNCHER_DETACH=0; also any form the launcher does not
#             handle): the JVM runs /bin/sh, which starts the run in the background, prints its
#             pid and exits, so the JVM has no live child at exit
#   direct    the naive way (HOIST_TEST_DETACH=direct): the JVM spawns `setsid hoist ...` as
#             its own child and exits while it runs; the JVM's process reaper delays its exit
# The detached run does a real no-op update against a file: registry (about a second of work),
# so it is alive when the parent exits. Each measurement waits until the previous detached
# run has finished, so runs do not compete for the CPU. Prints median/mean/min/max in ms and
# the ratio of each median to `hoist --version`.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/detach.sh [--runs N] [--work DIR]

  --runs N     measurements per variant, interleaved (default 20)
  --work DIR   working directory (default: a new temp dir, removed at the end)
USAGE
}

runs=20 work=""
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --runs) runs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "detach.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd -P)
keep=1
if [ -z "$work" ]; then work=$(mktemp -d "${TMPDIR:-/tmp}/hoist-detach.XXXXXX"); keep=0; fi
mkdir -p "$work"
work=$(cd "$work" && pwd -P)
cleanup() { [ "$keep" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT
# Installs link man pages and completions under $XDG_DATA_HOME: keep them, and every other
# file a run writes, in the temp directory, never in the account's real home.
real_home=${HOME:-}
export HOME="$work/user" XDG_CONFIG_HOME="$work/user/.config" XDG_DATA_HOME="$work/user/.local/share" \
  XDG_STATE_HOME="$work/user/.local/state" XDG_CACHE_HOME="$work/user/.cache"
mkdir -p "$HOME"

compgen -G "$root/hoist-cli/target/hoist-cli-*.jar" >/dev/null || (cd "$root" && HOME=$real_home ./mvnw -B -q -DskipTests package) # the real home: its Maven cache
reg="$work/registry"
mkdir -p "$reg" "$work/dl"
"$root/packaging/build.sh" --version 1.0.0 --out "$reg" --skip-build >/dev/null
printf '{"schema":1,"app":"hoist","channels":{"stable":"1.0.0"},"releases":[{"version":"1.0.0","assets":[{"platform":"any","url":"hoist-1.0.0.tar.gz","size":%s,"sha256":"%s"}]}]}\n' \
  "$(wc -c <"$reg/hoist-1.0.0.tar.gz" | tr -d ' ')" "$(cut -d' ' -f1 <"$reg/hoist-1.0.0.tar.gz.sha256")" \
  >"$reg/manifest.json"
export HOIST_REGISTRY="$reg/manifest.json"
tar -xzf "$reg/hoist-1.0.0.tar.gz" -C "$work/dl"
"$work/dl/hoist-1.0.0/bin/hoist" self install --home "$work/home" --bin-dir "$work/bin" >/dev/null
hoist="$work/bin/hoist"
unset HOIST_NO_AUTO_UPDATE CI

now_ns() { date +%s%N; }

# Runs one variant once; prints its wall time in ms. Output is captured through a pipe, as a
# hook runner would, so a child holding the parent's stdout would show up as a long wait.
measure() {
  local variant=$1 t0 t1 out pid
  t0=$(now_ns)
  case $variant in
    version) out=$("$hoist" --version) ;;
    launcher) out=$("$hoist" update --detach --json) ;;
    sh) out=$(HOIST_LAUNCHER_DETACH=0 "$hoist" update --detach --json) ;;
    direct) out=$(HOIST_LAUNCHER_DETACH=0 HOIST_TEST_DETACH=direct "$hoist" update --detach --json) ;;
  esac
  t1=$(now_ns)
  echo $(((t1 - t0) / 1000000))
  # Let the detached run finish before the next measurement.
  pid=$(printf '%s' "$out" | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
  if [ -n "$pid" ]; then
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  fi
}

stats() { # name, then samples: prints "name median mean min max"
  local name=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v name="$name" '
    { v[NR] = $1; s += $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "%s %d %.0f %d %d\n", name, m, s / NR, v[1], v[NR] }'
}

if command -v hyperfine >/dev/null 2>&1; then
  echo "hyperfine found; it is not used, so that each run can wait for its detached child"
fi
variants="version launcher sh direct"
for v in $variants; do measure "$v" >/dev/null; done # warm the page cache
declare -a s_version=() s_launcher=() s_sh=() s_direct=()
for _ in $(seq 1 "$runs"); do
  s_version+=("$(measure version)")
  s_launcher+=("$(measure launcher)")
  s_sh+=("$(measure sh)")
  s_direct+=("$(measure direct)")
done

echo "runs=$runs per variant (ms)"
printf '%-36s %7s %7s %7s %7s %7s\n' variant median mean min max ratio
base=""
for v in $variants; do
  eval "samples=(\"\${s_$v[@]}\")"
  read -r name median mean min max <<<"$(stats "$v" "${samples[@]}")"
  [ -n "$base" ] || base=$median
  case $v in
    version) label="hoist --version" ;;
    launcher) label="hoist update --detach (launcher)" ;;
    sh) label="hoist update --detach (JVM via sh)" ;;
    direct) label="hoist update --detach (JVM direct)" ;;
  esac
  printf '%-36s %7s %7s %7s %7s %7s\n' "$label" "$median" "$mean" "$min" "$max" \
    "$(awk -v a="$median" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
done
lines=$(grep -c '"status"' "$work/home/logs/update.log" || true)
echo "detached runs logged: $lines (expected $((runs * 3 + 3)))"
