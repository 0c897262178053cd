from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the whole database to FILE with pg_dump (custom format); `restore FILE` reads it back."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            backup(path)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes)."))
