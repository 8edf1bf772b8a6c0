"""Human-readable view of one record for ``nianbao extract`` without ``--json``."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from extract.record import Record


def print_record(record: Record, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"[bold]{record.title or '(no title)'}[/bold]")
    console.print(f"agency {record.agency} · year {record.year} · template {record.template} · "
                  f"format {record.source_format} · published {record.published}")
    table = Table("code", "value", "printed")
    for code, value in record.cells.items():
        table.add_row(code, "" if value is None else str(value), record.raw_cells.get(code, ""))
    console.print(table)
    for rule, result in record.checks.items():
        console.print(f"check {rule}: {result}")
    if record.missing:
        console.print(f"missing: {', '.join(record.missing)}")
    if record.flags:
        console.print(f"flags: {', '.join(record.flags)}")
