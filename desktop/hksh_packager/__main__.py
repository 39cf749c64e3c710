import multiprocessing

from hksh_packager.cli import run

if __name__ == "__main__":  # worker processes import this module too; they must not run it
    # A frozen app's worker processes start as this program again: freeze_support lets them run
    # the worker instead of the command line (it does nothing outside a frozen app).
    multiprocessing.freeze_support()
    run()
