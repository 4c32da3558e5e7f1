"""Who each claim is attributed to: the ``factcheck_attribution`` component."""
