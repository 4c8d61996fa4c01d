# 5.10.y: "Tidy up vfio_device life cycle" backport. Not yet started.
