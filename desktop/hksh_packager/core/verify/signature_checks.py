"""The signature over the tag manifest, and whether its key is a registered team's."""

from __future__ import annotations

import re
import time

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.errors import MinisignFormatError, SignatureMismatch
from hksh_packager.core.signing.minisign import (
    MINISIGN_DEFAULT_COMMENT,
    PublicKey,
    Signature,
    verify,
)
from hksh_packager.core.signing.trust import TrustList, TrustStatus
from hksh_packager.core.verify.report import Check
from hksh_packager.core.verify.state import VerifyState

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A signer's clock may run ahead of the verifier's by this much; a bundle signed later than that
# would count as a team's latest for as long as the intake runs.
CLOCK_AHEAD_SECONDS = 86_400


def signed_time(fields: dict[str, str], now: float | None = None) -> int | None:
    """The trusted comment's timestamp, when it is a whole number of seconds from 1970 up to a
    day after `now` (the verifying computer's clock); None otherwise."""
    text = fields.get("timestamp", "")
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    latest = (time.time() if now is None else now) + CLOCK_AHEAD_SECONDS
    return int(text) if int(text) <= latest else None


def check_signature(state: VerifyState, info: bag.ParsedBagInfo | None) -> None:
    key_text, sig_text = state.tags.get(bag.PUBLIC_KEY), state.tags.get(bag.SIGNATURE)
    message = state.tags.get(bag.TAGMANIFEST)
    if key_text is None or sig_text is None or message is None:
        return
    try:
        state.public_key = PublicKey.from_file_text(key_text.decode("utf-8"))
    except (MinisignFormatError, UnicodeDecodeError) as exc:
        state.problem(Check.SIGNATURE, bag.PUBLIC_KEY, f"is not a minisign public key: {exc}")
    try:
        signature = Signature.from_file_text(sig_text.decode("utf-8"))
    except (MinisignFormatError, UnicodeDecodeError) as exc:
        state.problem(Check.SIGNATURE, bag.SIGNATURE, f"is not a minisign signature: {exc}")
        return
    if state.public_key is None:
        return
    # The first line of a minisig is not signed, so the file must be exactly as a signer writes it.
    if signature.file_text().encode("utf-8") != sig_text:
        state.problem(Check.SIGNATURE, bag.SIGNATURE, "was edited: it is not as a signer writes it")
    expected_comments = {
        bag.untrusted_signature_comment(
            (info.first("HKSH-Team-Id") or "") if info else "", state.public_key.id_hex
        ),
        MINISIGN_DEFAULT_COMMENT,
    }
    if signature.untrusted_comment not in expected_comments:
        state.problem(
            Check.SIGNATURE,
            bag.SIGNATURE,
            f"its first line was edited: {signature.untrusted_comment[:60]!r} is not the comment "
            "hksh-packager or minisign writes",
        )
    try:
        verify(state.public_key, message, signature)
    except SignatureMismatch as exc:
        state.problem(
            Check.SIGNATURE,
            bag.TAGMANIFEST,
            f"the signature in {bag.SIGNATURE} does not verify: {exc}",
        )
        return
    if CONTROL.search(signature.trusted_comment.replace("\t", "")):
        state.problem(
            Check.SIGNATURE,
            bag.SIGNATURE,
            "its trusted comment holds control characters (minisign itself refuses such a "
            "comment); it was not made by hksh-packager or minisign",
        )
        return
    state.signature_ok = True
    fields = bag.parse_trusted_comment(signature.trusted_comment)
    state.signed_fields = fields
    if "timestamp" in fields and signed_time(fields) is None:
        state.problem(
            Check.SIGNATURE,
            bag.SIGNATURE,
            f"its trusted comment gives the time {fields['timestamp'][:40]!r}, which is not a "
            "time between 1970 and tomorrow; sign the bundle again on a computer whose clock is "
            "right",
        )
    if info is not None:
        for key, label in (("team", "HKSH-Team-Id"), ("submission", "External-Identifier")):
            if fields.get(key) != info.first(label):
                state.problem(
                    Check.SIGNATURE,
                    bag.SIGNATURE,
                    f"its trusted comment names {key} {fields.get(key) or '(none)'} but "
                    f"bag-info.txt says {info.first(label)}",
                )
        declared = info.first("HKSH-Key-Id")
        if declared and declared != state.public_key.id_hex:
            state.problem(
                Check.SIGNATURE,
                bag.BAG_INFO,
                f"names key {declared} but the bundle is signed by key {state.public_key.id_hex}",
            )


def check_trust(
    state: VerifyState, info: bag.ParsedBagInfo | None, trust: TrustList | None
) -> tuple[TrustStatus, str | None]:
    if not state.signature_ok or state.public_key is None:
        return TrustStatus.NOT_CHECKED, None
    if trust is None:
        return TrustStatus.NO_LIST, None
    key_id = state.public_key.id_hex
    listed = trust.listings(state.public_key)
    entry = trust.lookup(state.public_key)
    if entry is None:
        return TrustStatus.UNKNOWN, None
    teams = sorted({e.team_id for e in listed})
    if len(teams) > 1:
        state.problem(
            Check.KEY_TRUST,
            bag.PUBLIC_KEY,
            f"key {key_id} is registered to several teams ({', '.join(teams)}) in the trust list; "
            "a key belongs to one team: correct the list",
        )
        return TrustStatus.WRONG_TEAM, None
    if len(listed) > 1:
        state.notes.append(
            f"key {key_id} is listed {len(listed)} times in the trust list; a revocation in any "
            "of its entries counts"
        )
    claimed = info.first("HKSH-Team-Id") if info else None
    if entry.revoked is not None:
        state.problem(
            Check.KEY_TRUST,
            bag.PUBLIC_KEY,
            f"key {state.public_key.id_hex} of team {entry.team_id} ({entry.team_name}) was "
            f"revoked on {entry.revoked.isoformat()}",
        )
        return TrustStatus.REVOKED, entry.team_id
    if claimed != entry.team_id:
        state.problem(
            Check.KEY_TRUST,
            bag.PUBLIC_KEY,
            f"key {state.public_key.id_hex} is registered to team {entry.team_id} "
            f"({entry.team_name}), but the bundle claims team {claimed}",
        )
        return TrustStatus.WRONG_TEAM, entry.team_id
    return TrustStatus.TRUSTED, entry.team_id
