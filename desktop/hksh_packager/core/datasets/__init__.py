"""Reading open-data files as they come: encodings, dialects, chunks."""
