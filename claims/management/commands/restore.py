from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup written by `backup` (pg_restore, one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: every current row is replaced.")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            raise CommandError("Restoring replaces every row of the database: run again with --yes to confirm.")
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(f"Restore failed, nothing changed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}."))
