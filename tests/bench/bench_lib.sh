# Shell helpers shared by the benchmark scripts (sourced, not run). The caller sets LOCKSTEP (the
# lockstep binary) and WORK (a scratch directory it removes).

now_ns() { date +%s%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
json_number() { grep -oE "\"$1\": *[0-9]+" "$2" | grep -oE '[0-9]+$'; }

# run_lockstep MAX_EXECUTIONS MAX_STEPS PROGRAM [ARGS...]: explores PROGRAM by dfs; prints
# "<wall ns> <max_depth> <executions>" and stops the script if lockstep fails.
run_lockstep() {
  local max_exec=$1 max_steps=$2
  shift 2
  local start end
  start=$(now_ns)
  "$LOCKSTEP" run --no-progress --strategy dfs --max-executions "$max_exec" --max-steps "$max_steps" \
    --out "$WORK/out" --summary "$WORK/summary.json" -- "$@" >"$WORK/lockstep.log" 2>&1 || {
    echo "lockstep failed on $*:" >&2
    cat "$WORK/lockstep.log" >&2
    exit 1
  }
  end=$(now_ns)
  echo "$((end - start)) $(json_number max_depth "$WORK/summary.json") \
$(json_number executions "$WORK/summary.json")"
}
