# Merges class lists written by -XX:DumpLoadedClassList (one per training run) into one that
# -Xshare:dump accepts. Newer JDKs (25) number classes per list ("java/lang/Object id: 0") and
# refuse a list that names one class under two ids, so each class is kept once, under a fresh id.
# Classes of custom loaders (lines with super:/interfaces:, which refer to ids of their own list)
# are left out; every other line (comments, @lambda-form-invoker, JDK 17's plain names) once.
$2 == "id:" && NF == 3 { if (!cls[$1]++) print $1 " id: " n++; next }
$2 == "id:" { next }
!seen[$0]++
