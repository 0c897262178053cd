"""The container files agree with each other and with what the settings actually read. No database needed."""

import ast
import re
from pathlib import Path

import dj_database_url
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "factcheck" / "settings.py", *sorted((ROOT / "claims" / "management" / "commands").glob("*.py"))]
ENV_READERS = {"os.environ.get", "os.getenv", "env_bool", "env_list"}


def interpolate(text: str) -> str:
    """Resolve compose's `${VAR:-default}` / `${VAR-default}` / `${VAR}` to the default, and `$$` to `$`."""
    return re.sub(r"\$\$|\$\{\w+(?::?-([^}]*))?\}", lambda m: "$" if m[0] == "$$" else m[1] or "", text)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(interpolate((ROOT / "docker-compose.yml").read_text()))


@pytest.fixture(scope="module")
def db(compose):
    return compose["services"]["db"]


@pytest.fixture(scope="module")
def web(compose):
    return compose["services"]["web"]


def as_text(value) -> str:
    return " ".join(value) if isinstance(value, list) else value


def as_dict(environment) -> dict:
    if isinstance(environment, list):  # ["NAME=value", ...]
        return dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def is_read(name: str) -> bool:
    """The name appears as a string literal in the settings or a management command."""
    return any(re.search(rf"[\"']{name}[\"']", path.read_text()) for path in SOURCES)


def env_names_read(path: Path) -> set[str]:
    """Names passed to os.environ.get / os.getenv / env_bool / env_list or used as os.environ[...] in a module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ENV_READERS and node.args:
            key = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def env_example_names() -> list[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return [line.split("=", 1)[0].strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def dockerfile() -> str:
    """The Dockerfile without its comment lines."""
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def test_services_exist(compose):
    assert {"db", "web"} <= set(compose["services"])


def test_db_healthcheck_uses_pg_isready(db):
    assert "pg_isready" in as_text(db["healthcheck"]["test"])


def test_web_waits_for_healthy_db(web):
    assert web["depends_on"]["db"]["condition"] == "service_healthy"


def test_web_publishes_port_8000(web):
    targets = {str(p["target"]) if isinstance(p, dict) else str(p).split(":")[-1].split("/")[0] for p in web["ports"]}
    assert "8000" in targets


def test_database_url_matches_db_credentials(db, web):
    postgres = as_dict(db["environment"])
    url = dj_database_url.parse(as_dict(web["environment"])["DATABASE_URL"])
    assert (url["HOST"], url["PORT"]) == ("db", 5432)
    assert url["NAME"] == postgres["POSTGRES_DB"]
    assert url["USER"] == postgres["POSTGRES_USER"]
    assert url["PASSWORD"] == postgres["POSTGRES_PASSWORD"]


def test_web_environment_is_read_by_the_code(web):
    unread = [name for name in as_dict(web["environment"]) if not is_read(name)]
    assert not unread, f"web sets variables nothing reads: {unread}"


def test_web_allowed_hosts_include_localhost(web):
    hosts = [host.strip() for host in as_dict(web["environment"])["DJANGO_ALLOWED_HOSTS"].split(",")]
    assert "localhost" in hosts


def test_web_migrates_then_seeds_then_serves(web):
    command = as_text(web["command"])
    steps = ["manage.py migrate", "manage.py load_seeds", "gunicorn"]
    positions = [command.find(step) for step in steps]
    assert -1 not in positions, f"missing a step in {command!r}"
    assert positions == sorted(positions)


def test_dockerfile_exposes_the_published_port(web):
    lines = re.findall(r"^EXPOSE\s+(.+)$", dockerfile(), re.MULTILINE)
    exposed = {port.split("/")[0] for line in lines for port in line.split()}
    assert "8000" in exposed
    assert "0.0.0.0:8000" in as_text(web["command"])


def test_dockerfile_installs_runtime_requirements():
    assert re.search(r"^RUN\s+pip install .*-r requirements\.txt\b", dockerfile(), re.MULTILINE)
    assert "requirements-dev.txt" not in dockerfile()


def test_env_example_names_are_read():
    unread = [name for name in env_example_names() if not is_read(name)]
    assert not unread, f".env.example lists variables nothing reads: {unread}"


def test_env_example_covers_everything_read():
    read = set().union(*(env_names_read(path) for path in SOURCES))
    assert "DATABASE_URL" in read and "DJANGO_SECRET_KEY" in read  # the scan itself works
    missing = sorted(read - set(env_example_names()))
    assert not missing, f".env.example lacks: {missing}"
