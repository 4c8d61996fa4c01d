# 6.1.y: the series is upstream here (v6.1-rc1), so this queue holds only the
# later upstream fixes to the series that 6.1.y lacks. A patch file is named
# after its subject, as the stable queue names them; the order is this
# file's alone.
#
# Follow-up commits considered (see upstream/commits.tsv):
#   168a9c91fe0a vfio: platform: ignore missing reset if disabled at module init
#                (v6.3, Fixes: 5f6c7e0831a1): missing from 6.1.y: carried.
#   303c9c63abb9 bus: fsl-mc: don't assume child devices are all fsl-mc devices
#                (Fixes: 3c28a76124b2): in 6.1.y since 6.1.39: not needed.
#   c55365a09302 docs: vfio: Update vfio.rst per latest interfaces (v6.3, no
#                Fixes:): a document update, not a fix; this reference line
#                carries only the fixes 6.1.y lacks. (5.15.y carries it: there
#                the queue itself removes what the document describes.)
vfio-platform-ignore-missing-reset-if-disabled-at-module-init.patch
# not-applicable 303c9c63abb9 bus: fsl-mc: don't assume child devices are all fsl-mc devices: already in 6.1.y (since 6.1.39)
# not-applicable c55365a09302 docs: vfio: Update vfio.rst per latest interfaces: a document update, not a fix: this reference line carries only the fixes 6.1.y lacks
