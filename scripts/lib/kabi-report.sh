# shellcheck shell=bash
# Where scripts/abi-report keeps a report, and whether a kept one speaks
# for the series at hand: the one place that knows, so abi-report (which
# writes them) and export-debian (which reads their rows) agree. Reads
# LINE, LINE_ARCHES, LINE_VERSION (load_line), SERIES and PATCHES; needs
# lib.sh (cache_path, series_patches).

# The words of all arguments (an arch list), sorted, space separated.
sorted_words() {
	tr ' ' '\n' <<<"$*" | grep . | LC_ALL=C sort | paste -sd' '
}

# report_file ARCH...: where the report of these arches is kept. The report
# of every arch of the line is the one --summary speaks for the line with;
# one of fewer arches (a CI job's, or --arch) is kept beside it.
report_file() {
	local arches
	arches=$(sorted_words "$@")
	if [[ $arches == "$(sorted_words "$LINE_ARCHES")" ]]; then
		cache_path report "abi-$LINE.txt"
	else
		cache_path report "abi-$LINE-${arches// /-}.txt"
	fi
}

# The fingerprint of what a report is about: base release, arches (the
# arguments), series, patches. Written beside the report as REPORT.series.
series_fingerprint() {
	local patch
	{
		printf '%s\n' "$LINE_VERSION"
		printf 'arches: %s\n' "$(sorted_words "$@")"
		cat "$SERIES"
		while read -r patch; do
			cat "$PATCHES/$patch"
		done < <(series_patches "$SERIES")
	} | sha256sum | cut -d' ' -f1
}

# current_report ARCH...: the kept report of these arches (its path, the
# rows beside it in .rows), if it was made of this very series and base.
current_report() {
	local report
	report=$(report_file "$@")
	[[ -f $report.rows && "$(cat "$report.series" 2>/dev/null)" == "$(series_fingerprint "$@")" ]] || return 1
	printf '%s\n' "$report"
}

# current_reports: the reports that speak for this series and base, the
# one of every arch if there is one, else every current one of fewer
# arches (each arch of the line's alone, as CI's jobs make them).
current_reports() {
	local arch found=1
	current_report "$LINE_ARCHES" && return 0
	for arch in $LINE_ARCHES; do
		current_report "$arch" && found=0
	done
	return $found
}
