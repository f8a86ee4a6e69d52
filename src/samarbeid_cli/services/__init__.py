"""Pure functions over records: no files, no clock. Today, stamps and UIDs are parameters."""
