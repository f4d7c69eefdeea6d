"""A personal safety plan: written while calm, read in a crisis, in the person's own words.

The sections follow the order of Stanley and Brown's safety planning intervention (2012), with
headings and hints in the project's own words (see ``docs/sources.md``):

1. my warning signs
2. things I can do on my own to take my mind off it
3. people and places that help me feel better
4. people I can ask for help
5. professionals and services I can contact
6. making my surroundings safer
7. my reasons for living (optional, last)

Besides the sections a plan holds the person's own help contacts (a name and how to reach them)
and, if they choose, their local emergency number. The app ships no phone number of its own: an
empty ``emergency_number`` is shown as the words "your local emergency number".

:class:`SafetyPlan` is plain data. :meth:`SafetyPlan.to_dict` gives a versioned dict for JSON;
:meth:`SafetyPlan.from_dict` reads one back and raises :class:`SafetyPlanError` with a clear
message on a bad shape. :func:`validate_plan` bounds every length.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The version of the dict written by :meth:`SafetyPlan.to_dict`.
PLAN_FORMAT = 1
MAX_SECTION_CHARS = 2000
MAX_CONTACTS = 20
MAX_CONTACT_NAME_CHARS = 120
MAX_CONTACT_REACH_CHARS = 200
MAX_EMERGENCY_CHARS = 40


class SafetyPlanError(ValueError):
    """A plan that cannot be read or saved; the message says why in plain words."""


@dataclass(frozen=True)
class Section:
    """One part of the plan: what it is called, a short hint and example words."""

    key: str
    heading: str
    hint: str
    #: Examples shown greyed in an empty box, in the app's voice. Never saved.
    placeholder: str
    optional: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(
        "warning_signs",
        "My warning signs",
        "The thoughts, feelings, moods or situations that tell you a hard time may be starting.",
        "For example: I stop answering messages. I sleep badly for a few nights. "
        "I think nothing will change.",
    ),
    Section(
        "on_my_own",
        "Things I can do on my own to take my mind off it",
        "Small things you can do alone that help you feel a little calmer or distracted.",
        "For example: Hold something cold. Take a slow walk around the block. "
        "Put on the album I know by heart.",
    ),
    Section(
        "people_and_places",
        "People and places that help me feel better",
        "People to be around and places to go that take your mind off things. "
        "You do not need to talk about how you feel.",
        "For example: Sit in the library café. Watch a film with my cousin. Go to the park.",
    ),
    Section(
        "people_to_ask",
        "People I can ask for help",
        "People you trust and could tell that you are struggling.",
        "For example: My sister. My friend from work. My neighbour downstairs.",
    ),
    Section(
        "professionals",
        "Professionals and services I can contact",
        "Your doctor, therapist or a local crisis service, and when you can reach them. "
        "Add their numbers under Help contacts below.",
        "For example: My GP, weekdays in the morning. The out-of-hours service my doctor told "
        "me about.",
    ),
    Section(
        "safer_surroundings",
        "Making my surroundings safer",
        "What you can do to keep yourself safe where you are, and who could help you with it.",
        "For example: Ask my friend to keep my medicines for now. Stay in the living room, "
        "not alone in my room.",
    ),
    Section(
        "reasons_for_living",
        "My reasons for living",
        "Optional. The people, things and hopes that matter to you.",
        "For example: My dog. Seeing my niece grow up. The trip I still want to take.",
        optional=True,
    ),
)
SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)
_SECTION_BY_KEY = {s.key: s for s in SECTIONS}


def section(key: str) -> Section:
    try:
        return _SECTION_BY_KEY[key]
    except KeyError:
        raise SafetyPlanError(f"there is no section called {key!r}") from None


@dataclass(frozen=True)
class HelpContact:
    """Someone the person can reach: a name, and a number or how to reach them."""

    name: str
    reach: str = ""

    @property
    def is_blank(self) -> bool:
        return not self.name.strip() and not self.reach.strip()

    def describe(self) -> str:
        """``Name: how to reach`` as one line (either part alone if the other is empty)."""
        name, reach = self.name.strip(), self.reach.strip()
        return f"{name}: {reach}" if name and reach else name or reach


@dataclass(frozen=True)
class SafetyPlan:
    """The person's plan. Every text is theirs; an empty plan is a valid plan."""

    #: Section key (see :data:`SECTION_KEYS`) to the person's text, one item a line.
    texts: Mapping[str, str] = field(default_factory=dict)
    contacts: tuple[HelpContact, ...] = ()
    #: What the person typed as their local emergency number; empty unless they typed one.
    emergency_number: str = ""

    def text(self, key: str) -> str:
        section(key)
        return self.texts.get(key, "")

    def lines(self, key: str) -> list[str]:
        """The section's non-empty lines, stripped."""
        return [line.strip() for line in self.text(key).splitlines() if line.strip()]

    @property
    def is_empty(self) -> bool:
        return (
            not any(t.strip() for t in self.texts.values())
            and not any(not c.is_blank for c in self.contacts)
            and not self.emergency_number.strip()
        )

    def with_text(self, key: str, text: str) -> SafetyPlan:
        section(key)
        return SafetyPlan({**self.texts, key: text}, self.contacts, self.emergency_number)

    def normalised(self) -> SafetyPlan:
        """Trailing spaces and blank lines at the ends trimmed, blank contacts dropped.

        Lines inside a section are kept as written.
        """
        texts = {k: self.texts.get(k, "").strip("\n").rstrip() for k in SECTION_KEYS}
        return SafetyPlan(
            {k: v for k, v in texts.items() if v},
            tuple(
                HelpContact(c.name.strip(), c.reach.strip())
                for c in self.contacts
                if not c.is_blank
            ),
            self.emergency_number.strip(),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "sections": {k: self.texts[k] for k in SECTION_KEYS if self.texts.get(k)},
            "contacts": [{"name": c.name, "reach": c.reach} for c in self.contacts],
            "emergency_number": self.emergency_number,
        }

    @classmethod
    def from_dict(cls, data: object) -> SafetyPlan:
        """Read a dict written by :meth:`to_dict` (any earlier format too)."""
        if not isinstance(data, Mapping):
            raise SafetyPlanError("a safety plan must be an object with named parts")
        unknown = set(data) - {"format", "sections", "contacts", "emergency_number"}
        if unknown:
            raise SafetyPlanError(f"a safety plan has no part called {sorted(unknown)[0]!r}")
        version = data.get("format", PLAN_FORMAT)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise SafetyPlanError(f"the safety plan's format {version!r} is not a version number")
        if version > PLAN_FORMAT:
            raise SafetyPlanError(
                f"the safety plan was written by a newer version of Breathing Room "
                f"(format {version})"
            )
        sections = data.get("sections", {})
        if not isinstance(sections, Mapping):
            raise SafetyPlanError("the plan's sections must be an object of texts")
        texts: dict[str, str] = {}
        for key, value in sections.items():
            if key not in _SECTION_BY_KEY:
                raise SafetyPlanError(f"the safety plan has no section called {key!r}")
            if not isinstance(value, str):
                raise SafetyPlanError(f"the section {key!r} must be text")
            texts[key] = value
        raw_contacts = data.get("contacts", [])
        if not isinstance(raw_contacts, list):
            raise SafetyPlanError("the plan's contacts must be a list")
        contacts: list[HelpContact] = []
        for number, item in enumerate(raw_contacts, start=1):
            if not isinstance(item, Mapping) or set(item) - {"name", "reach"}:
                raise SafetyPlanError(f"contact {number} must have only a name and a reach")
            name, reach = item.get("name", ""), item.get("reach", "")
            if not isinstance(name, str) or not isinstance(reach, str):
                raise SafetyPlanError(f"contact {number}'s name and reach must be text")
            contacts.append(HelpContact(name, reach))
        emergency = data.get("emergency_number", "")
        if not isinstance(emergency, str):
            raise SafetyPlanError("the local emergency number must be text")
        return validate_plan(cls(texts, tuple(contacts), emergency))


def validate_plan(plan: SafetyPlan) -> SafetyPlan:
    """Return ``plan`` unchanged if every part fits, else raise :class:`SafetyPlanError`."""
    for key, text in plan.texts.items():
        heading = section(key).heading
        if not isinstance(text, str):
            raise SafetyPlanError(f"“{heading}” must be text")
        if len(text) > MAX_SECTION_CHARS:
            raise SafetyPlanError(
                f"“{heading}” is {len(text)} characters long; it can hold up to {MAX_SECTION_CHARS}"
            )
        _no_control_characters(text, heading, allow_newlines=True)
    if len(plan.contacts) > MAX_CONTACTS:
        raise SafetyPlanError(f"the plan can hold up to {MAX_CONTACTS} help contacts")
    for number, contact in enumerate(plan.contacts, start=1):
        if len(contact.name) > MAX_CONTACT_NAME_CHARS:
            raise SafetyPlanError(
                f"contact {number}'s name can be up to {MAX_CONTACT_NAME_CHARS} characters"
            )
        if len(contact.reach) > MAX_CONTACT_REACH_CHARS:
            raise SafetyPlanError(
                f"how to reach contact {number} can be up to {MAX_CONTACT_REACH_CHARS} characters"
            )
        _no_control_characters(contact.name, f"contact {number}'s name")
        _no_control_characters(contact.reach, f"how to reach contact {number}")
    if len(plan.emergency_number) > MAX_EMERGENCY_CHARS:
        raise SafetyPlanError(
            f"the local emergency number can be up to {MAX_EMERGENCY_CHARS} characters"
        )
    _no_control_characters(plan.emergency_number, "the local emergency number")
    return plan


def _no_control_characters(text: str, what: str, *, allow_newlines: bool = False) -> None:
    allowed = {"\n", "\t"} if allow_newlines else set()
    if any(ord(ch) < 32 and ch not in allowed for ch in text):
        raise SafetyPlanError(f"{what} holds a character that cannot be stored")


#: Said wherever help is offered; Breathing Room ships no number of its own.
EMERGENCY_WORDS = "your local emergency number"
NOT_A_SERVICE = (
    "Breathing Room is not a medical or crisis service. "
    "In an emergency, call your local emergency number."
)
