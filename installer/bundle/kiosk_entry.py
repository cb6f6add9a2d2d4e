"""Entry point of the bundled `kiosk` executable: the same CLI as the wheel's `kiosk`."""

import multiprocessing
import sys

from kiosk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
