import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Say which PostgreSQL the project uses, where it keeps its data, and that it answers."

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('server_version'), current_setting('data_directory', true)")
            version, data_directory = cursor.fetchone()
        where = settings.DATABASES["default"]
        if os.environ.get("DATABASE_URL"):
            place = f"{where['HOST'] or 'localhost'}:{where['PORT'] or 5432}, from DATABASE_URL"
        else:
            place = f"the embedded server, data in {data_directory}; `make stopdb` stops it"
        self.stdout.write(self.style.SUCCESS(f"PostgreSQL {version} is up: database {where['NAME']!r} on {place}."))
