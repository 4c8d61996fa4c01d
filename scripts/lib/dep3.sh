# shellcheck shell=bash
# DEP-3 headers (Debian's patch tagging guidelines) of the queue's patches,
# derived from their stable metadata, as scripts/export-debian writes them
# into a Debian source package:
#   Description  the subject, then the patch's [ backport: ] note
#   Author       the original From:
#   Origin       "upstream, URL" for a backport of an upstream commit,
#                "backport, URL" for a diff written for the line after it
#                (a "Rewrite of commit" patch), "vendor" for a Backport-only
#                patch
#   Applied-Upstream  the first mainline release with that commit, URL
#   Forwarded    not-needed (upstream has it, or it exists for the line only)
#   Last-Update  the day the patch file last changed
# A pure function of the patch file and that day: t/unit/dep3.t tests it.
# Sourced by scripts/export-debian, after lib.sh.

DEP3_COMMIT_URL=https://git.kernel.org/linus/
# Where DEP-3 wraps the Description's text (its continuation lines start
# with a space).
DEP3_WIDTH=74

# dep3_note PATCH: the text of the patch's [ backport: ] notes, one line,
# without the brackets.
dep3_note() {
	awk '
		/^(---|diff --git |Index: )/ && !in_note { exit }
		!body { if (/^$/) body = 1; next }
		/^\[ backport: / { in_note = 1 }
		in_note { t = $0; sub(/^ +/, "", t); text = text (text == "" ? "" : " ") t }
		in_note && /\]$/ { in_note = 0 }
		END { sub(/^\[ backport: /, "", text); gsub(/ \] \[ backport: /, " ", text); sub(/ ?\]$/, "", text); print text }' "$1"
}

# dep3_header PATCH DAY: the DEP-3 header of a patch of the queue (DAY:
# YYYY-MM-DD, its Last-Update).
dep3_header() {
	local patch=$1 day=$2 kind='' sha='' release url note
	read -r kind sha < <(patch_upstream_commits "$patch" | head -n 1) || true
	printf 'Description: %s\n' "$(patch_subject "$patch")"
	note=$(dep3_note "$patch")
	[[ -z $note ]] || fold -s -w "$DEP3_WIDTH" <<<"$note" | sed -e 's/ *$//' -e 's/^/ /'
	printf 'Author: %s\n' "$(header_field "$patch" From)"
	if [[ -z $kind ]]; then
		printf 'Origin: vendor\n'
	else
		sha=$(upstream_field "$sha" 2)
		url=$DEP3_COMMIT_URL$sha
		release=$(upstream_field "$sha" 6)
		case $kind in
		rewrite) printf 'Origin: backport, %s\n' "$url" ;;
		*) printf 'Origin: upstream, %s\n' "$url" ;;
		esac
		printf 'Applied-Upstream: %s, %s\n' "${release#v}" "$url"
	fi
	printf 'Forwarded: not-needed\n'
	printf 'Last-Update: %s\n' "$day"
}

# dep3_patch PATCH DAY: the patch as Debian carries it: the DEP-3 header,
# "---", then the patch's own message and diff.
dep3_patch() {
	dep3_header "$1" "$2"
	patch_body "$1"
}

# dep3_field FILE NAME: the first line of a DEP-3 field of an exported
# patch's header (the header ends at its first "---" or blank line).
dep3_field() {
	awk -v f="$2: " '/^(---)?$/ { exit } index($0, f) == 1 { print substr($0, length(f) + 1); exit }' "$1"
}

# dep3_problems EXPORTED ORIGINAL: each DEP-3 rule the exported patch breaks,
# a line each ("FIELD: what is wrong"); nothing when it keeps them all. The
# rules are read off the original patch, not off dep3_header:
#   Description  the original's subject
#   Author       the original's From:
#   Origin       upstream/backport/vendor as its first body line says, the
#                commit's full sha in the URL
#   Applied-Upstream  the release upstream/commits.tsv gives the commit
#                (none for a vendor patch)
#   Forwarded    not-needed
#   Last-Update  a day, YYYY-MM-DD
dep3_problems() {
	local out=$1 orig=$2 first kind='' sha='' want_origin=vendor release got
	first=$(awk '!body { if (/^$/) body = 1; next } NF { print; exit }' "$orig")
	if read -r kind sha _ < <(upstream_line "$first"); then
		sha=$(upstream_field "$sha" 2)
		release=$(upstream_field "$sha" 6)
		want_origin="upstream, $DEP3_COMMIT_URL$sha"
		[[ $kind != rewrite ]] || want_origin="backport, $DEP3_COMMIT_URL$sha"
	fi
	got=$(dep3_field "$out" Description)
	[[ $got == "$(patch_subject "$orig")" ]] || echo "Description: \"$got\" is not the subject"
	got=$(dep3_field "$out" Author)
	[[ $got == "$(header_field "$orig" From)" ]] || echo "Author: \"$got\" is not the original From:"
	got=$(dep3_field "$out" Origin)
	[[ $got == "$want_origin" ]] || echo "Origin: \"$got\", the first body line makes it \"$want_origin\""
	got=$(dep3_field "$out" Applied-Upstream)
	if [[ -n $sha ]]; then
		[[ $got == "${release#v}, $DEP3_COMMIT_URL$sha" ]] ||
			echo "Applied-Upstream: \"$got\", upstream/commits.tsv gives \"${release#v}, $DEP3_COMMIT_URL$sha\""
	else
		[[ -z $got ]] || echo "Applied-Upstream: \"$got\" on a patch that exists only in this queue"
	fi
	got=$(dep3_field "$out" Forwarded)
	[[ $got == not-needed ]] || echo "Forwarded: \"$got\", not not-needed"
	got=$(dep3_field "$out" Last-Update)
	[[ $got =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || echo "Last-Update: \"$got\" is not a day (YYYY-MM-DD)"
}
