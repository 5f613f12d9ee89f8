#!/usr/bin/env bash
# Start-up techniques on the no-op path, by runtime: Java 17 with the AppCDS archive Hoist ships
# today, Java 25 with the same AppCDS archive, and Java 25 with an AOT cache (JEP 483/514) trained
# on the no-op update itself. Each figure is the median of interleaved runs, with the ratio of the
# no-op update to `hoist --version` and to a hello world on the same runtime and cache.
# Timings never fail anything. Writes its table into docs/benchmarks.md between the
# bench/aot.sh markers (or --out FILE).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/aot.sh [--runs N] [--jdk25 DIR] [--out FILE] [--skip-build]

  --runs N      runs per figure, interleaved; the median is reported (default 20)
  --jdk25 DIR   a JDK 25+ (default: the first /usr/lib/jvm/*25* with bin/jlink)
  --out FILE    the Markdown file to update (default docs/benchmarks.md)
  --skip-build  use the build in hoist-cli/target/ as it is (default: ./mvnw -B -q -DskipTests package first)

Needs: a JDK 17 as java/JAVA_HOME, a JDK 25+, python3 (a loopback registry answering 304), curl.
USAGE
}

runs=20 jdk25="" out="" skip_build=0
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --runs) runs=$2; shift 2 ;;
    --jdk25) jdk25=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    *) echo "aot.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -z "$jdk25" ]; then
  for d in /usr/lib/jvm/*25*; do [ -x "$d/bin/jlink" ] && { jdk25=$d; break; }; done
fi
[ -n "$jdk25" ] && [ -x "$jdk25/bin/jlink" ] || { echo "aot.sh: no JDK 25 found; pass --jdk25 DIR" >&2; exit 2; }
for tool in java javac python3 curl; do
  command -v "$tool" >/dev/null || { echo "aot.sh: $tool is required" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
out=${out:-$root/docs/benchmarks.md}
work=$(mktemp -d "${TMPDIR:-/tmp}/hoist-aot.XXXXXX")
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "aot.sh: $*" >&2; }

[ "$skip_build" = 1 ] || (cd "$root" && ./mvnw -B -q -DskipTests package)
log "building runtime archives with Java 17 and with $jdk25"
"$root/packaging/build.sh" --version 1.0.0 --out "$work/r17" --runtime --skip-build >/dev/null
JAVA_HOME=$jdk25 "$root/packaging/build.sh" --version 1.0.0 --out "$work/r25" --runtime --skip-build >/dev/null

mkdir -p "$work/srv" "$work/hello"
zeros=0000000000000000000000000000000000000000000000000000000000000000
printf '{"schema":1,"app":"hoist","channels":{"stable":"1.0.0"},"releases":[{"version":"1.0.0","assets":[{"platform":"any","url":"a.tar.gz","size":1,"sha256":"%s"}]}]}\n' \
  "$zeros" >"$work/srv/up.json"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$work/srv" "$port" >/dev/null 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/up.json" && break; sleep 0.1; done
export HOIST_REGISTRY="http://127.0.0.1:$port/up.json"
unset HOIST_HOME HOIST_JAVA_OPTS JDK_JAVA_OPTIONS
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$work/hello/Hello.java"
javac --release 17 -d "$work/hello" "$work/hello/Hello.java"

# install ARCHIVE NAME: a self-installed home $work/NAME (self install dumps its AppCDS archive).
install() {
  mkdir -p "$work/x-$2"
  tar -xzf "$1" -C "$work/x-$2"
  "$work/x-$2/hoist-1.0.0/bin/hoist" self install --home "$work/$2" --bin-dir "$work/bin-$2" >/dev/null
  dir=$(cd "$work/$2/current" && pwd -P)
  [ -f "$dir/.hoist/startup.jsa" ] || { log "no start-up archive in $2"; exit 1; }
}
install "$work"/r17/hoist-1.0.0-*.tar.gz h17
install "$work"/r25/hoist-1.0.0-*.tar.gz h25
install "$work"/r25/hoist-1.0.0-*.tar.gz h25aot

# run VARIANT ARGS...: Hoist's JVM exactly as bin/hoist starts it, with VARIANT's cache. (The
# launcher passes -Xshare:auto, which an AOT cache refuses, so the JVM is started directly for
# all three, alike.)
run() {
  local v=$1 dir
  shift
  dir=$(cd "$work/$v/current" && pwd -P)
  local base=(-Dhoist.install.dir="$dir" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)
  case $v in
    h25aot) cache=(-XX:AOTCache="$work/hoist.aot") ;;
    *) cache=(-Xshare:auto -XX:SharedArchiveFile="$dir/.hoist/startup.jsa") ;;
  esac
  HOIST_HOME="$work/$v" "$dir/runtime/bin/java" "${base[@]}" "${cache[@]}" -cp "$dir/lib/*" dev.hoist.cli.Main "$@"
}
# A hello world on the same runtime and flags, with a class-data sharing archive of its own per
# variant (the jlinked runtimes have no default archive; without one it takes about twice as long).
jar cf "$work/hello/hello.jar" -C "$work/hello" Hello.class
for v in h17 h25 h25aot; do
  dir=$(cd "$work/$v/current" && pwd -P)
  cds_archive "$dir/runtime/bin/java" "$work/hello/hello.jar" "$work/hello/$v.jsa" Hello
done
hello() { # VARIANT
  local dir
  dir=$(cd "$work/$1/current" && pwd -P)
  "$dir/runtime/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto \
    -XX:SharedArchiveFile="$work/hello/$1.jsa" -cp "$work/hello/hello.jar" Hello
}

log "training the AOT cache on the no-op update"
dir=$(cd "$work/h25aot/current" && pwd -P)
rm -f "$dir/.hoist/startup.jsa"
for v in h17 h25 h25aot; do run "$v" update >/dev/null; done # the first check is a 200; then 304s
HOIST_HOME="$work/h25aot" "$dir/runtime/bin/java" -Dhoist.install.dir="$dir" -XX:TieredStopAtLevel=1 \
  -XX:+UseSerialGC -XX:AOTCacheOutput="$work/hoist.aot" -cp "$dir/lib/*" dev.hoist.cli.Main update \
  >/dev/null 2>"$work/aot-train.log" || { cat "$work/aot-train.log" >&2; exit 1; }
aot_mb=$(awk -v b="$(wc -c <"$work/hoist.aot")" 'BEGIN { printf "%.0f", b / 1048576 }')
jsa_mb=$(awk -v b="$(wc -c <"$(cd "$work/h17/current" && pwd -P)/.hoist/startup.jsa")" 'BEGIN { printf "%.0f", b / 1048576 }')

log "$runs interleaved runs of each"
for v in h17 h25 h25aot; do
  for c in hello version noop; do : >"$work/t.$v.$c"; done
done
for _ in $(seq 1 "$runs"); do
  for v in h17 h25 h25aot; do
    t0=$(now); hello "$v" >/dev/null; echo $(($(now) - t0)) >>"$work/t.$v.hello"
    t0=$(now); run "$v" --version >/dev/null; echo $(($(now) - t0)) >>"$work/t.$v.version"
    t0=$(now); run "$v" update >/dev/null; echo $(($(now) - t0)) >>"$work/t.$v.noop"
  done
done
[ "$(grep -c '" 200 ' "$work/server.log")" -le 4 ] || { log "the registry did not answer 304"; exit 1; }

row() { # VARIANT LABEL
  local h v n
  h=$(median "$work/t.$1.hello") v=$(median "$work/t.$1.version") n=$(median "$work/t.$1.noop")
  printf '| %s | %s ms | %s ms | %s ms | %s× | %s× |\n' "$2" "$(ms "$h")" "$(ms "$v")" "$(ms "$n")" \
    "$(ratio "$n" "$v")" "$(ratio "$n" "$h")"
}
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || uname -m)
table=$(
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) × $cpu, load $(cut -d' ' -f1-3 /proc/loadavg);"
  echo "$runs interleaved runs, medians; the JVM started as bin/hoist starts it; loopback registry answering 304."
  echo "Java 17: $(java -version 2>&1 | head -n 1); Java 25: $("$jdk25/bin/java" -version 2>&1 | head -n 1)."
  echo
  echo "| runtime and cache | hello world | \`hoist --version\` | no-op \`hoist update\` | no-op ÷ \`--version\` | no-op ÷ hello |"
  echo "|---|---|---|---|---|---|"
  row h17 "Java 17 jlinked + AppCDS (${jsa_mb} MB, shipped today)"
  row h25 "Java 25 jlinked + AppCDS"
  row h25aot "Java 25 jlinked + AOT cache trained on the no-op update (${aot_mb} MB)"
)
write_section bench/aot.sh "$table" "$out"
