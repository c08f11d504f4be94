"""Every shipped report type, completed end to end in Vietnamese and in English."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from bot.forms.loader import load_registry
from bot.i18n import language
from tests.test_forms_kit import Env, at, make_env, sample_file, sample_text, text_of

NOW = at(2027, 5, 20)
TYPES = [t.id for t in load_registry().all()]


@pytest.fixture
async def env(tmp_path: Path, db_target: str | Path) -> Env:
    e = await make_env(tmp_path, target=db_target)
    yield e  # type: ignore[misc]
    await e.db.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("type_id", TYPES)
async def test_each_type_end_to_end(env: Env, lang: str,
                                    type_id: str) -> None:
    rt = env.types.get(type_id)
    assert rt is not None
    user = env.leader if rt.roles != {"staff"} else env.staff
    with language(lang):
        replies = await env.service.start(user, NOW, type_id)
        assert html.escape(rt.title.get(lang)) in text_of(replies)
        for spec in rt.fields:
            assert html.escape(spec.prompt.get(lang)) in text_of(replies), spec.key
            if spec.is_file:
                replies = await env.service.on_file(user, NOW, sample_file(env, spec), "telegram")
                if spec.max_files > 1:
                    replies = await env.service.on_command(user, NOW, "done") or []
            else:
                replies = await env.service.on_text(user, NOW, sample_text(spec))
        summary = text_of(replies)
        for spec in rt.fields:
            assert html.escape(spec.label.get(lang)) in summary
        confirm = next(b.action for r in replies for b in r.choices()
                       if b.action.startswith("rp1:ok:"))
        receipt = text_of(await env.service.on_action(user, NOW, confirm))
    expected = {"vi": "Đã nhận báo cáo", "en": "Your report was received"}[lang]
    assert expected in receipt and f"{rt.receipt_prefix}-2027-000001" in receipt
    files = await env.db.fetchval("SELECT COUNT(*) FROM submission_files")
    assert files == sum(1 for f in rt.fields if f.is_file)


async def test_vietnamese_messages_for_refusals(env: Env) -> None:
    with language("vi"):
        await env.service.start(env.leader, NOW, "interim")
        replies = await env.service.on_text(env.leader, NOW, "nhiều lắm")
        assert "Vui lòng nhập một số nguyên từ 0 đến 500." in text_of(replies)
        assert "câu 1/9" in text_of(replies)
        skip = await env.service.on_command(env.leader, NOW, "skip") or []
        assert "Câu này bắt buộc, không bỏ qua được." in text_of(skip)
        kept = await env.service.cancel(env.leader)
        assert "Bản nháp <b>Báo cáo sơ kết 6 tháng đầu năm</b> vẫn được giữ" in text_of(kept)
