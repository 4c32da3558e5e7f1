"""Normalised numbers, amounts, percentages and dates: the ``factcheck_quantities`` component."""
