"""The one exception the CLI turns into a clean, one-line exit, and the counts of
a stage that gives up on single items instead of dying of them."""


class FactcheckError(Exception):
    """A problem the user can fix (bad input, a missing file, a bad option).

    The CLI prints ``str(error)`` on one line of stderr and exits non-zero,
    without a traceback.
    """


class BadOption(FactcheckError):
    """An option given a value it cannot take: the CLI exits 2, as for any usage error."""


class StageCounts(dict):
    """What a stage did, by name (``{"claims": 12}``), and one line for each item it gave up on.

    A failure adds ``failed`` to the counts, so summaries and --json show it;
    the CLI prints each of ``failures`` on stderr and exits non-zero.
    """

    def __init__(self, **counts: int) -> None:
        super().__init__(counts)
        self.failures: list[str] = []

    def fail(self, message: str) -> None:
        self.failures.append(message)
        self["failed"] = len(self.failures)


def one_line(error: BaseException) -> str:
    """``ValueError: bad value``: an unexpected error's kind and message, fit for one line of stderr."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
