"""The dataset catalogue: real Hong Kong and Shanghai datasets, search, header matching, lookup."""
