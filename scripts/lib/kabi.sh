# shellcheck shell=bash
# The kABI verdict: whether a measured change (an export removed, an
# export's CRC changed, a structure's layout changed) is a break the line
# accepts, from kernels/<line>/kabi-accepted. Owns the accepted list's
# format and the rules; pure (a function of the list and the names), so
# t/unit/kabi.t tests it on the recorded rows of real reports. Sourced by
# scripts/abi-report, which measures, then asks these.
#
# The accepted list, one break a line: "export NAME REASON" or "struct NAME
# REASON"; a CRC that changes only through accepted structures is accepted
# with them. ACCEPTED_LIST names it.

# VERDICT and the counters are read by scripts/abi-report, which sources this.
# shellcheck disable=SC2034

# A readable type name: s#vfio_device -> struct vfio_device.
type_name() {
	sed -E 's/^s#/struct /; s/^u#/union /; s/^e#/enum /; s/^t#//' <<<"$1"
}

# load_accepted: ACCEPTED_LIST into ACCEPTED_REASONS ("KIND NAME" ->
# reason), again only when ACCEPTED_LIST names another file.
load_accepted() {
	local kind name reason
	[[ ${ACCEPTED_LOADED-x} != "$ACCEPTED_LIST" ]] || return 0
	declare -gA ACCEPTED_REASONS=()
	if [[ -f $ACCEPTED_LIST ]]; then
		while read -r kind name reason; do
			[[ -n $kind && $kind != \#* ]] || continue
			[[ -n ${ACCEPTED_REASONS["$kind $name"]+x} ]] || ACCEPTED_REASONS["$kind $name"]=$reason
		done <"$ACCEPTED_LIST"
	fi
	ACCEPTED_LOADED=$ACCEPTED_LIST
}

# accepted KIND NAME: the reason kabi-accepted gives for a break, if any.
accepted() {
	load_accepted
	[[ -n ${ACCEPTED_REASONS["$1 $2"]+x} ]] || return 1
	printf '%s\n' "${ACCEPTED_REASONS["$1 $2"]}"
}

# verdict KIND NAME: VERDICT is "accepted: reason" or "BREAK"; BREAKS
# counts the breaks not accepted, ACCEPTED those accepted (THROUGH, by
# verdict_crc, the exports whose CRC changes only through accepted types).
verdict() {
	local why
	load_accepted
	if why=$(accepted "$1" "$2"); then
		VERDICT="accepted: $why"
		ACCEPTED=$((ACCEPTED + 1))
	else
		VERDICT="BREAK (not in ${ACCEPTED_LIST#"$QUEUE_ROOT"/})"
		BREAKS=$((BREAKS + 1))
	fi
}

# verdict_crc SYMBOL TYPES: a changed CRC is accepted when kabi-accepted
# lists the symbol, or every changed type it reaches as a struct.
verdict_crc() {
	local sym=$1 types=$2 t
	load_accepted
	if accepted export "$sym" >/dev/null || [[ -z $types ]]; then
		verdict export "$sym"
		return
	fi
	for t in $types; do
		accepted struct "${t#?#}" >/dev/null || { verdict export "$sym"; return; }
	done
	VERDICT="accepted through $(for t in $types; do type_name "$t"; done | paste -sd, | sed 's/,/, /g') (kabi-accepted)"
	THROUGH=$((THROUGH + 1))
}

