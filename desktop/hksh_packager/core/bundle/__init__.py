"""Writing a submission bundle: a deterministic zip holding one signed BagIt bag."""
