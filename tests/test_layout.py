import re

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from tests.factories import UserFactory


@pytest.mark.django_db
def test_home_page_has_skip_link_header_main_and_footer(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB">' in html
    assert re.search(
        r'<a class="skip-link[^"]*" href="#main-content">Skip to main content</a>', html
    )
    assert '<main id="main-content"' in html
    assert "<header" in html and "<footer" in html
    assert "<title>Local Digital Roadmaps – Digital roadmap service – NHS England</title>" in html


@pytest.mark.django_db
def test_header_names_the_signed_in_person(client):
    client.force_login(UserFactory(full_name="Asha Patel"))

    response = client.get("/")

    assert "Signed in as Asha Patel" in response.content.decode()


@pytest.mark.django_db
def test_every_stylesheet_and_script_is_served_by_the_service_itself(client):
    html = client.get("/").content.decode()

    assets = re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"', html)

    assert sorted(assets) == [
        "/static/css/service.css",
        "/static/img/favicon.svg",
        "/static/js/character_count.js",
        "/static/js/service.js",
        "/static/vendor/bootstrap/css/bootstrap.min.css",
        "/static/vendor/bootstrap/js/bootstrap.bundle.min.js",
    ]
    missing = [url for url in assets if not finders.find(url.removeprefix("/static/"))]
    assert missing == [], "run `make` to install the front-end assets"


class ContactForm(forms.Form):
    name = forms.CharField(label="Name")
    email = forms.EmailField(label="Email address")

    def clean(self):
        raise forms.ValidationError("Check the whole form")


def test_error_summary_links_each_error_to_its_field():
    form = ContactForm(data={"name": "", "email": "not-an-email"})
    form.is_valid()

    html = render_to_string("includes/error_summary.html", {"form": form})

    assert "There is a problem" in html
    assert 'role="alert"' in html and "data-error-summary" in html
    assert re.findall(r'<li>(?:<a href="([^"]+)">)?([^<]+)', html) == [
        ("", "Check the whole form"),
        ("#id_name", "This field is required."),
        ("#id_email", "Enter a valid email address."),
    ]


def test_error_summary_is_absent_when_the_form_is_valid():
    form = forms.Form(data={})
    form.is_valid()

    assert render_to_string("includes/error_summary.html", {"form": form}).strip() == ""


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_error_summary_links_a_radio_group_error_to_its_first_option():
    form = RoleForm(data={})
    form.is_valid()

    html = render_to_string("includes/error_summary.html", {"form": form})

    assert '<a href="#id_role_0">This field is required.</a>' in html
