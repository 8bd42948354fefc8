"""A stage run from the CLI whose import finds a bad row: failed once, in words, no traceback.

`siklus.runner.run_stage` runs the flow as the `siklus stage run` command does; Prefect's
console log must not repeat the import error (the command prints it once).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.logging.configuration import setup_logging
from prefect.logging.handlers import PrefectConsoleHandler
from sqlmodel import select

from policy.db import session_scope
from policy.importerrors import ImportFileError
from policy.models import RunStatus, Stage, StageRun
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import organisation
from policy.settings import Settings
from siklus.prefect_env import ExpectedErrorFilter
from siklus.runner import run_stage

OFFICER = "rahmi.oktavia"


@pytest.fixture
def open_cycle(settings: Settings) -> None:
    loaded = load_pack(settings.packs_dir / "sawahlunto.yaml")
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=loaded, actor="admin")
        cycle_service.open_cycle(session=s, organisation="sawahlunto", actor=OFFICER)


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What a Prefect console handler on the root logger prints.

    Logging is set up as `import prefect` sets it up in the CLI (pytest's own handlers on
    the root logger keep Prefect from doing so here, and a flow run would then replace the
    root handlers, ours included).
    """
    setup_logging(incremental=False)
    stream = io.StringIO()
    handler = PrefectConsoleHandler(stream=stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_a_bad_row_fails_the_run_with_one_message(
    open_cycle: None, console: io.StringIO, tmp_path: Path
) -> None:
    bad = tmp_path / "pengaduan.csv"
    bad.write_text(
        "tanggal,unit_kerja,kategori,waktu_respons_jam,status\n"
        "02/01/2025,RSUD,Informasi layanan daring,27.1,selesai\n"
        "08/01/2025,TIDAKADA,Sikap petugas,16.9,selesai\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError) as caught:
        run_stage(
            stage=Stage.NEEDS_ANALYSIS,
            organisation="sawahlunto",
            cycle=None,
            actor=OFFICER,
            inputs={"pengaduan": str(bad)},
        )
    assert "baris 3" in str(caught.value) and "TIDAKADA" in str(caught.value)
    printed = console.getvalue()
    assert "Traceback" not in printed and "tidak dapat diimpor" not in printed, printed
    with session_scope() as s:
        runs = s.exec(select(StageRun)).all()
        assert [r.status for r in runs] == [RunStatus.FAILED]
        assert "TIDAKADA" in (runs[0].error or "")
    # Outside a CLI run the console handlers are unfiltered again.
    handlers = logging.getLogger().handlers
    assert not any(isinstance(f, ExpectedErrorFilter) for h in handlers for f in h.filters)
