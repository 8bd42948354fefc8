"""Every organisation pack shipped under packs/ validates, and bad packs say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy.config import PackError, load_pack

PACKS = sorted((Path(__file__).resolve().parent.parent / "packs").glob("*.yaml"))


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_pack_validates(path: Path) -> None:
    loaded = load_pack(path)
    assert loaded.pack.organisation.code == path.stem
    assert any("leader" in m.roles for m in loaded.pack.members)


def test_bad_pack_names_each_place(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text(
        "organisation: {code: x, name: X, kind: desa, region: X, head_title: Kades}\n"
        "units: [{code: A, name: A, kind: pabrik}]\n"
        "members: [{username: a, name: A, roles: [officer]}]\n"
        "policy: {code: p, title: T, legal_form: Perwali, signing: {title: W, name: N}}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as err:
        load_pack(bad)
    text = str(err.value)
    assert "organisation.kind" in text
    assert "units[0].kind" in text and "pabrik" in text


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "y.yaml"
    bad.write_text("organisation:\n  code: [unclosed\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"y\.yaml:\d+:\d+"):
        load_pack(bad)


@pytest.mark.parametrize(
    ("weight", "ok"),
    [("1/9", True), ("0,111", True), ("0.11", True), ("nol", False), ("0", False), ("9/8", False)],
)
def test_ikm_weight_is_checked(tmp_path: Path, weight: str, ok: bool) -> None:
    from tests.factories import MINI_PACK, write_pack

    data = {**MINI_PACK, "evaluation": {"ikm": {"weight": weight}}}
    path = write_pack(tmp_path, data)
    if ok:
        assert load_pack(path).pack.evaluation.ikm.weight == weight
    else:
        with pytest.raises(PackError, match="evaluation.ikm.weight.*bobot"):
            load_pack(path)
