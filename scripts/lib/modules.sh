# shellcheck shell=bash
# Which kernel modules the guest takes from a distro kernel's package: the
# names ci/guest/modules.h owns, and their closure in the package's module
# tree. Pure (functions of the header and of modules.dep/modules.softdep),
# tested in t/unit/modules.t on a fixture tree; sourced by
# scripts/boot-debian-package. Needs lib.sh (die).

# guest_modules HEADER: the modules the guest tests load, by module name:
# the *_MODULE lines of HEADER (ci/guest/modules.h, which owns the list;
# what they depend on comes with them: module_closure).
guest_modules() {
	local header=$1 names
	names=$(sed -nE 's/^#define[[:space:]]+[A-Z0-9_]+_MODULE[[:space:]]+"([^"]+)".*/\1/p' "$header")
	[[ -n $names ]] || die "no \"#define <NAME>_MODULE \"<module>\"\" line in $header: which modules would the guest load?"
	printf '%s\n' "$names"
}

# module_closure MODDIR NAME...: the module files (relative to MODDIR, as
# modules.dep names them) of the NAMEs the package has, and of everything
# they depend on: modules.dep, and the soft dependencies modprobe would
# load with them (modules.softdep: vfio's type1, 5.10's and 5.15's mdev
# core's vfio_mdev). A name's - and _ are the same to the kernel.
module_closure() {
	local moddir=$1
	shift
	awk -v want="$(tr '-' '_' <<<"$*")" '
		function modname(f) { sub(/.*\//, "", f); sub(/\.ko(\.[a-z]+)?$/, "", f); gsub(/-/, "_", f); return f }
		BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) wanted[w[i]] = 1 }
		FILENAME ~ /modules\.dep$/ {
			sub(/:$/, "", $1); deps[$1] = $0; byname[modname($1)] = $1; next }
		$1 == "softdep" {
			for (i = 3; i <= NF; i++) if ($i !~ /:$/) soft[modname($2)] = soft[modname($2)] " " modname($i) }
		END {
			for (m in wanted) if (m in byname) queue[++q] = byname[m]
			while (q > 0) {
				f = queue[q--]
				if (f in seen) continue
				seen[f] = 1; print f
				k = split(deps[f], d, " ")
				for (i = 2; i <= k; i++) if (!(d[i] in seen)) queue[++q] = d[i]
				k = split(soft[modname(f)], d, " ")
				for (i = 1; i <= k; i++) if ((d[i] in byname) && !(byname[d[i]] in seen)) queue[++q] = byname[d[i]]
			}
		}' "$moddir/modules.dep" "$(soft_deps_file "$moddir")"
}

# The soft dependencies depmod wrote (none: an empty file of them).
soft_deps_file() {
	if [[ -f $1/modules.softdep ]]; then printf '%s\n' "$1/modules.softdep"; else printf '/dev/null\n'; fi
}
