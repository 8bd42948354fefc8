"""Prefect orchestration of the Siklus stages.

Layer: orchestration over `policy.services`. Flows are thin: they sequence tasks,
branch on returned values and log; each task opens its own session and calls one
service. Flows never import sqlmodel, sqlalchemy, jinja2 or markdown_it, and
nothing here is imported by `policy`.
"""
