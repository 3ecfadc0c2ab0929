"""Elasticsearch housekeeping shared by the tests and the benchmarks.

The benchmarks run against the cluster at NEWSFLOW_ES_URL when it is set (a node
someone keeps running, shared by several runs) and otherwise start the local node
from deploy/local-es on a port of their own, so a developer's node on 9200 and the
other benchmarks' nodes are left alone; ``es_node`` is that choice.

Every run that writes to the real node does so through an alias of its own
(``test-…``, ``bench-…``, ``soak-…``), so that runs sharing a node never see each
other's documents. ``setup_index`` leaves an index behind that alias and an index
template named after it; ``drop_alias`` removes both, so a shared node does not
fill up with the leftovers of earlier runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from elasticsearch import Elasticsearch

from connectors.elasticsearch import local as local_es
from schemas.templates import template_name


@contextmanager
def es_node(port: int) -> Iterator[str]:
    """Yield the URL of NEWSFLOW_ES_URL, or of the local node started on ``port``.

    Only a node started here is stopped on exit: a cluster named by NEWSFLOW_ES_URL
    belongs to whoever runs it.
    """
    url = os.environ.get("NEWSFLOW_ES_URL")
    if url:
        yield url
        return
    url = local_es.start(port=port)
    try:
        yield url
    finally:
        local_es.run_script("stop", port=port)


def drop_alias(client: Elasticsearch, alias: str) -> None:
    """Delete the indices behind ``alias`` and its index template; absent ones are no error.

    The indices are matched as ``<alias>-*``: the versioned index behind the alias,
    and any ``<alias>-…`` index the run made next to it (its feed states, say).
    """
    client.indices.delete(index=f"{alias}-*", ignore_unavailable=True, allow_no_indices=True)
    client.options(ignore_status=404).indices.delete_index_template(name=template_name(alias))
