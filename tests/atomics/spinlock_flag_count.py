#!/usr/bin/env python3
"""The derivation of the DFS execution count of tests/atomics/programs/spinlock_flag.c (asserted in
AtomicsTest.cpp): the program's visible steps and the rules that decide which agents may take the
next step, written out, and every maximal interleaving counted.

P0: f1 (fork P1), f2 (fork P2), w1 (waitpid P1: enabled once P1 exited), w2, x0 (exit); its first
step (the atomic_flag_clear before the forks) is alone and not counted as a choice.
Child i: tas (test_and_set: takes the flag when clear; else fails, changing nothing), rel (clear),
exit. A child whose failed tas would be repeated while the flag is unchanged is spin-blocked: it is
left out of the enabled set while another agent is enabled (docs/spin-loops.md); the holder's
release changes the flag and wakes it. DFS explores every choice among the enabled agents.
Prints 64."""
import functools


@functools.lru_cache(None)
def count(p0, c1, c2, s1, s2, lock):
    children, spinning = [c1, c2], [s1, s2]
    enabled = []
    if p0 in (0, 1, 4) or (p0 == 2 and c1 == 'done') or (p0 == 3 and c2 == 'done'):
        enabled.append('P0')
    for i in range(2):
        if children[i] in ('tas', 'rel', 'exit') and not (children[i] == 'tas' and spinning[i]):
            enabled.append(i)
    if not enabled:
        return 1  # the execution is over (no child can be spin-blocked with nobody else enabled)
    total = 0
    for a in enabled:
        p0n, ch, sp, held = p0, list(children), list(spinning), lock
        if a == 'P0':
            if p0 < 2:
                ch[p0] = 'tas'  # the forked child runs to its first atomic
            p0n += 1
        elif ch[a] == 'tas':
            if lock is None:
                held, ch[a] = a, 'rel'
            else:
                sp[a] = True  # failed: the same try is now spin-blocked
        elif ch[a] == 'rel':
            held, ch[a], sp = None, 'exit', [False, False]  # the flag changed: spinners wake
        else:
            ch[a] = 'done'
        total += count(p0n, ch[0], ch[1], sp[0], sp[1], held)
    return total


if __name__ == '__main__':
    print(count(0, None, None, False, False, None))
