"""All data out (one CSV per table plus one JSON file) and back into an empty database."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporters.spreadsheet import csv_text
from storage import ValidationError
from storage.files import write_all_atomically
from storage.i18n import _

if TYPE_CHECKING:
    from storage import Store

JSON_NAME = "calepin.json"
FORMAT = "calepin-data"
FORMAT_VERSION = 1


def _csv_text(columns: list[str], rows: list[list[Any]]) -> str:
    return csv_text([columns, *rows])


def export_all(store: Store, directory: str | os.PathLike[str], *, now: dt.datetime) -> list[Path]:
    """Write every table as `<table>.csv` (UTF-8 with BOM, for Excel; no cell runs as a
    formula, see `exporters.spreadsheet`) and all of it as
    `calepin.json` (what `import_all` reads) into `directory`, creating it if needed.

    Returns:
        The files written, JSON last.

    Raises:
        FileWriteError: a file there that is not a regular one, a read-only folder, a full
            disk; no file of an older export is replaced then.
    """
    from storage.portable import dump_tables

    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            _("{path} is a file; give a folder to export into").format(path=folder)
        )
    folder.mkdir(parents=True, exist_ok=True)
    dump = dump_tables(store)
    # All or nothing: an older export there is replaced only once every new file is written.
    files: dict[Path, str] = {}
    for table, content in dump["tables"].items():
        files[folder / f"{table}.csv"] = "\ufeff" + _csv_text(content["columns"], content["rows"])
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "schema_version": dump["schema_version"],
        "tables": dump["tables"],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    files[folder / JSON_NAME] = text
    return write_all_atomically(files)


def import_all(store: Store, directory: str | os.PathLike[str]) -> dict[str, int]:
    """Rebuild an empty database from a folder written by `export_all` (in one transaction).

    Returns:
        Rows loaded per table.

    Raises:
        ValidationError: no export there, another format, or a database that is not empty.
    """
    from storage.portable import load_tables

    folder = Path(directory)
    source = folder / JSON_NAME if folder.is_dir() else folder
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(
            _("no {name} in {path}; give a folder made by `export all`").format(
                name=JSON_NAME, path=folder
            )
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            _("cannot read {path}: {error}").format(path=source, error=exc)
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(_("{path} is not a Calepin data export").format(path=source))
    if document.get("version") != FORMAT_VERSION:
        raise ValidationError(
            _("{path} is format version {version}; expected 1").format(
                path=source, version=document.get("version")
            )
        )
    return load_tables(store, document)
