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
  share/             completion scripts (bash, zsh, fish) and the man page, made by the build

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
                     (of the JDK in $JAVA_HOME, else of the java on PATH; Java 17+), and
                     conf/startup.classlist, the classes the start-up paths load, learnt by
                     running them (the plugin's runtime training, plus --help and status);
                     the archive is then DIR/hoist-V-<os>-<arch>.tar.gz
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
fi

mkdir -p -- "$out" || die "cannot create output directory $out"
out=$(cd -P -- "$out" && pwd -P)
name="hoist-$version"
archive="$out/$name$platform.tar.gz"

work=$(mktemp -d "${TMPDIR:-/tmp}/hoist-build.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
packager() {
  local cp
  cp=$(IFS=:; echo "${packager_jars[*]}")
  "$java_cmd" -cp "$cp" dev.hoist.maven.PackagerMain "$@"
}
layout=(layout --work "$work" --name hoist --version "$version" --main-class dev.hoist.cli.Main
  --channel "$channel" --version-pattern '^hoist (\S+)$')
[ "$have_registry" = 1 ] && layout+=(--registry "$registry")
# share/: the completion scripts and man page the build made (hoist-cli/pom.xml, ShellDocsBuild).
layout+=(--share "$root/hoist-cli/target/classes/dev/hoist/cli/share")
for key in ${public_keys[@]+"${public_keys[@]}"}; do layout+=(--public-key "$key"); done
dist=$(packager "${layout[@]}" "${app_jars[0]}" "${dep_jars[@]}") || die "the packager could not lay out $name"
[ "$dist" = "$work/$name" ] || die "the packager laid out $dist, not $work/$name"
if [ "$runtime" = 1 ]; then
  # The plugin's runtime step, as every app's <runtime>true</runtime> build runs it: jlink, then
  # the start-up training (install, version command, update --help, up-to-date checks of a
  # file: manifest and of a loopback registry over HTTP and HTTPS), plus Hoist's own most used
  # commands. A training run that fails is a warning on stderr ("training run ...").
  packager runtime --dist "$dist" --name hoist --version "$version" --train --help \
    --train "status --json" >/dev/null || die "the packager could not bundle a runtime in $name"
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
