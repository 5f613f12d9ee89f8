#!/usr/bin/env bash
# The fleet's load on the registry (issue 16, item 4): measures the bytes of real exchanges between
# `hoist update --auto` and a loopback registry (a 304 no-op check; a check that finds a changed,
# signed manifest), over HTTP and HTTPS, then simulates a fleet with them (bench/fleet/Fleet.java) and
# prints Markdown tables for docs/benchmarks.md. Prints only, unless --out names a file.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/fleet/run.sh [--archive FILE] [--skip-build] [--what-if OPTS]... [--out FILE] [-- FLEET-OPTION...]

  --archive FILE  the Hoist distribution to measure (hoist-V.tar.gz); default: one made by
                  packaging/build.sh --version 1.0.0 from the build in hoist-cli/target/
  --skip-build    with no --archive: use hoist-cli/target/ as it is (default: ./mvnw -B -q
                  -DskipTests package first, as bench/run.sh does)
  --what-if OPTS  after the defaults, simulate again with these Fleet.java options (repeatable;
                  default: cron at :00 as before, "--cron-seconds 0", and no release spread
                  as before, "--spread 0"; --what-if '' for none)
  --out FILE      also write the report into FILE between <!-- bench/fleet/run.sh:begin/end -->
  -- OPTION...    passed to every simulation (java bench/fleet/Fleet.java --help lists them); the
                  measured --noop-bytes, --changed-bytes and --archive-bytes come first, so these win

How the bytes are measured: python3 serves the registry directory (HTTP/1.1 with keep-alive, ETag and
Last-Modified, as static hosts do) and, for HTTPS, behind TLS with a throwaway CA (bench/certs.sh);
a TCP proxy in front of it counts every byte each connection carries both ways, TLS records
included (TCP/IP headers are not). The installed copy trusts a fresh signing key (HOIST_TRUSTED_KEYS),
so the registry serves manifest.json signed inline (and manifest.json.sig, for older clients, which the
client does not fetch), made by `hoist release manifest --sign`.
Each figure is the median of 3 runs of `hoist update --auto` (HOIST_CHECK_INTERVAL=0s, so that
none is skipped as checked recently; HOIST_RELEASE_SPREAD=0s, so that the run that takes a changed
manifest is the one measured). The HTTPS figures go to the simulation when they are there.

Needs: java 17+ (and keytool, openssl for HTTPS; without them the HTTP figures are used),
python3, tar. Sets HOME to a temp directory for everything it runs.
USAGE
}

archive="" skip_build=0 out="" fleet_opts=() what_ifs=() what_if_given=0
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --archive) archive=$2; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    --what-if) what_if_given=1; [ -z "$2" ] || what_ifs+=("$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; fleet_opts=("$@"); break ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ "$what_if_given" = 1 ] || what_ifs=("--cron-seconds 0" "--spread 0" "--signed 2" "--delta-requests 2")
for tool in java python3 tar; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/../.." && pwd -P)
here=$root/bench/fleet
work=$(mktemp -d "${TMPDIR:-/tmp}/hoist-fleet.XXXXXX")
pids=()
cleanup() {
  for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || :; done
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "run.sh: $*" >&2; }
export HOME="$work/user"
mkdir -p "$HOME"

if [ -z "$archive" ]; then
  [ "$skip_build" = 1 ] || (cd "$root" && ./mvnw -B -q -DskipTests package)
  log "building the distribution"
  archive=$("$root/packaging/build.sh" --version 1.0.0 --out "$work/dist" --skip-build)
fi
[ -f "$archive" ] || { log "no archive at $archive"; exit 2; }
archive_bytes=$(wc -c <"$archive" | tr -d ' ')

mkdir -p "$work/x" "$work/reg"
tar -xzf "$archive" -C "$work/x"
version=$(cat "$work"/x/hoist-*/VERSION)
"$work"/x/hoist-*/bin/hoist self install --home "$work/home" --bin-dir "$work/home/bin" >/dev/null
hoist=$work/home/bin/hoist
cp "$archive" "$work/reg/"
"$hoist" release keygen --out-dir "$work/keys" >/dev/null
"$hoist" release manifest --manifest "$work/reg/manifest.json" --channel stable --expires-in 30d \
  --sign "$work/keys/hoist-release.key" "$version" "$work/reg/${archive##*/}" >/dev/null 2>&1
# No release spread: the changed-manifest exchange is measured as the run that takes it makes it
# (the 200; signed inline, no .sig request); the simulation places that run in the spread itself.
export HOIST_TRUSTED_KEYS=$work/keys/hoist-release.pub HOIST_CHECK_INTERVAL=0s HOIST_RELEASE_SPREAD=0s

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# serve PORT [PEM]: the registry directory over HTTP/1.1 (ETag, Last-Modified), TLS with PEM.
serve() {
  python3 - "$1" "$work/reg" ${2:+"$2"} 2>>"$work/server.log" <<'PY' &
import functools, http.server, os, ssl, sys
port, directory = int(sys.argv[1]), sys.argv[2]
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real registry would
    etag = None
    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isfile(path):
            st = os.stat(path)
            self.etag = '"%x-%x"' % (st.st_mtime_ns, st.st_size)
            if self.headers.get("If-None-Match") == self.etag:
                self.send_response(304)
                self.end_headers()
                return None
        return super().send_head()  # answers If-Modified-Since alone with a 304 too
    def end_headers(self):
        if self.etag:
            self.send_header("ETag", self.etag)
        super().end_headers()
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=directory))
if len(sys.argv) > 3:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3])
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
httpd.serve_forever()
PY
  pids+=($!)
}
# count PORT TARGET LOG: a TCP proxy; per connection, appends "bytes-up bytes-down" to LOG once it
# closes and keeps the bytes themselves in LOG.N.up and LOG.N.down.
count() {
  python3 - "$1" "$2" "$3" <<'PY' &
import socket, sys, threading
port, target, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lock, seq = threading.Lock(), [0]
def pump(src, dst, sink):
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            sink.append(b)
            dst.sendall(b)
    except OSError:
        pass  # the other side closed; the bytes so far are what was carried
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # already gone
def handle(client):
    upstream = socket.create_connection(("127.0.0.1", target))
    up, down = [], []
    t = threading.Thread(target=pump, args=(upstream, client, down))
    t.start()
    pump(client, upstream, up)
    t.join()
    client.close()
    upstream.close()
    with lock:
        seq[0] += 1
        for name, parts in (("up", up), ("down", down)):
            with open("%s.%d.%s" % (log, seq[0], name), "wb") as f:
                f.write(b"".join(parts))
        with open(log, "a") as f:
            f.write("%d %d\n" % (sum(map(len, up)), sum(map(len, down))))
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(64)
while True:
    c, _ = s.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
PY
  pids+=($!)
}
# registry SCHEME [PEM]: a served registry behind a counting proxy; sets url.
registry() {
  local origin proxy
  origin=$(free_port) proxy=$(free_port)
  serve "$origin" ${2:+"$2"}
  count "$proxy" "$origin" "$work/$1.log"
  : >"$work/$1.log"
  url="$1://127.0.0.1:$proxy/manifest.json"
  for _ in $(seq 1 100); do
    python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$origin" 2>/dev/null && return
    sleep 0.1
  done
  log "the $1 registry did not start"
  exit 1
}
# exchange SCHEME URL [ENV...]: one `hoist update --auto`; prints the bytes its connection carried.
exchange() {
  local scheme=$1 target=$2 before
  shift 2
  before=$(wc -l <"$work/$scheme.log")
  env "$@" HOIST_REGISTRY="$target" "$hoist" update --auto >/dev/null
  for _ in $(seq 1 100); do
    [ "$(wc -l <"$work/$scheme.log")" -gt "$before" ] && break
    sleep 0.05
  done
  [ "$(wc -l <"$work/$scheme.log")" -eq $((before + 1)) ] || { log "expected one $scheme connection"; exit 1; }
  tail -n 1 "$work/$scheme.log" | awk '{ print $1 + $2, $1, $2 }'
}
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
# measure SCHEME [ENV...]: sets noop_SCHEME and changed_SCHEME (bytes, medians of 3) and the rows.
measure() {
  local scheme=$1 n c
  shift
  local a=() b=()
  exchange "$scheme" "$url" "$@" >/dev/null # the first check of this URL: no validators yet
  for _ in 1 2 3; do a+=("$(exchange "$scheme" "$url" "$@")"); done
  for i in 1 2 3; do
    touch -d "@$(($(date +%s) + 100 * i))" "$work/reg/manifest.json" # a new ETag and Last-Modified
    b+=("$(exchange "$scheme" "$url" "$@")")
  done
  n=$(median3 "${a[@]%% *}") c=$(median3 "${b[@]%% *}")
  printf -v "noop_$scheme" '%s' "$n"
  printf -v "changed_$scheme" '%s' "$c"
  local an bn
  an=$(printf '%s\n' "${a[@]}" | awk -v n="$n" '$1 == n { print $2 " up, " $3 " down"; exit }')
  bn=$(printf '%s\n' "${b[@]}" | awk -v n="$c" '$1 == n { print $2 " up, " $3 " down"; exit }')
  rows+="| $scheme: no-op check (manifest answered 304) | $n B ($an) |"$'\n'
  rows+="| $scheme: check of a changed manifest (200, signed inline) | $c B ($bn) |"$'\n'
}

rows=""
log "measuring over HTTP"
registry http
measure http
got304=$(grep -c '" 304 ' "$work/server.log" || true)
[ "$got304" -ge 3 ] || { log "the registry answered $got304 requests with 304, expected 3"; exit 1; }
example=$(awk -v n="$noop_http" '{ if ($1 + $2 == n) { print NR; exit } }' "$work/http.log")
scheme=http
if command -v keytool >/dev/null && command -v openssl >/dev/null &&
  "$root/bench/certs.sh" keytool "$work/tls" &&
  openssl pkcs12 -in "$work/tls/server.p12" -nodes -passin pass:training -out "$work/tls/server.pem" 2>/dev/null; then
  log "measuring over HTTPS"
  registry https "$work/tls/server.pem"
  measure https HOIST_CA_BUNDLE="$work/tls/ca.pem"
  scheme=https
else
  log "keytool or openssl missing: HTTPS not measured, the simulation uses the HTTP figures"
fi
noop_var=noop_$scheme changed_var=changed_$scheme
noop=${!noop_var} changed=${!changed_var}

log "simulating"
measured=(--noop-bytes "$noop" --changed-bytes "$changed" --archive-bytes "$archive_bytes")
simulation=$(java "$here/Fleet.java" "${measured[@]}" ${fleet_opts[@]+"${fleet_opts[@]}"})
what_if_text=""
for w in ${what_ifs[@]+"${what_ifs[@]}"}; do
  # shellcheck disable=SC2086
  what_if_text+=$'\n'"#### What if: \`$w\`"$'\n\n'"$(java "$here/Fleet.java" "${measured[@]}" \
    ${fleet_opts[@]+"${fleet_opts[@]}"} $w | sed -n '/^| scenario/,/^Top second/p')"$'\n'
done

report=$(
  cat <<EOF
Measured $(date -u +%Y-%m-%d) by \`bench/fleet/run.sh\`: \`hoist update --auto\` of ${archive##*/} against a
loopback registry (python3, HTTP/1.1 keep-alive, ETag + Last-Modified, a signed manifest of one release),
bytes counted on the connection by a TCP proxy, TLS records included, TCP/IP headers not. The HTTPS
handshake is a full one every time (each check is a new JVM, no session to resume); its certificate chain
is a throwaway CA's two certificates, about what a public registry sends.

| exchange | bytes (median of 3) |
|---|---|
${rows%$'\n'}

The no-op check over HTTP, byte for byte (connection $example of the proxy's log):
\`\`\`
$(tr -d '\r' <"$work/http.log.$example.up")

$(tr -d '\r' <"$work/http.log.$example.down")
\`\`\`

### The fleet (\`java bench/fleet/Fleet.java ${measured[*]}${fleet_opts[*]:+ ${fleet_opts[*]}}\`; $scheme figures)

$simulation
$what_if_text
EOF
)
if [ -n "$out" ]; then
  # shellcheck source=bench/lib.sh
  . "$root/bench/lib.sh"
  write_section bench/fleet/run.sh "$report" "$out" >/dev/null
fi
echo "$report"
