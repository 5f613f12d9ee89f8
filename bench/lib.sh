# Shared by the bench/ scripts (sourced, not run): timing helpers and the rewriting of a
# script's own section of docs/benchmarks.md.

now() { date +%s%N; }
# median FILE: the median of the numbers in FILE, one per line.
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms() { awk -v n="$1" 'BEGIN { printf "%.0f", n / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# write_section NAME CONTENT FILE: prints CONTENT and puts it in FILE between the lines
# <!-- NAME:begin --> and <!-- NAME:end --> (appended to FILE when they are missing), in place of
# what was there. CONTENT goes through the environment, so its backslashes (\| in tables) stay.
write_section() {
  local name=$1 content=$2 file=$3
  local begin="<!-- $name:begin -->" end="<!-- $name:end -->"
  echo "$content"
  if [ ! -f "$file" ] || ! grep -qF "$begin" "$file"; then
    printf '\n%s\n%s\n' "$begin" "$end" >>"$file"
  fi
  CONTENT=$content awk -v begin="$begin" -v end="$end" '
    $0 == begin { print; print ENVIRON["CONTENT"]; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$file" >"$file.tmp"
  mv "$file.tmp" "$file"
  echo "$name: updated $file" >&2
}

# cds_archive JAVA CLASSPATH ARCHIVE RUN...: a class-data sharing archive for a program, trained
# the way packaging/build.sh trains Hoist's: JAVA runs each RUN (java options, main class and
# arguments, split on blanks) with its loaded classes listed, the lists are merged, ARCHIVE is
# dumped from them, and the first RUN is run again with -Xshare:on, which fails where the
# benchmarks' -Xshare:auto would quietly run without the archive. Needs $root.
cds_archive() {
  local java=$1 cp=$2 archive=$3 run n=0
  shift 3
  for run in "$@"; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    "$java" -XX:DumpLoadedClassList="$archive.$n.classlist" -cp "$cp" $run >/dev/null
  done
  # One list -Xshare:dump accepts (as the plugin's Training merges them): newer JDKs number
  # classes per list and refuse a class under two ids, so each class once under a fresh id;
  # classes of custom loaders (ids of their own list) left out; every other line once.
  awk '$2 == "id:" && NF == 3 { if (!cls[$1]++) print $1 " id: " n++; next }
    $2 == "id:" { next }
    !seen[$0]++' "$archive".*.classlist >"$archive.classlist"
  "$java" -Xshare:dump -XX:SharedClassListFile="$archive.classlist" -XX:SharedArchiveFile="$archive" \
    -cp "$cp" >"$archive.log" 2>&1 || {
    echo "cannot dump $archive: $(tail -n 1 "$archive.log")" >&2
    return 1
  }
  # shellcheck disable=SC2086
  "$java" -Xshare:on -XX:SharedArchiveFile="$archive" -cp "$cp" $1 >/dev/null
}
