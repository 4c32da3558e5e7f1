"""Claim units: the ``factcheck_claims`` component."""
