#!/bin/sh
# Installs Hoist from a local release archive or from a release registry.
set -eu

usage() {
  cat <<'USAGE'
Usage: install.sh --archive FILE [--home DIR] [--bin-dir DIR]
       install.sh --registry URL [--version V | --channel NAME] [--public-key FILE]
                  [--home DIR] [--bin-dir DIR]

Installs a Hoist release: verifies the archive, extracts it into a temporary directory
and runs its own `bin/hoist self install`, which copies it into the Hoist home and links
hoist into the bin directory. The temporary directory is removed on every exit.

Options:
  --archive FILE   a hoist-<version>.tar.gz (or .tgz, .tar.xz). If FILE.sha256 exists
                   beside it, the archive must match it.
  --registry URL   the registry's manifest (JSON, DESIGN §4): https://..., or for tests
                   and mirrors http://127.0.0.1, http://localhost or file:. Default:
                   $HOIST_REGISTRY when neither --archive nor --registry is given.
  --version V      install this release instead of the channel's
  --channel NAME   the channel to follow (default: $HOIST_CHANNEL, else stable)
  --public-key FILE  require the manifest to be signed by this Ed25519 public key (PEM, as
                   `hoist release keygen` writes it): URL.sig is fetched and checked with
                   `openssl pkeyutl -verify -rawin` (OpenSSL 3); a missing or bad
                   signature stops the install
  --home DIR       the Hoist home (passed to `hoist self install`)
  --bin-dir DIR    where the hoist command is linked (passed to `hoist self install`)
  -h, --help       show this help

From a registry the asset for this machine's platform (e.g. linux-x64) is preferred over
the "any" asset; its size and SHA-256 from the manifest are checked before anything is
extracted. The manifest's signature is checked only with --public-key (it needs OpenSSL 3);
without it the trust comes from HTTPS, and `hoist update` verifies signatures afterwards.

Requires: a POSIX sh, tar (with gzip, or xz for .tar.xz), awk, sha256sum or shasum, and
curl for http(s) registries. No python or jq: the manifest is parsed with awk.

Exit status: 0 installed, 1 failure, 2 usage error; otherwise that of `hoist self install`.
USAGE
}

die_usage() {
  echo "install.sh: $*" >&2
  echo "Try 'install.sh --help'." >&2
  exit 2
}
die() {
  echo "install.sh: $*" >&2
  exit 1
}

archive="" registry="" version="" channel="" home="" bin_dir="" public_key=""
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --archive | --registry | --version | --channel | --home | --bin-dir | --public-key)
      [ $# -ge 2 ] || die_usage "option $1 needs a value"
      opt=$1 val=$2
      shift 2
      ;;
    --archive=* | --registry=* | --version=* | --channel=* | --home=* | --bin-dir=* | --public-key=*)
      opt=${1%%=*} val=${1#*=}
      shift
      ;;
    *) die_usage "unknown argument: $1" ;;
  esac
  [ -n "$val" ] || die_usage "option $opt needs a non-empty value"
  case $opt in
    --archive) archive=$val ;;
    --registry) registry=$val ;;
    --version) version=$val ;;
    --public-key) public_key=$val ;;
    --channel) channel=$val ;;
    --home) home=$val ;;
    --bin-dir) bin_dir=$val ;;
  esac
done

if [ -n "$archive" ] && [ -n "$registry" ]; then
  die_usage "--archive and --registry cannot be combined"
fi
if [ -z "$archive" ] && [ -z "$registry" ]; then
  registry=${HOIST_REGISTRY:-}
  [ -n "$registry" ] || die_usage "give --archive FILE or --registry URL (or set HOIST_REGISTRY)"
fi
if [ -n "$archive" ] && { [ -n "$version" ] || [ -n "$channel" ]; }; then
  die_usage "--version and --channel apply to --registry only"
fi
if [ -n "$version" ] && [ -n "$channel" ]; then
  die_usage "--version and --channel cannot be combined"
fi
if [ -n "$archive" ] && [ -n "$public_key" ]; then
  die_usage "--public-key applies to --registry only"
fi
[ -n "$channel" ] || channel=${HOIST_CHANNEL:-stable}

# ---------------------------------------------------------------------------------
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    h=$(sha256sum <"$1") || return 1
  elif command -v shasum >/dev/null 2>&1; then
    h=$(shasum -a 256 <"$1") || return 1
  else
    die "sha256sum or shasum is required"
  fi
  printf '%s\n' "${h%% *}"
}

lower() {
  printf '%s\n' "$1" | tr 'ABCDEF' 'abcdef'
}

is_hex64() {
  case $1 in
    *[!0-9a-f]*) return 1 ;;
  esac
  [ ${#1} -eq 64 ]
}

# Succeeds if URL is allowed: https, loopback http, or file:.
url_allowed() {
  case $1 in
    https://?*) return 0 ;;
    file:?*) return 0 ;;
    http://127.0.0.1/* | http://127.0.0.1:[0-9]*/* | http://localhost/* | http://localhost:[0-9]*/*) return 0 ;;
    http://\[::1\]/* | http://\[::1\]:[0-9]*/*) return 0 ;;
  esac
  return 1
}

# file:/p, file:///p, file://localhost/p -> /p
file_path() {
  p=${1#file:}
  case $p in
    //localhost/*) p=${p#//localhost} ;;
    ///*) p=${p#//} ;;
    //*) return 1 ;;
  esac
  printf '%s\n' "$p"
}

# fetch URL DEST
fetch() {
  case $1 in
    file:*)
      p=$(file_path "$1") || die "unsupported file: URL (remote host): $1"
      [ -f "$p" ] || die "not found: $1"
      cp -- "$p" "$2" || die "cannot read $1"
      ;;
    *)
      command -v curl >/dev/null 2>&1 || die "curl is required to download from $1"
      case $1 in
        https:*) protos='=https' ;;
        *) protos='=http,https' ;;
      esac
      curl -fsSL --proto "$protos" --proto-redir '=https' --max-redirs 5 \
        --connect-timeout 30 --retry 3 -o "$2" -- "$1" || die "download failed: $1"
      ;;
  esac
}

# Resolves a (possibly relative) asset URL against the manifest URL.
resolve_url() {
  case $2 in
    *://* | file:*) printf '%s\n' "$2"; return ;;
  esac
  b=${1%%[?#]*}
  case $2 in
    /*)
      case $b in
        file:*) printf 'file://%s\n' "$2" ;;
        *)
          rest=${b#*://}
          printf '%s://%s%s\n' "${b%%://*}" "${rest%%/*}" "$2"
          ;;
      esac
      ;;
    *) printf '%s/%s\n' "${b%/*}" "$2" ;;
  esac
}

# Flattens JSON on stdin into lines "path<TAB>value" for every string, number, boolean
# and null, e.g. "channels.stable<TAB>1.1.0", "releases.0.assets.0.url<TAB>hoist.tar.gz".
# Rejects malformed JSON. \uXXXX escapes outside ASCII become "?"; control characters
# in values become spaces (the fields used here are ASCII).
json_flatten() {
  awk '
    function fail(m) { printf "invalid manifest JSON: %s (at character %d)\n", m, i > "/dev/stderr"; failed = 1; exit 1 }
    function ws() { while (i <= n && index(" \t\r\n", substr(s, i, 1)) > 0) i++ }
    function hexval(h,   k, v, c) {
      v = 0
      for (k = 1; k <= 4; k++) {
        c = index("0123456789abcdef", tolower(substr(h, k, 1)))
        if (c == 0) fail("bad \\u escape")
        v = v * 16 + c - 1
      }
      return v
    }
    function str(   out, c, e, v) {
      out = ""; i++
      while (1) {
        if (i > n) fail("unterminated string")
        c = substr(s, i, 1)
        if (c == "\"") { i++; return out }
        if (c == "\\") {
          e = substr(s, i + 1, 1)
          if (e == "u") {
            v = hexval(substr(s, i + 2, 4))
            out = out ((v >= 32 && v < 127) ? sprintf("%c", v) : (v < 32 ? " " : "?"))
            i += 6; continue
          }
          if (e == "\"" || e == "\\" || e == "/") out = out e
          else if (index("bfnrt", e) > 0) out = out " "
          else fail("bad escape")
          i += 2; continue
        }
        if (c == "\n" || c == "\t" || c == "\r") fail("control character in string")
        out = out c; i++
      }
    }
    function emit(path, v) { print path "\t" v }
    function value(path,   c, t) {
      ws(); c = substr(s, i, 1)
      if (c == "{") obj(path)
      else if (c == "[") arr(path)
      else if (c == "\"") emit(path, str())
      else {
        t = ""
        while (i <= n && index("0123456789+-.eEtrufalsn", substr(s, i, 1)) > 0) { t = t substr(s, i, 1); i++ }
        if (t != "true" && t != "false" && t != "null" && t !~ /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) fail("unexpected value")
        emit(path, t)
      }
    }
    function sub_path(path, k) { return path == "" ? k : path "." k }
    function obj(path,   k, c) {
      i++; ws()
      if (substr(s, i, 1) == "}") { i++; return }
      while (1) {
        ws()
        if (substr(s, i, 1) != "\"") fail("expected a key")
        k = str(); ws()
        if (substr(s, i, 1) != ":") fail("expected :")
        i++
        value(sub_path(path, k)); ws()
        c = substr(s, i, 1); i++
        if (c == "}") return
        if (c != ",") fail("expected , or }")
      }
    }
    function arr(path,   k, c) {
      i++; ws()
      if (substr(s, i, 1) == "]") { i++; return }
      for (k = 0; ; k++) {
        value(sub_path(path, k)); ws()
        c = substr(s, i, 1); i++
        if (c == "]") return
        if (c != ",") fail("expected , or ]")
      }
    }
    { s = s $0 "\n" }
    END {
      if (failed) exit 1
      n = length(s); i = 1
      ws()
      if (i > n) fail("empty document")
      if (substr(s, i, 1) != "{") fail("expected an object")
      value(""); ws()
      if (i <= n) fail("trailing data")
    }
  '
}

# Prints the value at PATH of the flattened JSON in file $1 (first match).
json_get() {
  awk -F '\t' -v k="$2" '$1 == k { print substr($0, length(k) + 2); found = 1; exit } END { exit !found }' "$1"
}

# Sets platform to e.g. linux-x64.
detect_platform() {
  case $(uname -s 2>/dev/null || echo unknown) in
    Linux) os=linux ;;
    Darwin) os=macos ;;
    CYGWIN* | MINGW* | MSYS*) os=windows ;;
    *) os=unknown ;;
  esac
  case $(uname -m 2>/dev/null || echo unknown) in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=unknown ;;
  esac
  platform=$os-$arch
}

# ---------------------------------------------------------------------------------
tmp=""
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  if [ -n "$tmp" ]; then
    rm -rf -- "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hoist-install.XXXXXX") || die "cannot create a temporary directory"

if [ -n "$registry" ]; then
  url_allowed "$registry" || die_usage "refusing registry URL '$registry': use https:// (http only for 127.0.0.1/localhost, or file:)"
  fetch "$registry" "$tmp/manifest.json"
  if [ -n "$public_key" ]; then
    [ -r "$public_key" ] || die_usage "--public-key: cannot read $public_key"
    command -v openssl >/dev/null 2>&1 || die "--public-key needs openssl (3.0 or later)"
    case $registry in
      *\?*) sig_url="${registry%%\?*}.sig?${registry#*\?}" ;;
      *) sig_url="$registry.sig" ;;
    esac
    fetch "$sig_url" "$tmp/manifest.sig.b64"
    # Base64 without whitespace, decoded by openssl itself (no GNU base64 flags needed).
    tr -d ' \t\r\n' <"$tmp/manifest.sig.b64" | fold -w 64 >"$tmp/manifest.sig.txt"
    openssl base64 -d -in "$tmp/manifest.sig.txt" -out "$tmp/manifest.sig" 2>/dev/null ||
      die "the manifest signature $sig_url is not base64"
    openssl pkeyutl -verify -rawin -pubin -inkey "$public_key" -in "$tmp/manifest.json" \
      -sigfile "$tmp/manifest.sig" >/dev/null 2>&1 ||
      die "the manifest signature $sig_url does not verify with $public_key; refusing to install"
  fi
  json_flatten <"$tmp/manifest.json" >"$tmp/manifest.flat" || die "cannot parse the manifest from $registry"
  if [ -z "$version" ]; then
    version=$(json_get "$tmp/manifest.flat" "channels.$channel") ||
      die "the manifest has no channel '$channel'"
  fi
  # The index r of releases.r.version == $version.
  r=$(awk -F '\t' -v v="$version" '$1 ~ /^releases\.[0-9]+\.version$/ && $2 == v { split($1, a, "."); print a[2]; exit }' "$tmp/manifest.flat")
  [ -n "$r" ] || die "release $version is not in the manifest"
  detect_platform
  # The asset index for our platform, else for "any".
  a=$(awk -F '\t' -v p="releases.$r.assets." -v want="$platform" '
    index($1, p) == 1 && substr($1, length(p) + 1) ~ /^[0-9]+\.platform$/ {
      k = substr($1, length(p) + 1); sub(/\..*/, "", k)
      if ($2 == want && exact == "") exact = k
      if ($2 == "any" && any == "") any = k
    }
    END { if (exact != "") print exact; else if (any != "") print any }' "$tmp/manifest.flat")
  [ -n "$a" ] || die "release $version has no asset for $platform or any"
  pre="releases.$r.assets.$a"
  asset_url=$(json_get "$tmp/manifest.flat" "$pre.url") || die "asset without url in the manifest"
  want_sha=$(json_get "$tmp/manifest.flat" "$pre.sha256") || die "asset without sha256 in the manifest"
  want_size=$(json_get "$tmp/manifest.flat" "$pre.size") || want_size=""
  want_sha=$(lower "$want_sha")
  is_hex64 "$want_sha" || die "bad sha256 in the manifest: $want_sha"
  asset_url=$(resolve_url "$registry" "$asset_url")
  url_allowed "$asset_url" || die "refusing asset URL '$asset_url' (https, loopback http or file: only)"
  asset_name=${asset_url%%[?#]*}
  asset_name=${asset_name##*/}
  case $asset_name in
    '' | . | .. | *[!A-Za-z0-9._+-]*) asset_name=hoist-$version.tar.gz ;;
  esac
  mkdir "$tmp/download"
  archive=$tmp/download/$asset_name
  echo "install.sh: downloading hoist $version ($platform) from $asset_url" >&2
  fetch "$asset_url" "$archive"
  if [ -n "$want_size" ]; then
    got_size=$(wc -c <"$archive" | tr -d ' ')
    [ "$got_size" = "$want_size" ] || die "size mismatch for $asset_url: expected $want_size bytes, got $got_size"
  fi
  got_sha=$(sha256_of "$archive") || die "cannot hash $archive"
  [ "$got_sha" = "$want_sha" ] || die "checksum mismatch for $asset_url: expected $want_sha, got $got_sha"
else
  [ -f "$archive" ] || die "no such archive: $archive"
  if [ -f "$archive.sha256" ]; then
    want_sha=""
    read -r want_sha _ <"$archive.sha256" || [ -n "$want_sha" ] || die "cannot read $archive.sha256"
    want_sha=$(lower "$want_sha")
    is_hex64 "$want_sha" || die "$archive.sha256 holds no SHA-256"
    got_sha=$(sha256_of "$archive") || die "cannot hash $archive"
    [ "$got_sha" = "$want_sha" ] || die "checksum mismatch for $archive: expected $want_sha ($archive.sha256), got $got_sha"
  fi
fi

case $archive in
  *.tar.gz | *.tgz) zflag=z ;;
  *.tar.xz) zflag=J ;;
  *) die "unsupported archive type: ${archive##*/} (install.sh takes .tar.gz, .tgz or .tar.xz)" ;;
esac

# Check the listing before extracting anything: one top-level hoist-* directory, only
# plain files and directories, no absolute paths or .. segments, no setuid/setgid bits.
tar -t${zflag}f "$archive" >"$tmp/names" 2>"$tmp/tar.err" || die "not a readable archive: $archive ($(head -n 1 "$tmp/tar.err"))"
tar -tv${zflag}f "$archive" >"$tmp/long" 2>"$tmp/tar.err" || die "not a readable archive: $archive"
problem=$(awk '
  { top = $0; sub(/\/.*/, "", top); tops[top] = 1 }
  /^\// || /(^|\/)\.\.(\/|$)/ { print "unsafe path: " $0; exit }
  END { c = 0; for (t in tops) { c++; last = t } if (c != 1) print "expected one top-level directory, found " c; else if (last !~ /^hoist-/) print "top-level directory is not hoist-*: " last }
' "$tmp/names")
[ -z "$problem" ] || die "refusing $archive: $problem"
problem=$(awk '
  substr($1, 1, 1) != "-" && substr($1, 1, 1) != "d" { print "only files and directories are allowed: " $0; exit }
  substr($1, 4, 1) ~ /[sS]/ || substr($1, 7, 1) ~ /[sS]/ { print "setuid/setgid entry: " $0; exit }
' "$tmp/long")
[ -z "$problem" ] || die "refusing $archive: $problem"
top=$(head -n 1 "$tmp/names")
top=${top%%/*}

mkdir "$tmp/x"
tar -x${zflag}of "$archive" -C "$tmp/x" || die "cannot extract $archive"
dist=$tmp/x/$top
if [ ! -x "$dist/bin/hoist" ] || [ ! -f "$dist/VERSION" ]; then
  die "$archive is not a Hoist distribution (no bin/hoist or VERSION)"
fi

set -- self install
[ -z "$home" ] || set -- "$@" --home "$home"
[ -z "$bin_dir" ] || set -- "$@" --bin-dir "$bin_dir"
status=0
"$dist/bin/hoist" "$@" || status=$?
exit "$status"
