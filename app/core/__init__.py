"""The Qt-free core of CredLabel: probing media, reading credentials, disclosure, signing.

Nothing in this package may import PySide6: the CLI, the GUI and the tests all stand on it.
"""
