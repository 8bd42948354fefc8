"""`siklus objection`: the register of objections (keberatan) to employees' results.

Layer: shell over `policy.services.objections` (file, decide, withdraw) and
`policy.services.objection_register` (list, register). Quick commands: plain database calls,
no Prefect.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from policy.locale import format_date
from siklus.bahasa import SiklusTyper
from siklus.common import (
    PERIOD_HELP,
    AsOpt,
    CycleOpt,
    LocaleOpt,
    OrgOpt,
    actor,
    console,
    date_option,
    friendly,
    parse_date,
    parse_locales,
    period_code,
    session,
)

objection_app = SiklusTyper(
    help="Keberatan pegawai atas hasil penilaian kinerja (PP 30/2019 Pasal 59): catat, "
    "putuskan (atau tautan keputusan), cabut, daftar.",
    no_args_is_help=True,
)
STATES = {"diajukan": "sedang diperiksa", "tetap": "tetap", "diubah": "diubah",
          "dicabut": "dicabut pegawai"}  # fmt: skip


def _day(help_text: str, option: str) -> Any:
    """A date option other than --as-of; read it with `parse_date(value, option)`."""
    return typer.Option(option, help=help_text, metavar="YYYY-MM-DD")


@objection_app.command("file")
@friendly
def objection_file(
    nip: Annotated[str, typer.Argument(help="NIP pegawai yang mengajukan keberatan.")],
    period: Annotated[str, typer.Option("--period", help=PERIOD_HELP)],
    reason: Annotated[
        str, typer.Option("--reason", help="Alasan keberatan, seperti tertulis dalam suratnya.")
    ],
    received: Annotated[
        str | None,
        _day(
            "Tanggal hasil penilaian diterima pegawai (bawaan: hari pegawai pertama membuka "
            "lembar pribadinya melalui tautannya, atau, bila belum dibuka, tanggal lembar itu "
            "pertama diterbitkan di Siklus).",
            "--received",
        ),
    ] = None,
    filed: Annotated[
        str | None, _day("Tanggal keberatan diajukan (bawaan: hari ini).", "--filed")
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Kepada siapa keberatan diajukan: NIP, atau jabatan seperti 'Sekretaris "
            "Daerah' (bawaan: atasan dari atasan langsung pegawai menurut daftar pegawai).",
        ),
    ] = None,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
) -> None:
    """Catat keberatan pegawai atas hasil penilaian kinerja suatu periode.

    Keberatan diajukan kepada atasan dari Pejabat Penilai Kinerja (atasan langsung)
    paling lama 14 hari sejak hasil penilaian diterima; yang lewat waktu ditolak. Satu
    keberatan per pegawai per periode: keputusan atasnya bersifat final.

    Contoh: siklus objection file 198512202010011004 --period 2026-TW3 --received 2026-10-16
    --reason "Target tidak tercapai karena aplikasi layanan tidak berfungsi" --as rina
    """
    from policy.services import objections

    with session() as s:
        done = objections.file_objection(
            session=s, organisation=org, cycle=cycle, period=period_code(period), nip=nip,
            reason=reason, actor=actor(as_), received_on=parse_date(received, "--received"),
            filed_on=parse_date(filed, "--filed"), to=to,
        )  # fmt: skip
    how = (
        " (hari lembar pribadinya pertama dibuka melalui tautan)"
        if done.received_opened
        else " (tanggal yang disebutkan)"
        if received
        else " (tanggal lembar pribadinya terbit)"
    )
    console.print(
        f"Keberatan nomor {done.number} dicatat: {done.name} ({done.nip}) atas predikat "
        f"{done.predikat} periode {done.period}; diajukan kepada {done.addressee}. Hasil "
        f"diterima {format_date(done.received_on)}{how}; batas waktu pengajuan "
        f"{format_date(done.last_day)}.",
        markup=False,
    )
    console.print(
        f"Sesudah atasan itu memutuskan: siklus objection decide {done.number} --outcome "
        'tetap|diubah [--predikat …] --note "pertimbangan"',
        markup=False,
    )


@objection_app.command("decide")
@friendly
def objection_decide(
    number: Annotated[int, typer.Argument(help="Nomor keberatan dari 'siklus objection list'.")],
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome", help="tetap (hasil tidak berubah) atau diubah (dengan --predikat)."
        ),
    ],
    note: Annotated[str, typer.Option("--note", help="Pertimbangan keputusan, seperti tertulis.")],
    predikat: Annotated[
        str | None,
        typer.Option(
            "--predikat",
            help="Predikat yang ditetapkan bila diubah: Sangat Baik, Baik, Butuh Perbaikan, "
            "Kurang/Misconduct atau Sangat Kurang.",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Yang memutuskan (bawaan: kepada siapa keberatan diajukan)."),
    ] = None,
    on: Annotated[str | None, _day("Tanggal keputusan (bawaan: hari ini).", "--on")] = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Catat keputusan atasan dari Pejabat Penilai Kinerja atas keberatan; keputusan itu final.

    Bila predikat diubah, perintah ini menyebut langkah berikutnya: periode yang sudah
    disetujui dibuka kembali oleh pimpinan, data yang dikoreksi diimpor, tahap evaluasi
    dijalankan ulang, lalu lembar pribadi pegawai itu diterbitkan ulang.

    Contoh: siklus objection decide 1 --outcome diubah --predikat Baik --note "Gangguan
    aplikasi di luar kendali pegawai" --as rina
    """
    from policy.services import objections

    with session() as s:
        done = objections.decide_objection(
            session=s, organisation=org, number=number, outcome=outcome, consideration=note,
            actor=actor(as_), predikat=predikat, decided_on=parse_date(on, "--on"),
            decided_by=by,
        )  # fmt: skip
    if done.predikat_after:
        what = f"predikat diubah dari {done.predikat_before} menjadi {done.predikat_after}"
    else:
        what = f"predikat tetap {done.predikat_before}"
    console.print(f"Keputusan atas keberatan nomor {done.number} dicatat: {what}.", markup=False)
    for step in done.next_steps:
        console.print(step, markup=False, soft_wrap=True)


@objection_app.command("link")
@friendly
def objection_link(
    number: Annotated[int, typer.Argument(help="Nomor keberatan dari 'siklus objection list'.")],
    days: Annotated[
        int, typer.Option("--days", help="Masa berlaku tautan dalam hari (bawaan 14).")
    ] = 14,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Alamat portal seperti dibuka pemakainya (bawaan: SIKLUS_PORTAL_URL).",
        ),
    ] = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Buat tautan pribadi agar yang memutuskan keberatan mencatat keputusannya di portal.

    Tautan (/keputusan/…) diserahkan kepada atasan dari Pejabat Penilai Kinerja yang
    memutuskan keberatan itu. Halamannya memuat keberatan dan alasannya, dan selama belum
    diputuskan, formulir keputusan: predikat tetap atau diubah, pertimbangan, dan nama yang
    memutuskan. Keputusan dicatat seperti 'siklus objection decide', bersifat final, dan
    diberitahukan kepada pengelola kebijakan oleh penyisiran pengingat berikutnya. Tautan baru
    menggantikan yang lama; hanya sha256-nya yang disimpan.

    Contoh: siklus objection link 1 --as rina
    """
    from policy.services import objection_decisions
    from policy.settings import get_settings

    with session() as s:
        made = objection_decisions.make_decision_link(
            session=s, organisation=org, number=number, actor=actor(as_),
            base_url=base_url or get_settings().portal_url, days=days,
        )  # fmt: skip
    console.print(
        f"Tautan keputusan atas keberatan nomor {made.number}, untuk {made.addressee}, berlaku "
        f"sampai {format_date(made.expires_on)}:",
        markup=False,
    )
    console.print(made.url, markup=False, soft_wrap=True)
    console.print(
        "Serahkan tautan ini hanya kepada yang memutuskan: halamannya memuat data pribadi pegawai.",
        markup=False,
    )


@objection_app.command("withdraw")
@friendly
def objection_withdraw(
    number: Annotated[int, typer.Argument(help="Nomor keberatan dari 'siklus objection list'.")],
    note: Annotated[
        str, typer.Option("--note", help="Pernyataan pencabutan pegawai, seperti tertulis.")
    ],
    on: Annotated[str | None, _day("Tanggal pencabutan (bawaan: hari ini).", "--on")] = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Catat pencabutan keberatan oleh pegawai sebelum diputuskan; predikatnya tetap.

    Keberatan yang dicabut tetap tercatat di daftar (dicabut pegawai); pegawai itu tidak
    mengajukan keberatan kedua untuk periode yang sama.

    Contoh: siklus objection withdraw 2 --note "Pegawai menerima penjelasan atasan" --as rina
    """
    from policy.services import objections

    with session() as s:
        row = objections.withdraw_objection(
            session=s, organisation=org, number=number, statement=note, actor=actor(as_),
            withdrawn_on=parse_date(on, "--on"),
        )  # fmt: skip
        text = (
            f"Keberatan nomor {row.number} dicatat dicabut pegawai pada "
            f"{format_date(row.decided_on or row.filed_on)}; predikat tetap {row.predikat_before}."
        )
    console.print(text, markup=False)


@objection_app.command("list")
@friendly
def objection_list(
    period: Annotated[
        str | None, typer.Option("--period", help="Hanya periode ini. " + PERIOD_HELP)
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Hanya yang berstatus ini: diajukan (sedang diperiksa), tetap, diubah atau "
            "dicabut.",
        ),
    ] = None,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
) -> None:
    """Daftar keberatan: pegawai, predikat semula, tanggal, keputusan, dan hasil saat ini.

    Kolom "Hasil saat ini" membaca data periode itu sekarang: predikat yang diubah tetapi
    belum dimuat dalam data ditandai, begitu pula lembar pribadi yang belum diterbitkan ulang.

    Contoh: siklus objection list --period 2026-TW3 --status diajukan --as rina
    """
    from policy.services import objection_decisions, objection_register

    with session() as s:
        rows = objection_register.objections(
            session=s, organisation=org, actor=actor(as_), cycle=cycle,
            period=period_code(period) if period else None, status=status,
        )  # fmt: skip
        links = objection_decisions.open_links(session=s, organisation=org)
    if not rows:
        console.print(
            "Tidak ada keberatan berstatus itu." if status else "Belum ada keberatan yang dicatat."
        )
        return
    table = Table()
    for name in ("No.", "Periode", "Pegawai", "Semula", "Diajukan", "Keputusan", "Saat ini"):
        table.add_column(name, overflow="fold", justify="right" if name == "No." else "left")
    for code, e in rows:
        decision = STATES[e.outcome]
        if e.outcome == "diajukan" and e.number in links:
            decision += f"; tautan keputusan s.d. {links[e.number]:%d-%m-%Y}"
        if e.outcome == "diubah":
            decision += f" → {e.predikat_after}"
        if e.decided_on:
            decision += f", {e.decided_on:%d-%m-%Y}"
        now = e.current or "tidak ada hasil"
        if e.applied is False:
            now += " (belum sesuai keputusan)"
        elif e.applied:
            now += (
                f" (lembar pribadi terbit ulang {e.reissued_on:%d-%m-%Y})"
                if e.reissued_on
                else " (lembar pribadi belum terbit ulang)"
            )
        table.add_row(
            str(e.number),
            code,
            f"{escape(e.name)} ({e.nip})",
            e.predikat_before,
            f"{e.filed_on:%d-%m-%Y} (batas {e.last_day:%d-%m-%Y})"
            + ("; di portal oleh pegawai" if e.filed_online else ""),
            decision,
            now,
        )
    console.print(table)


@objection_app.command("register")
@friendly
def objection_register(
    period: Annotated[str, typer.Option("--period", help=PERIOD_HELP)],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    as_of: Annotated[
        str | None, date_option("Tanggal dokumen YYYY-MM-DD (bawaan: hari ini).")
    ] = None,
    locale: LocaleOpt = None,
) -> None:
    """Terbitkan Daftar Keberatan periode itu (dokumen untuk kepegawaian dan pimpinan).

    Memuat ringkasan, setiap keberatan dengan tanggal dan batas waktunya, keputusan dan
    pertimbangannya, dan apakah predikat yang diubah sudah dimuat dalam data. Diterbitkan
    lagi sebagai versi baru bila isinya berubah; tidak tampil di portal publik.

    Contoh: siklus objection register --period 2026-TW3 --as rina
    """
    from policy.services.objection_register import publish_register
    from siklus import output

    day, languages = parse_date(as_of), parse_locales(locale)
    with session() as s:
        docs = publish_register(
            session=s, organisation=org, cycle=cycle, period=period_code(period),
            actor=actor(as_), locales=tuple(languages),  # type: ignore[arg-type]
            as_of=day,
        )  # fmt: skip
    for doc in docs:
        console.print(f"{doc.title} (versi {doc.version}):", markup=False)
        console.print(f"  {output.rel(doc.html_path)}", markup=False, soft_wrap=True)
