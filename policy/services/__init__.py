"""Use cases of Siklus; one call is one transaction.

Layer: domain services. Each public function takes `*, session` and commits;
helpers below them only add and flush.
"""
