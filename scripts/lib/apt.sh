# shellcheck shell=bash
# Debian's apt, the one place it is driven: this machine's own apt sources
# read for the mirror (never a host written here), private apt states under
# the cache for what the tools fetch (Debian's source packages, another
# arch's busybox-static, the suites' indexes), and the installing of this
# host's packages (scripts/install-deps). Sourced by lib.sh.

# A deb822 or one-line apt source: print "URI SUITE" for every Debian suite.
apt_source_suites() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f $f ]] || continue
		awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++
			print $i, $(i + 1) }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] || continue
		awk 'BEGIN { RS = ""; FS = "\n" }
			{ uri = ""; suites = ""
			  for (i = 1; i <= NF; i++) {
				if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, " "); uri = u[1] }
				if ($i ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", $i); suites = $i }
			  }
			  n = split(suites, s, " "); for (j = 1; j <= n; j++) if (uri != "") print uri, s[j] }' "$f"
	done
}

# The mirror URI this machine uses for Debian's main archive (security=0) or
# its security archive (security=1). VFIO_QUEUE_DEBIAN_MIRROR, when set, is
# used for both instead: a distro's own mirror, or the tests' fixture archive.
debian_mirror() {
	local want_security=$1 uri suite
	if [[ -n ${VFIO_QUEUE_DEBIAN_MIRROR:-} ]]; then
		printf '%s\n' "${VFIO_QUEUE_DEBIAN_MIRROR%/}"
		return 0
	fi
	local codename='^(buster|bullseye|bookworm|trixie|forky|duke|sid)'
	while read -r uri suite; do
		if [[ $want_security == 1 && $suite =~ $codename-security$ ]] ||
			[[ $want_security == 0 && $suite =~ $codename(-updates)?$ ]]; then
			printf '%s\n' "${uri%/}"
			return 0
		fi
	done < <(apt_source_suites)
	return 1
}

# debian_suite_uri SUITE: the mirror URI of a Debian suite, or fail saying
# what is missing.
debian_suite_uri() {
	if [[ $1 == *-security ]]; then
		debian_mirror 1 || die "no Debian security mirror in this machine's apt sources (/etc/apt/sources.list*); add one for *-security, then retry"
	else
		debian_mirror 0 || die "no Debian mirror in this machine's apt sources (/etc/apt/sources.list*); add one, then retry"
	fi
}

# A private apt state: sources, lists and cache in a directory under the
# cache, so the system's apt configuration is never touched. The keyring
# that signs the suites' indexes: Debian's, or VFIO_QUEUE_DEBIAN_KEYRING's
# (with VFIO_QUEUE_DEBIAN_MIRROR).
# Read by the scripts that source this file.
# shellcheck disable=SC2034
DEBIAN_KEYRING=${VFIO_QUEUE_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}

# private_apt_sources DIR ENTRY: start the private apt state DIR with ENTRY
# (a one-line "deb ..." or "deb-src ...") as its only source.
private_apt_sources() {
	local dir=$1 entry=$2
	mkdir -p "$dir"/{sources.list.d,lists/partial,cache/archives/partial}
	printf '%s\n' "$entry" >"$dir/sources.list"
}

# apt_in DIR ARGS...: apt-get on the private apt state DIR.
apt_in() {
	local dir=$1
	shift
	apt-get -o Dir::Etc::SourceList="$dir/sources.list" \
		-o Dir::Etc::SourceParts="$dir/sources.list.d" \
		-o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache" "$@"
}

# setup_private_binary_apt DEBARCH DIR: an apt state in DIR for DEBARCH
# binary packages of this machine's own Debian release, from the mirror its
# apt sources name.
setup_private_binary_apt() {
	local debarch=$1 dir=$2 uri codename opts=''
	uri=$(debian_mirror 0) || die "no Debian mirror in this machine's apt sources (/etc/apt/sources.list*); add one, then retry"
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[[ -n $codename ]] || die "cannot tell this machine's Debian release (no VERSION_CODENAME in /etc/os-release)"
	[[ -f $DEBIAN_KEYRING ]] && opts="[arch=$debarch signed-by=$DEBIAN_KEYRING] "
	private_apt_sources "$dir" "deb $opts$uri $codename main"
}

# apt_arch DIR DEBARCH ARGS...: apt-get on that private state, for DEBARCH.
apt_arch() {
	local dir=$1 debarch=$2
	shift 2
	apt_in "$dir" -o APT::Architecture="$debarch" -o APT::Architectures="$debarch" "$@"
}

# The packages of the list not installed on this host, one a line.
missing_packages() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			printf '%s\n' "$p"
	done
}

# ensure_cmd COMMAND PACKAGE: install PACKAGE where COMMAND is missing, so
# the explicit commands work on a new machine as the README's do (root
# only: otherwise install_packages says what to install).
ensure_cmd() {
	command -v "$1" >/dev/null 2>&1 || install_packages "$2"
}

# install_packages PKG...: install them with the system's apt (root only).
install_packages() {
	((EUID == 0)) || die "missing packages: $*; run as root, or: sudo apt-get install $*"
	note "installing: $*"
	apt-get -q update >/dev/null || die "apt-get update failed; check this machine's apt sources"
	DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "$@" >/dev/null ||
		die "apt-get install $* failed"
}

# unpack_line_source DEST [OPTION...]: the line's own Debian source package
# (the .dsc fetch-kernel downloaded, apt having checked it against the
# suite's signed index; dpkg-source checks its tarballs against it)
# unpacked into DEST, made anew; OPTIONs go to dpkg-source (--skip-patches
# leaves Debian's patches unapplied). The log is DEST.log; a failed unpack
# leaves no DEST.
unpack_line_source() {
	local dest=$1 dsc
	shift
	dsc=$(cache_path download "linux_${LINE_DEBIAN_VERSION}.dsc")
	[[ -f $dsc ]] || die "no $dsc in the cache; run: scripts/fetch-kernel $LINE"
	ensure_cmd dpkg-source dpkg-dev
	rm -rf "$dest.tmp" "$dest"
	mkdir -p "${dest%/*}"
	dpkg-source "$@" -x "$dsc" "$dest.tmp" >"$dest.log" 2>&1 ||
		{ rm -rf "$dest.tmp"; die "dpkg-source -x $dsc failed; see $dest.log"; }
	mv "$dest.tmp" "$dest"
}
