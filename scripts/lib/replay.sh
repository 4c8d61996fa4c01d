# shellcheck shell=bash
# Push a queue onto another release of its line one patch at a time, and say
# what each patch needed: nothing, a refresh (it only moved), a drop (the
# release already has it) or work by hand (a hunk does not fit). Sourced by
# scripts/rebase and scripts/sweep after lib.sh.

# The options of 'quilt refresh' that write the diff format the queue's
# patches already have: a/ b/ prefixes, no timestamps, no Index: lines, the
# C function of each hunk in its @@ line.
REFRESH_ARGS=(-p ab --no-timestamps --no-index)
export QUILT_DIFF_OPTS=--show-c-function

# rquilt TREE SERIES PATCHES ARGS...: quilt in TREE on that series, with no
# user quiltrc in the way.
rquilt() {
	local tree=$1 series=$2 patches=$3
	shift 3
	(cd "$tree" && QUILT_PATCHES=$patches QUILT_SERIES=$series QUILT_PC=.pc \
		quilt --quiltrc - "$@" </dev/null)
}

# The upstream commit a patch carries (the first its body names), or nothing
# for a backport-only patch.
patch_upstream_sha() {
	patch_upstream_commits "$1" | sed -n '1s/^[a-z]* //p'
}

patch_subject() {
	sed -nE '0,/^Subject:/{s/^Subject: *(\[[^]]*\] *)?//p}' "$1"
}

# The hunks of a failed 'quilt push', one "FILE hunk #N at line L" a line.
failed_hunks() {
	awk '
		/^patching file / { file = $3 }
		/^can.t find file to patch/ { print "a file the patch changes is missing"; next }
		/^Hunk #[0-9]+ FAILED at [0-9]+/ { sub(/\.$/, "", $5); printf "%s hunk %s at line %s\n", file, $2, $5 }'
}

# drop_from_series SERIES PATCH REASON: turn the patch's line into the
# series' not-applicable comment, so the drop stays visible.
drop_from_series() {
	local series=$1 patch=$2 reason=$3
	awk -v p="$patch" -v r="$reason" '
		!done && $1 == p { print "# not-applicable " r; done = 1; next } { print }' \
		"$series" >"$series.new" && mv -f -- "$series.new" "$series"
}

# replay TREE SERIES PATCHES RELEASE LOG MODE: push the rest of the series.
# MODE refresh rewrites a patch that only moved (quilt refresh); check
# leaves the patches as they are. Each patch gets a row in LOG:
#   clean PATCH | moved PATCH | dropped PATCH SHA | fails PATCH HUNKS...
# A patch the release already has (it reverse-applies) is dropped from
# SERIES. Returns 1 at the first patch that does not fit, leaving it unpushed.
replay() {
	local tree=$1 series=$2 patches=$3 release=$4 log=$5 mode=$6 patch out sha why
	while patch=$(rquilt "$tree" "$series" "$patches" next 2>/dev/null); do
		patch=${patch##*/}
		if out=$(rquilt "$tree" "$series" "$patches" push --fuzz=0 2>&1); then
			if grep -qE '^Hunk #[0-9]+ succeeded at .*\(offset' <<<"$out"; then
				if [[ $mode == refresh ]]; then
					rquilt "$tree" "$series" "$patches" refresh "${REFRESH_ARGS[@]}" >/dev/null
				fi
				printf 'moved %s\n' "$patch" >>"$log"
			else
				printf 'clean %s\n' "$patch" >>"$log"
			fi
		elif (cd "$tree" && patch -p1 -R --dry-run --fuzz=0 -s -f <"$patches/$patch" >/dev/null 2>&1); then
			sha=$(patch_upstream_sha "$patches/$patch")
			if [[ -n $sha ]]; then
				why="${sha:0:12} $(patch_subject "$patches/$patch"): already in $release (the base took it from stable)"
			else
				why="$patch: already in $release"
			fi
			drop_from_series "$series" "$patch" "$why"
			printf 'dropped %s %s\n' "$patch" "${sha:-backport-only}" >>"$log"
		else
			printf 'fails %s %s\n' "$patch" "$(failed_hunks <<<"$out" | paste -sd';' | sed 's/;/; /g')" >>"$log"
			return 1
		fi
	done
	return 0
}
