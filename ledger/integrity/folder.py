"""Checkpoint files on disk (检查点文件夹): the folder a checkpointer writes into, a second place it
copies them to, and what a verifier reads back — one file, or every checkpoint in a folder.

A checkpoint is written whole or not at all (a temporary file in the same folder, flushed, then
renamed), readable by everyone, and never overwritten: its name holds its position and the moment
it was taken (``cp-000000001234-20260901T020000Z.json``), so names sort by position.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ledger.integrity.checkpoint import Checkpoint, CheckpointError, read_checkpoint

PATTERN = "*.json"


@dataclass(frozen=True)
class Found:
    """One checkpoint file: what it holds, or why it could not be read as a checkpoint."""

    name: str
    checkpoint: Checkpoint | None
    error: CheckpointError | None = None


def file_name(checkpoint: Checkpoint) -> str:
    return f"cp-{checkpoint.position:012d}-{checkpoint.taken_at.strftime('%Y%m%dT%H%M%SZ')}.json"


def read_path(path: Path) -> list[Found]:
    """The checkpoint in a file, or every ``*.json`` file of a folder (in name order)."""
    if path.is_dir():
        return [read_one(file) for file in sorted(path.glob(PATTERN)) if file.is_file()]
    return [read_one(path, missing_is_error=True)]


def read_one(path: Path, *, missing_is_error: bool = False) -> Found:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        failure = CheckpointError("checkpoint.unreadable", path=str(path), error=str(error))
        if missing_is_error:
            raise failure from None
        return Found(path.name, None, failure)
    try:
        return Found(path.name, read_checkpoint(text))
    except CheckpointError as error:
        return Found(path.name, None, error)


def newest(folder: Path) -> Found | None:
    """The readable checkpoint whose name sorts last — the highest position, the last taken among
    equals — read without reading the others."""
    for file in sorted(folder.glob(PATTERN), reverse=True):
        found = read_one(file)
        if found.checkpoint is not None:
            return found
    return None


def write(folder: Path, checkpoint: Checkpoint) -> Path:
    """Writes the checkpoint into the folder (made if missing); refuses to overwrite a file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name(checkpoint)
    if target.exists():
        raise CheckpointError("checkpoint.file_exists", path=str(target))
    _write_whole(target, checkpoint.to_json().encode("utf-8"))
    return target


def copy_missing(source: Path, copies: Path) -> list[str]:
    """Copies every checkpoint file of ``source`` that ``copies`` lacks; returns their names. A
    copy that fails now is tried again on the next call."""
    copies.mkdir(parents=True, exist_ok=True)
    have = {p.name for p in copies.glob(PATTERN)}
    copied = []
    for file in sorted(source.glob(PATTERN)):
        if file.name not in have:
            _write_whole(copies / file.name, file.read_bytes())
            copied.append(file.name)
    return copied


def _write_whole(target: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".cp-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
