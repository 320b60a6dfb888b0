#!version:1.0.0.1
## pbxc: boot file of one phone (T54W)
# The files this phone loads, in order; a setting in a later file wins
include:config "y000000000096.cfg"
include:config "805ec0123456.cfg"
# 1: a setting no file sets any more returns to its factory default
overwrite_mode = 1
