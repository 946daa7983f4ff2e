"""Re-exports of the modules of this package (filled in as they are written)."""
