import sys

from hksh_packager.cli import main

sys.exit(main())
