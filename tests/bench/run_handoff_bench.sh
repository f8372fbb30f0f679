#!/usr/bin/env bash
# Measures, in one run, the raw cross-process futex handoff, lockstep's cost per visible step,
# and lockstep's executions/s against plain fork+exec+wait, and prints medians and ratios.
#
#   tests/bench/run_handoff_bench.sh BUILD_DIR
#
# BUILD_DIR must contain bin/lockstep, lib/liblockstep_rt.so, bin/lockstep_bench_handoff and
# bench/{pingpong,sempost} (cmake --build BUILD_DIR --target lockstep_bench). Tunables (env):
#   REPS (3)        repetitions; medians are reported
#   HANDOFFS (100000) handoffs per repetition of the raw futex ping-pong
#   M (50000)       round trips of pingpong for the "large" run (4 visible steps each; large
#                   enough that the steps, not lockstep's ~0.3 s start-up noise, dominate)
#   N (200)         executions for the throughput comparison (fewer if the search completes)
#   K (7)           posts/waits of sempost: hundreds of interleavings, so N=200 is not cut short
# Everything is pinned to the first CPU this script may use: the raw ping-pong and the plain
# driver pin themselves there, and lockstep pins every execution to it (FIELD-NOTES: two
# processes on one core hand off in ~1.3-2.4 us; across cores it is slower and noisier).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPS=${REPS:-3}
HANDOFFS=${HANDOFFS:-100000}
M=${M:-50000}
N=${N:-200}
K=${K:-7}

LOCKSTEP=$BUILD/bin/lockstep
TOOL=$BUILD/bin/lockstep_bench_handoff
PINGPONG=$BUILD/bench/pingpong
SEMPOST=$BUILD/bench/sempost
for f in "$LOCKSTEP" "$TOOL" "$PINGPONG" "$SEMPOST" "$BUILD/lib/liblockstep_rt.so"; do
  [[ -x $f || -f $f ]] || { echo "missing $f (build the lockstep_bench target)" >&2; exit 2; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

source "$HERE/bench_lib.sh"

echo "lockstep handoff benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs available," \
  "REPS=$REPS HANDOFFS=$HANDOFFS M=$M N=$N K=$K"

# (a) Raw futex ping-pong, two processes on one CPU.
raw_line=$("$TOOL" futex "$HANDOFFS" "$REPS")
raw_ns=$(awk '{ print $3 }' <<<"$raw_line")
raw_min=$(awk '{ print $5 }' <<<"$raw_line")

# (b) Cost per visible step: pingpong with M=1 and M large, one execution each.
max_steps=$((8 * M + 100))
: >"$WORK/step_costs"
: >"$WORK/t1"
: >"$WORK/tm"
for ((r = 0; r < REPS; ++r)); do
  read -r t1 d1 _ < <(run_lockstep 1 "$max_steps" "$PINGPONG" 1)
  read -r tm dm _ < <(run_lockstep 1 "$max_steps" "$PINGPONG" "$M")
  echo "$t1" >>"$WORK/t1"
  echo "$tm" >>"$WORK/tm"
  awk -v a="$t1" -v b="$tm" -v s="$((dm - d1))" 'BEGIN { printf "%.1f\n", (b - a) / s }' \
    >>"$WORK/step_costs"
done
steps_1=$d1
steps_m=$dm
step_ns=$(median <"$WORK/step_costs")
t1_ms=$(median <"$WORK/t1" | awk '{ printf "%.1f", $1 / 1e6 }')
tm_ms=$(median <"$WORK/tm" | awk '{ printf "%.1f", $1 / 1e6 }')

# (c) Executions/s: lockstep exploring sempost K, against plain fork+exec+wait of it.
: >"$WORK/ls_rate"
: >"$WORK/plain_rate"
for ((r = 0; r < REPS; ++r)); do
  read -r tn _ execs < <(run_lockstep "$N" 10000 "$SEMPOST" "$K")
  awk -v n="$execs" -v t="$tn" 'BEGIN { printf "%.1f\n", n / (t / 1e9) }' >>"$WORK/ls_rate"
  "$TOOL" spawn "$execs" "$SEMPOST" "$K" | awk '{ print $2 }' >>"$WORK/plain_rate"
done
ls_rate=$(median <"$WORK/ls_rate")
plain_rate=$(median <"$WORK/plain_rate")

step_ratio=$(awk -v a="$step_ns" -v b="$raw_ns" 'BEGIN { printf "%.2f", a / b }')
# A pingpong round trip is 4 visible steps but only 2 cross-process handoffs (post runs on, the
# wait that blocks hands the turn over): the cost per handoff is twice the cost per step.
handoff_ns=$(awk -v a="$step_ns" 'BEGIN { printf "%.1f", 2 * a }')
handoff_ratio=$(awk -v a="$handoff_ns" -v b="$raw_ns" 'BEGIN { printf "%.2f", a / b }')
slowdown=$(awk -v a="$plain_rate" -v b="$ls_rate" 'BEGIN { printf "%.2f", a / b }')

printf '\n%-58s %14s\n' "measure (median of $REPS)" "value"
printf '%-58s %14s\n' "(a) raw futex handoff, 2 processes, same CPU (ns)" "$raw_ns"
printf '%-58s %14s\n' "    (minimum over repetitions, ns)" "$raw_min"
printf '%-58s %14s\n' "(b) pingpong M=1: wall ms / steps" "$t1_ms / $steps_1"
printf '%-58s %14s\n' "    pingpong M=$M: wall ms / steps" "$tm_ms / $steps_m"
printf '%-58s %14s\n' "    lockstep cost per visible step (ns)" "$step_ns"
printf '%-58s %14s\n' "    lockstep cost per cross-process handoff (2 steps, ns)" "$handoff_ns"
printf '%-58s %14s\n' "(c) lockstep executions/s, sempost $K (incl. startup)" "$ls_rate"
printf '%-58s %14s\n' "    plain fork+exec+wait/s of the same program" "$plain_rate"
printf '%-58s %14s\n' "    executions per lockstep run" "$execs"
printf '\n%-58s %14s\n' "ratio step cost / raw handoff (target <= 2)" "$step_ratio"
printf '%-58s %14s\n' "ratio handoff cost / raw handoff" "$handoff_ratio"
printf '%-58s %14s\n' "ratio plain execs/s / lockstep execs/s (target <= 2)" "$slowdown"
