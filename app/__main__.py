"""`python -m app` behaves exactly like the `credlabel` command."""

import multiprocessing
import sys

from app.start import main

if __name__ == "__main__":
    # Batch labeling starts worker processes with "spawn": a frozen bundle must let a
    # child run its task instead of starting the app again.
    multiprocessing.freeze_support()
    sys.exit(main())
