#!/usr/bin/env bash
# Races many real `hoist update` processes against one home, trial after trial, optionally
# killing some with SIGKILL, and counts what matters:
#   trials, mutual-exclusion violations, broken installs, orphans
# A violation is two processes inside the update lock at once, read from the phase trace
# every run appends to (HOIST_TEST_TRACE, one O_APPEND write per line, so the file is a total
# order). A broken install is a `hoist` that does not run or reports neither version. Orphans
# are leftovers (staging dirs, temp links, lock files, incomplete versions) still there after
# the next `hoist update` converged.
#
# --broken-lock proves the checker can see an overlap: a saboteur deletes state/update.lock
# in a loop, as a lock without an exclusive, kernel-checked file would let happen; the
# checker must then report violations.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/stress.sh [--trials T] [--racers N] [--kill K] [--broken-lock]
                       [--strategy versioned|in-place] [--work DIR]

  --trials T      trials to run (default 20)
  --racers N      concurrent `hoist update` processes per trial (default 16)
  --kill K        SIGKILL up to K random racers per trial, at random moments (default 0)
  --broken-lock   sabotage the lock (see above); violations are then expected
  --strategy S    install strategy of the raced home: versioned (default) or in-place
  --work DIR      working directory (default: a new temp dir, removed at the end)

Prints one line per trial and a summary:
  trials=T violations=V broken=B orphans=O updated=U skipped=S up-to-date=D failed=F killed=K
and, when some runs failed, how many failed for each reason.
Exits 1 when violations, broken installs or orphans were found (0 with --broken-lock only
if violations were found, i.e. the checker works).
USAGE
}

trials=20 racers=16 kill=0 broken=0 strategy=versioned work=""
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --trials) trials=$2; shift 2 ;;
    --racers) racers=$2; shift 2 ;;
    --kill) kill=$2; shift 2 ;;
    --broken-lock) broken=1; shift ;;
    --strategy) strategy=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "stress.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

case $strategy in versioned | in-place) ;; *) echo "stress.sh: --strategy must be versioned or in-place" >&2; exit 2 ;; esac
shopt -s nullglob

root=$(cd "$(dirname "$0")/.." && pwd -P)
keep=1
if [ -z "$work" ]; then work=$(mktemp -d "${TMPDIR:-/tmp}/hoist-stress.XXXXXX"); keep=0; fi
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
mkdir -p "$reg"
for v in 1.0.0 1.1.0; do "$root/packaging/build.sh" --version "$v" --out "$reg" --skip-build >/dev/null; done
asset() {
  printf '{"version":"%s","assets":[{"platform":"any","url":"hoist-%s.tar.gz","size":%s,"sha256":"%s"}]}' \
    "$1" "$1" "$(wc -c <"$reg/hoist-$1.tar.gz" | tr -d ' ')" "$(cut -d' ' -f1 <"$reg/hoist-$1.tar.gz.sha256")"
}
printf '{"schema":1,"app":"hoist","channels":{"stable":"1.1.0"},"releases":[%s,%s]}\n' \
  "$(asset 1.0.0)" "$(asset 1.1.0)" >"$reg/manifest.json"
export HOIST_REGISTRY="$reg/manifest.json"
mkdir -p "$work/dl"
tar -xzf "$reg/hoist-1.0.0.tar.gz" -C "$work/dl"
"$work/dl/hoist-1.0.0/bin/hoist" self install --strategy "$strategy" --home "$work/template" --bin-dir "$work/template-bin" >/dev/null
# The home's own launcher (the bin-dir link would point into the template, not the copy).
launcher() { if [ -d "$1/install" ]; then echo "$1/install/bin/hoist"; else echo "$1/current/bin/hoist"; fi; }

violations=0 brokens=0 orphans=0 updated=0 skipped=0 uptodate=0 failed=0 reasons="" killed=0
for t in $(seq 1 "$trials"); do
  home="$work/home-$t"
  rm -rf "$home"
  cp -a "$work/template" "$home"
  trace="$work/trace-$t"
  : >"$trace"
  saboteur=""
  if [ "$broken" = 1 ]; then
    (while :; do rm -f "$home/state/update.lock"; done) &
    saboteur=$!
  fi
  pids=()
  for i in $(seq 1 "$racers"); do
    HOIST_TEST_TRACE="$trace" "$(launcher "$home")" update --json >"$work/out-$t-$i" 2>/dev/null &
    pids+=($!)
  done
  victims=""
  if [ "$kill" -gt 0 ]; then
    for _ in $(seq 1 "$kill"); do
      sleep "0.$((RANDOM % 9))$((RANDOM % 10))"
      v=${pids[$((RANDOM % racers))]}
      if kill -9 "$v" 2>/dev/null; then victims="$victims $v"; killed=$((killed + 1)); fi
    done
  fi
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "$saboteur" ] && { kill "$saboteur" 2>/dev/null; wait "$saboteur" 2>/dev/null || true; }

  # Mutual exclusion, from the trace's total order. Killed holders never write RELEASE; the
  # kernel let the next holder in only after they died, so their intervals close at the next LOCKED.
  v=$(awk -v victims="$victims" '
    BEGIN { n = split(victims, k, " "); for (i = 1; i <= n; i++) dead[k[i]] = 1 }
    $2 == "LOCKED" { for (p in inside) if (p in dead) delete inside[p]
                     for (p in inside) { bad++; break }
                     inside[$1] = 1 }
    $2 == "RELEASE" { delete inside[$1] }
    END { print bad + 0 }' "$trace")
  violations=$((violations + v))

  for i in $(seq 1 "$racers"); do
    case $(cat "$work/out-$t-$i" 2>/dev/null) in
      *'"status":"updated"'*) updated=$((updated + 1)) ;;
      *'"status":"skipped"'*) skipped=$((skipped + 1)) ;;
      *'"status":"up-to-date"'*) uptodate=$((uptodate + 1)) ;;
      *'"status":"failed"'*)
        failed=$((failed + 1))
        reason=$(sed -n 's/.*"error":"\([a-z-]*\)".*/\1/p' "$work/out-$t-$i")
        reasons="$reasons ${reason:-unknown}"
        ;;
    esac
  done

  b=0
  ver=$("$(launcher "$home")" --version 2>/dev/null || true)
  case $ver in "hoist 1.0.0" | "hoist 1.1.0") ;; *) b=1 ;; esac
  brokens=$((brokens + b))

  "$(launcher "$home")" update --quiet >/dev/null 2>&1 || true
  o=0
  [ -z "$(ls -A "$home/staging")" ] || o=$((o + 1))
  ls -A "$home" | grep -q '^\.current-' && o=$((o + 1))
  ls -A "$home/state" | grep -q '^update\.lock' && o=$((o + 1))
  [ -e "$home/install.backup" ] && o=$((o + 1))
  for d in "$home"/versions/*; do [ -f "$d/.hoist/complete.json" ] || o=$((o + 1)); done
  orphans=$((orphans + o))
  echo "trial $t: violations=$v broken=$b orphans=$o (installed: ${ver:-none})"
  rm -rf "$home" "$work"/out-"$t"-*
done

echo "strategy=$strategy racers=$racers trials=$trials violations=$violations broken=$brokens orphans=$orphans updated=$updated skipped=$skipped up-to-date=$uptodate failed=$failed killed=$killed"
if [ "$failed" -gt 0 ]; then
  echo "failure reasons:$(printf '%s\n' $reasons | sort | uniq -c | awk '{ printf " %s=%s", $2, $1 }')"
fi
if [ "$broken" = 1 ]; then
  [ "$violations" -gt 0 ]
else
  [ "$violations" -eq 0 ] && [ "$brokens" -eq 0 ] && [ "$orphans" -eq 0 ]
fi
