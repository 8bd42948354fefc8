"""`siklus pdp`: personal-data protection (UU 27/2022): a subject's data, failures of protection.

Layer: shell over `policy.services.privacy`, `policy.services.privacy_breaches`,
`policy.services.privacy_requests` and `policy.services.retention`. Quick commands: plain
database calls, no Prefect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from policy.errors import ServiceError
from policy.locale import format_date
from policy.nip import format_nip
from siklus import output
from siklus.bahasa import SiklusTyper
from siklus.common import (
    AsOpt,
    LocaleOpt,
    OrgOpt,
    actor,
    console,
    date_option,
    friendly,
    os_error_text,
    parse_date,
    parse_locales,
    parse_moment,
    session,
)
from siklus.output import local_time as when

pdp_app = SiklusTyper(
    help="Pelindungan data pribadi (UU 27/2022): data seorang pegawai, register kegagalan "
    "pelindungan data dan pemberitahuannya, permintaan pembatasan, masa retensi.",
    no_args_is_help=True,
)
incident_app = SiklusTyper(
    help="Register kegagalan pelindungan data pribadi (Pasal 46): catat, daftar, beri tahu.",
    no_args_is_help=True,
)
request_app = SiklusTyper(
    help="Register permintaan pembatasan pemrosesan data pribadi (3 × 24 jam): catat, "
    "putuskan, daftar.",
    no_args_is_help=True,
)
pdp_app.add_typer(incident_app, name="incident")
pdp_app.add_typer(request_app, name="request")


@pdp_app.command("subject")
@friendly
def pdp_subject(
    nip: Annotated[str, typer.Argument(help="NIP pegawai (18 angka, boleh dengan spasi).")],
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Di mana saja data pribadi seorang pegawai tersimpan di Siklus (dicatat di jejak audit).

    Untuk permintaan subjek data pribadi dan untuk menelusuri siapa yang terkena kegagalan
    pelindungan data: data pegawai, penempatan terdahulu, rating e-Kinerja, penilaian 360
    (tentang dirinya dan yang diberikannya), poin bonus, hasil penilaian, rekap laporan
    kegiatan, keberatan, tindak lanjut, kehadiran forum dan sosialisasi, pegawai yang
    atasannya dia, kegagalan yang mengenainya, dokumen yang memuat namanya, dan peristiwa
    jejak audit tentang dirinya atau yang menyebut NIP-nya; masing-masing dengan jumlah dan
    periodenya. Pencarian ini sendiri dicatat di jejak audit.

    Contoh: siklus pdp subject 198512202010011004 --as rina
    """
    from policy.services import privacy

    with session() as s:
        found = privacy.subject_data(session=s, organisation=org, nip=nip, actor=actor(as_))
    title = f"NIP {format_nip(found.nip)}" + (f" — {found.name}" if found.name else "")
    table = Table(title=title, show_lines=False)
    table.add_column("Data")
    table.add_column("Jumlah", justify="right")
    table.add_column("Rincian")
    for r in found.records:
        table.add_row(escape(r.what), str(r.count), escape(r.detail))
    console.print(table)
    console.print("Pencarian ini dicatat di jejak audit (privacy.subject_lookup).", markup=False)


@incident_app.command("record")
@friendly
def incident_record(
    known_at: Annotated[
        str,
        typer.Option(
            "--known-at",
            help="Kapan kegagalan itu diketahui, YYYY-MM-DD JJ:MM (zona waktu Siklus); "
            "batas pemberitahuan 3 × 24 jam dihitung dari sini.",
        ),
    ],
    occurred: Annotated[
        str, typer.Option("--occurred", help="Kapan dan bagaimana data pribadi terungkap.")
    ],
    data: Annotated[str, typer.Option("--data", help="Data pribadi apa yang terungkap.")],
    handling: Annotated[
        str, typer.Option("--handling", help="Upaya penanganan dan pemulihan yang dilakukan.")
    ],
    nip: Annotated[
        list[str] | None,
        typer.Option("--nip", help="NIP pegawai yang datanya terkena (berulang)."),
    ] = None,
    nip_file: Annotated[
        Path | None,
        typer.Option(
            "--nip-file",
            help="Berkas teks berisi NIP yang terkena, satu per baris (untuk daftar panjang).",
        ),
    ] = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Catat kegagalan pelindungan data pribadi di register organisasi (dicatat di jejak audit).

    UU 27/2022 Pasal 46: subjek data pribadi dan lembaga diberi tahu secara tertulis paling
    lambat 3 × 24 jam sejak kegagalan diketahui, dengan data yang terungkap, kapan dan
    bagaimana, serta upaya penanganan dan pemulihannya. Setelah dicatat, terbitkan
    pemberitahuannya dengan siklus pdp incident notify NOMOR.

    Contoh: siklus pdp incident record --known-at "2026-11-20 14:30" --occurred "Berkas
    ekspor hasil TW III terkirim ke alamat surel yang salah pada 20/11/2026 13.05" --data
    "NIP, nama, unit, predikat TW III 2026" --handling "Penerima diminta menghapus; akses
    ekspor dibatasi" --nip 198512202010011004 --as rina
    """
    from policy.services import privacy_breaches

    moment = parse_moment(known_at, "--known-at")
    nips = list(nip or [])
    if nip_file is not None:
        try:
            text = nip_file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ServiceError(f"{nip_file}: {os_error_text(exc)}") from exc
        nips += [line.strip() for line in text.splitlines() if line.strip()]
    with session() as s:
        info = privacy_breaches.record_incident(
            session=s, organisation=org, actor=actor(as_), known_at=moment,
            occurred=occurred, data=data, handling=handling, nips=nips,
        )  # fmt: skip
    console.print(
        f"Kegagalan pelindungan data nomor {info.number} dicatat: {len(info.subjects)} pegawai "
        f"terkena. Pemberitahuan paling lambat {when(info.due_at)}: siklus pdp incident "
        f"notify {info.number} --as USERNAME",
        markup=False,
    )


@incident_app.command("list")
@friendly
def incident_list(org: OrgOpt = None, as_: AsOpt = None) -> None:
    """Register kegagalan pelindungan data pribadi: batas pemberitahuan dan kapan diberitahukan.

    Contoh: siklus pdp incident list --as rina
    """
    from policy.services import privacy_breaches

    with session() as s:
        rows = privacy_breaches.list_incidents(session=s, organisation=org, actor=actor(as_))
    if not rows:
        console.print("Belum ada kegagalan pelindungan data pribadi yang dicatat.")
        return
    table = Table(show_lines=False)
    for name in ("No", "Diketahui", "Batas pemberitahuan", "Pegawai", "Diberitahukan", "Data"):
        table.add_column(name)
    for r in rows:
        told = when(r.notified_at) if r.notified_at else "belum"
        if r.late:
            told += " — LEWAT BATAS"
        table.add_row(str(r.number), when(r.known_at), when(r.due_at), str(len(r.subjects)),
                      escape(told), escape(r.data))  # fmt: skip
    console.print(table)


@incident_app.command("notify")
@friendly
def incident_notify(
    number: Annotated[int, typer.Argument(help="Nomor kegagalan di register.")],
    org: OrgOpt = None,
    as_: AsOpt = None,
    locale: LocaleOpt = None,
    as_of: Annotated[
        str | None, date_option("Tanggal surat YYYY-MM-DD (bawaan: hari ini).")
    ] = None,
) -> None:
    """Terbitkan pemberitahuan kegagalan: satu kepada lembaga, satu kepada setiap pegawai.

    Dokumen terdaftar (siklus docs list --cari pemberitahuan-pdp), menyebut pejabat
    pelindungan data pribadi dari paket (data_protection.officer). Waktu penerbitan pertama
    dicatat di register dan dibandingkan dengan batas 3 × 24 jam; diterbitkan lagi, surat
    yang isinya tidak berubah tetap pada versinya.

    Contoh: siklus pdp incident notify 1 --as rina --locale id --locale en
    """
    from policy.services import privacy_breaches

    with session() as s:
        result = privacy_breaches.issue_notices(
            session=s, organisation=org, number=number, actor=actor(as_),
            locales=tuple(parse_locales(locale)),  # type: ignore[arg-type]
            as_of=parse_date(as_of),
        )  # fmt: skip
    info = result.incident
    fresh = sum(d.new for d in result.documents)
    console.print(
        f"Kegagalan nomor {info.number}: {fresh} surat pemberitahuan diterbitkan "
        f"({len(info.subjects)} pegawai dan lembaga).",
        markup=False,
    )
    output.print_doc_paths(console, result.documents)
    if info.late and info.notified_at is not None:
        console.print(
            f"[yellow]Peringatan:[/yellow] pemberitahuan pertama diterbitkan "
            f"{when(info.notified_at)}, lewat batas 3 × 24 jam ({when(info.due_at)})."
        )


@pdp_app.command("retention")
@friendly
def pdp_retention(
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="Musnahkan yang melewati masa retensi (pimpinan atau admin, dengan --reason) "
            "dan terbitkan Berita Acara Pemusnahan Data Pribadi.",
        ),
    ] = False,
    reason: Annotated[
        str, typer.Option("--reason", help="Dasar pemusnahan, mis. nomor JRA dan keputusannya.")
    ] = "",
    org: OrgOpt = None,
    as_: AsOpt = None,
    locale: LocaleOpt = None,
) -> None:
    """Data pribadi yang melewati masa retensinya (paket: data_protection.retention).

    Tanpa --apply: daftar per jenis (penilaian_360, bonus, ekinerja, laporan_kegiatan)
    dengan masa retensinya, batas periodenya dan jumlah catatan per periode; tidak ada yang
    diubah. Dengan --apply --reason "…" (pimpinan atau admin): catatan itu dihapus, dicatat
    di jejak audit, dan Berita Acara Pemusnahan Data Pribadi diterbitkan sebagai dokumen
    terdaftar. Jenis yang tidak disebut paket disimpan terus.

    Contoh: siklus pdp retention --as rina

    Contoh: siklus pdp retention --apply --reason "JRA Perwali 12/2024; nota dinas Sekda
    800/123" --as sekda
    """
    from policy.services import retention

    if not apply:
        if reason:
            raise ServiceError("--reason hanya untuk --apply.")
        with session() as s:
            due = retention.past_retention(session=s, organisation=org, actor=actor(as_))
        if not due:
            console.print(
                "Paket tidak menetapkan masa retensi data pribadi (data_protection.retention): "
                "semua data disimpan."
            )
            return
        for d in due:
            periods = ", ".join(f"{p} ({n})" for p, n in d.periods) or "tidak ada"
            console.print(
                f"{d.label}: disimpan {d.years} tahun; periode yang berakhir sebelum "
                f"{format_date(d.cutoff)} melewati masa retensi: {periods}.",
                markup=False,
            )
        total = sum(d.rows for d in due)
        if total:
            console.print(
                f"{total} catatan melewati masa retensi; pemusnahannya: siklus pdp retention "
                '--apply --reason "…" --as PIMPINAN',
                markup=False,
            )
        return
    with session() as s:
        done = retention.destroy(
            session=s, organisation=org, actor=actor(as_), reason=reason,
            locales=tuple(parse_locales(locale)),  # type: ignore[arg-type]
        )  # fmt: skip
    console.print(f"{done.rows} catatan data pribadi dimusnahkan; berita acara:", markup=False)
    output.print_doc_paths(console, done.documents)


@request_app.command("record")
@friendly
def request_record(
    nip: Annotated[str, typer.Argument(help="NIP pegawai yang meminta.")],
    received_at: Annotated[
        str,
        typer.Option(
            "--received-at",
            help="Kapan permintaan diterima, YYYY-MM-DD JJ:MM (zona waktu Siklus); batas "
            "keputusan 3 × 24 jam dihitung dari sini.",
        ),
    ],
    request: Annotated[str, typer.Option("--request", help="Isi permintaan, seperti tertulis.")],
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Catat permintaan pegawai untuk membatasi pemrosesan data pribadinya (dijejak audit).

    UU 27/2022: pengendali menunda atau membatasi pemrosesan paling lambat 3 × 24 jam sejak
    permintaan diterima, kecuali ada pengecualian (mis. kewajiban hukum penilaian kinerja
    menurut PP 30/2019). Putuskan dengan siklus pdp request decide NOMOR.

    Contoh: siklus pdp request record 198512202010011004 --received-at "2026-11-20 09:15"
    --request "Hasil penilaian saya tidak diekspor ke aplikasi lain" --as rina
    """
    from policy.services import privacy_requests

    moment = parse_moment(received_at, "--received-at")
    with session() as s:
        info = privacy_requests.record_request(session=s, organisation=org, actor=actor(as_),
                                               nip=nip, received_at=moment,
                                               request=request)  # fmt: skip
    console.print(
        f"Permintaan nomor {info.number} ({info.name}) dicatat. Keputusan paling lambat "
        f"{when(info.due_at)}: siklus pdp request decide {info.number} --grant|--refuse "
        '--grounds "…"',
        markup=False,
    )


@request_app.command("decide")
@friendly
def request_decide(
    number: Annotated[int, typer.Argument(help="Nomor permintaan di register.")],
    grounds: Annotated[str, typer.Option("--grounds", help="Dasar keputusan.")],
    grant: Annotated[
        bool | None,
        typer.Option("--grant/--refuse", help="Kabulkan atau tolak (dengan pengecualiannya)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="Hari terakhir pembatasan, YYYY-MM-DD (bawaan: tanpa batas).",
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Putuskan permintaan pembatasan: dikabulkan (--grant) atau ditolak (--refuse).

    Pegawai yang permintaannya dikabulkan tidak dimuat dalam siklus evaluation export selama
    pembatasan berlaku. Penolakan menyebut pengecualian yang berlaku.

    Contoh: siklus pdp request decide 1 --refuse --grounds "Penilaian kinerja adalah
    kewajiban hukum (PP 30/2019); data tetap diproses untuk itu" --as rina
    """
    from policy.services import privacy_requests

    if grant is None:
        raise ServiceError("Sebutkan keputusannya: --grant (kabulkan) atau --refuse (tolak).")
    with session() as s:
        info = privacy_requests.decide_request(session=s, organisation=org, actor=actor(as_),
                                               number=number, granted=grant, grounds=grounds,
                                               until=parse_date(until, "--until"))  # fmt: skip
    console.print(
        f"Permintaan nomor {info.number} ({info.name}) {privacy_requests.DECISIONS[info.decision]}"
        + (f" sampai {format_date(info.until)}" if info.until else "")
        + ".",
        markup=False,
    )
    if info.late and info.decided_at is not None:
        console.print(
            f"[yellow]Peringatan:[/yellow] diputuskan {when(info.decided_at)}, lewat batas "
            f"3 × 24 jam ({when(info.due_at)})."
        )


@request_app.command("list")
@friendly
def request_list(org: OrgOpt = None, as_: AsOpt = None) -> None:
    """Register permintaan pembatasan: batas keputusan, keputusan dan dasarnya.

    Contoh: siklus pdp request list --as rina
    """
    from policy.services import privacy_requests

    with session() as s:
        rows = privacy_requests.list_requests(session=s, organisation=org, actor=actor(as_))
    if not rows:
        console.print("Belum ada permintaan pembatasan pemrosesan data pribadi.")
        return
    table = Table(show_lines=False)
    for name in ("No", "Pegawai", "Diterima", "Batas keputusan", "Keputusan", "Dasar"):
        table.add_column(name)
    for r in rows:
        state = privacy_requests.DECISIONS.get(r.decision, "belum diputuskan")
        if r.until:
            state += f" s.d. {format_date(r.until)}"
        if r.late:
            state += " — LEWAT BATAS"
        table.add_row(str(r.number), escape(f"{r.name} ({format_nip(r.nip)})"),
                      when(r.received_at), when(r.due_at), escape(state),
                      escape(r.grounds or r.request))  # fmt: skip
    console.print(table)
