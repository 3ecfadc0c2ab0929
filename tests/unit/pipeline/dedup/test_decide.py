"""The decision rules: who waits for whom, and which earlier copy an article joins."""

from __future__ import annotations

from pipeline.dedup.decide import Candidate, Decision, choose, must_wait

ME = (100, "me")
EARLIER = (50, "a")
LATER = (200, "z")


def _candidate(
    name: str,
    stamp: tuple[int, str],
    *,
    similarity: float = 0.9,
    sees_me: bool = True,
    decision: Decision | None = None,
) -> Candidate:
    return Candidate(name, similarity, stamp, sees_me, decision)


def test_no_similar_candidate_makes_an_original() -> None:
    weak = _candidate("a", EARLIER, similarity=0.3, decision=Decision("a"))
    assert choose(ME, [weak], 0.6).via is None
    assert choose(ME, [], 0.6).via is None


def test_a_decided_similar_candidate_is_joined() -> None:
    original = _candidate("a", EARLIER, decision=Decision("a"))
    assert choose(ME, [original], 0.6).via == original


def test_the_closest_decided_candidate_wins_then_the_earliest() -> None:
    close = _candidate("b", LATER, similarity=0.95, decision=Decision("b", "root", 0.9))
    far = _candidate("a", EARLIER, similarity=0.7, decision=Decision("a"))
    assert choose(ME, [far, close], 0.6).via == close
    tie = _candidate("c", (10, "c"), similarity=0.95, decision=Decision("c"))
    assert choose(ME, [close, tie], 0.6).via == tie


def test_wait_for_an_undecided_candidate_that_cannot_see_me() -> None:
    blind = _candidate("z", LATER, sees_me=False)
    assert must_wait(ME, blind)
    assert choose(ME, [blind], 0.6).blockers == ("z",)


def test_of_two_that_see_each_other_the_later_waits_and_the_earlier_does_not() -> None:
    assert must_wait(ME, _candidate("a", EARLIER))
    assert not must_wait(ME, _candidate("z", LATER))
    assert choose(ME, [_candidate("z", LATER)], 0.6) == choose(ME, [], 0.6)


def test_dissimilar_or_decided_candidates_never_block() -> None:
    assert not choose(ME, [_candidate("a", EARLIER, similarity=0.2)], 0.6).waiting
    assert not must_wait(ME, _candidate("a", EARLIER, decision=Decision("a")))


def test_force_stops_waiting_and_uses_what_is_decided() -> None:
    blocked = _candidate("a", EARLIER)
    decided = _candidate("b", (60, "b"), similarity=0.8, decision=Decision("b"))
    assert choose(ME, [blocked, decided], 0.6).blockers == ("a",)
    assert choose(ME, [blocked, decided], 0.6, force=True).via == decided


def test_of_any_similar_pair_exactly_one_waits() -> None:
    # A has Z as a candidate when A lost a key to Z; Z "sees" A when Z lost one to A.
    for a_lost in (True, False):
        for z_lost in (True, False):
            if not (a_lost or z_lost):
                continue  # neither lost a key to the other: they never meet
            a_waits = a_lost and must_wait(EARLIER, _candidate("z", LATER, sees_me=z_lost))
            z_waits = z_lost and must_wait(LATER, _candidate("a", EARLIER, sees_me=a_lost))
            assert a_waits != z_waits, (a_lost, z_lost)


def test_decision_root() -> None:
    assert Decision("x").root == "x"
    assert Decision("x", "o", 0.9).root == "o"
