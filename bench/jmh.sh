#!/usr/bin/env bash
# In-process benchmarks with JMH, each against a named baseline measured in the same run:
#   ManifestParseBenchmark  the streaming manifest parser vs the databind parser it replaced,
#                           cold (first parse in a fresh JVM with the launcher's flags) and hot
#   ExtractBenchmark        safe extraction vs a naive commons-compress loop without checks
# Writes a table into docs/benchmarks.md between the bench/jmh.sh markers (or --out FILE).
# Timings never fail anything.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/jmh.sh [--quick] [--out FILE] [-- JMH-OPTIONS...]

  --quick     fewer forks and iterations (a smoke run: minutes instead of ~10)
  --out FILE  the Markdown file to update (default docs/benchmarks.md)
  JMH options after -- are passed on, e.g. -- ExtractBenchmark -f 2

Needs: a JDK 17+ and python3. Builds the test classes with the Maven wrapper; the JMH harness is
generated into a temp directory, never into target/.
USAGE
}

out="" quick=0 extra=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --quick) quick=1; shift ;;
    --out) out=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "jmh.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
out=${out:-$root/docs/benchmarks.md}
work=$(mktemp -d "${TMPDIR:-/tmp}/hoist-jmh.XXXXXX")
trap 'rm -rf "$work"' EXIT
log() { echo "jmh.sh: $*" >&2; }

cd "$root"
log "compiling and resolving the benchmark class path"
./mvnw -B -q -DskipTests -pl hoist-engine test-compile
./mvnw -B -q -Pjmh -pl hoist-engine dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp=$(cat "$work/cp")
engine=hoist-engine/target
tests=hoist-engine/src/test/java/dev/hoist/engine/internal
mkdir -p "$work/classes"
javac --release 17 -nowarn -d "$work/classes" -cp "$engine/test-classes:$engine/classes:$cp" \
  -processorpath "$cp" \
  "$tests"/registry/ManifestParseBenchmark.java \
  "$tests"/extract/ExtractBenchmark.java
jmh=(java -cp "$work/classes:$engine/test-classes:$engine/classes:$cp" org.openjdk.jmh.Main)
opts=(-rf json -rff "$work/result.json")
# Quick: a smoke run. The cold benchmarks' forks are their sample size; the others' iterations.
[ "$quick" = 1 ] && opts+=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
log "running JMH (${#extra[@]} extra options)"
"${jmh[@]}" "${opts[@]}" "${extra[@]}" >&2

table=$(
  python3 - "$work/result.json" <<'PY'
import json, sys, os
rows = {r["benchmark"].rsplit(".", 1)[1]: r for r in json.load(open(sys.argv[1]))}
def cell(name):
    r = rows.get(name)
    if not r: return None, "—"
    m = r["primaryMetric"]
    err = m.get("scoreError")
    err = f" ± {err:.2f}" if isinstance(err, (int, float)) and err == err else ""
    return m["score"], f'{m["score"]:.2f}{err} {m["scoreUnit"]}'
pairs = [
    ("first parse in a fresh JVM (40 releases × 5 platforms)", "coldStreaming", "coldDatabind", "databind parser it replaced"),
    ("warmed-up parse of the same manifest", "hotStreaming", "hotDatabind", "databind parser it replaced"),
    ("extract 2,000 files of 4 KiB (.tar.gz)", "safe", "naive", "naive commons-compress loop, no checks"),
]
print("| step | Hoist | baseline | baseline is | Hoist ÷ baseline |")
print("|---|---|---|---|---|")
for label, a, b, what in pairs:
    sa, ca = cell(a); sb, cb = cell(b)
    ratio = f"{sa / sb:.2f}×" if sa is not None and sb else "—"
    print(f"| {label} | {ca} | {cb} | {what} | {ratio} |")
PY
)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || uname -m)
block=$(
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) × $cpu, load $(cut -d' ' -f1-3 /proc/loadavg),"
  echo "$(java -version 2>&1 | head -n 1), JMH $(basename "$(tr ':' '\n' <"$work/cp" | grep jmh-core)" .jar | sed 's/jmh-core-//')$([ "$quick" = 1 ] && echo ', quick run (--quick)')."
  echo
  echo "$table"
)
write_section bench/jmh.sh "$block" "$out"
