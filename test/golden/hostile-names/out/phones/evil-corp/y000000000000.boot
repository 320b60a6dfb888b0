#!version:1.0.0.1
## pbxc: common boot file of tenant evil-corp
# The files this phone loads, in order; a setting in a later file wins
include:config "y000000000108.cfg"
# 1: a setting no file sets any more returns to its factory default
overwrite_mode = 1
