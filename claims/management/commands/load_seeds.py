from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.ingest.seeding import SeedError, load_seeds


class Command(BaseCommand):
    help = (
        "Load seed articles (seeds/articles) and natural-key fixtures (seeds/fixtures) in one "
        "transaction. Idempotent; never overwrites a field an editor changed after seeding."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds-dir", type=Path, help="Folder holding articles/ and fixtures/ (default: seeds/).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, then roll back.")

    def handle(self, *args, seeds_dir=None, dry_run=False, **options):
        try:
            report = load_seeds(seeds_dir, dry_run=dry_run)
        except SeedError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        if options["verbosity"] >= 2:
            for kept in report.kept:
                self.stdout.write(f"kept editor change: {kept}")
        prefix = "[dry run, rolled back] " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
