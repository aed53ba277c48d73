"""Pure transforms: HTML or text in, records and Polars frames out. No IO, clock or environment."""
