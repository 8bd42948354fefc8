"""The people-facing shell of Siklus: the `siklus` command line and the web portal.

Layer: shell over `flows` and `policy`. Quick actions (import, review, status)
call services directly; only stage work starts Prefect.
"""
