from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.ingest.importers import ImportFailure, liar_import


class Command(BaseCommand):
    help = (
        "Import PolitiFact LIAR dataset files (tab-separated, no header, 14 columns) into speakers, claims and "
        "reviews on the six-level truth scale. Idempotent by the id column; streams the files. By default any "
        "invalid row stops the import and nothing is written; --skip-invalid imports the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--skip-invalid", action="store_true", help="Import valid rows, report the others.")

    def handle(self, *args, paths, skip_invalid=False, **options):
        try:
            report = liar_import(paths, skip_invalid=skip_invalid)
        except ImportFailure as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for rejected in report.rejected:
            self.stderr.write(f"rejected: {rejected}")
        for kept in report.kept:
            self.stdout.write(f"kept editor change: {kept}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
