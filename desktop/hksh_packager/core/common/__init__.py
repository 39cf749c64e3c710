"""What every part of core shares: errors, atomic writes, paths, progress and cancel, logging,
JSON helpers."""
