"""The guide editor's staff pages over real HTTP (TestClient): a refused draft, step or
recording is shown on the page in Vietnamese with a 4xx status and nothing is kept; another
commune's draft is 403; an upload over the limit is refused before it is read whole; a stale
guide is flagged in the editor's list and on the dashboard."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from editortest import GUIDE, SERVICES, STEPS, record, staff
from fastapi.testclient import TestClient
from sqlmodel import Session
from webtest import Page, login

from server.models import Guide, GuideDraft
from server.services import editor

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def writers(app, world, password_hash: str) -> None:
    with Session(app.state.cnscd.engine) as s:
        staff(s, "noi-dung", "content_staff", "qn", password_hash)
        staff(s, "xa-a", "commune_staff", world.commune_a, password_hash)
        staff(s, "xa-b", "commune_staff", world.commune_b, password_hash)
        s.commit()


def _new(client: TestClient, csrf: str, **changes: str) -> object:
    form = {**GUIDE, "code": "mot-cua", "services": SERVICES, "csrf": csrf, **changes}
    return client.post("/staff/editor/new", data=form, follow_redirects=False)


def _step(client: TestClient, csrf: str, draft: int, files=None, **changes: str) -> object:
    form = {**STEPS[0], "csrf": csrf, "draft": str(draft), "action": "add", **changes}
    return client.post("/staff/editor/step", data=form, files=files)


def test_refusals_are_shown_on_the_page_and_nothing_is_kept(
    app, client: TestClient, writers, tmp_path: Path
) -> None:
    csrf = login(client, "noi-dung")
    refused = _new(client, csrf, title="<script>x</script>")
    assert refused.status_code == 422
    assert "Tiêu đề có thẻ hoặc ký hiệu định dạng" in Page(refused.text).html
    refused = _new(client, csrf, source="")
    assert refused.status_code == 422 and "Hướng dẫn chưa có nguồn" in refused.text
    made = _new(client, csrf)
    assert made.status_code == 303
    draft = int(made.headers["location"].rsplit("/", 1)[1])

    refused = _step(client, csrf, draft, source="")
    assert refused.status_code == 422 and "Bước 1 chưa có nguồn" in refused.text
    picture = {"recording": ("buoc-1.ogg", b"\x89PNG\r\n\x1a\n" + bytes(2000), "audio/ogg")}
    refused = _step(client, csrf, draft, files=picture)
    assert refused.status_code == 415 and "không phải bản ghi âm" in refused.text
    big = record(tmp_path / "dai.wav", 59.0).read_bytes()  # about 1.9 MB of PCM
    big = big + bytes(editor.MAX_RECORDING_BYTES - len(big) + 1)
    refused = _step(client, csrf, draft, files={"recording": ("dai.wav", big, "audio/wav")})
    assert refused.status_code == 413 and "Tệp ghi âm quá lớn" in refused.text
    with Session(app.state.cnscd.engine) as s:
        assert s.get(GuideDraft, draft).data["steps"] == []
    assert not (editor.editor_dir(app.state.cnscd.settings.data_dir) / "recordings").exists()

    ogg = record(tmp_path / "buoc.ogg", 2.0).read_bytes()
    saved = _step(client, csrf, draft, files={"recording": ("buoc.ogg", ogg, "audio/ogg")})
    assert saved.status_code == 200 and "Có ghi âm (2,0 giây)" in saved.text
    refused = client.post(f"/staff/editor/{draft}/build", data={"csrf": csrf})
    assert refused.status_code == 422 and "cần từ 3 đến 10 bước; hiện có 1" in refused.text


def test_another_communes_draft_is_not_theirs(app, client: TestClient, writers) -> None:
    csrf = login(client, "xa-a")
    made = _new(client, csrf, code="gio-xa-a")
    assert made.status_code == 303
    draft = made.headers["location"]
    with Session(app.state.cnscd.engine) as s:
        assert s.get(GuideDraft, int(draft.rsplit("/", 1)[1])).commune_id == "qn.quang-la"
    client.cookies.clear()
    login(client, "xa-b")
    assert client.get(draft).status_code == 403
    assert "gio-xa-a" not in client.get("/staff/editor").text


def test_a_team_leader_has_no_editor(client: TestClient, world) -> None:
    login(client, "lead-a")
    assert client.get("/staff/editor").status_code == 403


def test_a_stale_guide_is_flagged_in_the_list_and_on_the_dashboard(
    app, client: TestClient, writers
) -> None:
    with Session(app.state.cnscd.engine) as s:
        s.add(
            Guide(code="cu", version=1, data={"title": "Hướng dẫn cũ", "updated_on": "2025-01-02"})
        )
        s.commit()
    login(client, "noi-dung")
    listed = Page(client.get("/staff/editor").text)
    [row] = [r for r in listed.tables["guides"] if r[0] == "cu"]
    assert "Cần kiểm tra lại nguồn" in row[3]
    report = Page(client.get("/staff/report").text)
    assert "Hướng dẫn cũ (cu)" in report.texts["stale-guides"]


def test_a_steps_screen_is_refused_on_the_page_and_shown_again_once_saved(
    app, client: TestClient, writers
) -> None:
    csrf = login(client, "noi-dung")
    draft = int(_new(client, csrf).headers["location"].rsplit("/", 1)[1])
    refused = _step(client, csrf, draft, screen_press="Đăng nhập")
    assert refused.status_code == 422
    assert "Nút cần bấm 'Đăng nhập' ở bước 1 không phải một trong các mục" in unescape(refused.text)
    refused = _step(client, csrf, draft, screen_title="", screen_items="", screen_drawn_from="")
    assert refused.status_code == 422 and "Bước 1 chưa có màn hình vẽ" in unescape(refused.text)
    refused = _step(client, csrf, draft, screen_items="Bộ phận một cửa\nGiờ mở cửa")
    assert refused.status_code == 422 and "'Giờ mở cửa'" in unescape(refused.text)
    refused = _step(client, csrf, draft, screen_items="Bộ phận một cửa\tLàm việc")
    assert refused.status_code == 422  # a control character other than a line break
    with Session(app.state.cnscd.engine) as s:
        assert s.get(GuideDraft, draft).data["steps"] == []

    saved = _step(client, csrf, draft, screen_items="Bộ phận một cửa\r\n\r\nLàm việc\r\n")
    assert saved.status_code == 200
    with Session(app.state.cnscd.engine) as s:
        [step] = s.get(GuideDraft, draft).data["steps"]
    assert step["screen"]["items"] == ["Bộ phận một cửa", "Làm việc"]
    assert step["screen"]["drawn_from"] == "step"
    shown = unescape(client.get(f"/staff/editor/{draft}").text)
    form = shown[shown.index('id="step-1"') : shown.index('id="new-step"')]
    assert ">Bộ phận một cửa\nLàm việc</textarea>" in form
    assert f'value="{STEPS[0]["screen_title"]}"' in form
    assert 'name="screen_drawn_from" value="step" checked' in form
