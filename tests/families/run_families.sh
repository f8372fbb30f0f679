#!/bin/sh
# Prints, per benchmark family and strategy (dpor, dfs): executions, blocked executions, wall
# time, executions/s and dpor's distinct executions / the hand-derived trace count (or the
# literature's; '?' where there is none).
# Usage: run_families.sh BUILD_DIR  (the build dir holding bin/lockstep and families/)
B=${1:-build-dpor}
printf '%-28s %-5s %8s %8s %9s %8s %8s\n' benchmark strat execs blocked wall_ms exec/s ratio
while read -r traces args; do
  for s in dpor dfs; do
    rm -f /tmp/fam.json
    timeout 60 "$B/bin/lockstep" run --strategy "$s" --keep-going --no-progress --out /tmp/fam-out \
      --summary /tmp/fam.json -- "$B/families/"$args >/dev/null 2>&1
    python3 - "$args" "$s" "$traces" <<'PY'
import json, os, sys
if not os.path.exists('/tmp/fam.json'):  # killed by the timeout, or did not run
    print('%-28s %-5s %8s' % (sys.argv[1], sys.argv[2], 'no summary (timeout?)'))
    sys.exit(0)
d = json.load(open('/tmp/fam.json'))
e, b, ms = d['executions'], d['blocked_executions'], d['elapsed_ms']
known = sys.argv[3] != '?'  # '?': no trace count (spin loops: it depends on the spin rule)
ratio = '%.2f' % ((e - b) / int(sys.argv[3])) if sys.argv[2] == 'dpor' and known else '-'
print('%-28s %-5s %8d %8d %9d %8.0f %8s' % (sys.argv[1], sys.argv[2], e, b, ms, e / max(ms, 1) * 1000, ratio))
PY
  done
done <<'LIST'
2 counter 2 1
6 counter 2 2
6 counter 3 1
3 philosophers 2
2 philosophers 2 fixed
2 readers_writers 1 1
1 prodcons 1 1 1 1
1 indexer 2
8 indexer 12
2 lastzero 1
5 lastzero 2
64 lastzero 5
? peterson
? peterson broken
? dekker
? szymanski
LIST
