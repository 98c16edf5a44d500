"""Fault-injection benchmark: many rounds against a misbehaving server, with random kills.

Each round is a real `storyboard-app generate` process talking to the local Replicate-speaking
server through the real `replicate` client. Before a round the server is given random faults
(429 and 5xx on create and get, dropped connections, truncated downloads, failed, filtered and
aborted predictions); some rounds are killed with SIGKILL part-way and finished by `resume`.
At the end it prints what a creator would care about:

    rounds completed, variants failed with a message (and without one), variants left unfinished,
    duplicate predictions (the same variant created twice: billed twice), stored files whose
    content no longer matches their hash, rows pointing at missing files, integrity_check.

Goals: duplicates 0, damaged files 0, missing files 0, unfinished 0, failed without message 0.
Run (about 3 minutes on 2 cores):
    .venv/bin/python benchmarks/faults.py [--rounds 100] [--seed 7]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.replicate_server import DEFAULT_TOKEN, FakeReplicate

LATENCY = 0.15
SHOTS = 10

# (endpoint, fault) pairs a round may be given; each is used once or twice
FAULTS: list[tuple[str, dict[str, object]]] = [
    ("create", {"status": 429, "retry_after": 0.1}),
    ("create", {"status": 500}),
    ("create", {"status": 503, "times": 2}),
    ("get", {"status": 500}),
    ("get", {"drop": True}),
    ("download", {"truncate": True}),
    ("download", {"drop": True}),
    ("prediction", {"outcome": "failed"}),
    ("prediction", {"outcome": "nsfw"}),
    ("prediction", {"outcome": "aborted"}),
]


def _cli(data: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyboard_app", "--data-dir", str(data), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _run(data: Path, *args: str, env: dict[str, str]) -> tuple[int, str]:
    process = _cli(data, *args, env=env)
    _, err = process.communicate(timeout=120)
    return process.returncode, err.decode(errors="replace")


def _setup(data: Path, env: dict[str, str]) -> list[int]:
    code, err = _run(data, "project", "create", "Fault run", env=env)
    assert code == 0, err
    code, err = _run(data, "scene", "add", "1", "Harbour", env=env)
    assert code == 0, err
    for n in range(SHOTS):
        code, err = _run(data, "shot", "add", "1", "--prompt", f"Harbour shot {n}", env=env)
        assert code == 0, err
    with sqlite3.connect(data / "storyboard.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT id FROM scene_shots ORDER BY id")]


def _audit(data: Path, server: FakeReplicate, rounds: int) -> dict[str, object]:
    db = sqlite3.connect(data / "storyboard.sqlite3")
    try:
        rows = db.execute(
            "SELECT shot_id, iteration_number, status, error, image_storage_id FROM shot_images"
        ).fetchall()
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()
    by_round: dict[tuple[int, int], list[str]] = {}
    for shot_id, iteration, status, _, _ in rows:
        by_round.setdefault((shot_id, iteration), []).append(status)
    media = data / "media"
    stored = [p for p in media.rglob("*") if p.is_file() and len(p.name) == 64]
    damaged = sum(1 for p in stored if hashlib.sha256(p.read_bytes()).hexdigest() != p.name)
    missing = sum(
        1
        for _, _, status, _, key in rows
        if status == "complete" and (not key or not (media / key[:2] / key).exists())
    )
    # the same variant (prompt and seed) created twice on the server is a duplicate bill
    created = Counter(
        (str(p.input.get("prompt")), p.input.get("seed")) for p in server.predictions.values()
    )
    return {
        "rounds asked": rounds,
        "rounds planned": len(by_round),
        "rounds completed": sum(1 for s in by_round.values() if set(s) == {"complete"}),
        "variants": len(rows),
        "variants complete": sum(1 for r in rows if r[2] == "complete"),
        "variants failed with a message": sum(1 for r in rows if r[2] == "failed" and r[3]),
        "variants failed without a message": sum(1 for r in rows if r[2] == "failed" and not r[3]),
        "variants left unfinished": sum(1 for r in rows if r[2] in ("pending", "processing")),
        "predictions created": len(server.predictions),
        "duplicate predictions": sum(n - 1 for n in created.values() if n > 1),
        "stored files not matching their hash": damaged,
        "rows pointing at missing files": missing,
        "integrity_check": integrity,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kills = resumes = 0
    started = time.perf_counter()
    with FakeReplicate(latency=LATENCY) as server, tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = {
            **os.environ,
            "REPLICATE_API_TOKEN": DEFAULT_TOKEN,
            "REPLICATE_BASE_URL": server.url,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "STORYBOARD_PROVIDER": "replicate",
        }
        env.pop("STORYBOARD_DATABASE_URL", None)
        shots = _setup(data, env)
        for n in range(args.rounds):
            server.clear_faults()
            for endpoint, fault in rng.sample(FAULTS, rng.randint(0, 3)):
                server.set_fault(endpoint, **fault)
            process = _cli(data, "generate", str(shots[n % len(shots)]), env=env)
            if rng.random() < 0.2:  # killed part-way, like a crash or a power cut
                time.sleep(rng.uniform(0.3, 1.5))
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    kills += 1
                process.wait(timeout=60)
                server.clear_faults()
                code, err = _run(data, "resume", env=env)
                resumes += 1
                if code not in (0, 1):
                    print(f"round {n}: resume exited {code}: {err.strip()}", file=sys.stderr)
            else:
                _, err = process.communicate(timeout=120)
                if process.returncode not in (0, 1):
                    print(f"round {n}: generate exited {process.returncode}: {err.decode()}")
        server.clear_faults()
        _run(data, "resume", env=env)
        figures = _audit(data, server, args.rounds)
    figures["killed with SIGKILL"] = kills
    figures["resume runs"] = resumes
    figures["wall time (s)"] = round(time.perf_counter() - started, 1)
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    bad = (
        figures["duplicate predictions"],
        figures["stored files not matching their hash"],
        figures["rows pointing at missing files"],
        figures["variants left unfinished"],
        figures["variants failed without a message"],
    )
    return 0 if not any(bad) and figures["integrity_check"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
