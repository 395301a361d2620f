"""The CredLabel window: PySide6 widgets on the core (no core logic lives here)."""
