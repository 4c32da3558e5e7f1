"""The claims stage's NLP on Dask workers, with this process the one writer.

The per-article analysis is independent work: workers run the same pipeline
and the same record building as a plain ingest (``claims.analysed_records``) on
batches of article texts and send back plain records
(``claims.ArticleRecords``); this process stores them in the order a plain
ingest would, so the database comes out the same. ``dask`` is either a number
of worker processes to start on this machine, or the address of a running
scheduler (``tcp://host:8786``) whose workers have factcheck and the same
spaCy model installed. Needs the ``distributed`` extra (``pip install
'factcheck[distributed]'``).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from .claims import BATCH_SIZE, ArticleRecords, analysed_records, article_label
from .errors import BadOption, FactcheckError, StageCounts, one_line

if TYPE_CHECKING:
    from distributed import Client
    from spacy.language import Language

TASK_ARTICLES = 2 * BATCH_SIZE
"""Articles per task: enough to amortise the scheduler's round trip, few enough to spread the work."""
TASKS_PER_THREAD = 2
"""Tasks kept waiting per worker thread, so that no worker idles while results are stored."""
CONNECT_SECONDS = 10

_thread = threading.local()


def analysed_on_dask(dask: str, articles: list[dict], counts: StageCounts) -> Iterator[tuple[dict, ArticleRecords]]:
    """Each article with its records, analysed on Dask, in the order of ``articles``.

    A task whose worker fails reports each of its articles in ``counts`` and
    leaves them unanalysed for the next run, as a plain ingest does.
    """
    from .nlp import model_name

    model = model_name()
    tasks = [articles[first:first + TASK_ARTICLES] for first in range(0, len(articles), TASK_ARTICLES)]
    with dask_client(dask) as client:
        in_flight_limit = max(1, sum(client.nthreads().values())) * TASKS_PER_THREAD
        pending = iter(tasks)
        in_flight: deque = deque()
        while True:
            while len(in_flight) < in_flight_limit and (task := next(pending, None)) is not None:
                in_flight.append((task, client.submit(analyse_task, task, model, pure=False)))
            if not in_flight:
                return
            task, future = in_flight.popleft()
            try:
                found, failures = future.result()
            except FactcheckError:
                raise  # the workers cannot run the pipeline at all (no such model): say so once
            except Exception as error:
                for article in task:
                    counts.fail(f"claims: {article_label(article)}: {one_line(error)}")
                continue
            for message in failures:
                counts.fail(message)
            by_id = {article["id"]: article for article in task}
            for article_id, records in found:
                yield by_id[article_id], records


def analyse_task(articles: list[dict], model: str) -> tuple[list[tuple[int, ArticleRecords]], list[str]]:
    """On a worker: the records of each article (by id) and the failure lines of those it could not analyse."""
    counts = StageCounts()
    found = [(article["id"], records) for article, records in analysed_records(_pipeline(model), articles, 1, counts)]
    return found, counts.failures


def _pipeline(model: str) -> Language:
    """This worker thread's pipeline, loaded once (threads of one worker process do not share one)."""
    from .nlp import load

    pipelines = _thread.__dict__.setdefault("pipelines", {})
    if model not in pipelines:
        pipelines[model] = load(model)
    return pipelines[model]


def local_workers(dask: str) -> int | None:
    """The worker processes ``dask`` asks this machine for, or None for a scheduler's address;
    FactcheckError when Dask is missing, BadOption when ``dask`` is neither a number of workers
    nor an address (checked before anything is stored, not when the scheduler is first reached)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise FactcheckError("--dask needs Dask: pip install 'factcheck[distributed]'") from None
    if not dask.strip().lstrip("-").isdigit():
        _check_address(dask)
        return None
    if int(dask) < 1:
        raise BadOption(f"--dask needs at least 1 worker (got {dask})")
    return int(dask)


def _check_address(dask: str) -> None:
    """BadOption unless ``dask`` has the form of a scheduler's address (no connection is tried)."""
    from distributed.comm import get_address_host_port

    # A cluster in this very process ("inproc://") has no host and port to check.
    if dask.startswith("inproc://"):
        return
    try:
        get_address_host_port(dask)
    except ValueError as error:
        raise BadOption(f"--dask {dask!r} is neither a number of workers nor a scheduler's address "
                        f"(tcp://host:8786): {error}") from None


@contextmanager
def dask_client(dask: str) -> Iterator[Client]:
    """A client of a local cluster of ``dask`` worker processes, or of the scheduler at address ``dask``."""
    from distributed import Client, LocalCluster

    workers = local_workers(dask)
    if workers is not None:
        # No dashboard: its fixed port would clash with another cluster on the machine.
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(dask, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        raise FactcheckError(f"cannot reach the Dask scheduler {dask}: {one_line(error)}") from None
    with client:
        yield client
