"""The submission a team describes: submission.json, the project folder, the challenge's rules."""
