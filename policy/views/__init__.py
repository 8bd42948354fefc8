"""Typed, frozen view models of the documents, one module per stage.

Layer: domain presentation. Each view is built inside a session by its stage
service and is all its template may read (`v`); templates never see ORM objects.
"""
