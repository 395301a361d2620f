"""Signing: certificates and their checks, the identity store and its files, and the c2pa signer."""
