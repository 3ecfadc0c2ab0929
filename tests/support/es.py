"""Elasticsearch housekeeping shared by the tests and the benchmarks.

Every run that writes to the real node does so through an alias of its own
(``test-…``, ``bench-…``, ``soak-…``), so that runs sharing a node never see each
other's documents. ``setup_index`` leaves an index behind that alias and an index
template named after it; ``drop_alias`` removes both, so a shared node does not
fill up with the leftovers of earlier runs.
"""

from __future__ import annotations

from elasticsearch import Elasticsearch

from schemas.templates import template_name


def drop_alias(client: Elasticsearch, alias: str) -> None:
    """Delete the indices behind ``alias`` and its index template; absent ones are no error.

    The indices are matched as ``<alias>-*``: the versioned index behind the alias,
    and any ``<alias>-…`` index the run made next to it (its feed states, say).
    """
    client.indices.delete(index=f"{alias}-*", ignore_unavailable=True, allow_no_indices=True)
    client.options(ignore_status=404).indices.delete_index_template(name=template_name(alias))
