from claims.ingest.liar_import import liar_import
from claims.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import PolitiFact LIAR dataset files (tab-separated, no header, 14 columns) into speakers, claims and "
        "reviews on the six-level truth scale. Idempotent by the id column; streams the files. By default any "
        "invalid row stops the import and nothing is written; --skip-invalid imports the rest."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--skip-invalid", action="store_true", help="Import valid rows, report the others.")

    def run_import(self, paths, *, skip_invalid=False, **options):
        return liar_import(paths, skip_invalid=skip_invalid)
