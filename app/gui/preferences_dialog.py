"""Preferences: placeholder until the identity store lands (see the full dialog below)."""
