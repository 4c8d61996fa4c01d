# shellcheck shell=bash
# The point releases of a line that Debian serves: listed from the signed
# Sources indexes of the line's suites (DEBIAN_SUITES in line.conf), checked
# for download, downloaded and verified. Sourced by scripts/rebase and
# scripts/sweep after lib.sh and load_line.

# The private apt state of the line's suites (lib.sh: apt_in).
releases_apt_dir() {
	cache_path apt-releases "$LINE"
}

releases_log() {
	cache_path log "releases-$LINE"
}

# Fetch the Sources index of every suite of the line; apt checks each
# against its signed Release file.
update_release_index() {
	local dir entries='' suite uri opts=''
	[[ $LINE_SOURCE == debian ]] ||
		die "$LINE comes from a tarball, not from Debian: give the new release with --tarball FILE or --tree DIR"
	need_cmd apt-get apt
	dir=$(releases_apt_dir)
	[[ -f $DEBIAN_KEYRING ]] && opts="[signed-by=$DEBIAN_KEYRING] "
	for suite in $LINE_DEBIAN_SUITES; do
		uri=$(debian_suite_uri "$suite")
		entries+="deb-src $opts$uri $suite main"$'\n'
	done
	mkdir -p "$(cache_path log)"
	private_apt_sources "$dir" "${entries%$'\n'}"
	apt_in "$dir" -q update >>"$(releases_log)" 2>&1 ||
		die "apt-get update of $LINE_DEBIAN_SUITES failed (a suite missing, or an index whose signature does not verify); see $(releases_log)"
}

# Print every release of the line the suites list, oldest first, one row
# "UPSTREAM DEBIAN_VERSION SUITE SHA256 URI" per Debian version and suite:
# URI is where that suite's orig tarball is, SHA256 its checksum in the
# signed index. Run update_release_index first.
list_releases() {
	local file suite repo prefix=${LINE%.y}.
	# The single quotes keep apt's own $(FIELD) placeholders.
	# shellcheck disable=SC2016
	while read -r file suite repo; do
		[[ -f $file ]] || continue
		/usr/lib/apt/apt-helper cat-file "$file" | awk -v suite="$suite" -v repo="${repo%/}" -v prefix="$prefix" '
			/^Package: / { pkg = $2 }
			/^Version: / { ver = $2 }
			/^Directory: / { dir = $2 }
			/^Checksums-Sha256:/ { sums = 1; next }
			/^[^ ]/ { sums = 0 }
			sums && $3 ~ /\.orig\.tar\.xz$/ { orig = $3; sha = $1 }
			/^$/ { emit() }
			END { emit() }
			function emit(  up) {
				up = ver; sub(/-[^-]*$/, "", up)
				if (pkg == "linux" && index(up, prefix) == 1 && orig == "linux_" up ".orig.tar.xz")
					print up, ver, suite, sha, repo "/" dir "/" orig
				pkg = ver = dir = orig = sha = ""
			}'
	done < <(apt_in "$(releases_apt_dir)" indextargets --format '$(FILENAME) $(RELEASE) $(REPO_URI)' 'Identifier: Sources') |
		sort -V -k1,1 -k2,2 | uniq
}

# release_rows VERSION: the rows of list_releases of one upstream version
# (6.1.187) or Debian version (6.1.187-1), newest Debian revision first.
release_rows() {
	list_releases | awk -v w="$1" '$1 == w || $2 == w' | sort -r -V -k2,2
}

# orig_available URI: succeed if the orig tarball can really be downloaded
# (its first byte is served); else print why not.
orig_available() {
	local err
	err=$(curl -fsS --connect-timeout 15 -r 0-0 -o /dev/null "$1" 2>&1) && return 0
	err=${err#curl: }
	printf '%s\n' "$(sed -E 's/^\([0-9]+\) //' <<<"$err")"
	return 1
}

# downloadable_row UP: the first row of release UP (newest Debian revision
# first) whose orig tarball can really be downloaded; each one that cannot
# is said. Fails if none can, printing why the last one could not.
downloadable_row() {
	local up=$1 row why='' suite uri tried=' '
	while read -r row; do
		read -r _ _ suite _ uri <<<"$row"
		# Debian revisions of one release share its orig tarball.
		[[ $tried != *" $uri "* ]] || continue
		tried+="$uri "
		if why=$(orig_available "$uri"); then
			printf '%s\n' "$row"
			return 0
		fi
		note "linux $up is listed in $suite, but its orig tarball cannot be downloaded ($why)"
	done < <(release_rows "$up")
	printf '%s\n' "${why:-not listed}"
	return 1
}

# download_orig URI SHA256 FILE: download an orig tarball into FILE unless a
# verified one is there; it is checked against the signed index's sha256.
download_orig() {
	local uri=$1 sha=$2 file=$3
	if [[ -f $file ]]; then
		verify_sha256 "$file" "$sha" && return 0
		rm -f -- "$file"
		note "removed $file from the cache: its sha256 is not the one Debian's index gives"
	fi
	mkdir -p "${file%/*}"
	curl -fsSL --connect-timeout 15 -o "$file.part" "$uri" 2>>"$(releases_log)" ||
		{ rm -f -- "$file.part"; return 1; }
	if ! verify_sha256 "$file.part" "$sha"; then
		rm -f -- "$file.part"
		note "the download of ${file##*/} does not have the sha256 of Debian's index; removed"
		return 1
	fi
	mv -f -- "$file.part" "$file"
}

# The cache file of an upstream release's orig tarball (fetch-kernel's too).
orig_file() {
	cache_path download "linux_$1.orig.tar.xz"
}
