"""Writing a Convex snapshot export zip (for tests, benchmarks, demo data), in either encoding."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
Encoding = Literal["uniform", "old"]


def convex_id(rng: random.Random | None = None) -> str:
    """A 32-character lowercase Crockford base32 id, like Convex's `_id`."""
    rng = rng or random.Random()
    return "".join(rng.choice(CROCKFORD) for _ in range(32))


def _encode(value: Any, encoding: Encoding) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (float, str)):
        return value
    if isinstance(value, int):
        return value if encoding == "uniform" else str(value)  # old exports: int64 as text
    if isinstance(value, bytes):
        text = base64.b64encode(value).decode()
        return {"$bytes": text} if encoding == "uniform" else text
    if isinstance(value, dict):
        return {k: _encode(v, encoding) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v, encoding) for v in value]
    raise TypeError(f"cannot encode {type(value).__name__}")


class ConvexExportWriter:
    """Builds `README.md`, `_tables/`, `<table>/documents.jsonl`, `_storage/` like `npx convex
    export`. Python ints are int64 values; write `v.number()` fields as floats (3.0)."""

    def __init__(self, path: Path, *, encoding: Encoding = "uniform") -> None:
        self.path = Path(path)
        self.encoding = encoding
        self._zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED)
        self._zip.writestr("README.md", "Welcome to your Convex snapshot export!\n")
        self._tables: list[str] = []
        self._storage: list[dict[str, Any]] = []

    def add_table(self, name: str, docs: Iterable[dict[str, Any]]) -> int:
        """Write a table's documents (ordered by `_id`, keys sorted); return how many."""
        count = 0
        with self._zip.open(f"{name}/documents.jsonl", "w", force_zip64=True) as fh:
            for doc in sorted(docs, key=lambda d: str(d.get("_id", ""))):
                line = json.dumps(_encode(doc, self.encoding), sort_keys=True)
                fh.write(line.encode() + b"\n")
                count += 1
        shape = (
            '"uniform"'
            if self.encoding == "uniform"
            else json.dumps("{_creationTime: normalfloat64, _id: string, ...}")
        )
        self._zip.writestr(f"{name}/generated_schema.jsonl", shape + "\n")
        self._tables.append(name)
        return count

    def add_file(
        self,
        storage_id: str,
        data: bytes,
        *,
        content_type: str = "image/png",
        internal_id: str | None = None,
        creation_time: float = 1_700_000_000_000.25,
        file_name: str | None = None,
        declared_sha256: bytes | None = None,
    ) -> None:
        """Add a stored file and its `_storage/documents.jsonl` entry."""
        extension = {"image/png": ".png", "image/jpeg": ".jpg", "video/mp4": ".mp4"}.get(
            content_type, ""
        )
        name = file_name or f"{storage_id}{extension}"
        self._zip.writestr(f"_storage/{name}", data)
        digest = declared_sha256 or hashlib.sha256(data).digest()
        doc: dict[str, Any] = {
            "_id": storage_id,
            "_creationTime": creation_time,
            "sha256": base64.b64encode(digest).decode(),
            "size": len(data),
            "contentType": content_type,
        }
        if internal_id:
            doc["internalId"] = internal_id
        self._storage.append(doc)

    def add_raw(self, name: str, data: bytes) -> None:
        """Any other entry, verbatim (for damaged-input tests)."""
        self._zip.writestr(name, data)

    def close(self) -> Path:
        if self._storage:
            lines = "".join(json.dumps(d, sort_keys=True) + "\n" for d in self._storage)
            self._zip.writestr("_storage/documents.jsonl", lines)
        tables = "".join(
            json.dumps({"name": name, "id": 10001 + i}) + "\n"
            for i, name in enumerate(self._tables)
        )
        self._zip.writestr("_tables/documents.jsonl", tables)
        self._zip.close()
        return self.path

    def __enter__(self) -> ConvexExportWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._zip.close()
