"""Enrolment input refused before anything goes on the network, each fault named by its own
code so the screen shows it beside the right field."""

from __future__ import annotations

import pytest

from sync.enrol import enrol
from sync.errors import SyncError
from sync.tokens import FileTokenStore

SERVER = "http://127.0.0.1:9"  # nothing listens there: reaching it would be a network error


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [
        ("   ", "ABCDE-FGH23", "device_name_required"),
        ("<b>Máy</b>", "ABCDE-FGH23", "device_name_invalid"),
        ("M" * 81, "ABCDE-FGH23", "device_name_invalid"),
        ("Máy của Lan", "AB", "invalid_code"),
    ],
)
def test_bad_enrolment_input_is_named_by_its_field(
    store, tmp_path, name: str, code: str, expected: str
) -> None:
    tokens = FileTokenStore(tmp_path / "token")
    with pytest.raises(SyncError) as caught:
        enrol(store, tokens, name, code=code, server_url=SERVER)
    assert caught.value.code == expected
    assert caught.value.message != caught.value.message_en and tokens.read() is None
