"""The signature over the tag manifest, and whether its key is a registered team's."""

from __future__ import annotations

import re
import time

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.errors import MinisignFormatError, SignatureMismatch
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.textsafety import escape_text
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


NOT_A_KEY = define("signature.not-a-key", "is not a minisign public key: {reason}")
NOT_A_SIGNATURE = define("signature.not-a-signature", "is not a minisign signature: {reason}")
EDITED = define("signature.edited", "was edited: it is not as a signer writes it")
FIRST_LINE = define(
    "signature.first-line", "its first line was edited: {comment} is not the comment "
    "hksh-packager or minisign writes"
)  # fmt: skip
DOES_NOT_VERIFY = define(
    "signature.does-not-verify", "the signature in {file} does not verify: {reason}"
)
CONTROL_IN_COMMENT = define(
    "signature.control", "its trusted comment holds control characters (minisign itself refuses "
    "such a comment); it was not made by hksh-packager or minisign"
)  # fmt: skip
BAD_TIME = define(
    "signature.time", "its trusted comment gives the time {time}, which is not a time between "
    "1970 and tomorrow; sign the bundle again on a computer whose clock is right"
)  # fmt: skip
COMMENT_DIFFERS = {
    "team": define(
        "signature.other-team", "its trusted comment names team {signed} but bag-info.txt says "
        "{said}"),
    "submission": define(
        "signature.other-submission", "its trusted comment names submission {signed} but "
        "bag-info.txt says {said}"),
}  # fmt: skip
OTHER_KEY = define(
    "signature.other-key", "names key {declared} but the bundle is signed by key {key}"
)
SEVERAL_TEAMS = define(
    "trust.several-teams", "key {key} is registered to several teams ({teams}) in the trust "
    "list; a key belongs to one team: correct the list"
)  # fmt: skip
LISTED_TWICE = define(
    "trust.listed-twice", "key {key} is listed {count} times in the trust list; a revocation in "
    "any of its entries counts"
)  # fmt: skip
NOT_TEAMS_KEY = define(
    "trust.not-the-teams-key", "signed with key {key}, which the trust list does not hold; team "
    "{team} registered key {registered}: ask the team why its bundle is not signed with it"
)  # fmt: skip
REVOKED = define("trust.revoked-on", "key {key} of team {team} ({name}) was revoked on {date}")
OTHER_TEAM = define(
    "trust.claims-other-team", "key {key} is registered to team {team} ({name}), but the bundle "
    "claims team {claimed}"
)  # fmt: skip


def check_signature(state: VerifyState, info: bag.ParsedBagInfo | None) -> None:
    key_text, sig_text = state.tags.get(bag.PUBLIC_KEY), state.tags.get(bag.SIGNATURE)
    message = state.tags.get(bag.TAGMANIFEST)
    if key_text is None or sig_text is None or message is None:
        return
    try:
        state.public_key = PublicKey.from_file_text(key_text.decode("utf-8"))
    except (MinisignFormatError, UnicodeDecodeError) as exc:
        state.problem(
            Check.SIGNATURE, bag.PUBLIC_KEY, NOT_A_KEY(reason=getattr(exc, "said", str(exc)))
        )
    try:
        signature = Signature.from_file_text(sig_text.decode("utf-8"))
    except (MinisignFormatError, UnicodeDecodeError) as exc:
        state.problem(
            Check.SIGNATURE, bag.SIGNATURE, NOT_A_SIGNATURE(reason=getattr(exc, "said", str(exc)))
        )
        return
    if state.public_key is None:
        return
    # The first line of a minisig is not signed, so the file must be exactly as a signer writes it.
    if signature.file_text().encode("utf-8") != sig_text:
        state.problem(Check.SIGNATURE, bag.SIGNATURE, EDITED())
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
            FIRST_LINE(comment=repr(signature.untrusted_comment[:60])),
        )
    try:
        verify(state.public_key, message, signature)
    except SignatureMismatch as exc:
        state.problem(
            Check.SIGNATURE,
            bag.TAGMANIFEST,
            DOES_NOT_VERIFY(file=bag.SIGNATURE, reason=str(exc)),
        )
        return
    if CONTROL.search(signature.trusted_comment.replace("\t", "")):
        state.problem(
            Check.SIGNATURE,
            bag.SIGNATURE,
            CONTROL_IN_COMMENT(),
        )
        return
    state.signature_ok = True
    fields = bag.parse_trusted_comment(signature.trusted_comment)
    state.signed_fields = fields
    if "timestamp" in fields and signed_time(fields) is None:
        state.problem(
            Check.SIGNATURE,
            bag.SIGNATURE,
            BAD_TIME(time=repr(fields["timestamp"][:40])),
        )
    if info is not None:
        for key, label in (("team", "HKSH-Team-Id"), ("submission", "External-Identifier")):
            if fields.get(key) != info.first(label):
                state.problem(
                    Check.SIGNATURE,
                    bag.SIGNATURE,
                    COMMENT_DIFFERS[key](
                        signed=fields.get(key) or "-", said=info.first(label) or "-"
                    ),
                )
        declared = info.first("HKSH-Key-Id")
        if declared and declared != state.public_key.id_hex:
            state.problem(
                Check.SIGNATURE,
                bag.BAG_INFO,
                OTHER_KEY(declared=declared, key=state.public_key.id_hex),
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
        claimed = info.first("HKSH-Team-Id") if info else None
        registered = [e.public_key.id_hex for e in trust.entries if e.team_id == claimed]
        if claimed and registered:  # the team is registered, with another key
            state.notes.append(
                NOT_TEAMS_KEY(key=key_id, team=escape_text(claimed), registered=registered)
            )
        return TrustStatus.UNKNOWN, None
    teams = sorted({e.team_id for e in listed})
    if len(teams) > 1:
        state.problem(
            Check.KEY_TRUST,
            bag.PUBLIC_KEY,
            SEVERAL_TEAMS(key=key_id, teams=teams),
        )
        return TrustStatus.WRONG_TEAM, None
    if len(listed) > 1:
        state.notes.append(LISTED_TWICE(key=key_id, count=len(listed)))
    claimed = info.first("HKSH-Team-Id") if info else None
    if entry.revoked is not None:
        state.problem(
            Check.KEY_TRUST,
            bag.PUBLIC_KEY,
            REVOKED(
                key=state.public_key.id_hex,
                team=entry.team_id,
                name=entry.team_name,
                date=entry.revoked.isoformat(),
            ),
        )
        return TrustStatus.REVOKED, entry.team_id
    if claimed != entry.team_id:
        state.problem(
            Check.KEY_TRUST,
            bag.PUBLIC_KEY,
            OTHER_TEAM(
                key=state.public_key.id_hex,
                team=entry.team_id,
                name=entry.team_name,
                claimed=claimed or "-",
            ),
        )
        return TrustStatus.WRONG_TEAM, entry.team_id
    return TrustStatus.TRUSTED, entry.team_id
