"""`kroniek export`: write incidents as CSV (ACLED columns), JSON lines, GeoJSON or Parquet."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from kroniek.cli.progress import Progress, counted
from kroniek.cli.store_options import db_option, filter_options, open_or_fail, query_from_options
from kroniek.export import FORMATS, write_csv, write_geojson, write_jsonl, write_parquet
from kroniek.export.atomic import atomic_file, atomic_path

_SUFFIXES = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".geojson": "geojson",
    ".parquet": "parquet",
}


@click.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: from -o's suffix, else csv)."
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default stdout)."
)
@click.option(
    "--inter-labels",
    is_flag=True,
    help='ACLED\'s text labels in inter1, inter2 and interaction ("Rebel group") instead of codes.',
)
@filter_options
def export(db: str, fmt: str | None, output: str | None, inter_labels: bool, **filters: object) -> None:
    """Export incidents matching the filters.

    csv: ACLED's 31 columns and codes, then incident_id, injuries, fatalities_low/high, date_start,
    date_end, sources, evidence, rules. geojson: Points (lon, lat); incidents without coordinates are skipped.
    parquet: needs pyarrow (pip install "kroniek[parquet]") and -o.
    """
    query = query_from_options(**filters)  # type: ignore[arg-type]
    fmt = fmt or (_SUFFIXES.get(Path(output).suffix.lower(), "csv") if output else "csv")
    if fmt == "parquet" and not output:
        raise click.UsageError("parquet is binary: give a file with -o")
    with open_or_fail(db, read_only=True) as store:
        progress = Progress("export", "incidents")
        incidents = counted(store.incidents(query), progress)
        if fmt == "parquet":
            try:
                with atomic_path(output) as temporary:  # type: ignore[arg-type]
                    count = write_parquet(incidents, temporary, inter_labels=inter_labels)
            except RuntimeError as exc:
                raise click.ClickException(str(exc)) from exc
            progress.close()
            click.echo(f"kroniek: {count} incident(s) written to {output}", err=True)
            return
        # A file is written under a temporary name and renamed when complete: a killed export leaves
        # the previous file, never a truncated one.
        with atomic_file(output) if output else contextlib.nullcontext(sys.stdout) as stream:
            if fmt == "geojson":
                result = write_geojson(incidents, stream, inter_labels=inter_labels)
                skipped = result.skipped_unlocated
                message = f"{result.written} incident(s) written, {skipped} without coordinates skipped"
            else:
                if fmt == "csv":
                    count = write_csv(incidents, stream, inter_labels=inter_labels)
                else:
                    count = write_jsonl(incidents, stream)
                message = f"{count} incident(s) written"
        progress.close()
    click.echo(f"kroniek: {message}" + (f" to {output}" if output else ""), err=True)
