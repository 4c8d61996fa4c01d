#!/usr/bin/env bash
# build --each-patch: a series whose end state compiles but whose first patch
# alone does not must fail, naming that patch.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 6
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true
fixtures="$ROOT/t/fixtures/apply"

run "$ROOT/scripts/build" 6.1.y --arch x86_64 --series "$fixtures/bisect/series" --patches "$fixtures/bisect"
exits_ok "the whole fixture series compiles (a plain build cannot see the break)"

run "$ROOT/scripts/build" 6.1.y --arch x86_64 --each-patch --series "$fixtures/bisect/series" --patches "$fixtures/bisect"
exits_fail "--each-patch fails on a series that breaks the build half way"
says "do not compile after patch 1/2: 0001-vfio-fixture-break-build.patch" "the failure names the patch that breaks it"
says "vfio_fixture_undeclared" "and shows the compiler error"

run "$ROOT/scripts/build" 6.1.y --arch x86_64 --each-patch --series "$fixtures/good/series" --patches "$fixtures/good"
exits_ok "--each-patch passes on a series that compiles after every patch"
says "compiles on x86_64 after patch 1/1" "it says after which patch it compiled"
finish
