from django.db import migrations

TABLE = "claims_requestcount"


class Migration(migrations.Migration):
    """Request counts are written by every API request: kept out of the write-ahead log, a request
    waits for no disk flush. A crash empties the table, which only forgets recent rate counts."""

    dependencies = [
        ("claims", "0010_appearance_verbose_name"),
    ]

    operations = [
        migrations.RunSQL(f"ALTER TABLE {TABLE} SET UNLOGGED", f"ALTER TABLE {TABLE} SET LOGGED"),
    ]
