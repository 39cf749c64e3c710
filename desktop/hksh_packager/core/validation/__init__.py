"""Dataset validation: a JSON Schema for one row plus table rules, checked column by column."""
