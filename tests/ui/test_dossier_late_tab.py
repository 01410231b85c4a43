"""The late tab's search box waits for a pause in typing (one query per change, not per key)
and finds names without accents or case: "nguyen van duc" finds "Nguyễn Văn Đức"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from camau_reception.services import dossiers, procedures
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from tests.ui.test_dossiers_ui import _page


def _setup(db: Database, actor: Actor) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            actor,
            procedures.ProcedureInput(code="1.001", name="Cấp giấy phép", processing_days=5),
        )
        for code, name in (("HS-1", "Trần Thị Bé"), ("HS-2", "Nguyễn Văn Đức")):
            dossiers.upsert_dossier(
                s,
                actor,
                dossiers.DossierInput(
                    code=code,
                    procedure_code="1.001",
                    applicant_name=name,
                    received_at=datetime(2026, 11, 2, 8, 0),
                ),
            )


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The search text of every late-list query that filters by text."""
    texts: list[str] = []
    real = dossiers.late_dossiers

    def counted(*args: Any, **kwargs: Any) -> list[dossiers.LateRow]:
        if kwargs.get("text"):
            texts.append(kwargs["text"])
        return real(*args, **kwargs)

    monkeypatch.setattr(dossiers, "late_dossiers", counted)
    return texts


def test_search_waits_for_a_pause_and_ignores_accents(
    qtbot, db: Database, officer: Actor, searches: list[str]
) -> None:
    _setup(db, officer)
    page = _page(qtbot, db, officer)
    late = page.late
    assert late.table.rowCount() == 2
    qtbot.keyClicks(late.search, "nguyen van duc")
    assert searches == []  # nothing queried while typing
    assert late.search_timer.isActive()
    qtbot.waitUntil(lambda: late.table.rowCount() == 1)
    assert late.table.item(0, 0).text() == "HS-2"
    assert late.table.item(0, 2).text() == "Nguyễn Văn Đức"
    assert searches == ["nguyen van duc"]  # one query for the whole word typed
    assert "1 hồ sơ trễ hẹn" in late.summary.text()
    # Each change after a pause is searched once; a checkbox answers a pending search.
    late.search.clear()
    qtbot.keyClicks(late.search, "BE")
    late.include_returned.setChecked(True)
    assert not late.search_timer.isActive()
    assert [late.table.item(r, 0).text() for r in range(late.table.rowCount())] == ["HS-1"]
    assert searches[1:] == ["BE", "BE"]  # the list and the count of open late ones
