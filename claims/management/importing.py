"""What the import commands share: the files named on the command line, and the report printed."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.ingest.importing import ImportFailure, ImportReport


class ImportCommand(BaseCommand):
    """A command that imports the files it is given with `run_import(paths, **options)`."""

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def run_import(self, paths: list[Path], **options) -> ImportReport:
        raise NotImplementedError

    def handle(self, *args, paths, **options):
        try:
            report = self.run_import(paths, **options)
        except ImportFailure as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for rejected in report.rejected:
            self.stderr.write(f"rejected: {rejected}")
        for kept in report.kept:
            self.stdout.write(f"kept editor change: {kept}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
