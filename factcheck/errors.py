"""The one exception the CLI turns into a clean, one-line exit."""


class FactcheckError(Exception):
    """A problem the user can fix (bad input, a missing file, a bad option).

    The CLI prints ``str(error)`` on one line of stderr and exits non-zero,
    without a traceback.
    """
