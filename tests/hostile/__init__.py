"""The hostile-input campaign: damaged files made on purpose, and a subprocess harness that
runs the whole open pipeline (probe → read_file → preview_image) on each with a time limit.

`generate` makes the inputs (seeded, deterministic recipes), `crafted` the hand-made hostile
structures (decompression bombs, deep nesting, bad box sizes), `harness` the worker
processes, and `campaign` is the script that runs the full set and prints the figures.
"""
