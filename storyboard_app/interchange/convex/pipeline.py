"""Converting a large first import's documents in two child processes while this one writes.

Converting documents (JSON decoding, `rows.convert_documents`, serialising) takes more than
half of a large import; writing them (resolving references, SQLite's inserts) the rest. For a
large first import of many small documents the conversion runs in two child processes, each
streaming its share of the batches of prepared rows through a pipe, so every core is busy. The
results, skips and their order are the same either way; only the transport differs. Memory
stays bounded: batches end by count and by size, and each pipe holds about one.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import os
import sys
import threading
import traceback
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from storyboard_app.domain.errors import StoryboardError
from storyboard_app.interchange.convex import schema
from storyboard_app.interchange.convex.reading import decode_line, iter_documents
from storyboard_app.interchange.convex.rows import PendingRow, Skip, convert_documents
from storyboard_app.interchange.safe_zip import ArchiveError, ZipLimits, open_archive
from storyboard_app.interchange.sql_bulk import RowCodec, table_of

Converted = PendingRow | Skip
# Below this many bytes of JSONL to convert, starting a process costs more than it saves.
PIPELINE_MIN_BYTES = 8 * 1024 * 1024
# Large documents are mostly text to copy, not fields to convert: not worth a process.
PIPELINE_MAX_LINE_BYTES = 16 * 1024
BATCH = 2000
BATCH_BYTES = 4 * 1024 * 1024  # a batch ends at BATCH documents or this much JSON
# Converting processes: with the importer's own, they keep two cores busy.
WORKERS = 2


class ConverterProcess:
    """Child processes converting the given tables' documents, in order, into prepared rows.

    The documents of each table are cut into batches (BATCH documents or BATCH_BYTES of JSON,
    the same cuts in every worker); worker k of n converts batches k, k + n, … and `rows(name)`
    yields them in order as they arrive, so the results are the same as converting here.
    `on_bytes` gets the unpacked bytes read. Errors in a child are raised here: ArchiveError
    as itself.
    """

    def __init__(
        self,
        zip_path: Path,
        members: list[tuple[str, str]],
        limits: ZipLimits,
        storage: dict[str, str],
        *,
        what: str,
        hint: str,
        workers: int = WORKERS,
    ) -> None:
        context: Any = multiprocessing.get_context(_start_method())
        job = _Job(str(zip_path), members, limits, storage, what, hint)
        self._connections: list[Connection] = []
        self._processes: list[Any] = []
        try:
            for worker in range(workers):
                receiving, sending = context.Pipe(duplex=False)
                process = context.Process(
                    target=_child_main,
                    args=(sending, (worker, workers), job),
                    name=f"storyboard-import-converter-{worker}",
                    daemon=True,
                )
                process.start()
                sending.close()  # the child holds the only sending end: EOF if it dies
                self._connections.append(receiving)
                self._processes.append(process)
        except BaseException:
            self.close()
            raise
        self._expected = [name for name, _ in members]

    @property
    def processes(self) -> int:
        return len(self._processes)

    def serves(self, name: str) -> bool:
        """Whether `name` is the next table this converter delivers."""
        return bool(self._expected) and self._expected[0] == name

    def rows(self, name: str, on_bytes: Callable[[int], None]) -> Iterator[Converted]:
        if not self.serves(name):
            raise RuntimeError(f"the converter was not asked for {name} next")
        self._expected.pop(0)
        workers = len(self._connections)
        batch = 0
        while True:
            message = self._receive(batch % workers)
            if message[0] == "end":
                for other in range(workers):  # every worker ends each table, after its batches
                    if other != batch % workers and self._receive(other) != ("end", name):
                        raise StoryboardError(
                            f"The import's converters disagree on where {name} ends; nothing "
                            "was imported. Please report this with the log."
                        )
                return
            on_bytes(message[2])
            for item in message[1]:
                yield item if len(item) == 3 else PendingRow(*item)
            batch += 1

    def _receive(self, worker: int) -> tuple[Any, ...]:
        try:
            data = self._connections[worker].recv_bytes()
        except (EOFError, OSError) as exc:
            self._processes[worker].join(timeout=0.5)  # reaped, so its exit code is known
            code = self._processes[worker].exitcode
            raise StoryboardError(
                f"The import's converter stopped unexpectedly (exit code {code}); nothing was "
                "imported. Try again; if it happens again, report it with the log."
            ) from exc
        message: tuple[Any, ...] = marshal.loads(data)
        if message[0] == "archive-error":
            raise ArchiveError(message[1])
        if message[0] == "crash":
            raise StoryboardError(f"The import's converter failed:\n{message[1]}")
        return message

    def close(self) -> None:
        """Stop the children (at once, when they are not finished) and release the pipes."""
        for connection in self._connections:
            connection.close()
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()

    def __enter__(self) -> ConverterProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def pause_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while a bulk import runs.

    The import makes millions of small containers and no reference cycles, so the collector's
    passes only cost time (about a fifth of it); refcounting still frees everything at once.
    Imports on several threads share one pause: the last to finish resumes collection.
    """
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


_pause_lock = threading.Lock()
_pauses = 0
_resume = False


def _start_method() -> str:
    """Fork when nothing else runs in this process (the command line), else a fresh process.

    Forking a process with other threads (the GUI's) can copy a held lock into the child. Qt's
    pool threads are not Python threads, so the system's own count of threads is asked.
    """
    if sys.platform == "linux" and threading.current_thread() is threading.main_thread():
        with suppress(OSError):
            if len(os.listdir("/proc/self/task")) == 1:
                return "fork"
    return "spawn"


@dataclass(frozen=True)
class _Job:
    """What every converting process is given: the export and how to read it."""

    zip_path: str
    members: list[tuple[str, str]]  # (Convex table, its documents.jsonl), in import order
    limits: ZipLimits
    storage: dict[str, str]  # Convex storage id → media hash
    what: str
    hint: str


def _child_main(connection: Connection, share: tuple[int, int], job: _Job) -> None:
    gc.disable()  # a short-lived process making no reference cycles: see `pause_cyclic_gc`
    # The importer is the pipeline's narrow end: when cores are short, it goes first.
    with suppress(OSError, AttributeError):
        os.nice(10)
    try:
        _convert_share(connection, share, job)
    except ArchiveError as exc:
        _send(connection, ("archive-error", str(exc)))
    except BrokenPipeError:
        return  # the importer stopped reading: cancelled or failed
    except BaseException:  # reported to the importer, which raises it
        _send(connection, ("crash", traceback.format_exc()))
    finally:
        connection.close()


def _convert_share(connection: Connection, share: tuple[int, int], job: _Job) -> None:
    """Convert batches worker, worker + workers, … of each member; send each, then "end"."""
    from sqlalchemy.dialects.sqlite import pysqlite

    worker, workers = share
    dialect = pysqlite.dialect()
    read = [0]

    def count(n: int) -> None:
        read[0] += n

    def send(spec: schema.TableSpec, lines: list[tuple[int, Any]]) -> None:
        documents = ((n, decode_line(x) if type(x) is bytes else x) for n, x in lines)
        batch = [
            _pack(item) if isinstance(item, PendingRow) else item
            for item in convert_documents(spec, documents, job.storage, codec)
        ]
        _send(connection, ("batch", batch, read[0] if worker == 0 else 0))
        read[0] = 0

    zip_path = Path(job.zip_path)
    with open_archive(zip_path, job.limits, job.what, job.hint) as archive:
        for name, member in job.members:
            spec = schema.BY_NAME[name]
            codec = RowCodec(table_of(spec.model), dialect)
            lines: list[tuple[int, Any]] = []
            batch = documents = size = 0  # every worker cuts the same batches
            for line in iter_documents(
                archive,
                archive.getinfo(member),
                job.limits,
                label=zip_path.name,
                hint=job.hint,
                on_bytes=count,
                raw=True,
            ):
                if batch % workers == worker:
                    lines.append(line)
                documents += 1
                if type(line[1]) is bytes:
                    size += len(line[1])
                if documents >= BATCH or size >= BATCH_BYTES:
                    if lines:
                        send(spec, lines)
                        lines = []
                    batch += 1
                    documents = size = 0
            if lines:
                send(spec, lines)
            _send(connection, ("end", name))


# A prepared row crosses the pipe as a tuple of its fields: marshal writes and reads the
# tuples, dicts and sets of plain values in C, and `PendingRow(*fields)` rebuilds it.
def _pack(row: PendingRow) -> tuple[Any, ...]:
    return (
        row.source_id,
        row.line,
        row.values,
        row.refs,
        row.deferred,
        row.soft,
        row.missing_files,
        row.prepared,
    )


def _send(connection: Connection, message: tuple[Any, ...]) -> None:
    # marshal: plain tuples, text and numbers only, between two processes of one interpreter;
    # about twice as fast as pickle both ways.
    connection.send_bytes(marshal.dumps(message))


def worth_a_process(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    """Whether converting these members in other processes saves time: many documents,
    each of them small (judged from the start of the largest member)."""
    if sum(info.file_size for info in infos) < PIPELINE_MIN_BYTES:
        return False
    largest = max(infos, key=lambda info: info.file_size)
    try:
        with archive.open(largest) as fh:
            start = fh.read(256 * 1024)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False  # the import itself reports the damage
    lines = start.count(b"\n")
    return lines > 0 and len(start) / lines <= PIPELINE_MAX_LINE_BYTES
