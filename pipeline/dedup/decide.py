"""Deciding which earlier copy an article duplicates. Pure: the state is passed in.

Every article claims keys (its exact text key, its lead, its LSH bands); for each
key exactly one article owns the claim, the first to create it (Elasticsearch
arbitrates, see connectors/dedupstate). An article *sees* the owners of the keys it
lost: they are its candidates, and it verifies each against the threshold.

An article is decided once, and links only to articles already decided, to the
root of their group: so ``duplicate_of`` always names an original, and no two
articles can end up duplicates of each other. The one question left is what to
do with a similar candidate that is still undecided (in flight on another
worker). ``must_wait`` answers it so that, of any similar pair, one decides
without the other and the other waits for it:

- if the candidate cannot see me (I own none of its keys), it will decide without
  me, so I wait for it;
- if we see each other, the one with the earlier stamp (registration time, then
  id: a total order both compute alike) decides first, the other waits.

Waits are bounded (``DedupConfig.wait_s``): if a decision never comes (a worker
died and its batch is being retried elsewhere), the article decides without it.
The worst case is then a missed link, never a wrong one.

Within one batch every pair sharing a key sees the other (the batch knows all its
own claims), and articles are decided in stamp order, so copies arriving
together never wait on each other.
"""

from __future__ import annotations

from dataclasses import dataclass

# (registration time in microseconds, article id): earlier is smaller.
Stamp = tuple[int, str]


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one article: an original (``duplicate_of`` None) or a copy."""

    article_id: str
    duplicate_of: str | None = None
    similarity: float | None = None

    @property
    def root(self) -> str:
        """The original of this article's group."""
        return self.duplicate_of or self.article_id


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article that shares a claim key with the one being decided."""

    article_id: str
    similarity: float
    stamp: Stamp
    sees_me: bool
    decision: Decision | None


@dataclass(frozen=True, slots=True)
class Choice:
    """Either wait for ``blockers``, or link to ``via``'s group (None: an original)."""

    blockers: tuple[str, ...] = ()
    via: Candidate | None = None

    @property
    def waiting(self) -> bool:
        return bool(self.blockers)


def must_wait(my_stamp: Stamp, candidate: Candidate) -> bool:
    """True when an undecided similar candidate has to be decided before me."""
    return candidate.decision is None and (not candidate.sees_me or candidate.stamp < my_stamp)


def choose(
    my_stamp: Stamp, candidates: list[Candidate], threshold: float, *, force: bool = False
) -> Choice:
    """What to do now: wait, link, or stay an original. ``force`` stops waiting."""
    similar = [c for c in candidates if c.similarity >= threshold]
    if not force:
        blockers = tuple(sorted(c.article_id for c in similar if must_wait(my_stamp, c)))
        if blockers:
            return Choice(blockers=blockers)
    decided = [c for c in similar if c.decision is not None]
    if not decided:
        return Choice()
    # The closest copy; among equals the earliest, so the choice is deterministic.
    best = min(decided, key=lambda c: (-c.similarity, c.stamp))
    return Choice(via=best)
