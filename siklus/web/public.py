"""Public pages of the portal: a forum by its link, input forms, receipts, documents.

Layer: web shell over `policy.services.consultation`, `input_receipts` and
`portal_common`. Routes parse the request, call one service and render its view; every
rule lives in the service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from policy.portal_words import shown
from policy.services import (
    consultation,
    input_receipts,
    portal_common,
    portal_documents,
    sheet_links,
    sheet_objections,
    skm_publication,
)
from policy.services.common import NotFoundError, ServiceError
from policy.services.portal_access import AccessDenied, check_token
from policy.views.portal import DocumentList, InputForm
from policy.views.sheet_home import ObjectionForm
from siklus.web.deps import ORGANISER_COOKIE, CsrfChecked, SessionDep
from siklus.web.security import (
    PORTAL,
    PORTAL_EN,
    document_response,
    message_response,
    page,
    portal_locale,
)

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/")
def home(request: Request, session: SessionDep) -> Response:
    """The portal's front page: forums are reached through their own links; SKM results."""
    header = PORTAL if portal_locale(request) == "id" else PORTAL_EN
    return page(request, "home", skm_publication.portal_home(session=session, header=header))


@router.get("/f/{token}")
def forum(request: Request, token: str, session: SessionDep) -> Response:
    """A forum: details, the draft by section, a form per section and a general one."""
    locale = portal_locale(request)
    return page(
        request, "forum", consultation.forum_page(session=session, token=token, locale=locale)
    )


@router.post("/f/{token}/masukan")
def submit(
    request: Request,
    token: str,
    session: SessionDep,
    _csrf: CsrfChecked,
    section_sid: Text = "",
    name: Text = "",
    organisation: Text = "",
    group: Text = "",
    text: Text = "",
    anonymous: Text = "",
    email: Text = "",
) -> Response:
    """Take an input; on success go to its receipt, else show the form again with reasons."""
    wants_anonymity = anonymous in ("1", "on", "ya")
    locale = portal_locale(request)
    try:
        receipt = consultation.submit_input(
            session=session,
            token=token,
            name=name,
            organisation=organisation,
            group=group,
            section_sid=section_sid,
            text=text,
            anonymous=wants_anonymity,
            email=email,
            locale=locale,
        )
    except consultation.InputRefused as exc:
        view = consultation.forum_page(session=session, token=token, locale=locale)
        form = InputForm(
            section_sid=section_sid,
            name=name,
            organisation=organisation,
            group=group,
            text=text,
            anonymous=wants_anonymity,
            email=email,
            errors=exc.problems,
        )
        return page(request, "forum", view.model_copy(update={"form": form}), status=400)
    except ServiceError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return message_response(
            request, "Masukan tidak diterima", str(exc), 409, back=f"/f/{token}"
        )
    target = input_receipts.receipt_path(token, receipt.number, receipt.code)
    if receipt.repeated:
        target += "&ulang=1"
    return RedirectResponse(target, status_code=303)


@router.get("/f/{token}/tanda-terima")
def lookup(
    request: Request, token: str, session: SessionDep, nomor: str = "", kode: str = ""
) -> Response:
    """The forum page's lookup form: a receipt by the number and code written on it.

    A match goes to the receipt's own address; anything else says so, with a way back.
    """
    portal_common.forum_by_token(session, token)  # an unknown forum is the app's 404
    number, code = nomor.strip(), kode.strip().upper()
    try:
        if not number.isdigit() or len(number) > 9:
            raise NotFoundError(input_receipts.NO_RECEIPT)
        input_receipts.get_receipt(session=session, token=token, number=int(number), code=code)
    except NotFoundError as exc:
        return message_response(request, "Tidak ditemukan", str(exc), 404, back=f"/f/{token}#lacak")
    target = input_receipts.receipt_path(token, int(number), code)
    return RedirectResponse(target, status_code=303)


@router.get("/f/{token}/tanda-terima/{number}")
def receipt(
    request: Request, token: str, number: int, session: SessionDep, kode: str = "", ulang: str = ""
) -> Response:
    """The receipt of an input, for whoever holds its number and code."""
    view = input_receipts.get_receipt(session=session, token=token, number=number, code=kode)
    if ulang:
        view = view.model_copy(update={"repeated": True})
    return page(request, "receipt", view)


def _is_organiser(request: Request, session: Session, token: str) -> bool:
    """Whether the browser belongs to an organiser of the forum's organisation."""
    cookie = request.cookies.get(ORGANISER_COOKIE, "")
    if not cookie:
        return False
    try:
        access = check_token(session, cookie)
    except AccessDenied:
        return False
    forum = portal_common.forum_by_token(session, token)
    _cycle, _policy, org = portal_common.forum_owner(session, forum)
    return org.id == access.organisation_id


@router.get("/f/{token}/dokumen")
def documents(request: Request, token: str, session: SessionDep) -> Response:
    """The cycle's published documents (public ones; every one for its organisers)."""
    forum = portal_common.forum_by_token(session, token)
    _cycle, policy, org = portal_common.forum_owner(session, forum)
    everything = _is_organiser(request, session, token)
    view = DocumentList(
        header=portal_common.portal_header(org, policy),
        token=token,
        forum_title=forum.title,
        documents=portal_documents.documents_of(session, forum, everything=everything),
        organiser=everything,
    )
    return page(request, "documents", view)


@router.get("/f/{token}/dokumen/{doc_id}")
def document(request: Request, token: str, doc_id: int, session: SessionDep) -> Response:
    """One registered document of the forum's cycle, as stored (read-only)."""
    forum = portal_common.forum_by_token(session, token)
    everything = _is_organiser(request, session, token)
    data = portal_documents.document_html(session, forum, doc_id, everything=everything)
    return document_response(data)


@router.get("/lembar/{token}")
def sheet_home(
    request: Request, token: str, session: SessionDep, terkirim: str = "", dicabut: str = ""
) -> Response:
    """An employee's own page, opened with the link made for them: their sheet, their objection."""
    view = sheet_objections.sheet_home(
        session=session, token=token, locale=portal_locale(request), filed=bool(terkirim),
        withdrawn=bool(dicabut),
    )  # fmt: skip
    return page(request, "sheet_home", view)


@router.get("/lembar/{token}/hasil")
def private_sheet(request: Request, token: str, session: SessionDep) -> Response:
    """The employee's private result sheet as stored (read-only); the first opening recorded.

    `?lang=en` opens the English version where it was issued.
    """
    data = sheet_links.open_sheet(session=session, token=token, locale=portal_locale(request))
    return document_response(data)


@router.post("/lembar/{token}/keberatan")
def sheet_objection(
    request: Request, token: str, session: SessionDep, _csrf: CsrfChecked, reason: Text = ""
) -> Response:
    """File the employee's objection to the period's result; back to their page."""
    locale = portal_locale(request)
    return _sheet_act(
        request, session, token,
        act=lambda: sheet_objections.file_from_link(
            session=session, token=token, reason=reason, locale=locale
        ),
        form=ObjectionForm(reason=reason), refused=shown("Keberatan tidak diterima"),
        done="terkirim",
    )  # fmt: skip


@router.post("/lembar/{token}/cabut")
def sheet_withdrawal(
    request: Request,
    token: str,
    session: SessionDep,
    _csrf: CsrfChecked,
    confirm: Text = "",
    note: Text = "",
) -> Response:
    """Withdraw the employee's pending objection; back to their page."""
    locale = portal_locale(request)
    return _sheet_act(
        request, session, token,
        act=lambda: sheet_objections.withdraw_from_link(
            session=session, token=token, confirmed=confirm == "1", note=note, locale=locale
        ),
        form=ObjectionForm(note=note), refused=shown("Pencabutan tidak diterima"),
        done="dicabut",
    )  # fmt: skip


def _sheet_act(
    request: Request,
    session: Session,
    token: str,
    *,
    act: Callable[[], object],
    form: ObjectionForm,
    refused: str,
    done: str,
) -> Response:
    """Do what the employee's page asked (`act`); back to the page, or it again with reasons.

    `form` is what was sent, shown again when refused; `refused` titles a refusal's page;
    `done` is the page's flag saying it was done (`?terkirim=1`, `?dicabut=1`).
    """
    locale = portal_locale(request)
    try:
        act()
    except sheet_objections.ObjectionRefused as exc:
        again = form.model_copy(update={"errors": exc.problems})
        view = sheet_objections.sheet_home(session=session, token=token, locale=locale, form=again)
        return page(request, "sheet_home", view, status=400)
    except ServiceError as exc:
        if isinstance(exc, NotFoundError):
            raise
        return message_response(request, refused, str(exc), 409, back=f"/lembar/{token}")
    return RedirectResponse(f"/lembar/{token}?{done}=1", status_code=303)
