"""Every HTML form of the project, filled in with hostile values, is answered without a server error, and a form
shown again with its errors has saved nothing.

The pages come from the access matrix (``tests/access.py``): every URL whose view takes POST and that some role
opens. Each is opened as the most powerful role that may (and, for a public page, by an anonymous visitor too);
every ``<form method="post">`` on it is read with the standard library's HTML parser and sent back with each
payload of ``PAYLOADS``: everything empty, very long text, numbers and ID numbers a careless or hostile client
might type, impossible dates, a choice that is not offered, NUL bytes, lone surrogates and emoji, and a file
field given no file or not a file. The forms of addresses that only take POST (a decision, a deletion) are
filled in from the page that shows them (``ACTION_PAGES``). (The API's routes get junk of their own in
``tests/api/test_json_errors.py``; a NUL in an address or query string, in ``tests/core/test_nul_characters.py``.)
"""

from __future__ import annotations

import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import Resolver404, resolve, reverse

from skilled_township.accounts.models import AuditEntry, LoginAttempt

from . import discovery, factories
from .access import ACCESS

#: The order in which a role is picked to fill in a page's forms: the one that may do the most first.
POWER = (
    "org_admin",
    "secretary",
    "cadre",
    "hr_appraiser",
    "reviewer",
    "leader",
    "other_org_admin",
    "other_secretary",
    "other_cadre",
    "anonymous",
)
#: Forms on every page whose sending ends the visit or only switches the language: not the page's own forms.
NOT_FUZZED = {"accounts:logout", "set_language"}


# --- Reading the forms of a page -----------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an input's type, "select", "select-multiple" or "textarea"
    value: str = ""
    #: What a browser sends when nothing is changed (several values for a multiple select or checkboxes).
    sent: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    #: Inside an ``aria-hidden`` element: a trap for robots that a person never fills in.
    hidden_from_people: bool = False


@dataclass
class Form:
    action: str
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)

    def add(
        self, name: str, kind: str, value: str, *, sent: bool, options: list[str] | None = None, trap: bool = False
    ) -> None:
        known = self.fields.get(name)
        if known is None:
            known = self.fields[name] = Field(name, kind, value, hidden_from_people=trap)
        if kind in ("radio", "checkbox"):
            known.options = list(dict.fromkeys([*known.options, value]))
        if options:
            known.options = options
        if sent:
            known.sent.append(value)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class FormParser(HTMLParser):
    """The forms of a page sent with ``method`` (``<form method="post">`` by default) with their fields, as a
    browser would submit them."""

    def __init__(self, method: str = "post"):
        super().__init__(convert_charrefs=True)
        self.method = method
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: tuple[str, bool, list[str], list[str]] | None = None  # name, multiple, options, selected
        self.option: dict | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.submitted = False
        #: The open elements, each with whether it hides its content from people (``aria-hidden``).
        self.open: list[tuple[str, bool]] = []

    @property
    def trap(self) -> bool:
        return any(hidden for _tag, hidden in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = {key: (value or "") for key, value in attrs}
        if tag not in VOID:
            self.open.append((tag, attributes.get("aria-hidden") == "true"))
        if tag == "form":
            if attributes.get("method", "get").lower() == self.method:
                enctype = attributes.get("enctype", "").lower()
                self.current = Form(attributes.get("action", ""), enctype == "multipart/form-data")
                self.submitted = False
            return
        if self.current is None:
            return
        name = attributes.get("name", "")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text").lower()
            value = attributes.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("submit", "image", "button", "reset"):
                if kind == "submit" and not self.submitted:
                    self.submitted = True
                    self.current.add(name, kind, value, sent=True)
                return
            checked = "checked" in attributes
            sent = checked if kind in ("checkbox", "radio") else kind != "file"
            self.current.add(name, kind, value, sent=sent, trap=self.trap)
        elif tag == "button" and name and attributes.get("type", "submit").lower() == "submit":
            if not self.submitted:
                self.submitted = True
                self.current.add(name, "submit", attributes.get("value", ""), sent=True)
        elif tag == "select" and name and "disabled" not in attributes:
            self.select = (name, "multiple" in attributes, [], [])
        elif tag == "option" and self.select is not None:
            self.option = {"value": attributes.get("value"), "selected": "selected" in attributes, "text": []}
        elif tag == "textarea" and name and "disabled" not in attributes:
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"].append(data)
        if self.textarea is not None:
            self.textarea[1].append(data)

    def _close_option(self):
        if self.option is not None and self.select is not None:
            value = self.option["value"]
            value = "".join(self.option["text"]).strip() if value is None else value
            self.select[2].append(value)
            if self.option["selected"]:
                self.select[3].append(value)
        self.option = None

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break
        if tag == "option":
            self._close_option()
        elif tag == "select" and self.select is not None:
            self._close_option()
            name, multiple, options, selected = self.select
            if not selected and not multiple and options:
                selected = options[:1]
            if self.current is not None:
                kind = "select-multiple" if multiple else "select"
                form = self.current
                form.add(name, kind, selected[0] if selected else "", sent=False, options=options)
                form.fields[name].sent = list(selected)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            if self.current is not None:
                self.current.add(name, "textarea", "".join(text).removeprefix("\n"), sent=True)
            self.textarea = None
        elif tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None


def post_forms(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


PLAUSIBLE_DATES = {"date": "2026-03-02", "datetime-local": "2026-03-02T09:00", "month": "2026-03", "week": "2026-W10"}


def plausible(f: Field) -> list[str]:
    """What a person might type into a field the page leaves empty, so that the hostile value of one field
    reaches the checks that run only once the others are valid."""
    name = f.name.lower()
    if f.kind == "select" or f.kind == "radio":
        return [option for option in f.options if option][:1]
    if f.kind in ("select-multiple", "checkbox", "hidden", "file", "submit") or f.hidden_from_people:
        return []
    if f.kind in DATE_KINDS:
        return [PLAUSIBLE_DATES.get(f.kind, "11:00" if "end" in name else "09:00")]
    if f.kind == "number":
        return ["2026" if "year" in name else "1"]
    if is_id_number(f):
        return [factories.resident_id()]
    if "mobile" in name or "phone" in name:
        return ["13800138000"]
    if f.kind == "email":
        return ["yang@example.com"]
    if f.kind == "password":
        return ["Kx8!mountain-road-2026"]
    return ["杨大伯"]


def filled_in(form: Form) -> Form:
    """``form`` as a person would send it having filled in every field the page leaves empty."""
    fields = {
        name: replace(f, sent=f.sent if [v for v in f.sent if v] else plausible(f) or f.sent)
        for name, f in form.fields.items()
    }
    return replace(form, fields=fields)


# --- Hostile payloads ----------------------------------------------------------------------------------------

TEXT_KINDS = {"text", "search", "email", "tel", "url", "password", "textarea"}
DATE_KINDS = {"date", "datetime-local", "month", "week", "time"}
NUMBER_HINTS = ("id_number", "mobile", "phone", "year", "hours", "score", "amount", "count", "total", "number")
DATE_HINTS = ("date", "_on", "_at", "month")
CSRF = "csrfmiddlewaretoken"


def is_text(f: Field) -> bool:
    return f.kind in TEXT_KINDS


def is_number(f: Field) -> bool:
    if f.kind == "number" or any(hint in f.name.lower() for hint in NUMBER_HINTS):
        return True
    return f.kind in ("text", "hidden", "tel") and f.value.strip().lstrip("-").replace(".", "", 1).isdigit()


def is_id_number(f: Field) -> bool:
    return "id_number" in f.name.lower()


def is_date(f: Field) -> bool:
    if f.kind in DATE_KINDS:
        return True
    if f.kind not in ("text", "hidden"):
        return False
    name = f.name.lower()
    return any(name.endswith(hint) or hint + "_" in name or name.startswith("date") for hint in DATE_HINTS)


def is_choice(f: Field) -> bool:
    return f.kind in ("select", "select-multiple", "radio", "checkbox")


#: A value for a field (``None``: as the browser would send it), several values for a multiple field.
Value = str | bytes | list[str] | None
#: One file sent in a file field: (file name, content type, content).
Upload = tuple[str, str, bytes]


@dataclass(frozen=True)
class Payload:
    name: str
    #: What to put in a field, given the field (``None``: leave the field as the page gives it).
    fill: Callable[[Field], Value | Upload]
    #: Which fields it touches, for the report: those ``fill`` changes.
    applies: Callable[[Field], bool]
    #: Sent even to a form with no field it touches (a button that confirms a deletion, say).
    always: bool = False


NUMBERS = ("１２３４５", "-1", "1e309", "NaN", "99999999999999999999", "0x10")
ID_NUMBERS = ("４３１２２６１９８８０５１２００１Ｘ", "43122619880512001x", "4312261988051200", "0x10", "", "-1")
DATES = ("9999-12-31", "0001-01-01", "2026-02-30", "二〇二六年", "2026-13-01", "99999-01-01")
#: A value encoded by hand: a lone surrogate (U+D800) as a careless client's UTF-8 would write it.
LONE_SURROGATE = "\ud800".encode("utf-8", "surrogatepass")
NOT_OFFERED = "999999999"


def _numbers(index: int) -> Callable[[Field], Value]:
    def fill(f: Field) -> Value:
        if is_id_number(f):
            return ID_NUMBERS[index]
        if is_number(f):
            return NUMBERS[index]
        if is_date(f):
            return DATES[index]
        return None

    return fill


def _text(value: str | bytes) -> Callable[[Field], Value]:
    return lambda f: value if is_text(f) else None


def _not_offered(f: Field) -> Value:
    if not is_choice(f):
        return None
    if all(option.isdigit() or option == "" for option in f.options):
        return NOT_OFFERED
    return "no-such-choice"


def _no_file(f: Field) -> Value | Upload:
    return ("", "application/octet-stream", b"") if f.kind == "file" else None


def _not_a_file(f: Field) -> Value | Upload:
    return ("表格.xlsx", "application/vnd.ms-excel", b"\x00not a spreadsheet\xff") if f.kind == "file" else None


PAYLOADS = [
    Payload("every field empty", lambda f: "" if f.name != CSRF else None, lambda f: f.name != CSRF, always=True),
    Payload("10,000 characters", _text("长x" * 5000), is_text),
    *(
        Payload(
            f"number {NUMBERS[i]!r}, ID number {ID_NUMBERS[i]!r}, date {DATES[i]!r}",
            _numbers(i),
            lambda f: is_number(f) or is_date(f) or is_id_number(f),
        )
        for i in range(len(NUMBERS))
    ),
    Payload("a choice not offered", _not_offered, is_choice),
    Payload("a NUL byte", _text("杨\x00大伯"), is_text),
    Payload("a lone surrogate and emoji", _text("杨".encode() + LONE_SURROGATE + "大伯🌾👩‍🌾".encode()), is_text),
    Payload("no file chosen", _no_file, lambda f: f.kind == "file"),
    Payload("a file that is not a spreadsheet", _not_a_file, lambda f: f.kind == "file"),
    Payload("text where a file goes", lambda f: "not a file" if f.kind == "file" else None, lambda f: f.kind == "file"),
]


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def body_of(form: Form, overrides: dict[str, Value | Upload]) -> tuple[bytes, str]:
    """The request body a browser would send for ``form`` with ``overrides`` in place of what it gives."""
    parts: list[tuple[str, bytes | Upload]] = []
    for name, f in form.fields.items():
        if name in overrides:
            value = overrides[name]
            if isinstance(value, tuple):
                parts.append((name, value))
                continue
            values = value if isinstance(value, list) else [value]
        elif f.kind == "file":
            values = []
            parts.append((name, ("", "application/octet-stream", b"")))
        else:
            values = f.sent
        parts.extend((name, _bytes(v)) for v in values)
    if not form.multipart:
        encoded = "&".join(
            f"{quote_from_bytes(name.encode())}={quote_from_bytes(value)}"
            for name, value in parts
            if not isinstance(value, tuple)
        )
        return encoded.encode(), "application/x-www-form-urlencoded"
    boundary = uuid.uuid4().hex
    lines: list[bytes] = []
    for name, value in parts:
        lines.append(f"--{boundary}".encode())
        if isinstance(value, tuple):
            filename, content_type, content = value
            lines.append(f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'.encode())
            lines.append(f"Content-Type: {content_type}".encode())
            lines.extend([b"", content])
        else:
            lines.extend([f'Content-Disposition: form-data; name="{name}"'.encode(), b"", value])
    lines.extend([f"--{boundary}--".encode(), b""])
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"


def overrides_of(form: Form, payload: Payload, only: str | None = None) -> dict[str, Value | Upload]:
    chosen = {}
    for name, f in form.fields.items():
        if only is not None and name != only:
            continue
        value = payload.fill(f)
        if value is not None:
            chosen[name] = value
    return chosen


# --- What a refusal must leave alone -------------------------------------------------------------------------

#: Tables a refused form may write to: the visit itself, the sign-in attempts the lock-out counts, and the audit
#: trail (its changes are counted below).
NOT_DATA = {"django_session", LoginAttempt._meta.db_table, AuditEntry._meta.db_table}


@transaction.atomic
def rows_everywhere() -> dict[str, int]:
    """How many rows each of the project's tables holds (one query), and how many data changes the audit trail
    has recorded."""
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)} - NOT_DATA)
    quoted = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {table})" for table in quoted))
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    counts["audit: data changes"] = AuditEntry.objects.filter(
        action__in=["create", "update", "delete", "permission"]
    ).count()
    return counts


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {table: (before[table], after[table]) for table in before if before[table] != after[table]}


# --- The cases -----------------------------------------------------------------------------------------------


def _cases() -> Iterator[tuple[str, str]]:
    for url_name in sorted(ACCESS):
        if url_name.startswith("api:") or not discovery.accepts_post(url_name):
            continue
        opens = [role for role in POWER if ACCESS[url_name].get.get(role) == 200]
        if not opens:
            continue
        yield url_name, opens[0]
        if "anonymous" in opens and opens[0] != "anonymous":
            yield url_name, "anonymous"  # a public page: its forms face anyone


CASES = list(_cases())


def _fuzzed(action_url: str) -> bool:
    try:
        match = resolve(urlsplit(action_url).path)
    except Resolver404:
        return False
    return match.view_name not in NOT_FUZZED and urlsplit(action_url).netloc in ("", "testserver")


def forms_on(client, page_url: str, role: str) -> list[tuple[str, Form]]:
    """The forms of the page to send, with the address each posts to: the page's own forms first, as a form
    that posts elsewhere (a delete button, say) may end the page's object."""
    page = client.get(page_url)
    assert page.status_code == 200, f"GET {page_url} as {role}"
    if not page["Content-Type"].startswith("text/html"):
        return []  # a file or an answer to a program: no form to fill in
    forms = [
        (urljoin(page_url, form.action) if form.action else page_url, filled_in(form))
        for form in post_forms(page.content.decode())
    ]
    forms = [(url, form) for url, form in forms if _fuzzed(url)]
    return sorted(forms, key=lambda pair: pair[0] != page_url)


#: Seconds within which a refusal is answered: a page that takes longer has been made to do a great deal of work
#: by a few bytes (a forged count of forms, say), and a busy server would time out on it.
SLOW = 5.0


@dataclass
class Attempt:
    where: str
    status: int | None
    error: str = ""
    changes: dict = field(default_factory=dict)
    seconds: float = 0.0


def send(client, url: str, form: Form, overrides: dict, before: dict[str, int]) -> Attempt:
    """POST ``form`` with ``overrides``; ``before``: the rows before it, updated to the rows after it."""
    body, content_type = body_of(form, overrides)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            response = client.generic("POST", url, body, content_type=content_type)
    except Exception as error:  # a server error, reported with where it came from
        frames = traceback.extract_tb(error.__traceback__)
        ours = [frame for frame in frames if "skilled_township" in frame.filename] or frames
        last = ours[-1]
        return Attempt(url, 500, f"{type(error).__name__}: {error} ({last.filename}:{last.lineno})"[:400])
    attempt = Attempt(url, response.status_code, seconds=time.perf_counter() - started)
    after = rows_everywhere()
    if response.status_code >= 500:
        attempt.error = response.content[:200].decode(errors="replace")
    elif not 300 <= response.status_code < 400:
        attempt.changes = changed(before, after)
    before.update(after)
    return attempt


def fuzz(client, as_role: str, forms: list[tuple[str, Form]]) -> list[str]:
    """Send every payload that applies to each form; what went wrong, naming the form, payload and fields."""
    failures = []
    rows = rows_everywhere()
    for url, form in forms:
        for payload in PAYLOADS:
            touched = [name for name, f in form.fields.items() if payload.applies(f)]
            if not touched and not payload.always:
                continue
            attempt = send(client, url, form, overrides_of(form, payload), rows)
            if attempt.error:
                # Which field, alone, brings the server down.
                culprits = [
                    f"{name}: {single.error}"
                    for name in touched
                    if (single := send(client, url, form, overrides_of(form, payload, only=name), rows)).error
                ]
                failures.append(
                    f"POST {url} as {as_role}, {payload.name} in {touched}: {attempt.status} {attempt.error}"
                    + "".join(f"\n    field {culprit}" for culprit in culprits)
                    + ("" if culprits else "\n    (no field alone: only the fields together)")
                )
            elif attempt.changes:
                failures.append(
                    f"POST {url} as {as_role}, {payload.name} in {touched}: answered {attempt.status} "
                    f"but changed {attempt.changes}"
                )
            if attempt.seconds > SLOW:
                failures.append(
                    f"POST {url} as {as_role}, {payload.name} in {touched}: answered {attempt.status} "
                    f"after {attempt.seconds:.1f} s"
                )
    return failures


#: Pages that take POST but show no ``<form method="post">`` in the test's world: files and the health check,
#: which answer a POST without one; tracking a request, asked with a GET form; pages whose form needs a state the
#: access rows do not build (a transfer under way, a nomination still to decide, a cadre with pairings to hand
#: over, a check-in window that is open).
SHOWS_NO_FORM = {
    "assessment:star_detail",
    "cadres:transfer_list",
    "files:detail",
    "files:download",
    "healthz",
    "pairing:handover_cadre",
    "public:track",
    "training:checkin",
}


@pytest.mark.parametrize(("url_name", "role"), CASES, ids=[f"{name}-{role}" for name, role in CASES])
def test_hostile_input_to_every_form_is_refused_cleanly(url_name, role, world, personas, client_as, settings):
    # A list export longer than the limit asks before it prepares the file in the background: with the limit below
    # any count (an empty list too), every export shows that form.
    settings.EXPORT_INLINE_ROWS = -1
    access = ACCESS[url_name]
    page_url = reverse(url_name, kwargs=access.kwargs(world, personas))
    if access.query:
        page_url += f"?{access.query}"
    # A page may show its form only to some of those who open it (a decision to the one who takes it): the
    # next most powerful role fills it in where the first sees none.
    candidates = [role] if role == "anonymous" else [r for r in POWER if r != "anonymous" and access.get[r] == 200]
    for as_role in candidates:
        client = client_as(personas[as_role])
        forms = forms_on(client, page_url, as_role)
        if forms:
            break
    assert forms or url_name in SHOWS_NO_FORM, f"{page_url} shows no form to {candidates}"
    failures = fuzz(client, as_role, forms)
    assert not failures, "\n".join(failures)


@dataclass(frozen=True)
class ActionForm:
    """Where the form of an address that only takes POST (a decision, a deletion) is shown."""

    page: str
    #: The page's URL kwargs where they are not its access row's: the page of the row the action acts on.
    page_kwargs: Callable | None = None
    #: What must exist before the page offers the form (beyond the row the action's access row builds).
    setup: Callable | None = None


def _token_of(role: str) -> Callable:
    from skilled_township.accounts.tokens import issue_token

    return lambda world, personas: issue_token(personas[role], None)


def _code_sent(world, personas) -> None:
    from skilled_township.pairing.models import Visit
    from skilled_township.pairing.services.confirmation import send_code

    visit = Visit.objects.get(pk=ACCESS["pairing:visit_confirm_code"].kwargs(world, personas)["pk"])
    send_code(visit, by=personas["secretary"])


def _round_of(builder: str) -> Callable:
    """The kwargs of the page of the round that ``builder`` (``tests.assessment.builders``) makes or belongs to."""

    def kwargs(world, personas) -> dict:
        from .assessment import builders

        row = getattr(builders, builder)(world)
        return {"pk": getattr(row, "round_id", row.pk)}

    return kwargs


ACTION_PAGES = {
    "accounts:audit_export": ActionForm("accounts:audit_list"),
    "accounts:token_revoke": ActionForm("accounts:token_list", setup=_token_of("org_admin")),
    "accounts:user_active": ActionForm("accounts:user_detail"),
    "accounts:user_token_revoke": ActionForm("accounts:user_detail", setup=_token_of("secretary")),
    "assessment:assignment_delete": ActionForm("assessment:round_detail", page_kwargs=_round_of("pending_assignment")),
    "assessment:indicator_delete": ActionForm("assessment:round_detail", page_kwargs=_round_of("indicator")),
    "assessment:round_action": ActionForm("assessment:round_detail", page_kwargs=_round_of("draft_round")),
    "assessment:grade_action": ActionForm("assessment:grade_list"),
    "assessment:reports_start": ActionForm("assessment:round_reports"),
    "assessment:star_publish": ActionForm("assessment:star_list"),
    "certifications:cards_township_pdf": ActionForm("certifications:cards"),
    "pairing:visit_confirm_code": ActionForm("pairing:visit_detail", setup=_code_sent),
    "pairing:visit_send_code": ActionForm("pairing:visit_detail"),
    "skills:required_remove": ActionForm("skills:required_list"),
    "skills:skill_retire": ActionForm("skills:skill_detail"),
    "training:claim_decision": ActionForm("training:session_detail"),
}
#: Addresses that take POST but show no form of their own: a redirect to the user's part of the region tree.
NO_FORM = {"regions:region_tree"}


def test_every_address_that_only_takes_post_has_the_page_of_its_form():
    post_only = {
        name
        for name in ACCESS
        if not name.startswith("api:")
        and discovery.accepts_post(name)
        and 200 not in ACCESS[name].get.values()
        and name not in NOT_FUZZED | NO_FORM
    }
    assert sorted(post_only - set(ACTION_PAGES)) == []
    assert sorted(set(ACTION_PAGES) - post_only) == []


@pytest.mark.parametrize("action_name", sorted(ACTION_PAGES))
def test_hostile_input_to_every_action_form_is_refused_cleanly(action_name, world, personas, client_as):
    shown = ACTION_PAGES[action_name]
    page_name = shown.page
    access = ACCESS[page_name]
    ACCESS[action_name].kwargs(world, personas)  # the row the action acts on, so that the page offers it
    if shown.setup is not None:
        shown.setup(world, personas)
    page_url = reverse(page_name, kwargs=(shown.page_kwargs or access.kwargs)(world, personas))
    if access.query:
        page_url += f"?{access.query}"
    roles = [role for role in POWER if ACCESS[action_name].post.get(role) == 302 and access.get[role] == 200]
    for as_role in roles:
        client = client_as(personas[as_role])
        forms = [
            (url, form)
            for url, form in forms_on(client, page_url, as_role)
            if resolve(urlsplit(url).path).view_name == action_name
        ]
        if forms:
            break
    assert forms, f"{page_url} shows no form that posts to {action_name} to {roles}"
    failures = fuzz(client, as_role, forms)
    assert not failures, "\n".join(failures)


def test_the_fuzzer_reads_forms_as_a_browser_sends_them():
    html = """
    <form method="get"><input name="q"></form>
    <form method="post" action="/x/" enctype="multipart/form-data">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="name" value="杨&amp;">
      <input type="checkbox" name="flags" value="a" checked><input type="checkbox" name="flags" value="b">
      <select name="village"><option value="">---</option><option value="7" selected>锦和村</option></select>
      <select name="skills" multiple><option value="1" selected>a</option><option value="2" selected>b</option></select>
      <textarea name="note">
第一行</textarea>
      <input type="file" name="sheet">
      <input name="off" disabled value="x">
      <button type="submit" name="action" value="save">保存</button><button name="action" value="delete">删</button>
    </form>"""
    [form] = post_forms(html)
    assert form.action == "/x/" and form.multipart
    sent = {name: f.sent for name, f in form.fields.items()}
    assert sent == {
        "csrfmiddlewaretoken": ["t"],
        "name": ["杨&"],
        "flags": ["a"],
        "village": ["7"],
        "skills": ["1", "2"],
        "note": ["第一行"],
        "sheet": [],
        "action": ["save"],
    }
    assert form.fields["flags"].options == ["a", "b"]
    assert form.fields["village"].options == ["", "7"]
    assert overrides_of(form, PAYLOADS[0]) == {name: "" for name in sent if name != "csrfmiddlewaretoken"}
    body, content_type = body_of(form, {"name": LONE_SURROGATE})
    assert content_type.startswith("multipart/form-data") and b'name="name"\r\n\r\n\xed\xa0\x80\r\n' in body
