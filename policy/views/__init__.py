"""Typed, frozen view models of the documents, one module per stage.

Layer: domain presentation. Each view is built inside a session by its stage
service and is all its template may read (`v`); templates never see ORM objects.
`TEMPLATE_VIEWS` says which view each template takes; publishing checks it.

Importing a module of the package (e.g. `policy.views.sections`, which the importer reads)
does not import every view: `TEMPLATE_VIEWS` is built on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policy.documents import View

    TEMPLATE_VIEWS: dict[str, type[View]]


def _template_views() -> dict[str, type[View]]:
    from policy.views.comparison import ComparisonView
    from policy.views.drafting import MatriksView, PeraturanView, RancanganView
    from policy.views.evaluation import EvaluationView, FollowUpView
    from policy.views.evaluation_sheets import (
        EmployeeSheetView,
        ObjectionRegisterView,
        UnitSheetView,
    )
    from policy.views.forums import AttendanceListView, InvitationView, MinutesView, RecapView
    from policy.views.implementation import ProgressView, RolloutPlanView
    from policy.views.needs_analysis import NeedsAnalysisView
    from policy.views.privacy import AuthorityNoticeView, DestructionView, SubjectNoticeView
    from policy.views.socialisation import (
        AttendanceSheetView,
        KakView,
        NotReachedView,
        SocialisationView,
    )

    return {
        "laporan_analisis_kebutuhan": NeedsAnalysisView,
        "kajian_akademik": NeedsAnalysisView,
        "undangan": InvitationView,
        "daftar_hadir_forum": AttendanceListView,
        "notulen": MinutesView,
        "rekapitulasi_masukan": RecapView,
        "rancangan_peraturan": RancanganView,
        "matriks_tanggapan": MatriksView,
        "perbandingan_versi": ComparisonView,
        "peraturan": PeraturanView,
        "laporan_sosialisasi": SocialisationView,
        "kerangka_acuan": KakView,
        "daftar_hadir_kegiatan": AttendanceSheetView,
        "belum_terjangkau": NotReachedView,
        "rencana_implementasi": RolloutPlanView,
        "laporan_kemajuan": ProgressView,
        "laporan_evaluasi": EvaluationView,
        "lembar_hasil_unit": UnitSheetView,
        "lembar_pegawai": EmployeeSheetView,
        "rekomendasi_tindak_lanjut": FollowUpView,
        "daftar_keberatan": ObjectionRegisterView,
        "pemberitahuan_pdp_lembaga": AuthorityNoticeView,
        "pemberitahuan_pdp_subjek": SubjectNoticeView,
        "berita_acara_pemusnahan": DestructionView,
    }


def __getattr__(name: str) -> Any:
    if name == "TEMPLATE_VIEWS":
        views = globals()["TEMPLATE_VIEWS"] = _template_views()
        return views
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
