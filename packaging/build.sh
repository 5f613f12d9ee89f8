#!/usr/bin/env bash
# Builds the platform-independent Hoist distribution archive hoist-<version>.tar.gz, with the
# packager of hoist-maven-plugin (the code behind every app's hoist:package goal) run without Maven.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: packaging/build.sh --version V --out DIR [--registry URL] [--channel NAME] [--runtime]
                          [--public-key FILE]... [--skip-build]

Builds DIR/hoist-V.tar.gz (platform "any") and DIR/hoist-V.tar.gz.sha256, and prints the
archive's path. The archive holds one directory, hoist-V/, with:
  bin/hoist          the launcher (finds Java 17+, runs dev.hoist.cli.Main), made from the
                     launcher template every Hoist-updated app's distribution shares
  lib/               the application jars and their runtime dependencies
  VERSION            V
  conf/hoist.json    default configuration: {"app": {...}, "registry": URL, "channel": NAME}
  conf/keys/*.pub    the publisher keys whose signature manifests must carry (--public-key)

Options:
  --version V        release version, a Semantic Versioning 2.0.0 version (e.g. 1.2.0,
                     1.3.0-beta.1); required
  --out DIR          output directory (created if missing); required
  --registry URL     default registry (manifest URL) baked into conf/hoist.json;
                     omitted from the file when not given
  --channel NAME     default channel baked into conf/hoist.json (default: stable)
  --public-key FILE  trust this Ed25519 public key (PEM SubjectPublicKeyInfo, as
                     `hoist release keygen` or `openssl pkey -pubout` write it, or the raw
                     32-byte key in base64); repeat to trust several during a key rotation.
                     Without it the distribution accepts unsigned manifests (checksums only).
  --runtime          also bundle runtime/, a Java runtime for this platform made by jlink
                     (from $JAVA_HOME, else the jlink on PATH; Java 17+), and
                     conf/startup.classlist, the classes the start-up paths load, learnt by
                     running them; the archive is then DIR/hoist-V-<os>-<arch>.tar.gz
                     (platform e.g. linux-x64). On the user's machine the update that installs
                     it dumps a class-data-sharing archive from the list (see docs/benchmarks.md
                     for what it saves).
  --skip-build       never run Maven; fail if hoist-cli/target/ holds no build
  -h, --help         show this help

Jars come from hoist-cli/target/hoist-cli-*.jar and hoist-cli/target/lib/*.jar (the
engine and the other runtime dependencies). When they are missing (and
--skip-build is not given) the script runs ./mvnw -B -q -DskipTests package first; it
does NOT rebuild an existing build, so run a clean build for a release.

The archive is reproducible for the same inputs: entries sorted by name, owner 0:0,
normalised modes, every mtime set to $SOURCE_DATE_EPOCH (else the time of the last git
commit, else 2026-01-01), gzip without name or timestamp.

Exit status: 0 success, 1 build failure, 2 usage error.
USAGE
}

die_usage() {
  echo "build.sh: $*" >&2
  echo "Try 'packaging/build.sh --help'." >&2
  exit 2
}
die() {
  echo "build.sh: $*" >&2
  exit 1
}

version="" out="" registry="" channel="stable" skip_build=0 have_registry=0 runtime=0
public_keys=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --skip-build) skip_build=1; shift ;;
    --runtime) runtime=1; shift ;;
    --version | --out | --registry | --channel | --public-key)
      [ $# -ge 2 ] || die_usage "option $1 needs a value"
      opt=$1 val=$2
      shift 2
      ;;
    --version=* | --out=* | --registry=* | --channel=* | --public-key=*)
      opt=${1%%=*} val=${1#*=}
      shift
      ;;
    *) die_usage "unknown argument: $1" ;;
  esac
  case ${opt:-} in
    --version) version=$val ;;
    --out) out=$val ;;
    --registry) registry=$val have_registry=1 ;;
    --channel) channel=$val ;;
    --public-key) public_keys+=("$val") ;;
  esac
  opt=""
done

[ -n "$version" ] || die_usage "--version is required"
[ -n "$out" ] || die_usage "--out is required"

# SemVer 2.0.0 (https://semver.org), as in dev.hoist.engine.internal.version.Version.
num='(0|[1-9][0-9]*)'
pre_id='(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)'
build_id='[0-9A-Za-z-]+'
semver="^$num\\.$num\\.$num(-$pre_id(\\.$pre_id)*)?(\\+$build_id(\\.$build_id)*)?\$"
[[ $version =~ $semver ]] || die_usage "not a Semantic Versioning 2.0.0 version: '$version' (e.g. 1.2.0 or 1.3.0-beta.1; no leading v)"

[[ $channel =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die_usage "invalid channel name: '$channel' (letters, digits, . _ -)"
if [ "$have_registry" = 1 ]; then
  [ -n "$registry" ] || die_usage "--registry needs a non-empty URL"
  [[ $registry =~ ^(https?://|file:)[^[:space:][:cntrl:]\"\\]+$ ]] ||
    die_usage "invalid registry URL: '$registry' (https://, http:// or file:, no spaces, quotes or backslashes)"
fi

for key in ${public_keys[@]+"${public_keys[@]}"}; do
  [ -f "$key" ] && [ -r "$key" ] || die_usage "--public-key: cannot read '$key'"
  if grep -q -- '-----BEGIN' "$key"; then
    grep -q -- '-----BEGIN PUBLIC KEY-----' "$key" ||
      die_usage "--public-key: '$key' is not a PEM PUBLIC KEY (a private key must never be shipped)"
  else
    [[ $(tr -d '[:space:]' <"$key") =~ ^[A-Za-z0-9+/]{43}=$ ]] ||
      die_usage "--public-key: '$key' is neither a PEM PUBLIC KEY nor a raw base64 32-byte key"
  fi
done

root=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cli=$root/hoist-cli # the module that builds the hoist tool; lib/ is its jar and its runtime dependencies
plugin=$root/hoist-maven-plugin # its packager lays out and archives the distribution
java_cmd=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java_cmd=$JAVA_HOME/bin/java

find_jars() {
  shopt -s nullglob
  app_jars=()
  local j
  for j in "$cli"/target/hoist-cli-*.jar; do
    case $j in *-sources.jar | *-javadoc.jar | *-tests.jar) continue ;; esac
    app_jars+=("$j")
  done
  dep_jars=("$cli"/target/lib/*.jar)
  packager_jars=()
  for j in "$plugin"/target/hoist-maven-plugin-*.jar; do
    case $j in *-sources.jar | *-javadoc.jar) continue ;; esac
    packager_jars+=("$j")
  done
  packager_jars+=("$plugin"/target/packager/*.jar)
  shopt -u nullglob
}

find_jars
if [ ${#app_jars[@]} -eq 0 ] || [ ${#dep_jars[@]} -eq 0 ] || [ ${#packager_jars[@]} -lt 2 ]; then
  if [ "$skip_build" = 1 ]; then
    die "no build in $cli/target (need target/hoist-cli-*.jar and target/lib/*.jar); run without --skip-build or ./mvnw package"
  fi
  echo "build.sh: building with Maven (./mvnw -B -q -DskipTests package)" >&2
  (cd "$root" && ./mvnw -B -q -DskipTests package) >&2 || die "Maven build failed"
  find_jars
  if [ ${#app_jars[@]} -eq 0 ] || [ ${#dep_jars[@]} -eq 0 ] || [ ${#packager_jars[@]} -lt 2 ]; then
    die "Maven build produced no jars in $cli/target or no packager in $plugin/target"
  fi
fi
if [ ${#app_jars[@]} -gt 1 ]; then
  die "several application jars in $cli/target (${app_jars[*]##*/}); run ./mvnw clean package"
fi

if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  [[ $SOURCE_DATE_EPOCH =~ ^[0-9]+$ ]] || die_usage "SOURCE_DATE_EPOCH must be a number of seconds"
  mtime=$SOURCE_DATE_EPOCH
elif mtime=$(git -C "$root" log -1 --format=%ct 2>/dev/null) && [ -n "$mtime" ]; then
  :
else
  mtime=1767225600 # 2026-01-01T00:00:00Z
fi

platform=""
if [ "$runtime" = 1 ]; then
  case $(uname -s) in
    Linux) os=linux ;;
    Darwin) os=macos ;;
    *) die "--runtime: unsupported operating system $(uname -s)" ;;
  esac
  case $(uname -m) in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "--runtime: unsupported architecture $(uname -m)" ;;
  esac
  platform="-$os-$arch"
  jlink=""
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
    jlink="$JAVA_HOME/bin/jlink"
  else
    jlink=$(command -v jlink 2>/dev/null) || die "--runtime needs jlink (a JDK 17+): set JAVA_HOME or put jlink on PATH"
  fi
fi

mkdir -p -- "$out" || die "cannot create output directory $out"
out=$(cd -P -- "$out" && pwd -P)
name="hoist-$version"
archive="$out/$name$platform.tar.gz"

work=$(mktemp -d "${TMPDIR:-/tmp}/hoist-build.XXXXXX")
registry_pid=""
trap 'rm -rf -- "$work"; [ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null' EXIT
packager() {
  local cp
  cp=$(IFS=:; echo "${packager_jars[*]}")
  "$java_cmd" -cp "$cp" dev.hoist.maven.PackagerMain "$@"
}
layout=(layout --work "$work" --name hoist --version "$version" --main-class dev.hoist.cli.Main
  --channel "$channel" --version-pattern '^hoist (\S+)$')
[ "$have_registry" = 1 ] && layout+=(--registry "$registry")
for key in ${public_keys[@]+"${public_keys[@]}"}; do layout+=(--public-key "$key"); done
dist=$(packager "${layout[@]}" "${app_jars[0]}" "${dep_jars[@]}") || die "the packager could not lay out $name"
[ "$dist" = "$work/$name" ] || die "the packager laid out $dist, not $work/$name"
if [ "$runtime" = 1 ]; then
  # The modules Hoist and its libraries use (jdeps), plus the EC provider TLS and Ed25519 need.
  compress=--compress=2
  jlink_major=$("$jlink" --version 2>/dev/null | cut -d. -f1) || jlink_major=17
  [ "${jlink_major:-17}" -ge 21 ] 2>/dev/null && compress=--compress=zip-6
  "$jlink" --add-modules java.base,java.naming,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages "$compress" --output "$dist/runtime" ||
    die "jlink failed"
  # Learn the classes of the start-up paths a session hook runs: --version, --help (the whole
  # command tree), status, an up-to-date check of a file: manifest, and checks against
  # packaging/train/TrainingRegistry.java over loopback HTTP (a 200, then a 304) and over HTTPS
  # (the same, trusting its throwaway CA through a copy of the runtime's trust store as a public
  # registry is trusted, then once through HOIST_CA_BUNDLE), so the archive holds the TLS
  # handshake as well. Where that registry cannot start (a JDK without jdk.httpserver), a check
  # refused on port 9 still loads the HTTP client; where keytool cannot make the certificates,
  # HTTPS is left out. All run from a real install so the installed code path runs.
  train="$work/train"
  mkdir -p "$train"
  sha0=0000000000000000000000000000000000000000000000000000000000000000
  printf '{"schema":1,"app":"hoist","channels":{"stable":"%s"},"releases":[{"version":"%s","assets":[{"platform":"any","url":"a.tar.gz","size":1,"sha256":"%s"}]}]}\n' \
    "$version" "$version" "$sha0" >"$train/manifest.json"
  run_clean() { env -u HOIST_HOME -u HOIST_REGISTRY -u HOIST_CHANNEL -u HOIST_JAVA_OPTS -u JDK_JAVA_OPTIONS -u HOIST_CA_BUNDLE "$@"; }
  run_clean "$dist/bin/hoist" self install --home "$train/home" --bin-dir "$train/bin" >/dev/null ||
    die "cannot install the build to train its start-up class list"
  jdk_bin=$(dirname -- "$jlink")
  java_bin="$jdk_bin/java"
  [ -x "$java_bin" ] || java_bin=java
  keytool_bin="$jdk_bin/keytool"
  [ -x "$keytool_bin" ] || keytool_bin=keytool
  tls=()
  if "$root/packaging/train/certs.sh" "$keytool_bin" "$train/tls" "$dist/runtime/lib/security/cacerts"; then
    tls=("$train/tls/server.p12" training)
  else
    echo "build.sh: keytool could not make training certificates; the TLS handshake is not learnt" >&2
  fi
  : >"$train/port"
  "$java_bin" "$root/packaging/train/TrainingRegistry.java" "$train/manifest.json" ${tls[@]+"${tls[@]}"} \
    >"$train/port" 2>"$train/registry.log" &
  registry_pid=$!
  ports=$((1 + ${#tls[@]} / 2))
  for _ in $(seq 1 300); do
    [ "$(wc -l <"$train/port")" -ge "$ports" ] || ! kill -0 "$registry_pid" 2>/dev/null && break
    sleep 0.1
  done
  http_registry="http://127.0.0.1:9/manifest.json"
  if [ -s "$train/port" ]; then
    http_registry="http://127.0.0.1:$(sed -n 1p "$train/port")/manifest.json"
  fi
  https_port=$(sed -n 2p "$train/port")
  if [ ${#tls[@]} -gt 0 ] && [ -z "$https_port" ]; then
    echo "build.sh: the training registry did not serve HTTPS; the TLS handshake is not learnt: $(tail -n 1 "$train/registry.log")" >&2
  fi
  n=0
  train_run() { # ENV... -- ARGS...: one run of the installed hoist, its classes listed
    local vars=()
    while [ "$1" != -- ]; do vars+=("$1"); shift; done
    shift
    n=$((n + 1))
    local rc=0
    env ${vars[@]+"${vars[@]}"} HOIST_HOME="$train/home" \
      HOIST_JAVA_OPTS="-XX:DumpLoadedClassList=$train/$n.classlist ${java_opts:-}" \
      "$train/bin/hoist" "$@" >"$train/$n.out" 2>&1 || rc=$?
    [ "$rc" = 0 ] || echo "build.sh: training run 'hoist $*' exited $rc: $(tail -n 1 "$train/$n.out")" >&2
  }
  java_opts=""
  train_run -- --version
  train_run -- --help
  train_run -- status --json
  train_run -- update --json --registry "$train/manifest.json"
  train_run -- update --json --registry "$http_registry"
  train_run -- update --json --registry "$http_registry"
  if [ -n "$https_port" ]; then
    https_registry="https://127.0.0.1:$https_port/manifest.json"
    java_opts="-Djavax.net.ssl.trustStore=$train/tls/cacerts"
    train_run -- update --json --registry "$https_registry"
    train_run -- update --json --registry "$https_registry"
    java_opts=""
    train_run HOIST_CA_BUNDLE="$train/tls/ca.pem" -- update --json --registry "$https_registry"
  fi
  kill "$registry_pid" 2>/dev/null || :
  wait "$registry_pid" 2>/dev/null || :
  registry_pid=""
  awk -f "$root/packaging/merge-classlists.awk" "$train"/*.classlist >"$dist/conf/startup.classlist"
  [ -s "$dist/conf/startup.classlist" ] || die "training the start-up class list produced nothing"
  rm -rf -- "$train"
fi

find "$dist" -type d -exec chmod 0755 {} +
find "$dist" -type f -exec chmod 0644 {} +
chmod 0755 "$dist/bin/hoist"
if [ "$runtime" = 1 ]; then
  find "$dist/runtime/bin" "$dist/runtime/lib" -type f \( -path '*/bin/*' -o -name jspawnhelper -o -name '*.so' \) \
    -exec chmod 0755 {} +
fi

made=$(packager archive --dist "$dist" --out "$out" --suffix "$platform" --mtime "$mtime") ||
  die "the packager could not archive $name"
[ "$made" = "$archive" ] || die "the packager wrote $made, not $archive"
printf '%s\n' "$archive"
