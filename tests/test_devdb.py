"""The embedded PostgreSQL that `make run` uses when DATABASE_URL is unset."""

import psycopg
import pytest

from factcheck import devdb


@pytest.fixture
def pgdata(tmp_path):
    path = tmp_path / "pgdata"
    yield path
    devdb.stop(path)


def test_embedded_database_starts_serves_and_stops(pgdata):
    settings = devdb.start(pgdata)
    assert devdb.is_running(pgdata)
    assert settings["NAME"] == devdb.DATABASE_NAME and settings["ENGINE"] == "django.db.backends.postgresql"
    with psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"]
    ) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        extensions = {row[0] for row in conn.execute("SELECT name FROM pg_available_extensions")}
    assert int(version) >= 150000
    assert {"pg_trgm", "btree_gist"} <= extensions

    assert devdb.start(pgdata) == settings  # a second start re-attaches to the running server

    devdb.stop(pgdata)
    assert not devdb.is_running(pgdata)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"],
            connect_timeout=2,
        )
