# 5.15.y: "Tidy up vfio_device life cycle" backport. Filled by issue 4.
