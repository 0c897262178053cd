"""One rule for reloading data that editors may have changed since it was loaded.

load_seeds and the importers both write records that editors go on working on. When a file is
loaded again, a field takes the file's value only where the database still holds what the
loader last wrote there; a field someone changed since keeps that change, and the load reports
it. load_seeds knows what it last wrote from its SeedRecords, the importers from the history row
of their last write.
"""

from dataclasses import dataclass, field


@dataclass
class Changes:
    apply: list[str] = field(default_factory=list)  # fields that take the file's value
    kept: list[str] = field(default_factory=list)  # fields an editor changed: left as they are


def changes_to_apply(stored: dict, incoming: dict, last_written: dict) -> Changes:
    """Split the fields whose `incoming` value differs from the `stored` one. A field missing from
    `last_written` has no record of a previous load, so nobody can have changed it: it applies."""
    changes = Changes()
    for name, value in incoming.items():
        if stored[name] == value:
            continue
        edited = name in last_written and last_written[name] != stored[name]
        (changes.kept if edited else changes.apply).append(name)
    return changes


@dataclass
class LoadReport:
    """What a load did: records created, updated and left unchanged, and the editors' changes it kept."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # "where: what field", one per change kept

    def count(self, outcome: str) -> None:
        """Count one record as "created", "updated" or "unchanged"."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def counts(self, *, also: str = "") -> str:
        """The counts ("2 created, 1 updated, 0 unchanged"), then `also`, then the editors' changes kept."""
        kept = f"; kept {len(self.kept)} editor change(s)" if self.kept else ""
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged{also}{kept}"
