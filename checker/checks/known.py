"""What earlier check families established that later ones read, passed on as typed values."""
from __future__ import annotations

import attrs


@attrs.frozen
class Steps:
    """Argument steps (strategy and evidence steps): how many, how many formal, proved, and argued by judgement."""

    total: int = 0
    formal: int = 0
    proved: int = 0
    judged: int = 0

    def __add__(self, other: "Steps") -> "Steps":
        return Steps(self.total + other.total, self.formal + other.formal, self.proved + other.proved,
                     self.judged + other.judged)


INFORMAL_STEP, FORMAL_STEP, PROVED_STEP = Steps(1, 0, 0), Steps(1, 1, 0), Steps(1, 1, 1)
JUDGED_STEP = Steps(1, 0, 0, 1)

# How a step ended, for the establishment family: proved; judged (informal, and the case names
# who judged it); informal; failed (an error finding is about it, or it repeats one); unknown (X001).
PROVED, JUDGED, INFORMAL, FAILED, UNKNOWN = "proved", "judged", "informal", "failed", "unknown"


@attrs.frozen
class StepOutcome:
    """One argument step's result: the claim it argues for, the strategy (None for the evidence step), why not proved."""

    claim: str
    strategy: str | None
    status: str
    reason: str = ""

    @property
    def label(self) -> str:
        return f"strategy `{self.strategy}`" if self.strategy else f"the evidence for `{self.claim}`"


@attrs.frozen
class Known:
    """The facts one family hands to the next; each family returns an updated copy.

    `boundary_admits` is False once the boundary is shown to admit no deployment
    (L209): every later proof would hold vacuously, so those families do not run.
    `impossible_claims` are claims shown to hold in no world inside the boundary
    (L205): steps that use them would only repeat that finding. `steps` counts the
    steps and `outcomes` holds each step's result (StepOutcome); `established` is
    what the argument establishes (checks.establish.Establishment, None until that
    family has run). `errors` counts error findings so far, for the decision family.
    `margins` are the worst-case margins of every threshold (acceptance family), for
    the summary.
    """

    boundary_admits: bool = True
    impossible_claims: frozenset = frozenset()
    steps: Steps = Steps()
    outcomes: tuple = ()
    established: object = None
    errors: int = 0
    margins: tuple = ()  # checks.margins.MarginFigure: every threshold's worst-case margin


@attrs.frozen
class FamilyResult:
    findings: tuple
    known: Known
