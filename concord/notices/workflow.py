"""The life of a notice as a state machine: which action moves it from which state to which,
and who may take it. Services consult :func:`step`; nothing else changes a notice's status.

    draft -> submitted -> under_review -> published
                     \\-> info_requested -> (resubmit) submitted
                     \\-> refused
    published -> suspended -> published (reinstated);  published/suspended -> expired
    any open state -> cancelled (by the requester or the Secretariat)
    published + update requested -> published (update approved or refused on re-review)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from concord.errors import ConflictError


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    INFO_REQUESTED = "info_requested"
    PUBLISHED = "published"
    REFUSED = "refused"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Action(StrEnum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    START_REVIEW = "start_review"
    APPROVE = "approve"
    REQUEST_INFO = "request_info"
    REFUSE = "refuse"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    CANCEL = "cancel"
    EXPIRE = "expire"
    APPROVE_UPDATE = "approve_update"
    REFUSE_UPDATE = "refuse_update"


class Actor(StrEnum):
    REQUESTER = "requester"  # the requesting NCB (or the Secretariat for UN notices)
    REVIEWER = "reviewer"  # gs_reviewer (notices:review)
    MANAGER = "manager"  # the Secretariat (notices:manage)
    SYSTEM = "system"


@dataclass(frozen=True)
class Step:
    sources: frozenset[Status]
    target: Status | None  # None: the status stays (update decisions)
    actors: frozenset[Actor]
    needs_reason: bool


def _s(*statuses: Status) -> frozenset[Status]:
    return frozenset(statuses)


_REVIEWABLE = _s(Status.SUBMITTED, Status.UNDER_REVIEW)
OPEN = _s(Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.INFO_REQUESTED)
#: states in which members may see a request as "request being processed"
PROCESSING = _s(Status.SUBMITTED, Status.UNDER_REVIEW, Status.INFO_REQUESTED)
#: states in which the requester may edit the request directly
EDITABLE = _s(Status.DRAFT, Status.INFO_REQUESTED)
#: states a notice is in circulation (hits carry it only when published)
IN_CIRCULATION = _s(Status.PUBLISHED)

STEPS: dict[Action, Step] = {
    Action.SUBMIT: Step(_s(Status.DRAFT), Status.SUBMITTED, frozenset({Actor.REQUESTER}), False),
    Action.RESUBMIT: Step(
        _s(Status.INFO_REQUESTED), Status.SUBMITTED, frozenset({Actor.REQUESTER}), False
    ),
    Action.START_REVIEW: Step(
        _s(Status.SUBMITTED), Status.UNDER_REVIEW, frozenset({Actor.REVIEWER}), False
    ),
    Action.APPROVE: Step(_REVIEWABLE, Status.PUBLISHED, frozenset({Actor.REVIEWER}), False),
    Action.REQUEST_INFO: Step(
        _REVIEWABLE, Status.INFO_REQUESTED, frozenset({Actor.REVIEWER}), True
    ),
    Action.REFUSE: Step(_REVIEWABLE, Status.REFUSED, frozenset({Actor.REVIEWER}), True),
    Action.SUSPEND: Step(
        _s(Status.PUBLISHED), Status.SUSPENDED, frozenset({Actor.MANAGER, Actor.REVIEWER}), True
    ),
    Action.REINSTATE: Step(
        _s(Status.SUSPENDED), Status.PUBLISHED, frozenset({Actor.MANAGER, Actor.REVIEWER}), True
    ),
    Action.CANCEL: Step(
        OPEN | _s(Status.PUBLISHED, Status.SUSPENDED),
        Status.CANCELLED,
        frozenset({Actor.REQUESTER, Actor.MANAGER, Actor.REVIEWER}),
        True,
    ),
    Action.EXPIRE: Step(
        _s(Status.PUBLISHED, Status.SUSPENDED), Status.EXPIRED, frozenset({Actor.SYSTEM}), False
    ),
    Action.APPROVE_UPDATE: Step(_s(Status.PUBLISHED), None, frozenset({Actor.REVIEWER}), False),
    Action.REFUSE_UPDATE: Step(_s(Status.PUBLISHED), None, frozenset({Actor.REVIEWER}), True),
}


def step(action: Action, current: Status, actors: set[Actor]) -> Step:
    """The step ``action`` takes from ``current``; :class:`ConflictError` if it is not
    allowed from that state, ``None``-free permission checks are the caller's."""
    rule = STEPS[action]
    if current not in rule.sources:
        allowed = ", ".join(sorted(s.value for s in rule.sources))
        raise ConflictError(
            f"Cannot {action.value.replace('_', ' ')} a notice that is {current.value}; "
            f"allowed from: {allowed}"
        )
    return rule


def allowed_actions(current: Status, actors: set[Actor], *, pending: bool) -> list[Action]:
    """The actions these actors may take now (shown to clients as next steps)."""
    out = []
    for action, rule in STEPS.items():
        if current not in rule.sources or not (rule.actors & actors):
            continue
        if action in (Action.APPROVE_UPDATE, Action.REFUSE_UPDATE) and not pending:
            continue
        out.append(action)
    return out
