"""CredLabel: see, disclose and sign Content Credentials on photos and videos."""

__version__ = "0.1.0"
APP_NAME = "CredLabel"
APP_ID = "org.credlabel.CredLabel"
