#!/usr/bin/env bash
# Delta updates against full ones, side by side on a loopback registry: the bytes each update
# fetched (counted by the registry itself) and its wall time, with the ratio delta / full, for
#   1. Hoist whose only change is its own jar (the default distribution, and with --runtime);
#   2. Apache Maven 3.9.8 -> 3.9.9, as published on Maven Central, republished here by
#      `hoist release manifest` and updated through an app descriptor.
# Writes its section of docs/benchmarks.md. Timings never fail anything.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/delta.sh [--runs N] [--out FILE] [--skip-build] [--no-maven] [--no-runtime]

  --runs N      updates of each kind, interleaved; medians are reported (default 5)
  --out FILE    the Markdown file to update (default docs/benchmarks.md)
  --skip-build  use the build in hoist-cli/target/ as it is (default: ./mvnw -B -q -DskipTests package first)
  --no-maven    leave out the Apache Maven pair (it needs Maven Central once, for the cache)
  --no-runtime  leave out the distribution with a bundled runtime (it needs jlink)

The two Maven archives are downloaded once into $HOIST_BENCH_CACHE (default bench/.cache/,
ignored by git) and checked against Maven Central's SHA-512 files.
Needs: a JDK 17+, python3, curl, GNU tar, sha512sum.
USAGE
}

runs=5 out="" skip_build=0 maven=1 runtime=1
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    --no-maven) maven=0; shift ;;
    --no-runtime) runtime=0; shift ;;
    *) echo "delta.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for tool in java python3 curl tar sha512sum; do
  command -v "$tool" >/dev/null || { echo "delta.sh: $tool is required" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
out=${out:-$root/docs/benchmarks.md}
cache=${HOIST_BENCH_CACHE:-$root/bench/.cache}
work=$(mktemp -d "${TMPDIR:-/tmp}/hoist-delta.XXXXXX")
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || :
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "delta.sh: $*" >&2; }
real_home=${HOME:-}
export HOME="$work/user" XDG_CONFIG_HOME="$work/user/.config" XDG_DATA_HOME="$work/user/.local/share"
mkdir -p "$HOME"

[ "$skip_build" = 1 ] || (cd "$root" && HOME=$real_home ./mvnw -B -q -DskipTests package) # the real home: its Maven cache

# The registry: python3's file server, logging "<path> <body bytes>" for every GET it answers.
reg="$work/registry"
mkdir -p "$reg"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$port" "$reg" "$work/served" >/dev/null 2>&1 <<'PY' &
import functools, http.server, sys
port, directory, served = int(sys.argv[1]), sys.argv[2], sys.argv[3]
class Counting(http.server.SimpleHTTPRequestHandler):
    def send_header(self, key, value):
        if key.lower() == "content-length":
            with open(served, "a") as f:
                f.write("%s %s\n" % (self.path, value))
        super().send_header(key, value)
    def log_message(self, *args):
        pass
handler = functools.partial(Counting, directory=directory)
http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
PY
server=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs -o /dev/null "$url/" && break; sleep 0.1; done
: >"$work/served"

# A Hoist to publish with and to update: the default distribution, self-installed.
log "building distributions"
"$root/packaging/build.sh" --version 1.0.0 --out "$work/dist" --skip-build >/dev/null
mkdir -p "$work/x"
tar -xzf "$work/dist/hoist-1.0.0.tar.gz" -C "$work/x"
"$work/x/hoist-1.0.0/bin/hoist" self install --home "$work/tool" --bin-dir "$work/tool/bin" >/dev/null
hoist="$work/tool/current/bin/hoist"

# own_jar_release ARCHIVE DIR: DIR/hoist-1.1.0.tar.gz, ARCHIVE's tree with VERSION 1.1.0 and one
# class file more in Hoist's own jar (hoist-cli), as a release whose only change is the app.
own_jar_release() {
  local d="$work/own.$$"
  rm -rf "$d" && mkdir -p "$d"
  tar -xzf "$1" -C "$d"
  mv "$d/hoist-1.0.0" "$d/hoist-1.1.0"
  echo 1.1.0 >"$d/hoist-1.1.0/VERSION"
  local jar
  jar=$(ls "$d"/hoist-1.1.0/lib/hoist-cli-*.jar)
  mkdir -p "$d/change/dev/hoist/cli"
  head -c 3000 /dev/urandom >"$d/change/dev/hoist/cli/Changed.class"
  (cd "$d/change" && jar uf "$jar" dev/hoist/cli/Changed.class)
  local name=${1##*/}
  name=${name/1.0.0/1.1.0}
  tar -C "$d" -czf "$2/$name" hoist-1.1.0
  rm -rf "$d"
  echo "$2/$name"
}

# publish NAME INDEX ARCHIVE...: $reg/NAME/manifest.json with the archives' releases in order
# (the last is stable), with or without their file indexes.
publish() {
  local name=$1 index=$2 dir="$reg/$1"
  shift 2
  mkdir -p "$dir"
  local a v flag=""
  [ "$index" = yes ] || flag=--no-index
  for a in "$@"; do
    cp "$a" "$dir/"
    v=$(basename "$a" | sed -E 's/^[a-z-]*-([0-9][0-9.]*[0-9])[-.].*$/\1/')
    "$hoist" release manifest --manifest "$dir/manifest.json" --app-name "$APP" --channel stable \
      --expires-in 30d $flag "$v" "$dir/$(basename "$a")" >/dev/null 2>&1
  done
}

# measure LABEL TEMPLATE CMD...: runs CMD (an update) $runs times, each on a fresh copy of the
# TEMPLATE home at $work/u; appends wall ns to t.LABEL and served bytes to b.LABEL.
measure() {
  local label=$1 template=$2
  shift 2
  rm -rf "$work/u" && cp -a "$template" "$work/u"
  : >"$work/served"
  local t0
  t0=$(now)
  : >"$work/trace"
  HOIST_TEST_TRACE="$work/trace" "$@" >"$work/last.json" 2>"$work/last.err" || {
    log "failed: $* $(cat "$work/last.err")"
    exit 1
  }
  echo $(($(now) - t0)) >>"$work/t.$label"
  awk '{ n += $2 } END { print n + 0 }' "$work/served" >>"$work/b.$label"
  # Where the time went, phase by phase (milliseconds from each phase to the next).
  awk '{ if (p != "") printf "%s %.0f ms, ", p, ($3 - t) / 1e6; p = $2; t = $3 }' "$work/trace" >>"$work/phases.$label"
  echo >>"$work/phases.$label"
  grep -q '"status":"updated"' "$work/last.json" || { log "$label did not update: $(cat "$work/last.json")"; exit 1; }
  case $label in
    *delta*) grep -q '"delta":true' "$work/last.json" || { log "$label was not a delta update: $(cat "$work/last.json") $(cat "$work/last.err")"; exit 1; } ;;
  esac
}

# pair NAME FULL_CMD DELTA_CMD TEMPLATE: both kinds interleaved; sets rows for the report.
rows=""
pair() {
  local name=$1 template=$4
  : >"$work/t.full" && : >"$work/t.delta" && : >"$work/b.full" && : >"$work/b.delta"
  for _ in $(seq 1 "$runs"); do
    # shellcheck disable=SC2086
    measure full "$template" $2
    # shellcheck disable=SC2086
    measure delta "$template" $3
  done
  local bf bd tf td
  bf=$(median "$work/b.full") bd=$(median "$work/b.delta")
  tf=$(median "$work/t.full") td=$(median "$work/t.delta")
  rows+="| $name | $bf | $bd | $(awk -v a="$bd" -v b="$bf" 'BEGIN { printf "%.1f %%", 100 * a / b }') | $(ms "$tf") ms | $(ms "$td") ms | $(ratio "$td" "$tf")× |"$'\n'
  log "$name: full $bf bytes $(ms "$tf") ms, delta $bd bytes $(ms "$td") ms"
  log "  last full run: $(tail -n 1 "$work/phases.full")"
  log "  last delta run: $(tail -n 1 "$work/phases.delta")"
}

# 1. Hoist, only its own jar changed: the update of a self-managed home.
APP=hoist
hoist_pair() { # LABEL ARCHIVE_1.0.0
  local label=$1 v1=$2 v2 home="$work/home-$1"
  v2=$(own_jar_release "$v1" "$work/dist")
  publish "$label-full" no "$v1" "$v2"
  publish "$label-delta" yes "$v1" "$v2"
  rm -rf "$work/x" && mkdir -p "$work/x"
  tar -xzf "$v1" -C "$work/x"
  "$work/x/hoist-1.0.0/bin/hoist" self install --home "$home" --bin-dir "$home/bin" >/dev/null
  pair "Hoist 1.0.0 → 1.1.0, own jar changed ($label)" \
    "env HOIST_REGISTRY=$url/$label-full/manifest.json $work/u/current/bin/hoist update --json" \
    "env HOIST_REGISTRY=$url/$label-delta/manifest.json $work/u/current/bin/hoist update --json" \
    "$home"
}
log "Hoist, own jar changed"
hoist_pair default "$work/dist/hoist-1.0.0.tar.gz"
if [ "$runtime" = 1 ]; then
  rt=$("$root/packaging/build.sh" --version 1.0.0 --out "$work/dist" --runtime --skip-build)
  hoist_pair runtime "$rt"
fi

# 2. Apache Maven 3.9.8 -> 3.9.9 through an app descriptor.
if [ "$maven" = 1 ]; then
  log "Apache Maven 3.9.8 -> 3.9.9"
  mkdir -p "$cache"
  central=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven
  for v in 3.9.8 3.9.9; do
    f="$cache/apache-maven-$v-bin.tar.gz"
    if [ ! -f "$f" ]; then
      curl -fsSL -o "$f.part" "$central/$v/apache-maven-$v-bin.tar.gz"
      echo "$(curl -fsSL "$central/$v/apache-maven-$v-bin.tar.gz.sha512")  $f.part" | sha512sum -c --quiet -
      mv "$f.part" "$f"
    fi
  done
  APP=mvn
  publish mvn-old no "$cache/apache-maven-3.9.8-bin.tar.gz"
  publish mvn-full no "$cache/apache-maven-3.9.8-bin.tar.gz" "$cache/apache-maven-3.9.9-bin.tar.gz"
  publish mvn-delta yes "$cache/apache-maven-3.9.8-bin.tar.gz" "$cache/apache-maven-3.9.9-bin.tar.gz"
  descriptor() { # NAME REGISTRY HOME
    printf '{"name":"mvn","registry":"%s","launcher":"bin/mvn","version":{"args":["--version"],"pattern":"^Apache Maven (\\\\S+)"},"home":"%s","link":false}\n' \
      "$2" "$3" >"$work/$1.json"
  }
  descriptor mvn-old "$url/mvn-old/manifest.json" "$work/mvn-home"
  "$hoist" update --app "$work/mvn-old.json" --json >/dev/null
  descriptor mvn-full "$url/mvn-full/manifest.json" "$work/u"
  descriptor mvn-delta "$url/mvn-delta/manifest.json" "$work/u"
  pair "Apache Maven 3.9.8 → 3.9.9 (Maven Central's archives)" \
    "$hoist update --app $work/mvn-full.json --json" \
    "$hoist update --app $work/mvn-delta.json --json" \
    "$work/mvn-home"
fi

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || uname -m)
fs=$(stat -f -c %T "$work" 2>/dev/null || echo "?")
report=$(
  cat <<EOF
Measured $(date -u +%Y-%m-%d) by \`bench/delta.sh --runs $runs\` on $(nproc) cores ($cpu), $(uname -sr),
temp files on $fs; $(java -version 2>&1 | head -n 1). Medians of $runs interleaved updates of each
kind, each on a fresh copy of the same home, against a loopback registry that counts the body
bytes it serves (manifest, archive, or the delta pack from 1.0.0 or 3.9.8). Targets (issue 16): own jar
changed ≤ 5 % of the full update's bytes; Maven 3.9.8 → 3.9.9 ≤ 35 %; no delta update slower
than the full one.

| update | full: bytes | delta: bytes | delta / full | full: wall | delta: wall | delta / full |
|---|---|---|---|---|---|---|
${rows%$'\n'}
EOF
)
write_section bench/delta.sh "$report" "$out" >/dev/null
echo "$report"
