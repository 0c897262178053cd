"""New records written with COPY, each with its "+" history row: the fast path of the importers and
of load_seeds.

Saving one model instance at a time costs a few round trips per record (its INSERT, its
history row, the lookups `full_clean` makes); a file of thousands of records spends nearly all
its time there. `NewRows` collects new records of one model as field values and checks each
value with the field's own validation, as `full_clean` does. Relations are not checked here:
the caller gives primary keys it has read or allocated. Uniqueness and `Model.clean()` are not
checked either: the caller has looked the keys up, and calls `clean()` where a model has one.
Primary keys come from the table's sequence, so later records can refer to earlier ones before
anything is written. `flush()` writes the records and their history rows (no history user: the
loads run as commands) with one COPY per table; bookkeeping rows are written without history.

The database still enforces every constraint: COPY checks them row by row, and foreign keys,
which are deferred, at commit. Call it inside a transaction.
"""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.utils import timezone

ID_BLOCKS = (10, 100, 1000)  # primary keys taken from the sequence per round trip: few for a small file

# Fields (and arrays of them) whose checked Python values psycopg takes as they are: a flush
# skips their get_db_prep_save (a third of its time). Other fields (JSON, ranges, decimals, and
# instants, which save() makes timezone-aware) are prepared as save() prepares them.
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.FloatField,
         models.UUIDField, models.DateField, models.ForeignKey)  # fmt: skip


def _plain(field) -> bool:
    field = getattr(field, "base_field", field)
    return isinstance(field, PLAIN) and not isinstance(field, models.DateTimeField)


class NewRows:
    def __init__(self, model, *, change_reason: str = "import", history: bool = True):
        self.model, self.change_reason = model, change_reason
        self.db = connections[DEFAULT_DB_ALIAS]
        meta = model._meta
        self.fields = [f for f in meta.concrete_fields if not f.generated]
        self.attnames = {f.attname for f in self.fields if not f.primary_key}
        self.checked = {f.attname: f for f in self.fields if not f.is_relation and not f.primary_key}
        self.stamped = [
            f.attname for f in self.fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        self.defaulted = [(f.attname, f) for f in self.fields if not f.primary_key and f.attname not in self.stamped]
        self.prepared = [n for n, f in enumerate(self.fields) if not _plain(f)]
        self.history = model.history.model._meta if history else None  # history=False: bookkeeping rows
        # history_id is the history table's own identity: COPY leaves it to the column's default, as it
        # leaves generated columns (a quantity's interval) to PostgreSQL
        history_fields = self.history.concrete_fields if history else []
        self.history_fields = [f for f in history_fields if not f.primary_key and not f.generated]
        self.history_columns = [f.column for f in self.history_fields]
        self.rows: dict[int, dict] = {}  # pk -> values by attname, in the order they were added
        self.ids: list[int] = []
        self.blocks = 0  # how many blocks of ids were taken
        self.types: dict[str, dict[str, int]] = {}  # table -> column -> type oid, read at the first flush

    def __contains__(self, pk: int) -> bool:
        """Whether the record is still waiting to be written."""
        return pk in self.rows

    def add(self, **values) -> int:
        """Check the values, fill in the defaults, and return the new record's primary key."""
        return self.add_checked(self.check(values))

    def add_checked(self, row: dict) -> int:
        """`add` for values `check` has returned."""
        for name, field in self.defaulted:
            if name not in row:
                row[name] = field.get_default()
        now = timezone.now()
        for name in self.stamped:
            row[name] = now
        row[self.model._meta.pk.attname] = pk = self.next_id()
        self.rows[pk] = row
        return pk

    def update(self, pk: int, **values) -> None:
        """Change a record that is still waiting to be written."""
        self.rows[pk].update(self.check(values))

    def check(self, values: dict) -> dict:
        """The values as the fields clean them (`full_clean`'s field checks); ValidationError if any fails."""
        unknown = set(values) - self.attnames
        if unknown:  # e.g. "claimant" for "claimant_id": never drop a value silently
            raise TypeError(f"{self.model.__name__} has no column {', '.join(sorted(unknown))}")
        cleaned, errors = {}, {}
        for name, value in values.items():
            field = self.checked.get(name)
            try:
                cleaned[name] = value if field is None else field.clean(value, None)
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)
        return cleaned

    def next_id(self) -> int:
        if not self.ids:
            meta, size = self.model._meta, ID_BLOCKS[min(self.blocks, len(ID_BLOCKS) - 1)]
            with self.db.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, size],
                )
                self.ids = [pk for (pk,) in reversed(cursor.fetchall())]
            self.blocks += 1
        return self.ids.pop()

    def flush(self) -> int:
        """Write the waiting records and their history; return how many records were written."""
        if not self.rows:
            return 0
        self._write(list(self.rows.values()))
        written = len(self.rows)
        self.rows = {}
        return written

    def refused(self) -> int | None:
        """After a failed flush, the position (from 0, in the order added) of the first record
        PostgreSQL refuses, or None if every record now writes. Each try writes a prefix of the
        records in a savepoint that is rolled back: the shortest prefix that fails ends with it."""
        rows = list(self.rows.values())
        if self._writes(rows):
            return None
        fits, fails = 0, len(rows)  # rows[:fits] writes, rows[:fails] does not
        while fails - fits > 1:
            middle = (fits + fails) // 2
            fits, fails = (middle, fails) if self._writes(rows[:middle]) else (fits, middle)
        return fails - 1

    def _writes(self, rows: list[dict]) -> bool:
        try:
            with transaction.atomic(using=self.db.alias):
                self._write(rows)
                transaction.set_rollback(True, using=self.db.alias)
        except (DatabaseError, ValueError):
            return False
        return True

    def _write(self, records: list[dict]) -> None:
        rows = [[row[field.attname] for field in self.fields] for row in records]
        for n in self.prepared:
            field = self.fields[n]
            for row in rows:
                row[n] = field.get_db_prep_save(row[n], self.db)
        at = {field.attname: n for n, field in enumerate(self.fields)}
        stamp = {"history_date": timezone.now(), "history_change_reason": self.change_reason,
                 "history_type": "+", "history_user_id": None}  # fmt: skip
        history = [(at.get(f.attname), stamp.get(f.attname)) for f in self.history_fields]
        with self.db.cursor() as cursor, self.db.wrap_database_errors:  # psycopg's errors as Django's
            self.copy(cursor, self.model._meta.db_table, [f.column for f in self.fields], rows)
            if self.history:
                history_rows = ([constant if n is None else row[n] for n, constant in history] for row in rows)
                self.copy(cursor, self.history.db_table, self.history_columns, history_rows)

    def copy(self, cursor, table: str, columns: list[str], rows) -> None:
        """Binary COPY, typed by the table's own columns (binary is what PostgreSQL parses fastest)."""
        if table not in self.types:
            cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                           [f'"{table}"'])  # fmt: skip
            self.types[table] = dict(cursor.fetchall())
        names = ", ".join(f'"{column}"' for column in columns)
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN (FORMAT binary)') as copy:
            copy.set_types([self.types[table][column] for column in columns])
            for row in rows:
                copy.write_row(row)


class Refused(Exception):
    """PostgreSQL (or psycopg) refused a record waiting in `rows`: `position` is where it was added
    among the records of its model (None if it wrote on its own once tried again)."""

    def __init__(self, rows: NewRows, position: int | None, error: Exception):
        self.model, self.position = rows.model, position
        self.message = (str(error).strip().splitlines() or [type(error).__name__])[0]
        super().__init__(self.message)

    def place(self, waiting: dict) -> str:
        """Where the refused record comes from; `waiting` maps each model to where its waiting
        records come from, in the order they were added."""
        places = waiting.get(self.model, [])
        if self.position is not None and self.position < len(places):
            return places[self.position]
        places = [where for places in waiting.values() for where in places]
        return places[0] if len(set(places)) == 1 else f"one of {places[0]} to {places[-1]}"


def write_together(tables: list[NewRows]) -> None:
    """Flush every table in one savepoint: all are written, or none and `Refused` names the record."""
    tables = [rows for rows in tables if rows.rows]
    writing = None
    try:
        with transaction.atomic():
            for writing in tables:
                writing._write(list(writing.rows.values()))
    except (DatabaseError, ValueError) as error:  # PostgreSQL's refusal, or psycopg's
        raise Refused(writing, _refused(tables[: tables.index(writing)], writing), error) from error
    for rows in tables:
        rows.rows = {}


def _refused(written: list[NewRows], refusing: NewRows) -> int | None:
    """Which of `refusing`'s records is refused once the tables before it are written again."""
    try:
        with transaction.atomic():
            for rows in written:
                rows._write(list(rows.rows.values()))
            position = refusing.refused()
            transaction.set_rollback(True)
    except (DatabaseError, ValueError):
        return None
    return position
