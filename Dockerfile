FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 factcheck
WORKDIR /app

# Runtime dependencies only (requirements-dev.txt stays out of the image).
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Build-time values only, not kept in the image: a dummy key, and a DATABASE_URL so settings
# import without starting the embedded database. collectstatic never connects to it.
RUN DJANGO_SECRET_KEY=build-only-dummy-key DATABASE_URL=postgres://build@localhost:5432/build \
    python manage.py collectstatic --noinput

USER factcheck
EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
