"""State machines as data: which action may start from which state, and where it goes.

Each stateful model has one table (``roadmaps/transitions.py``, ``maturity/transitions.py``)
written as DESIGN section 6 reads. Services ask it before they change anything and call
``move`` to change state; predicates and pages ask ``allows`` instead of listing states again.
An action that does not change the state (editing a draft, say) has no ``to``: the table
still says in which states it is allowed.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from accounts.errors import ActionRefused
from accounts.services.audit import record_event


@dataclass(frozen=True)
class Action:
    """One row of a transition table.

    ``refusal`` is said when the object is in any other state; ``refusals`` says something
    more useful for particular states, above all the state a second person finds when
    someone else was quicker ("NHS England has already endorsed ..."). Messages may use
    ``%(name)s``, the object's name as the table's ``name_of`` gives it, and ``%(state)s``.
    """

    name: str
    sources: frozenset
    refusal: str
    to: tuple = ()
    verb: str = ""
    refusals: dict = field(default_factory=dict)


class StateMachine:
    """The transition table of one model: its actions by name."""

    def __init__(self, model_label, *actions, name_of=str):
        self.model_label = model_label
        self.actions = {action.name: action for action in actions}
        self.name_of = name_of

    def action(self, name):
        return self.actions[name]

    def allows(self, state, action):
        """May ``action`` start from ``state``?"""
        return state in self.actions[action].sources

    def states_allowing(self, action):
        return self.actions[action].sources

    def refusal(self, obj, action):
        """Why ``action`` cannot start from the state ``obj`` is in, in words for a person."""
        row = self.actions[action]
        message = row.refusals.get(obj.state, row.refusal)
        return str(message) % {
            "name": self.name_of(obj),
            "state": obj.get_state_display().lower(),
        }

    def check(self, obj, action):
        """Refuse, with the table's message, unless ``obj``'s state allows ``action``.

        Call it on the row locked by the service, so that the state it reads is the one the
        change is made from.
        """
        if not self.allows(obj.state, action):
            raise ActionRefused(self.refusal(obj, action))
        return self.actions[action]

    def move(self, obj, action, *, by, organisation, to=None, before=None, after=None, **fields):
        """Check ``action``, move ``obj`` to its state (``to`` when the action has several),
        set ``fields``, save, and record the action's audit event, which is returned.

        The event's id keys the emails the move causes, so each is queued once however
        often the same move is asked for.
        """
        row = self.check(obj, action)
        target = to if to is not None else row.to[0]
        if target not in row.to:
            raise ValueError(f"{self.model_label}: {action} does not lead to {target}")
        was = obj.state
        obj.state = target
        for name, value in fields.items():
            setattr(obj, name, value)
        update_fields = ["state", *fields]
        if hasattr(obj, "updated_at") and "updated_at" not in fields:
            obj.updated_at = timezone.now()
            update_fields.append("updated_at")
        obj.save(update_fields=update_fields)
        return record_event(
            actor=by,
            verb=row.verb,
            target=obj,
            organisation=organisation,
            before={"state": was, **(before or {})},
            after={"state": target, **(after or {})},
        )


def authorise(predicate, by, *objects, reason):
    """Refuse unless ``predicate(by, *objects)``: a service's check of who is acting, made
    on the row it has locked, because what a person may do depends on the state it is in
    now. ``by=None`` is the service itself at work (a task, a command, a cascade from
    another transition), not a person, and is not asked."""
    if by is not None and not predicate(by, *objects):
        raise ActionRefused(reason)
