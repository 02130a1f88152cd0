"""Two-factor sign-in (issue 16, "Accounts"): required for administrators, optional for
everyone, QR enrolment confirmed by a first code, recovery codes usable once."""

import re

import axes.utils
import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture(autouse=True)
def _required(settings, db):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    # django-otp slows down guessing (1 s, 2 s, 4 s… after each wrong code); the tests type a
    # wrong code on purpose and then the right one at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    axes.utils.reset()


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    """What the user's authenticator app shows now (RFC 6238 from the device's key)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):0{device.digits}d}"


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def _enrol(client: Client, user) -> list[str]:
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("otp_setup"), {"code": code_for(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())


def test_administrator_without_a_device_must_enrol_before_any_page(world, password):
    client = Client()
    assert _login(client, "admin", password).status_code == 302
    for url in (reverse("home"), reverse("person_list"), "/quan-tri/", reverse("audit_log")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("otp_setup"), url
    page = client.get(reverse("otp_setup")).content.decode()
    assert "bắt buộc dùng xác thực hai bước" in page
    assert "<svg" in page and 'class="qr"' in page  # the QR code, inline SVG from segno
    assert re.search(r'<code class="otp-key">([A-Z2-7]{4} ?)+</code>', page)


def test_enrolment_is_confirmed_by_a_code_and_gives_ten_recovery_codes(world, password):
    client = Client()
    _login(client, "admin", password)
    device = TOTPDevice.objects.filter(user=world.users["admin"])
    client.get(reverse("otp_setup"))
    wrong = client.post(reverse("otp_setup"), {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    assert not device.get().confirmed
    codes = _enrol(client, world.users["admin"])
    assert len(codes) == 10 and len(set(codes)) == 10
    assert device.get().confirmed
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/quan-tri/").status_code == 200


def test_enrolled_user_must_give_a_code_at_every_log_in(world, password):
    admin = world.users["admin"]
    _enrol_client = Client()
    _login(_enrol_client, "admin", password)
    codes = _enrol(_enrol_client, admin)

    client = Client()
    _login(client, "admin", password)
    blocked = client.get(reverse("person_list"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("otp_verify"))
    bad = client.post(reverse("otp_verify"), {"code": "123456", "next": "/can-bo/"})
    assert "Mã không đúng" in bad.content.decode()
    device = TOTPDevice.objects.get(user=admin)
    # A code may be used once only (django-otp remembers the last one): wait for the next step.
    device.last_t = -1
    device.save()
    ok = client.post(reverse("otp_verify"), {"code": code_for(device), "next": "/can-bo/"})
    assert ok.status_code == 302 and ok["Location"] == "/can-bo/"
    assert client.get(reverse("person_list")).status_code == 200

    # A recovery code works once.
    other = Client()
    _login(other, "admin", password)
    assert other.post(reverse("otp_verify"), {"code": codes[0]}).status_code == 302
    assert other.get(reverse("home")).status_code == 200
    again = Client()
    _login(again, "admin", password)
    assert "Mã không đúng" in again.post(reverse("otp_verify"), {"code": codes[0]}).content.decode()
    assert StaticDevice.objects.get(user=admin).token_set.count() == 9


def test_verify_page_does_not_redirect_outside_the_site(world, password):
    client = Client()
    _login(client, "admin", password)
    codes = _enrol(client, world.users["admin"])
    fresh = Client()
    _login(fresh, "admin", password)
    response = fresh.post(reverse("otp_verify"), {"code": codes[1], "next": "//evil.example/"})
    assert response["Location"] == reverse("home")


def test_two_factor_is_optional_for_others_and_can_be_turned_off(world, password):
    client = Client()
    _login(client, "officer_a", password)
    assert client.get(reverse("home")).status_code == 200  # not forced
    _enrol(client, world.users["officer_a"])
    fresh = Client()
    _login(fresh, "officer_a", password)
    assert fresh.get(reverse("home")).status_code == 302  # now required for them too

    device = TOTPDevice.objects.get(user=world.users["officer_a"])
    device.last_t = -1
    device.save()
    client.post(reverse("otp_disable"), {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=world.users["officer_a"]).exists()
    assert not StaticDevice.objects.filter(user=world.users["officer_a"]).exists()


def test_administrators_cannot_turn_two_factor_off(world, password):
    client = Client()
    _login(client, "admin", password)
    _enrol(client, world.users["admin"])
    device = TOTPDevice.objects.get(user=world.users["admin"])
    device.last_t = -1
    device.save()
    client.post(reverse("otp_disable"), {"code": code_for(device)})
    assert TOTPDevice.objects.filter(user=world.users["admin"], confirmed=True).exists()


def test_fragments_answer_no_content_until_the_second_step(world, password):
    client = Client()
    _login(client, "admin", password)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response.status_code == 204
