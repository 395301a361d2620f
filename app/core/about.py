"""The app's name, id and version (read by the core, both front ends and the packaging)."""

__version__ = "0.1.0"
APP_NAME = "CredLabel"
APP_ID = "org.credlabel.CredLabel"
