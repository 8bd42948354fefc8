"""Siklus domain library: models, stage rules, services, evaluation, documents.

Layer: domain. Nothing here imports Prefect, the CLI or the web portal.
"""
