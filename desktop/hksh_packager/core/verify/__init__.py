"""Verifying a bundle from an untrusted source: open it safely, then check everything."""
