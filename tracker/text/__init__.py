"""Pure text processing: reading, aligning, diffing and writing resolutions.

Nothing in this package imports Flask, SQLAlchemy or WTForms, so the CLI, the services and the
tests all call the same functions.
"""
