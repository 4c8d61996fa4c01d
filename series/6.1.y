# 6.1.y: the series is upstream (v6.1-rc1); only later upstream fixes go here.
