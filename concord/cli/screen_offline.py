"""``concord screen --offline SNAPSHOT``: screening a MIND snapshot with no server, database or
network. The snapshot's signature is checked against ``--pubkey`` before anything is read;
``--key`` is the post's private key that decrypts it (its passphrase from ``--passphrase`` or
``CONCORD_SNAPSHOT_PASSPHRASE``, else asked for); see ``docs/mind.md``."""

from __future__ import annotations

from pathlib import Path

from concord.cli.context import EXIT_BAD_INPUT, CliState, fail
from concord.cli.output import console, emit_json, table
from concord.cli.snapshot import private_key
from concord.clock import now as clock_now
from concord.screening.schemas import ScreenQuery
from concord.screening.snapshot import keys
from concord.screening.snapshot.offline import OfflineScreener, screen_query
from concord.screening.snapshot.reader import read_file


def screen_offline(
    st: CliState,
    path: Path,
    *,
    pubkey: str | None,
    key: Path | None,
    passphrase: str | None,
    query: ScreenQuery,
    json_out: bool,
) -> None:
    if not pubkey or key is None:
        fail("--offline needs --pubkey (the signer's key) and --key (this post's key)", 2)
    if query.vin or query.plate or query.serial or query.imo:
        fail("a snapshot holds travel documents and persons only", EXIT_BAD_INPUT)
    now = clock_now(st.settings)
    with st.errors_mapped():
        screener = OfflineScreener.from_bytes(
            read_file(path), keys.load_verify_key(pubkey), private_key(key, passphrase), now
        )
        ordered = screen_query(screener, query)
    if json_out:
        emit_json({"snapshot": str(path), "hits": [h.as_dict() for h in ordered]})
        return
    if not ordered:
        console().print(f"no hits (offline snapshot for {screener.country})")
        return
    table(
        ["decision", "score", "type", "owner", "record", "label", "why"],
        [
            (
                h.decision,
                f"{h.score:.3f}",
                h.record_type,
                h.owner,
                h.record_id,
                h.label,
                h.explanation,
            )
            for h in ordered
        ],
        title=f"{len(ordered)} hit(s) from offline snapshot {path.name}",
    )
