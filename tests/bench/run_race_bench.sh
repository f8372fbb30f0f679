#!/bin/sh
# The race detector's cost (issue 3, "Performance"): a private-memory-heavy workload
# (race_private.c) and a shared-memory-heavy one (race_shared.c), each built three ways and run
# REPS times, taking turns: native (clang -O2), ThreadSanitizer (clang -O2 -fsanitize=thread), and lockstep-cc
# -O2 under `lockstep run --max-executions 1` (one execution, every access checked). Prints the
# median CPU time (user + system, of the command and its children: on a loaded machine wall time
# mostly measures waiting for a CPU) of each and the slowdowns against native. Lockstep's figure
# includes its own start-up (the checker, the symbolizer), measured apart as "lockstep empty"
# (the native binary under lockstep, whose accesses are not instrumented).
# Usage: tests/bench/run_race_bench.sh BUILD_DIR   (BUILD_DIR has bin/lockstep, bin/lockstep-cc)
set -eu
BUILD=$(cd "${1:?usage: run_race_bench.sh BUILD_DIR}" && pwd)
REPS=${REPS:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CLANG=${CLANG:-clang-14}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
seconds() { # runs "$@" once, prints its CPU seconds (user + system, children included)
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$WORK/time" | awk '{print $1 + $2}'
}
ratio() { echo "$1 / $2" | bc -l; }

for w in race_private race_shared; do
  "$CLANG" -O2 "$HERE/$w.c" -o "$WORK/$w.native"
  "$CLANG" -O2 -fsanitize=thread "$HERE/$w.c" -o "$WORK/$w.tsan"
  "$BUILD/bin/lockstep-cc" -O2 "$HERE/$w.c" -o "$WORK/$w.lockstep"
  under_lockstep="$BUILD/bin/lockstep run --no-progress --max-executions 1 --out $WORK/out --"
  for c in native tsan lockstep empty; do : >"$WORK/$w.$c.times"; done
  # The four commands take turns in each repetition, so that a slower spell of a shared machine
  # weighs on all of them alike rather than on one.
  i=0
  while [ "$i" -lt "$REPS" ]; do
    seconds "$WORK/$w.native" >>"$WORK/$w.native.times"
    seconds "$WORK/$w.tsan" >>"$WORK/$w.tsan.times"
    seconds $under_lockstep "$WORK/$w.lockstep" >>"$WORK/$w.lockstep.times"
    seconds $under_lockstep "$WORK/$w.native" >>"$WORK/$w.empty.times"
    i=$((i + 1))
  done
  native=$(median <"$WORK/$w.native.times")
  tsan=$(median <"$WORK/$w.tsan.times")
  lockstep=$(median <"$WORK/$w.lockstep.times")
  empty=$(median <"$WORK/$w.empty.times")
  printf '%-13s native %.3f s | tsan %.3f s (x%.1f) | lockstep %.3f s (x%.1f) | lockstep empty %.3f s; checking alone x%.1f\n' \
    "$w" "$native" "$tsan" "$(ratio "$tsan" "$native")" "$lockstep" \
    "$(ratio "$lockstep" "$native")" "$empty" "$(ratio "($lockstep - $empty + $native)" "$native")"
done
