#!/usr/bin/env bash
# The IPC models' costs (issue 5, "Performance"), measured in one run so the figures share the
# machine's load:
# (1) the cost of one visible step of each mechanism (ipc_step.c), against a mutex step:
#     loop mode (one process, its own object: the model and interceptor cost, no handoff) and
#     pingpong mode (two processes passing a token: half the steps hand the turn over). Cost per
#     step = (time(M) - time(1)) / (steps(M) - steps(1)), one execution each, median of REPS;
# (2) executions/s of the pipe, message-queue and socket programs explored by DFS (wall time of
#     one `lockstep run` with at most N executions, including lockstep's start-up).
#
#   tests/bench/run_ipc_bench.sh BUILD_DIR     (cmake --build BUILD_DIR --target lockstep_bench
#                                               and the test and example programs)
# Tunables (env): REPS (3), M (20000 round trips), N (200 executions).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPS=${REPS:-3}
M=${M:-20000}
N=${N:-200}
LOCKSTEP=$BUILD/bin/lockstep
STEP=$BUILD/bench/ipc_step
for f in "$LOCKSTEP" "$STEP"; do
  [[ -x $f ]] || { echo "missing $f (build the lockstep_bench target)" >&2; exit 2; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

source "$HERE/bench_lib.sh"
MAX_STEPS=$((8 * M + 100))

# Median ns per visible step of `ipc_step MECHANISM MODE`.
step_cost() {
  : >"$WORK/costs"
  for ((r = 0; r < REPS; ++r)); do
    read -r t1 d1 _ < <(run_lockstep 1 "$MAX_STEPS" "$STEP" "$1" "$2" 1)
    read -r tm dm _ < <(run_lockstep 1 "$MAX_STEPS" "$STEP" "$1" "$2" "$M")
    awk -v a="$t1" -v b="$tm" -v s="$((dm - d1))" 'BEGIN { printf "%.1f\n", (b - a) / s }' \
      >>"$WORK/costs"
  done
  median <"$WORK/costs"
}

echo "lockstep IPC benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), load: $(cut -d' ' -f1-3 /proc/loadavg)," \
  "REPS=$REPS M=$M N=$N"
printf '\n%-12s %18s %10s %18s %10s\n' mechanism "loop ns/step" "/ mutex" "pingpong ns/step" "/ sem"
mutex_loop=$(step_cost mutex loop)
printf '%-12s %18s %10s %18s %10s\n' mutex "$mutex_loop" 1.00 - -
sem_pingpong=
for mechanism in sem pipe socketpair tcp mq; do
  loop=$(step_cost "$mechanism" loop)
  pingpong=$(step_cost "$mechanism" pingpong)
  [[ -n $sem_pingpong ]] || sem_pingpong=$pingpong
  printf '%-12s %18s %10s %18s %10s\n' "$mechanism" "$loop" \
    "$(awk -v a="$loop" -v b="$mutex_loop" 'BEGIN { printf "%.2f", a / b }')" "$pingpong" \
    "$(awk -v a="$pingpong" -v b="$sem_pingpong" 'BEGIN { printf "%.2f", a / b }')"
done

printf '\n%-44s %11s %8s %8s\n' "program (dfs, at most $N executions)" executions "wall s" "execs/s"
for program in tests/pipes/programs/split_message_fixed tests/pipes/programs/socketpair_notice_fixed \
  tests/mq/programs/mq_pool_fixed tests/mq/programs/sysv_msg_types_fixed \
  examples/rpc_reply_mismatch_fixed tests/sockets/programs/tcp_first_accepted_fixed \
  tests/epoll/programs/event_loop_fixed tests/ipc/programs/rwlock_upgrade_fixed; do
  [[ -x $BUILD/$program ]] || { echo "missing $BUILD/$program" >&2; exit 2; }
  : >"$WORK/rates"
  for ((r = 0; r < REPS; ++r)); do
    read -r t _ execs < <(run_lockstep "$N" "$MAX_STEPS" "$BUILD/$program")
    awk -v n="$execs" -v t="$t" 'BEGIN { printf "%.1f %s %.2f\n", n / (t / 1e9), n, t / 1e9 }' \
      >>"$WORK/rates"
  done
  line=$(sort -g "$WORK/rates" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }')
  read -r rate execs secs <<<"$line"
  printf '%-44s %11s %8s %8s\n' "$program" "$execs" "$secs" "$rate"
done
