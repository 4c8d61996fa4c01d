#!/usr/bin/env bash
# mutants: a real life-cycle mutant of 5.10.y, the backport users take, must
# be caught by the detector it names, and (scripts/test --full) a mutant
# that is no bug must survive, which fails the command. (6.1.y's and
# 5.15.y's mutants run behind scripts/mutants <line>: they need those
# lines' boot kernels.)
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 7
"$ROOT/scripts/fetch-kernel" 5.10.y >/dev/null 2>&1 || true

run "$ROOT/scripts/mutants" 5.10.y --only mutant-vfio-mdev-use-after-free
exits_ok "scripts/mutants catches the use-after-free mutant"
says '^\| mutant-vfio-mdev-use-after-free \| KASAN \| [^|]*KASAN[^|]* \| caught \| [0-9]+ \|$' "KASAN caught it, as the table says"
ok "$([[ ! -e $VFIO_QUEUE_RESULTS/5.10.y.x86_64.boot ]]; echo $?)" "the mutant's failed boot is not recorded as 5.10.y's"

# A survivor passes both boots, about 3 minutes: in the full run.
if in_full_run 3 "a mutant that survives"; then
	run "$ROOT/scripts/mutants" 5.10.y --dir "$ROOT/t/fixtures/mutants/survivor"
	exits_fail "a mutant that survives fails scripts/mutants"
	says '^\| mutant-vfio-mdev-harmless \| KASAN \| nothing \| SURVIVED \| [0-9]+ \|$' "the table says it survived"
	says '1 of 1 mutants not caught' "and the command says how many"
fi

run "$ROOT/scripts/mutants" 5.10.y --only no-such-mutant
exits_fail "an unknown mutant name is refused"
finish
