# 6.18.y: the series is upstream here (v6.1-rc1), so this queue holds only the
# later upstream fixes to the series that 6.18.y lacks. A patch file is named
# after its subject, as the stable queue names them; the order is this
# file's alone.
#
# Follow-up commits considered (see upstream/commits.tsv):
#   168a9c91fe0a vfio: platform: ignore missing reset if disabled at module init
#                (v6.3, Fixes: 5f6c7e0831a1): in 6.18 (v6.3 < v6.18): not needed.
#   303c9c63abb9 bus: fsl-mc: don't assume child devices are all fsl-mc devices
#                (Fixes: 3c28a76124b2): in 6.18 (dprc-driver.c checks
#                dev_is_fsl_mc()): not needed.
#   c55365a09302 docs: vfio: Update vfio.rst per latest interfaces (v6.3): in
#                6.18 too.
# So the queue is empty today: the line is a reference for the tests (every
# test must pass on it), and the place for the next fix 6.18.y lacks.
# not-applicable 168a9c91fe0a vfio: platform: ignore missing reset if disabled at module init: already in 6.18.15 (checked in its code)
# not-applicable 303c9c63abb9 bus: fsl-mc: don't assume child devices are all fsl-mc devices: already in 6.18.15 (checked in its code)
# not-applicable c55365a09302 docs: vfio: Update vfio.rst per latest interfaces: already in 6.18.y (upstream since v6.3)
