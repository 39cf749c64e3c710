"""HKSH Packager: describe, validate, bundle, sign and verify open-data challenge submissions."""

import os

# numpy's OpenBLAS starts a thread per core as numpy loads, and they spin waiting for matrix work
# this program never gives them (it does no linear algebra): 0.1 s of a core in every process
# that reads data, taken from Arrow's threads (validate measured 4% quicker without them). Set
# before numpy loads, in every process: a worker imports this package first, and a child inherits
# it. A value the user chose is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
APP_NAME = "hksh-packager"  # folders, logs, the keyring service: never changes
DISPLAY_NAME = "HKSH Packager"  # what a window and a menu call the app
