"""The guarded fetcher: time, size, scheme and address limits, redirects re-checked."""

from __future__ import annotations

import pytest
from django.db import transaction

from factcheck.fetch import FetchError, fetch, is_public_address
from tests.pages import Page, Pages


def test_a_page_is_fetched_with_its_status_type_and_charset(pages: Pages) -> None:
    pages.routes["/a"] = Page(
        "<p>Grüße</p>".encode("latin-1"), content_type="text/html; charset=latin-1"
    )
    fetched = fetch(pages.url("/a"))
    assert (fetched.status, fetched.content_type, fetched.charset) == (200, "text/html", "latin-1")
    assert fetched.text() == "<p>Grüße</p>"
    assert pages.requests[0][2]["User-Agent"].startswith("FactcheckWorkbench/")


def test_an_error_status_is_returned_for_the_caller_to_judge(pages: Pages) -> None:
    assert fetch(pages.url("/missing")).status == 404


def test_redirects_are_followed_to_the_final_url(pages: Pages) -> None:
    pages.routes["/old"] = Page(status=301, headers={"Location": "/new"})
    pages.routes["/new"] = Page(b"moved here")
    fetched = fetch(pages.url("/old"))
    assert (fetched.final_url, fetched.content) == (pages.url("/new"), b"moved here")


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
def test_a_response_over_the_size_cap_is_refused(pages: Pages, settings, chunked: bool) -> None:
    settings.FETCH_MAX_BYTES = 100_000
    pages.routes["/big"] = Page(b"x" * 200_000, chunked=chunked)
    with pytest.raises(FetchError, match=r"larger than the 100,000 byte limit") as refused:
        fetch(pages.url("/big"))
    assert not refused.value.transient


def test_a_slow_server_times_out_and_may_be_tried_again(pages: Pages) -> None:
    pages.routes["/slow"] = Page(b"late", delay=2.0)
    with pytest.raises(FetchError, match="took too long") as timed_out:
        fetch(pages.url("/slow"))
    assert timed_out.value.transient


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.2/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://localhost:1/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url: str, settings) -> None:
    settings.FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(FetchError, match="private or reserved address"):
        fetch(url)


def test_a_redirect_to_a_private_address_is_refused(pages: Pages) -> None:
    pages.routes["/hop"] = Page(status=302, headers={"Location": "http://169.254.169.254/"})
    with pytest.raises(FetchError, match=r"169\.254\.169\.254 is a private"):
        fetch(pages.url("/hop"))


def test_the_test_server_itself_is_refused_when_settings_do_not_allow_it(
    pages: Pages, settings
) -> None:
    settings.FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(FetchError, match=r"127\.0\.0\.1 is a private"):
        fetch(pages.url("/a"))
    assert not pages.requests


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "/relative"]
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


def test_a_redirect_loop_ends(pages: Pages) -> None:
    pages.routes["/loop"] = Page(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="More than 5 redirects"):
        fetch(pages.url("/loop"))


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::808:808",  # NAT64 even of a public address: the gateway's network decides
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2002:808:808::1",  # 6to4 of a public address
        "::a00:1",  # IPv4-compatible ::10.0.0.1
        "::808:808",  # IPv4-compatible ::8.8.8.8
        "::ffff:10.0.0.1",  # IPv4-mapped private
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "fec0::1",  # site-local
        "fc00::1",
        "fe80::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "2001:db8::1",
        "ff02::1",
        "::",
        "::1",
        "100.64.0.1",
        "192.0.0.9",
        "192.0.2.1",
        "192.88.99.1",
        "198.18.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "224.0.0.1",
        "0.0.0.0",  # noqa: S104 (an address judged, not bound)
    ],
)
def test_special_and_embedded_private_addresses_are_not_public(address: str, settings) -> None:
    # The address alone is judged: nothing is resolved or connected to.
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "::ffff:8.8.8.8", "2001:4860:4860::8888", "2a00:1450::1"]
)
def test_public_addresses_are_public(address: str) -> None:
    assert is_public_address(address)


@pytest.mark.django_db
def test_no_request_is_made_inside_a_transaction(pages: Pages) -> None:
    pages.routes["/a"] = Page(body=b"<p>hi</p>")
    with transaction.atomic(), pytest.raises(RuntimeError, match="inside a transaction"):
        fetch(pages.url("/a"))
    assert not pages.requests
