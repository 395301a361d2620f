"""The hostile-input campaign: damaged files made on purpose, and a subprocess harness that
runs each through the app with a time limit: opened (probe → read_file → preview_image),
labeled (the real export) and tampered with (each kind of the workshop demo).

`generate` makes the inputs (seeded, deterministic recipes), `crafted` the hand-made hostile
structures (decompression bombs, deep nesting, bad box sizes), `operations` what a worker
does to one input and the checks after it, `harness` the worker processes, and `campaign`
is the script that runs the full set and prints the figures.
"""
