"""Where a team's secret key lives: one interface (`base.py`), the OS keyring and an encrypted file
behind it, an in-memory store for tests, chosen in one place (`select.py`). Nothing is imported
here, so naming the kinds (`kinds.py`) loads no store."""
