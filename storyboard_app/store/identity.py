"""The store identity: one UUID in the database and in the media folder, so they pair up.

`media gc` decides what to collect from the database; a database that is not the media
folder's own (a fresh one after a damaged file, another data folder's, a wrong
STORYBOARD_DATABASE_URL) would have it collect everything. The identity is made once, when
neither side has one; a database without one never takes the media folder's.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.store.models import StoreIdentity, VideoProject

STORE_ID_FILE = ".store-id"


def media_identity(media_root: Path) -> str | None:
    """The UUID recorded in the media folder, or None."""
    try:
        text = (media_root / STORE_ID_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def database_identity(sessions: sessionmaker[Session]) -> str | None:
    """The UUID recorded in the database, or None."""
    with sessions.begin() as s:
        return s.scalar(select(StoreIdentity.store_id).order_by(StoreIdentity.created_at))


def _write_media_identity(media_root: Path, store_id: str) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    tmp = media_root / f".{STORE_ID_FILE}.{uuid.uuid4().hex}.tmp"
    tmp.write_text(store_id + "\n", encoding="utf-8")
    os.replace(tmp, media_root / STORE_ID_FILE)


def ensure_identity(sessions: sessionmaker[Session], media_root: Path) -> str | None:
    """Pair a new database and media folder; give a media folder its database's identity.

    Returns the database's identity (None when it has none: the media folder already
    belongs to another database, and only `claim_media` may change that).
    """
    in_db = database_identity(sessions)
    in_media = media_identity(media_root)
    if in_db is None and in_media is None:
        in_db = str(uuid.uuid4())
        with sessions.begin() as s:
            s.add(StoreIdentity(store_id=in_db))
        _write_media_identity(media_root, in_db)
    elif in_db is not None and in_media is None:
        _write_media_identity(media_root, in_db)
    return in_db


def claim_media(sessions: sessionmaker[Session], media_root: Path) -> str:
    """Record this database as the media folder's own (the user said so): the media id wins."""
    in_media = media_identity(media_root) or str(uuid.uuid4())
    with sessions.begin() as s:
        for row in s.scalars(select(StoreIdentity)):
            s.delete(row)
        s.flush()
        s.add(StoreIdentity(store_id=in_media))
    _write_media_identity(media_root, in_media)
    return in_media


def gc_refusal(sessions: sessionmaker[Session], media_root: Path, stored_files: int) -> str | None:
    """Why collecting would be unsafe now, or None when the database may decide."""
    in_db = database_identity(sessions)
    in_media = media_identity(media_root)
    if in_media is not None and in_db != in_media:
        return (
            f"This database is not the one the media folder {media_root} belongs to "
            f"(database {in_db or 'without an identity'}, media folder {in_media}); "
            "collecting would remove files another database uses. Nothing was moved. "
            "Open the right database, or run `media gc --claim` if you are sure this is it."
        )
    with sessions.begin() as s:
        projects = int(s.scalar(select(func.count()).select_from(VideoProject)) or 0)
    if projects == 0 and stored_files > 0:
        return (
            f"The database holds no projects but the media folder holds {stored_files} files; "
            "an empty or replaced database would have every file collected. Nothing was "
            "moved. Restore the database (`storyboard-app doctor` lists the backups)."
        )
    return None
