"""Alembic migrations of the Siklus schema.

Layer: domain infrastructure. `policy.db` creates a new database from the models
and stamps it with the head revision; an existing database is upgraded to head.
Add a revision for every model change: `tests/policy/test_migrations.py` fails
when the migrations and the models disagree.
"""
