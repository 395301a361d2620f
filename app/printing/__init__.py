"""Printing reports to PDF with Qt (no widgets): used by the CLI and the window, imports neither."""
