# shellcheck shell=bash
# Series and the upstream table: the patches a series lists, the files they
# touch, the upstream commits the queue knows (upstream/commits.tsv) and the
# forms a patch names them in, the names stable gives patch files; and the
# working copy's links to the pristine tree those files must not share.
# Sourced by lib.sh.

# The patch files a series lists, in order (comments and blank lines skipped,
# quilt options after the name dropped).
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]].*//' -e '/^$/d' "$1"
}

# The upstream commits the queue knows (see upstream/README).
UPSTREAM_COMMITS="$QUEUE_ROOT/upstream/commits.tsv"

# upstream_field SHA N: column N of the upstream/commits.tsv row whose sha
# starts with SHA (1 order, 2 full sha, 3 subject, 4 the commit it fixes,
# 5 the Message-Id of its posting); nothing if no row has it.
upstream_field() {
	local sha row
	local -a f
	load_upstream
	for sha in "${UPSTREAM_SHAS[@]}"; do
		[[ $sha == "$1"* ]] || continue
		row=${UPSTREAM_ROWS[$sha]}
		IFS=$'\t' read -r -a f <<<"$row"
		printf '%s\n' "${f[$2 - 1]:-}"
		return 0
	done
}

# load_upstream: upstream/commits.tsv into UPSTREAM_ROWS (full sha -> row)
# and UPSTREAM_SHAS (in file order), once: the checks look it up often (a
# script that does calls it first, so that the lookups in its command
# substitutions find it loaded).
load_upstream() {
	[[ -z ${UPSTREAM_LOADED:-} ]] || return 0
	local line sha
	declare -gA UPSTREAM_ROWS=()
	declare -ga UPSTREAM_SHAS=()
	while IFS= read -r line; do
		[[ $line == \#* || -z $line ]] && continue
		sha=${line#*$'\t'}
		sha=${sha%%$'\t'*}
		UPSTREAM_ROWS[$sha]=$line
		UPSTREAM_SHAS+=("$sha")
	done <"$UPSTREAM_COMMITS"
	UPSTREAM_LOADED=1
}

# upstream_order SHA: the order of an upstream commit given by a full sha or
# a prefix of at least 12 digits; nothing if it is not known.
upstream_order() {
	((${#1} >= 12)) || return 0
	upstream_field "$1" 1
}

# posting_link MESSAGE_ID: the Link: trailer that points at a posting, in
# the form stable queues and upstream maintainers write it.
posting_link() {
	printf 'Link: https://lore.kernel.org/r/%s\n' "$1"
}

# What a well-formed Link: to a posting is: lore's /r/ or /<list>/ address
# of one Message-Id (no angle brackets, an @ in it), a slash at the end or
# not. posting_link writes the first form. Read by scripts/check-series.
# shellcheck disable=SC2034
POSTING_LINK_ERE='^Link: https://lore\.kernel\.org/[a-z0-9._-]+/([^/<> ]+@[^/<> ]+)/?$'

# The lines of a patch body that name an upstream commit, and what each says
# the patch is:
#   commit <sha> upstream.            a backport of that commit (the stable
#   [ Upstream commit <sha> ]         queue's two forms, read as the same)
#   Rewrite of commit <sha> upstream: <reason>
#                                     a diff written for the line that
#                                     shares only its subject and aim with
#                                     that commit (this queue's form; id
#                                     scans find the sha all the same)
# UPSTREAM_LINE_ERE is that form (bash and awk read it; a sha of any length
# matches, so that a checker can say it is not a full one).
UPSTREAM_LINE_ERE='^(commit ([0-9a-f]+) upstream\.|\[ Upstream commit ([0-9a-f]+) \]|Rewrite of commit ([0-9a-f]+) upstream:[[:space:]]*(.*))$'

# upstream_line LINE: "backport SHA" or "rewrite SHA REASON" for such a
# line; status 1 for any other.
upstream_line() {
	[[ $1 =~ $UPSTREAM_LINE_ERE ]] || return 1
	if [[ -n ${BASH_REMATCH[4]} ]]; then
		printf 'rewrite %s %s\n' "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}"
	else
		printf 'backport %s\n' "${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
	fi
}

# patch_upstream_commits PATCH: the upstream commits a patch names at the top
# of its body, one "KIND SHA" a line (KIND as upstream_line says): its own,
# then any follow-up fix folded into it (scripts/check-series keeps them
# together there). Nothing for a Backport-only patch.
patch_upstream_commits() {
	local line body=0 kind sha _
	while IFS= read -r line; do
		if ((!body)); then
			[[ -n $line ]] || body=1
			continue
		fi
		read -r kind sha _ < <(upstream_line "$line") || break
		printf '%s %s\n' "$kind" "$sha"
	done <"$1"
}

# order_key ORDER: a number to compare upstream orders of upstream/commits.tsv
# by: "NN" for the series and its follow-ups, "00.N" for the prerequisites a
# line carries before the series, in their upstream order.
order_key() {
	local order=$1
	if [[ $order =~ ^([0-9]+)\.([0-9]+)$ ]]; then
		printf '%d\n' $((10#${BASH_REMATCH[1]} * 100 + 10#${BASH_REMATCH[2]}))
	else
		printf '%d\n' $((10#$order * 100))
	fi
}

# The file name of a patch with this subject, as the stable queue names
# them: the subject without its [PATCH] tag, lower case, every run of other
# characters than letters, digits and "_" made one "-". Order lives in the
# series file only, so a patch keeps its name wherever it moves.
patch_file_name() {
	printf '%s.patch\n' "$(sed -E 's/^\[[^]]*\] *//' <<<"$1" | tr '[:upper:]' '[:lower:]' |
		sed -E 's/[^a-z0-9_]+/-/g; s/^-+//; s/-+$//')"
}

# The files a series' patches name (old and new side), relative to the tree.
series_files() {
	local series=$1 patches=$2 patch
	series_patches "$series" | while read -r patch; do
		sed -nE 's#^(---|\+\+\+) [^/]+/([^\t ]+).*#\2#p' "$patches/$patch"
	done | sort -u
}

# break_link FILE: give a hard-linked FILE its own copy (same mtime), so a
# change to it cannot reach the pristine tree it is linked to.
break_link() {
	cp -p "$1" "$1.unlink" && mv -f "$1.unlink" "$1"
}

# Give every file the series touches an inode of its own in the working copy:
# quilt keeps its backups as hard links, and an edit made in place (an editor,
# quilt edit) would otherwise reach the pristine tree through them.
break_links() {
	local tree=$1 series=$2 patches=$3 file
	while read -r file; do
		[[ -f $tree/$file ]] || continue
		break_link "$tree/$file"
	done < <(series_files "$series" "$patches")
}

# header_field PATCH NAME: a field of the patch's mail-style header.
header_field() {
	awk -v f="$2: " '/^$/ { exit } index($0, f) == 1 { print substr($0, length(f) + 1); exit }' "$1"
}

# The patch's subject without a leading [PATCH ...] tag.
patch_subject() {
	header_field "$1" Subject | sed -E 's/^\[[^]]*\] *//'
}

# The body of the patch header (after its first blank line) and the diff:
# the mail body, with a "---" between them if the patch has none.
patch_body() {
	awk '
		!body { if (/^$/) body = 1; next }
		!diff && /^(--- |diff --git |Index: )/ { if (!sep) print "---"; diff = 1 }
		!diff && /^---$/ { sep = 1 }
		{ print }' "$1"
}
