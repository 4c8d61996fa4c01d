# shellcheck shell=bash
# Step results: the one record format the tools exchange about what they
# did. Owns it: writing (record_result, record_at_exit), forgetting
# (clear_results) and reading (result_rows). scripts/report, export-mail's
# cover letter, verify and the CI jobs read records, never another tool's
# output.
#
# A record is a file $QUEUE_RESULTS/LINE.ARCH.STEP holding one line:
#   STATUS<TAB>SECONDS<TAB>DETAIL
# STATUS is pass, fail or skip; ARCH is "all" for a step that does not
# depend on the arch; DETAIL is one line for a person. result_rows prints
# them as rows LINE<TAB>ARCH<TAB>STEP<TAB>STATUS<TAB>SECONDS<TAB>DETAIL.

# record_result LINE ARCH STEP STATUS SECONDS DETAIL: keep one step's outcome.
record_result() {
	local dir=$QUEUE_RESULTS
	mkdir -p "$dir"
	printf '%s\t%s\t%s\n' "$4" "$5" "$6" >"$dir/$1.$2.$3"
}

# record_at_exit LINE ARCH STEP PASS_DETAIL FAIL_DETAIL: record the step
# this script does when it exits, however it exits (a die, an interrupt):
# the script that does a step records it, so every caller of it (verify,
# a CI job) reports the same thing.
record_at_exit() {
	RECORD_AT_EXIT=("$@")
	RECORD_START=$SECONDS
	trap record_exit_status EXIT
}

record_exit_status() {
	local rc=$? r=("${RECORD_AT_EXIT[@]}")
	if ((rc == 0)); then
		record_result "${r[0]}" "${r[1]}" "${r[2]}" pass $((SECONDS - RECORD_START)) "${r[3]}"
	else
		record_result "${r[0]}" "${r[1]}" "${r[2]}" fail $((SECONDS - RECORD_START)) "${r[4]}"
	fi
}

# A step's times in parts, for scripts/bench: a file of rows
# PART<TAB>SECONDS, kept by the script that does the step where it keeps
# its work (scripts/boot-test: times in its boot directory).
# record_times FILE PART=SECONDS...: write them (the file replaced).
record_times() {
	local file=$1 part
	shift
	for part in "$@"; do
		printf '%s\t%s\n' "${part%%=*}" "${part#*=}"
	done >"$file"
}

# recorded_time FILE PART: the seconds of one part (nothing if absent).
recorded_time() {
	[[ -f $1 ]] || return 0
	awk -F'\t' -v part="$2" '$1 == part { print $2 }' "$1"
}

# clear_results LINE STEP...: forget a line's earlier results of these steps,
# so a report never mixes a stale outcome into a new run.
clear_results() {
	local line=$1 step
	shift
	for step in "$@"; do
		rm -f "$QUEUE_RESULTS/$line".*."$step"
	done
}

# result_rows DIR...: the records of results directories, or of
# directories of them (a CI pipeline's jobs), as rows (above), sorted by
# line, arch and step; a step recorded in more than one directory is one
# row, the first that failed, else the first.
result_rows() {
	local dir f name line arch step status seconds detail
	for dir in "$@"; do
		for f in "$dir"/* "$dir"/*/*; do
			[[ -f $f ]] || continue
			name=${f##*/}
			step=${name##*.}
			name=${name%.*}
			arch=${name##*.}
			line=${name%.*}
			IFS=$'\t' read -r status seconds detail <"$f"
			printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$line" "$arch" "$step" "$status" "$seconds" "$detail"
		done
	done | LC_ALL=C sort -t$'\t' -k1,1V -k2,2 -k3,3 -s | awk -F'\t' '
		{ k = $1 FS $2 FS $3
		  if (!(k in row)) { order[++n] = k; row[k] = $0 }
		  else if ($4 == "fail" && row[k] !~ /^[^\t]*\t[^\t]*\t[^\t]*\tfail\t/) row[k] = $0 }
		END { for (i = 1; i <= n; i++) print row[order[i]] }'
}
