#!/usr/bin/env bash
# The GitLab pipeline (ci/gitlab-ci.yml), run for real by gitlab-ci-local:
# its matrices match kernels/ (and the check says so when they do not), the
# check-series job and (scripts/test --full) the 6.1.y x86_64 build job pass
# with JUnit files that say what they did, and a series that breaks the
# build fails its build job with the failing object in the JUnit file.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 22
. "$ROOT/scripts/lib.sh"

# A copy of the project, to change kernels/ or a series in.
project_copy() {
	local dir
	dir=$(scratch)
	rsync -a --exclude=/.gitlab-ci-local "$ROOT/" "$dir/"
	printf '%s\n' "$dir"
}

# The JUnit file gitlab-ci-local kept of the one job a ci-local run ran
# (each run starts from an empty project copy; gitlab-ci-local names a
# matrix job's artifacts directory with a suffix of its own).
job_junit() {
	find "$QUEUE_CACHE/ci-local/project/.gitlab-ci-local/artifacts" -path '*/junit/*.xml' 2>/dev/null | head -1
}

# The testcase of STEP (classname LINE.ARCH) in a JUnit file.
testcase() {
	grep -E "<testcase classname=\"$2\" name=\"$3\"" "$1"
}

run "$ROOT/scripts/ci-local" --check-matrix
exits_ok "the pipeline's matrices match kernels/"
says "the pipeline's [0-9]+ matrix jobs match kernels/" "it says how many jobs it compared"

run "$ROOT/scripts/ci-local" --list
jobs=$(grep -cE '^build: \[' <<<"$OUT")
arches=0
for line in $(known_lines); do
	load_line "$line"
	arches=$((arches + $(wc -w <<<"$LINE_ARCHES")))
done
ok "$([[ $jobs == "$arches" ]]; echo $?)" "gitlab-ci-local --list: one build job per line x arch ($jobs of $arches)"
ok "$([[ $(grep -cE '^boot: \[' <<<"$OUT") == "$arches" ]]; echo $?)" "one boot job per line x arch"
says '^build: \[6\.1\.y,x86_64\] +build' "the 6.1.y x86_64 build job is in the build stage"

# A line added to kernels/ and not to the pipeline, and a line the pipeline
# still has after kernels/ lost it: both named.
copy=$(project_copy)
cp -r "$copy/kernels/6.1.y" "$copy/kernels/9.9.y"
run "$copy/scripts/ci-local" --check-matrix
exits_fail "a line added to kernels/ only fails the check"
says 'defined by kernels/, missing from ci/gitlab-ci.yml: build: \[9\.9\.y,x86_64\]' "it names the missing build job"
says 'missing from ci/gitlab-ci.yml: boot-kvm: \[9\.9\.y,s390\]' "and the missing boot-kvm job"
rm -rf "$copy/kernels/9.9.y" "$copy/kernels/6.12.y"
run "$copy/scripts/ci-local" --check-matrix
exits_fail "a line left in the pipeline after kernels/ lost it fails the check"
says 'in ci/gitlab-ci.yml, not defined by kernels/: boot: \[6\.12\.y,arm64\]' "it names the job kernels/ no longer defines"

# The check-series job, through gitlab-ci-local's shell executor.
run "$ROOT/scripts/ci-local" check-series
exits_ok "gitlab-ci-local runs the check-series job"
junit=$(job_junit)
ok "$([[ -n $junit ]] && xmllint --noout "$junit" 2>/dev/null; echo $?)" "the job's JUnit artifact is well-formed XML"
ok "$([[ $(grep -c '<testcase classname="[^"]*\.all" name="check-series"' "$junit") == "$(known_lines | wc -l)" ]]; echo $?)" \
	"it has a passed check-series testcase per line"

# The 6.1.y x86_64 build job: the machine's warm cache, the real series.
# Two runs of it in fresh project copies cost about 4 minutes on an empty
# cache, which .ci/run leaves to the full run (the check-series job above
# proves the pipeline's wiring there).
full_run_only 9 "the 6.1.y x86_64 build job, passing and failing"
if ! "$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1; then
	for _ in 1 2 3 4 5 6 7 8 9; do skip "the 6.1.y tree could not be fetched"; done
	finish
fi
run "$ROOT/scripts/ci-local" 'build: [6.1.y,x86_64]'
exits_ok "gitlab-ci-local runs the 6.1.y x86_64 build job"
junit=$(job_junit)
ok "$([[ -n $junit ]] && xmllint --noout "$junit" 2>/dev/null; echo $?)" "its JUnit artifact is well-formed XML"
ok "$(testcase "$junit" 6.1.y.x86_64 build | grep -q '<system-out>[0-9]* objects'; echo $?)" "it has the build testcase, passed, with its object count"
ok "$(testcase "$junit" 6.1.y.x86_64 warnings | grep -vq '<failure'; echo $?)" "and the W=1 warnings testcase, passed"
ok "$(testcase "$junit" 6.1.y.all fetch | grep -q '<system-out>linux-6.1'; echo $?)" "and the fetch of its tree, which fetch-kernel recorded"

# The same job on a series whose last patch breaks vfio_main.c.
copy=$(project_copy)
cp "$ROOT/t/fixtures/apply/bisect/0001-vfio-fixture-break-build.patch" "$copy/patches/6.1.y/"
printf '%s\n' 0001-vfio-fixture-break-build.patch >>"$copy/series/6.1.y"
run "$copy/scripts/ci-local" 'build: [6.1.y,x86_64]'
exits_fail "the build job of a series that breaks the build fails"
junit=$(job_junit)
ok "$(testcase "$junit" 6.1.y.x86_64 build | grep -q '<failure message="did not compile: drivers/vfio/vfio_main.o'; echo $?)" \
	"its JUnit file fails the build testcase naming the object"
ok "$(testcase "$junit" 6.1.y.x86_64 build | grep -q "vfio_fixture_undeclared"; echo $?)" "and the compiler's error"
says 'drivers/vfio/vfio_main.c:[0-9]+:[0-9]+: error: .vfio_fixture_undeclared. undeclared' "the job log shows the error"
finish
