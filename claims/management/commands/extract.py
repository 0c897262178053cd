import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import extract


class Command(BaseCommand):
    help = "Print, as JSON, the quotes and hedged numbers the extractor finds in a UTF-8 text file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A plain-text file.")

    def handle(self, *args, path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot read the file as UTF-8 text ({error})") from error
        self.stdout.write(json.dumps(extract(text).as_json(), ensure_ascii=False, indent=2))
