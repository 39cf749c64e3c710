"""Team keys, where their secrets are kept, minisign signatures and the organisers' trust list."""
