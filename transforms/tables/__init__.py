"""Page results -> Polars frames shaped like the DuckDB tables, and the run report."""

from transforms.tables import schemas
from transforms.tables.frames import RunContext, result_frames
from transforms.tables.report import run_report

__all__ = ["RunContext", "result_frames", "run_report", "schemas"]
