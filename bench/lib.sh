# Shared by the bench/ scripts (sourced, not run): timing helpers and the rewriting of a
# script's own section of docs/benchmarks.md.

now() { date +%s%N; }
# median FILE: the median of the numbers in FILE, one per line.
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms() { awk -v n="$1" 'BEGIN { printf "%.0f", n / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# write_section NAME BLOCK FILE: prints BLOCK (which starts with <!-- NAME:begin --> and ends
# with <!-- NAME:end -->) and puts it in FILE in place of the section between those markers;
# a FILE without them is left alone.
write_section() {
  local name=$1 block=$2 file=$3
  echo "$block"
  if grep -qF "<!-- $name:begin -->" "$file" 2>/dev/null; then
    awk -v t="$block" -v b="<!-- $name:begin -->" -v e="<!-- $name:end -->" '
      $0 == b { print t; skip = 1; next }
      $0 == e { skip = 0; next }
      !skip' "$file" >"$file.tmp" && mv "$file.tmp" "$file"
    echo "$name: updated $file" >&2
  else
    echo "$name: no $name markers in $file; printed only" >&2
  fi
}
