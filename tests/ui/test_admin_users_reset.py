"""Người dùng tab: resetting the password of an inspector who holds a copy of the corruption
data key asks first, and says so more strongly for the last copy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from camau_reception.models.corruption import KeyHolder
from camau_reception.services import corruption_keys as keys
from camau_reception.services import users
from camau_reception.ui import messages
from camau_reception.ui.admin_tabs.users import ResetPasswordDialog
from camau_reception.ui.context import AppContext
from tests.helpers import type_text
from tests.unit.test_corruption_support import (  # noqa: F401 (fixture)
    fast_kdf,
    make_inspector,
    set_up,
    unlock,
)

NEW_PASSWORD = "mat-khau-tam-2026"


class Asked(list):
    """Every confirmation shown, as (title, text); each answered with ``answer``."""

    answer = False


@pytest.fixture
def asked(monkeypatch) -> Asked:
    shown = Asked()

    def confirm(_parent, title: str, text: str, yes: str = "Đồng ý") -> bool:
        shown.append((title, text))
        return shown.answer

    monkeypatch.setattr(messages, "confirm", confirm)
    return shown


def _copy_of(db, user_id: int) -> bool:
    with db.read() as s:
        h = s.execute(select(KeyHolder).where(KeyHolder.user_id == user_id)).scalar()
        return h is not None and h.wrapped_data_key is not None


def _hash_of(db, user_id: int) -> str:
    with db.read() as s:
        return users.get_user(s, user_id).password_hash


def _dialog(qtbot, db, admin, who) -> ResetPasswordDialog:
    ctx = AppContext(db=db, actor=admin)
    dialog = ResetPasswordDialog(ctx, who.id, who.username)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _click_reset(qtbot, dialog: ResetPasswordDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_the_service_tells_who_holds_a_copy(db, inspector, officer):
    vault = set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    unlock(db, other)
    with db.read() as s:
        assert keys.holds_key(s, inspector.id) and not keys.holds_key(s, other.id)
        assert not keys.holds_key(s, officer.id)
        assert keys.holders_count(s) == 1
    with db.write() as s:
        keys.grant(s, inspector, vault.ring, other.id)
    with db.read() as s:
        assert keys.holds_key(s, other.id) and keys.holders_count(s) == 2


def test_reset_of_an_inspector_with_a_copy_asks_first(qtbot, db, admin, inspector, asked):
    vault = set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    unlock(db, other)
    with db.write() as s:
        keys.grant(s, inspector, vault.ring, other.id)
    before = _hash_of(db, other.id)
    dialog = _dialog(qtbot, db, admin, other)
    assert dialog.key_warning.isVisible()
    assert "còn 1 bản" in dialog.key_warning.text()
    type_text(qtbot, dialog.password, NEW_PASSWORD)
    # Declined: nothing changes, the dialog stays open.
    _click_reset(qtbot, dialog)
    assert len(asked) == 1
    title, text = asked[0]
    assert "mất quyền đọc" in title
    assert "thanh tra viên khác cấp lại quyền" in text and "khóa khôi phục" in text
    assert "còn 1 bản khóa" in text and "CUỐI CÙNG" not in text
    assert dialog.isVisible() and _copy_of(db, other.id) and _hash_of(db, other.id) == before
    # Accepted: the password is reset and the copy is gone.
    asked.answer = True
    with qtbot.waitSignal(dialog.accepted):
        _click_reset(qtbot, dialog)
    assert len(asked) == 2
    assert not _copy_of(db, other.id) and _hash_of(db, other.id) != before
    with db.read() as s:
        assert keys.holders_count(s) == 1


def test_reset_of_the_last_holder_warns_strongly(qtbot, db, admin, inspector, asked):
    set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    unlock(db, other)  # a key pair, but no copy of the data key
    dialog = _dialog(qtbot, db, admin, inspector)
    assert "CUỐI CÙNG" in dialog.key_warning.text()
    type_text(qtbot, dialog.password, NEW_PASSWORD)
    _click_reset(qtbot, dialog)
    title, text = asked[-1]
    assert title.startswith("Cảnh báo")
    assert "CUỐI CÙNG" in text and "chỉ còn 1 bản khóa" in text
    assert "KHÔNG CÒN AI" in text and "khóa khôi phục" in text
    assert dialog.isVisible() and _copy_of(db, inspector.id)
    grab = os.environ.get("CAMAU_GRAB_DIR")
    if grab:
        dialog.grab().save(str(Path(grab) / "reset-last-holder.png"))


def test_no_question_for_a_user_without_a_copy(qtbot, db, admin, inspector, officer):
    set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    unlock(db, other)  # an inspector never granted access
    for who in (officer, other):
        dialog = _dialog(qtbot, db, admin, who)
        assert not dialog.key_warning.isVisible()
        type_text(qtbot, dialog.password, NEW_PASSWORD)
        with qtbot.waitSignal(dialog.accepted):  # conftest fails on any message box
            _click_reset(qtbot, dialog)
    assert _copy_of(db, inspector.id)


def test_a_bad_password_is_refused_before_asking(qtbot, db, admin, inspector, asked):
    set_up(db, inspector)
    dialog = _dialog(qtbot, db, admin, inspector)
    type_text(qtbot, dialog.password, "ngan")
    _click_reset(qtbot, dialog)
    assert asked == [] and dialog.errors.label("password").isVisible()
