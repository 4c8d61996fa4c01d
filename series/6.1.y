# 6.1.y: the series is upstream here (v6.1-rc1), so this queue holds only the
# later upstream fixes to the series that 6.1.y lacks.
#
# Follow-up fixes considered (upstream commits whose Fixes: tag names one of
# the 15 commits of the series; see upstream/commits.tsv):
#   168a9c91fe0a vfio: platform: ignore missing reset if disabled at module init
#                (v6.3, Fixes: 5f6c7e0831a1): missing from 6.1.176: carried.
#   303c9c63abb9 bus: fsl-mc: don't assume child devices are all fsl-mc devices
#                (Fixes: 3c28a76124b2): already in 6.1.176: not needed.
0001-vfio-platform-ignore-missing-reset-if-disabled-at-module-init.patch
