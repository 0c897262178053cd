from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.ingest.importers import ImportFailure, claimreview_import


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview JSON-LD (one object, a list, one object per line, or HTML with "
        "ld+json script tags) into speakers, claims, reviews and rating labels. Idempotent: the review URL "
        "identifies a review. Atomic: a bad record stops the import and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths, **options):
        try:
            report = claimreview_import(paths)
        except ImportFailure as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for kept in report.kept:
            self.stdout.write(f"kept editor change: {kept}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
