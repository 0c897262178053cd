from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.ingest.seed_dump import dump_seeds


class Command(BaseCommand):
    help = (
        "Write the curated data (confirmed quotes, claims past draft with their quantities, published reviews, "
        "and the speakers, sources, measures and rating scales they use) as natural-key seed fixtures that "
        "`load_seeds --seeds-dir DIR` reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="A folder; fixtures/ is written inside it.")

    def handle(self, *args, output, **options):
        if (output / "fixtures").exists() and any((output / "fixtures").iterdir()):
            raise CommandError(f"{output / 'fixtures'} is not empty: choose a new folder.")
        counts = dump_seeds(output)
        for name, count in counts.items():
            self.stdout.write(f"{output / 'fixtures' / name}: {count} records")
