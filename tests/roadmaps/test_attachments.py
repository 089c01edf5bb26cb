"""Files attached to a roadmap: only PDF, DOCX and XLSX up to 20 MB, known by their content,
kept under random names and handed out only to people who may see the roadmap."""

import hashlib
import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from roadmaps.models import Attachment, RoadmapEditor
from roadmaps.services.lists import add_attachment
from roadmaps.uploads import MAX_ATTACHMENT_BYTES
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.roadmap_people import section_url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOT_ALLOWED = "The selected file must be a PDF, a Word document (DOCX) or an Excel workbook (XLSX)."
STORED_NAME = re.compile(r"attachments/[0-9a-f]{32}\.(pdf|docx|xlsx)")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def package(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, "<?xml version='1.0'?><x/>")
    return buffer.getvalue()


def docx():
    return package("[Content_Types].xml", "_rels/.rels", "word/document.xml")


def xlsx():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Capability"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, roadmap, name, content):
    return client.post(
        section_url(roadmap, "attachments"), {"file": SimpleUploadedFile(name, content)}
    )


def stored_files(media_root):
    return sorted(path.name for path in media_root.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("Board paper.pdf", lambda: PDF, "pdf"),
        ("Leeds roadmap narrative.docx", docx, "docx"),
        ("Deployment schedule.xlsx", xlsx, "xlsx"),
    ],
)
def test_a_pdf_docx_or_xlsx_is_kept_under_a_random_name(
    client, roadmap, lead_editor, media_root, name, make, kind
):
    content = make()
    client.force_login(lead_editor)

    response = upload(client, roadmap, name, content)

    attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert (attachment.original_name, attachment.kind, attachment.size) == (
        name,
        kind,
        len(content),
    )
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert STORED_NAME.fullmatch(attachment.file.name)
    assert name.split(".")[0].split(" ")[0] not in attachment.file.name
    assert (media_root / attachment.file.name).read_bytes() == content
    assert attachment.uploaded_by == lead_editor
    assert AuditEvent.objects.get().verb == "roadmap.attachment_added"


def test_the_stored_name_ends_in_the_type_the_content_is(client, roadmap, lead_editor):
    client.force_login(lead_editor)

    upload(client, roadmap, "really-a-pdf.html", PDF)

    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.file.name[-4:]) == ("pdf", ".pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, NOT_ALLOWED),
        ("plan.docx", package("notes.txt", "photo.jpg"), NOT_ALLOWED),
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", NOT_ALLOWED),
        ("broken.docx", b"PK\x03\x04 not really a zip", NOT_ALLOWED),
        (
            "macros.docx",
            package("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"),
            "The selected file holds macros. Save it as a plain DOCX or XLSX and try again.",
        ),
        (
            "empty.pdf",
            b"",
            "The selected file is empty. Choose a PDF, a Word document (DOCX) or an Excel "
            "workbook (XLSX).",
        ),
    ],
    ids=["renamed-exe", "zip-renamed-docx", "html", "broken-zip", "macros", "empty"],
)
def test_anything_else_is_refused_with_the_allowed_types(
    client, roadmap, lead_editor, media_root, name, content, message
):
    client.force_login(lead_editor)

    response = upload(client, roadmap, name, content)

    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert html.count(message) == 2  # in the error summary and by the field
    assert '<a href="#id_file">' in html
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_a_package_with_too_many_parts_is_refused_without_unpacking_it(
    client, roadmap, lead_editor
):
    names = ["[Content_Types].xml", "word/document.xml"] + [f"p/{n}" for n in range(10_001)]
    client.force_login(lead_editor)

    response = upload(client, roadmap, "bomb.docx", package(*names))

    assert response.status_code == 400
    assert NOT_ALLOWED in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_20_mb_is_refused_and_nothing_of_it_is_kept(roadmap, lead_editor, media_root):
    # As browsers send it: the CSRF check reads the body before the view does.
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_editor)
    client.get(section_url(roadmap, "attachments"))
    content = PDF + b"0" * (MAX_ATTACHMENT_BYTES + 1 - len(PDF))

    response = client.post(
        section_url(roadmap, "attachments"),
        {
            "file": SimpleUploadedFile("big.pdf", content),
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )

    html = response.content.decode()
    assert response.status_code == 413
    assert html.count("The selected file must be smaller than 20 MB.") == 2
    assert "A PDF, a Word document (DOCX) or an Excel workbook (XLSX), up to 20 MB." in html
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_of_exactly_20_mb_is_kept(client, roadmap, lead_editor):
    client.force_login(lead_editor)

    response = upload(client, roadmap, "big.pdf", PDF + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF)))

    assert response.status_code == 302
    assert Attachment.objects.get().size == MAX_ATTACHMENT_BYTES


def test_the_upload_form_names_the_allowed_types_and_size(client, roadmap, lead_editor):
    client.force_login(lead_editor)

    html = client.get(section_url(roadmap, "attachments")).content.decode()

    assert '<h1 class="mb-4">Attachments</h1>' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'aria-describedby="id_file_helptext"' in html
    assert "A PDF, a Word document (DOCX) or an Excel workbook (XLSX), up to 20 MB." in html


@pytest.fixture
def attachment(roadmap, lead_editor):
    return add_attachment(
        roadmap=roadmap,
        upload=SimpleUploadedFile('../../etc/"Board" paper\r\n.pdf', PDF),
        uploaded_by=lead_editor,
    )


def test_a_footprint_member_downloads_the_file_as_an_attachment(
    client, roadmap, attachment, provider_editor
):
    client.force_login(provider_editor)

    page = client.get(section_url(roadmap, "attachments")).content.decode()
    response = client.get(reverse("download_roadmap_attachment", args=[roadmap.pk, attachment.pk]))

    assert reverse("download_roadmap_attachment", args=[roadmap.pk, attachment.pk]) in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Board_ paper.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert attachment.original_name == '"Board" paper.pdf'


def test_someone_the_lead_asked_to_edit_can_download(client, roadmap, attachment, csu_person):
    RoadmapEditor.objects.create(roadmap=roadmap, user=csu_person)
    client.force_login(csu_person)

    response = client.get(reverse("download_roadmap_attachment", args=[roadmap.pk, attachment.pk]))

    assert response.status_code == 200


def test_someone_outside_the_footprint_cannot_download_or_remove(
    client, roadmap, attachment, outsider
):
    client.force_login(outsider)

    download = client.get(reverse("download_roadmap_attachment", args=[roadmap.pk, attachment.pk]))
    remove = client.post(reverse("remove_roadmap_attachment", args=[roadmap.pk, attachment.pk]))

    assert (download.status_code, remove.status_code) == (404, 404)
    assert Attachment.objects.count() == 1


def test_signed_out_people_are_sent_to_sign_in(client, roadmap, attachment):
    response = client.get(reverse("download_roadmap_attachment", args=[roadmap.pk, attachment.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign_in"))


def test_no_address_serves_the_stored_files(client, roadmap, attachment, lead_editor):
    client.force_login(lead_editor)

    for address in (f"/{attachment.file.name}", f"/media/{attachment.file.name}"):
        assert client.get(address).status_code == 404


def test_a_providers_people_cannot_upload_or_remove(client, roadmap, attachment, provider_editor):
    client.force_login(provider_editor)

    page = client.get(section_url(roadmap, "attachments")).content.decode()
    posted = upload(client, roadmap, "mine.pdf", PDF)
    remove = client.post(reverse("remove_roadmap_attachment", args=[roadmap.pk, attachment.pk]))

    assert "Upload a file" not in page
    assert (posted.status_code, remove.status_code) == (403, 403)
    assert Attachment.objects.count() == 1


def test_an_editor_removes_an_attachment_and_its_file(
    client, roadmap, attachment, lead_editor, media_root, django_capture_on_commit_callbacks
):
    client.force_login(lead_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("remove_roadmap_attachment", args=[roadmap.pk, attachment.pk]), follow=True
        )

    assert '"Board" paper.pdf removed.' in response.content.decode().replace("&quot;", '"')
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []
    assert AuditEvent.objects.filter(verb="roadmap.attachment_removed").count() == 1


def test_attachments_of_a_roadmap_awaiting_sign_off_cannot_change(
    client, roadmap, attachment, lead_editor
):
    roadmap.state = "awaiting_sign_off"
    roadmap.save(update_fields=["state"])
    client.force_login(lead_editor)

    posted = upload(client, roadmap, "late.pdf", PDF)
    remove = client.post(reverse("remove_roadmap_attachment", args=[roadmap.pk, attachment.pk]))

    message = "This roadmap is awaiting sign-off, so its draft cannot change."
    assert (posted.status_code, remove.status_code) == (403, 403)
    assert message in posted.content.decode()
    with pytest.raises(ActionRefused, match=message):
        add_attachment(
            roadmap=roadmap, upload=SimpleUploadedFile("x.pdf", PDF), uploaded_by=lead_editor
        )
    assert Attachment.objects.count() == 1


def test_a_file_whose_stored_copy_is_gone_answers_404(
    client, roadmap, attachment, lead_editor, media_root
):
    (media_root / attachment.file.name).unlink()
    client.force_login(lead_editor)

    response = client.get(reverse("download_roadmap_attachment", args=[roadmap.pk, attachment.pk]))

    assert response.status_code == 404


def test_the_attachments_page_asks_the_same_number_of_queries_however_many_files(
    client, roadmap, lead_editor
):
    client.force_login(lead_editor)

    def grow(size):
        for n in range(size):
            Attachment.objects.create(
                roadmap=roadmap,
                file=f"attachments/{n:032x}.pdf",
                original_name=f"Paper {n}.pdf",
                kind="pdf",
                size=len(PDF),
                sha256="0" * 64,
                uploaded_by=lead_editor,
            )

    assert_queries_do_not_grow(
        client, section_url(roadmap, "attachments"), grow=grow, sizes=(3, 30)
    )
