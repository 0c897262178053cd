from claims.ingest.claimreview_import import claimreview_import
from claims.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import schema.org ClaimReview JSON-LD (one object, a list, one object per line, or HTML with "
        "ld+json script tags) into speakers, claims, reviews and rating labels. Idempotent: the review URL "
        "identifies a review. Atomic: a bad record stops the import and nothing is written."
    )

    def run_import(self, paths, **options):
        return claimreview_import(paths)
