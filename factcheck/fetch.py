"""The one way the workbench reaches the network: guarded HTTP GET.

Every outbound request (article URLs, appearance checks, webhooks) goes through `fetch` or
`post`, which allow only http and https, resolve the host once and connect to the address they
checked (so DNS cannot swap in a private address after the check), refuse private, loopback,
link-local and other non-public addresses unless settings.FETCH_ALLOWED_NETWORKS lists them,
re-check every redirect, and cap time and size.

An address is public only if `ipaddress` says it is global and it is in none of the special
ranges below: IPv6 forms that carry an IPv4 address (NAT64, 6to4, Teredo, IPv4-compatible) are
refused outright, since the gateway that unwraps them may reach a private network; an
IPv4-mapped address is judged by the IPv4 address it maps.

No request is made inside a database transaction: it would hold the transaction, and the rows it
locked, open for as long as the remote end takes.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.db import connections

from factcheck.exceptions import ApplicationError

MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


class FetchError(ApplicationError):
    """A refused or failed request; `transient` says whether trying again later may help."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message, field="url")
        self.transient = transient


@dataclass(frozen=True)
class Fetched:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    content: bytes

    def text(self) -> str:
        return self.content.decode(self.charset or "utf-8", errors="replace")


Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Special-purpose ranges (IANA's registries) refused whatever `is_global` says in this Python.
_REFUSED_NETWORKS: tuple[Network, ...] = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
        "::/96",  # unspecified, loopback and IPv4-compatible (::a.b.c.d)
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard
        "2001::/23",  # IETF protocol assignments, Teredo (2001::/32) included
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4
        "3fff::/20",  # documentation
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated, still routed by some)
        "ff00::/8",  # multicast
    )
)


def _allowed_networks() -> list[Network]:
    return [ipaddress.ip_network(net) for net in settings.FETCH_ALLOWED_NETWORKS]


def is_public_address(address: str) -> bool:
    """Whether the fetcher may reach `address` without FETCH_ALLOWED_NETWORKS listing it."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _REFUSED_NETWORKS):
        return False
    return ip.is_global and not ip.is_multicast


def _check_address(address: str) -> None:
    if is_public_address(address):
        return
    if any(ipaddress.ip_address(address) in network for network in _allowed_networks()):
        return
    raise FetchError(f"{address} is a private or reserved address; fetching it is not allowed.")


def _refuse_inside_a_transaction() -> None:
    """A programming error, not a refusal: fetch before the transaction, store inside it. The
    atomic blocks a test case wraps around each test are not the code's own and do not count."""
    for connection in connections.all(initialized_only=True):
        if any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            raise RuntimeError(
                f"Network request inside a transaction on database {connection.alias!r}."
            )


def _resolve(host: str, port: int) -> str:
    """The first address of `host`, after checking that every address it has is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{host}: the name does not resolve.", transient=True) from exc
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        _check_address(address)
    return addresses[0]


def _pool(scheme: str, host: str, port: int, address: str) -> urllib3.HTTPConnectionPool:
    timeout = urllib3.Timeout(
        connect=settings.FETCH_CONNECT_TIMEOUT, read=settings.FETCH_READ_TIMEOUT
    )
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)


def _read_capped(response: urllib3.BaseHTTPResponse, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"The response is larger than the {max_bytes:,} byte limit.")
    chunks, size = [], 0
    for chunk in response.stream(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"The response is larger than the {max_bytes:,} byte limit.")
        if time.monotonic() > deadline:
            raise FetchError("The server took too long to answer.", transient=True)
        chunks.append(chunk)
    return b"".join(chunks)


def _request(
    method: str, url: str, *, body: bytes | None, headers: dict[str, str], max_bytes: int
) -> Fetched:
    _refuse_inside_a_transaction()
    deadline = time.monotonic() + settings.FETCH_TOTAL_TIMEOUT
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError(f"{current!r}: only http and https URLs can be fetched.")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _resolve(parts.hostname, port)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        pool = _pool(parts.scheme, parts.hostname, port, address)
        try:
            response = pool.urlopen(
                method,
                path,
                body=body,
                headers={
                    "Host": parts.netloc.rsplit("@", 1)[-1],
                    "User-Agent": settings.FETCH_USER_AGENT,
                    **headers,
                },
                redirect=False,
                preload_content=False,
            )
            if response.status in _REDIRECTS and response.headers.get("Location"):
                current = urljoin(current, response.headers["Location"])
                response.drain_conn()
                continue
            content = _read_capped(response, max_bytes, deadline)
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError("The server took too long to answer.", transient=True) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"The request failed: {exc}.", transient=True) from exc
        finally:
            pool.close()
        media_type = response.headers.get("Content-Type", "")
        return Fetched(
            url=url,
            final_url=current,
            status=response.status,
            content_type=media_type.split(";")[0].strip().lower(),
            charset=_charset(media_type),
            content=content,
        )
    raise FetchError(f"More than {MAX_REDIRECTS} redirects.")


def _charset(media_type: str) -> str | None:
    for parameter in media_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def fetch(url: str, *, max_bytes: int | None = None) -> Fetched:
    """GET `url` within the guards; any HTTP status is returned, the caller judges it."""
    return _request(
        "GET",
        url,
        body=None,
        headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        max_bytes=max_bytes or settings.FETCH_MAX_BYTES,
    )


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Fetched:
    """POST `body` within the same guards (webhook deliveries); the answer is capped small."""
    return _request("POST", url, body=body, headers=headers, max_bytes=64 * 1024)


def check_url_form(url: str) -> None:
    """Refuse a URL the fetcher would never reach, without resolving its host name: an http or
    https URL whose host, when written as an address, is allowed. A name is resolved and
    checked each time it is fetched (the address it has now may not be the one it had)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"{url!r}: only http and https URLs can be fetched.")
    try:
        ipaddress.ip_address(parts.hostname)
    except ValueError:
        return
    _check_address(parts.hostname)
