"""Stage names: every step that can dead-letter an element, as ``DeadLetter.stage`` stores it.

The values are what stored dead letters, metrics (``dead_lettered.<stage>``) and
Kibana's dead-letter views hold, so they never change; a new step adds a member.
``carries`` says what a stage's dead letters keep of their input, which decides
whether and where ``newsflow deadletter replay`` can resume them.
"""

from __future__ import annotations

from enum import StrEnum


class Carries(StrEnum):
    """What a dead letter's payload is, for the stages whose letters can be replayed."""

    FILE = "file"  # the file's bytes (or one JSON Lines record): parsed again
    DOCUMENT = "document"  # a RawDocument as JSON: extracted again
    ARTICLE = "article"  # an Article as JSON: re-enters at the stage it failed at


class Stage(StrEnum):
    """The steps of the pipeline, in the order an element meets them."""

    POLL = "poll"  # a feed: conditional GET and parse
    FETCH = "fetch"  # an entry's page
    READ = "read"  # a local file
    EXTRACT = "extract"
    IDENTIFY = "identify"
    DEDUP = "dedup"
    ENTITIES = "entities"
    SINK = "sink"
    COMMIT = "commit"  # saving a polled feed's state
    RESUME = "resume"  # turning a dead letter back into its input (deadletter replay)
    DEAD_LETTER = "deadletter"  # writing a dead letter

    @property
    def carries(self) -> Carries | None:
        """What this stage's dead letters keep to be replayed; None: not replayable."""
        return _CARRIES.get(self)


_CARRIES = {
    Stage.READ: Carries.FILE,
    Stage.EXTRACT: Carries.DOCUMENT,
    Stage.DEDUP: Carries.ARTICLE,
    Stage.ENTITIES: Carries.ARTICLE,
    Stage.SINK: Carries.ARTICLE,
}
