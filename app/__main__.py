"""`python -m app` behaves exactly like the `credlabel` command."""

import sys

from app.start import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # Batch labeling starts worker processes with "spawn": a frozen bundle must let a
        # child run its task instead of starting the app again. Only a frozen bundle needs
        # it, so other starts do not pay for importing multiprocessing (~20 ms).
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
