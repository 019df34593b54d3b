"""The load test's scenario: its request classes, their share of the traffic and their p99
targets, and how each request is built from the fixture (tokens, cookies, demo data) that
``loadtest_setup.py`` prepared.

Three groups, as a day on the platform mixes them:

- **screening**: a border service account screens travellers (a name with or without a birth
  date, a document, or a passport's MRZ), about one in ten drawn from the demo's records
  (a hit) and the rest invented (no hit);
- **messaging**: NCB service accounts send messages to each other (each with a fresh
  Idempotency-Key), list their inbox, and read messages sent to them;
- **browsing**: NCB service accounts list records, notices and cases; signed-in people load
  console pages (session cookie); anyone searches the public red notices.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from typing import Any

#: class -> (group, share of the requests, p99 target in ms). The shares are the default mix;
#: the targets are what this 2-core machine meets at the default rate with client, server
#: and database on it (see docs/benchmarks.md, "Load test (issue 9)").
CLASSES: dict[str, tuple[str, float, float]] = {
    "screen": ("screening", 0.60, 50.0),
    "message_send": ("messaging", 0.05, 150.0),
    "message_inbox": ("messaging", 0.05, 150.0),
    "message_read": ("messaging", 0.05, 150.0),
    "records": ("browsing", 0.07, 150.0),
    "notices": ("browsing", 0.05, 150.0),
    "cases": ("browsing", 0.03, 150.0),
    "console": ("browsing", 0.05, 250.0),
    "public_red": ("browsing", 0.05, 150.0),
}
TARGETS_MS = {name: target for name, (_, _, target) in CLASSES.items()}
DEFAULT_MIX = {name: share for name, (_, share, _) in CLASSES.items()}
CONSOLE_PAGES = ["/console/", "/console/records", "/console/notices", "/console/messages"]

Hook = Callable[[bytes], None] | None


def parse_mix(text: str | None) -> dict[str, float]:
    """``screen=0.5,records=0.2``: the named classes get these weights, the others keep theirs;
    a group name (``screening=0.5``) spreads its weight over its classes by their default
    shares. Weights are normalised to sum to 1."""
    mix = dict(DEFAULT_MIX)
    for part in filter(None, (text or "").split(",")):
        name, _, value = part.partition("=")
        name, weight = name.strip(), float(value)
        if name in mix:
            mix[name] = weight
            continue
        members = [c for c, (group, _, _) in CLASSES.items() if group == name]
        if not members:
            raise ValueError(f"unknown class or group in --mix: {name!r}")
        total = sum(DEFAULT_MIX[c] for c in members)
        for c in members:
            mix[c] = weight * DEFAULT_MIX[c] / total
    total = sum(mix.values())
    if total <= 0:
        raise ValueError("--mix gives every class a zero weight")
    return {k: v / total for k, v in mix.items()}


def _request(
    host: str,
    method: str,
    path: str,
    headers: dict[str, str],
    body: Any = None,
) -> bytes:
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def builders_for(fixture: dict[str, Any], mix: dict[str, float]) -> dict[str, Any]:
    """One builder per class with a weight: (rng, state) -> (request bytes, hook)."""
    host = fixture["host"]
    border = {"Authorization": f"Bearer {fixture['border_token']}"}
    ncbs: dict[str, str] = fixture["ncbs"]
    countries = sorted(ncbs)
    auth = {c: {"Authorization": f"Bearer {t}"} for c, t in ncbs.items()}
    hits, misses = fixture["screen_hits"], fixture["screen_misses"]
    hit_share = fixture.get("hit_share", 0.1)

    def screen(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        body = rng.choice(hits if rng.random() < hit_share else misses)

        def counted(answer: bytes) -> None:
            # the baseline's constant answer is not a screening: not counted
            counts = state.setdefault("counts", {})
            if b'"hits"' in answer:
                counts["screen_ok"] = counts.get("screen_ok", 0) + 1
                if b'"hits":[]' not in answer:
                    counts["screen_hits"] = counts.get("screen_hits", 0) + 1

        return _request(host, "POST", "/api/v1/screen", border, body), counted

    def message_send(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        sender, to = rng.sample(countries, 2)
        n = state["sent"] = state.get("sent", 0) + 1
        body = {
            "to": [to],
            "subject": f"Load test {sender} to {to} #{n}",
            "body": f"Please check the travel history of the subject of our file {n}.",
            "crime_area": "other",
        }
        headers = {**auth[sender], "Idempotency-Key": uuid.uuid4().hex}
        raw = _request(host, "POST", "/api/v1/messages", headers, body)

        def created(answer: bytes) -> None:
            message_id = json.loads(answer).get("id")  # the baseline answers no id
            if message_id:
                state.setdefault("inbox", {}).setdefault(to, []).append(message_id)

        return raw, created

    def message_inbox(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        who = rng.choice(countries)
        path = "/api/v1/messages?folder=inbox&limit=20"
        return _request(host, "GET", path, auth[who]), None

    def message_read(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        inbox = state.get("inbox", {})
        who = rng.choice([c for c in countries if inbox.get(c) or fixture["inbox"].get(c)])
        ids = inbox.get(who) or fixture["inbox"][who]
        # recent messages are read most
        message_id = ids[-1 - min(len(ids) - 1, int(rng.expovariate(0.3)))]
        return _request(host, "GET", f"/api/v1/messages/{message_id}", auth[who]), None

    def records(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        who = rng.choice(countries)
        query = rng.choice(fixture["record_queries"])
        return _request(host, "GET", f"/api/v1/records?{query}", auth[who]), None

    def notices(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        who = rng.choice(countries)
        query = rng.choice(["limit=20", "status=published&limit=20", "type=red&limit=20"])
        return _request(host, "GET", f"/api/v1/notices?{query}", auth[who]), None

    def cases(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        who = rng.choice(countries)
        return _request(host, "GET", "/api/v1/cases?limit=20", auth[who]), None

    def console(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        cookie = rng.choice(list(fixture["cookies"].values()))
        page = rng.choice(CONSOLE_PAGES)
        headers = {"Cookie": cookie, "Accept": "text/html", "Accept-Language": "en"}
        return _request(host, "GET", page, headers), None

    def public_red(rng: random.Random, state: dict[str, Any]) -> tuple[bytes, Hook]:
        query = rng.choice(fixture["public_queries"])
        return _request(host, "GET", f"/notices/v1/red?{query}", {}), None

    every = {
        "screen": screen,
        "message_send": message_send,
        "message_inbox": message_inbox,
        "message_read": message_read,
        "records": records,
        "notices": notices,
        "cases": cases,
        "console": console,
        "public_red": public_red,
    }
    return {name: build for name, build in every.items() if mix.get(name, 0) > 0}
