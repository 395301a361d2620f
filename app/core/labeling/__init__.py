"""Labeling a copy: the disclosure, history rules (no AI-washing), manifest building, export and
batch."""
