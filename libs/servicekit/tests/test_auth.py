"""Bearer JWT verification, role checks and object scopes, through a tiny FastAPI app."""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Annotated, Any

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from kpd import token as token_command
from servicekit.core.keys import load_or_create_ed25519_key
from servicekit.web.auth import (
    ROLE_LABELS,
    AuthSettings,
    DevIssuer,
    Principal,
    PrincipalDep,
    Role,
    TokenVerifier,
    ensure_scope,
    require_roles,
)
from servicekit.web.problems import (
    PROBLEM_MEDIA_TYPE,
    ForbiddenError,
    ServiceUnavailableError,
    UnauthorizedError,
    install_problem_handlers,
)

COUNTY_USER = Principal(user="u-yaodu", role=Role.COUNTY, unit="yaodu")
# Module level: with postponed annotations FastAPI resolves route hints from globals.
CountyOrCommander = Annotated[Principal, Depends(require_roles(Role.COUNTY, Role.COMMANDER))]


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "dev-jwt-ed25519.pem"


@pytest.fixture
def issuer(key_path: Path) -> DevIssuer:
    return DevIssuer(key_path)


@pytest.fixture
def client(issuer: DevIssuer, key_path: Path) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.state.token_verifier = TokenVerifier(AuthSettings(dev_key_path=key_path))

    @app.get("/v1/me")
    def me(principal: PrincipalDep) -> dict[str, str | None]:
        return {"user": principal.user, "role": principal.role.value, "unit": principal.unit}

    @app.get("/v1/counties/{county}/projects")
    def projects(county: str, principal: CountyOrCommander) -> dict[str, str]:
        ensure_scope(principal, county=county)
        return {"county": county}

    return TestClient(app)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign(key_path: Path, claims: dict[str, Any], kid: str) -> str:
    """Sign arbitrary claims with the development key, bypassing DevIssuer's choices."""
    return jwt.encode(claims, load_or_create_ed25519_key(key_path), "EdDSA", {"kid": kid})


def good_claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": "kpd-dev", "aud": "kpd", "sub": "u-1", "role": "county", "unit": "yaodu",
        "iat": now, "nbf": now, "exp": now + timedelta(hours=1), "jti": "j-1",
    }  # fmt: skip
    claims.update(changes)
    return claims


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def assert_unauthorized(response: httpx.Response) -> None:
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_no_token_is_401_problem_with_challenge(client: TestClient) -> None:
    assert_unauthorized(client.get("/v1/me"))
    assert_unauthorized(client.get("/v1/me", headers={"Authorization": "Basic dTpw"}))


def test_valid_token_names_the_principal(client: TestClient, issuer: DevIssuer) -> None:
    response = client.get("/v1/me", headers=bearer(issuer.issue(COUNTY_USER)))
    assert response.status_code == 200
    assert response.json() == {"user": "u-yaodu", "role": "county", "unit": "yaodu"}


def test_alg_none_is_refused(client: TestClient, issuer: DevIssuer) -> None:
    payload = b64url(
        json.dumps(good_claims(), default=lambda moment: int(moment.timestamp())).encode()
    )
    for alg in ("none", "None", "NONE"):
        header = b64url(json.dumps({"alg": alg, "typ": "JWT", "kid": issuer.kid}).encode())
        response = client.get("/v1/me", headers=bearer(f"{header}.{payload}."))
        assert_unauthorized(response)
        assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_hs256_signed_with_the_public_key_is_refused(client: TestClient, issuer: DevIssuer) -> None:
    public_x = base64.urlsafe_b64decode(issuer.public_jwks()["keys"][0]["x"] + "==")
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": issuer.kid}).encode())
    payload = b64url(json.dumps(jwt.decode(issuer.issue(COUNTY_USER), options={
        "verify_signature": False})).encode())  # fmt: skip
    signing_input = f"{header}.{payload}".encode()
    for secret in (public_x, json.dumps(issuer.public_jwks()["keys"][0]).encode()):
        forged = (
            f"{header}.{payload}.{b64url(hmac.new(secret, signing_input, hashlib.sha256).digest())}"
        )
        assert_unauthorized(client.get("/v1/me", headers=bearer(forged)))


def test_token_from_another_key_is_refused(client: TestClient, tmp_path: Path) -> None:
    stranger = DevIssuer(tmp_path / "other.pem")
    assert_unauthorized(client.get("/v1/me", headers=bearer(stranger.issue(COUNTY_USER))))


def test_another_key_claiming_our_kid_is_refused(
    client: TestClient, issuer: DevIssuer, tmp_path: Path
) -> None:
    forged = sign(tmp_path / "other.pem", good_claims(), kid=issuer.kid)
    assert_unauthorized(client.get("/v1/me", headers=bearer(forged)))


def test_altered_payload_is_refused(client: TestClient, issuer: DevIssuer) -> None:
    header, payload, signature = issuer.issue(COUNTY_USER).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = "commander"
    altered = f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"
    assert_unauthorized(client.get("/v1/me", headers=bearer(altered)))


DROP = object()


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "someone-else"}, {"iss": "evil-issuer"}, {"role": "superuser"}, {"sub": ""},
        {"unit": 42}, {"exp": DROP}, {"aud": DROP}, {"iss": DROP}, {"role": DROP}, {"nbf": DROP},
    ],
)  # fmt: skip
def test_bad_or_missing_claims_are_refused(
    client: TestClient, issuer: DevIssuer, key_path: Path, changes: dict[str, Any]
) -> None:
    claims = {name: value for name, value in good_claims(**changes).items() if value is not DROP}
    token = sign(key_path, claims, kid=issuer.kid)
    assert_unauthorized(client.get("/v1/me", headers=bearer(token)))


@pytest.mark.parametrize(("seconds_past_expiry", "status"), [(60, 401), (10, 200)])
def test_expiry_honours_the_leeway(
    client: TestClient, issuer: DevIssuer, seconds_past_expiry: int, status: int
) -> None:
    issued = datetime.now(UTC) - timedelta(hours=1, seconds=seconds_past_expiry)
    token = issuer.issue(COUNTY_USER, ttl=timedelta(hours=1), now=issued)
    assert client.get("/v1/me", headers=bearer(token)).status_code == status


@pytest.mark.parametrize(
    ("lifetime", "status"),
    [(timedelta(hours=1), 200), (timedelta(hours=1, seconds=1), 401), (timedelta(days=30), 401)],
)
def test_tokens_living_longer_than_the_limit_are_refused(
    client: TestClient, issuer: DevIssuer, lifetime: timedelta, status: int
) -> None:
    response = client.get("/v1/me", headers=bearer(issuer.issue(COUNTY_USER, ttl=lifetime)))
    assert response.status_code == status
    if status == 401:
        assert "超过上限 3600 秒" in response.json()["detail"]


def test_not_yet_valid_is_refused(client: TestClient, issuer: DevIssuer, key_path: Path) -> None:
    future = datetime.now(UTC) + timedelta(minutes=5)
    token = sign(key_path, good_claims(nbf=future, exp=future + timedelta(hours=1)), issuer.kid)
    assert_unauthorized(client.get("/v1/me", headers=bearer(token)))


def test_role_not_allowed_is_403(client: TestClient, issuer: DevIssuer) -> None:
    office = Principal(user="u-office", role=Role.DEPARTMENT, unit="fgw")
    response = client.get("/v1/counties/yaodu/projects", headers=bearer(issuer.issue(office)))
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert body["allowed_roles"] == ["commander", "county"]
    assert "总指挥部、县（市、区）" in body["detail"]


def test_every_role_has_a_chinese_label() -> None:
    assert set(ROLE_LABELS) == set(Role)
    assert all(label and not label.isascii() for label in ROLE_LABELS.values())


def test_scope_decides_after_the_role(client: TestClient, issuer: DevIssuer) -> None:
    token = issuer.issue(COUNTY_USER)
    own = client.get("/v1/counties/yaodu/projects", headers=bearer(token))
    other = client.get("/v1/counties/hongtong/projects", headers=bearer(token))
    commander = issuer.issue(Principal(user="c", role=Role.COMMANDER, unit=None))
    assert own.status_code == 200
    assert other.status_code == 403
    assert client.get("/v1/counties/hongtong/projects", headers=bearer(commander)).is_success


@pytest.mark.parametrize(
    ("principal", "scope", "allowed"),
    [
        (Principal("a", Role.COUNTY, "yaodu"), {"county": "yaodu"}, True),
        (Principal("a", Role.COUNTY, "yaodu"), {"county": "hongtong"}, False),
        (Principal("a", Role.COUNTY, "yaodu"), {"department": "yaodu"}, False),
        (Principal("a", Role.COUNTY, None), {"county": "yaodu"}, False),
        (Principal("d", Role.DEPARTMENT, "fgw"), {"department": ["zjj", "fgw"]}, True),
        (Principal("d", Role.DEPARTMENT, "fgw"), {"department": ["zjj"]}, False),
        (Principal("p", Role.PROJECT_UNIT, "p-1"), {"project_unit": "p-1"}, True),
        (Principal("s", Role.SUBCOMMAND_COMMANDER, "s-1"), {"subcommand": "s-2"}, False),
        (Principal("l", Role.LEADER, "l-1"), {"leader": {"l-1", "l-2"}}, True),
        (Principal("c", Role.COMMANDER, None), {"county": "yaodu"}, True),
        (Principal("o", Role.OFFICE, None), {}, True),
        (Principal("x", Role.AUDITOR, None), {"leader": "l-1"}, True),
        (Principal("op", Role.OPERATOR, None), {"county": "yaodu"}, False),
    ],
)
def test_ensure_scope(principal: Principal, scope: dict[str, Any], allowed: bool) -> None:
    if allowed:
        ensure_scope(principal, **scope)
    else:
        with pytest.raises(ForbiddenError):
            ensure_scope(principal, **scope)


def test_require_roles_needs_a_role() -> None:
    with pytest.raises(ValueError, match="at least one role"):
        require_roles()


def test_dev_key_is_private_reused_and_not_invented_by_verifier(
    key_path: Path, issuer: DevIssuer, tmp_path: Path
) -> None:
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert DevIssuer(key_path).kid == issuer.kid
    with pytest.raises(FileNotFoundError):
        TokenVerifier(AuthSettings(dev_key_path=tmp_path / "absent.pem"))
    created = TokenVerifier(
        AuthSettings(dev_key_path=tmp_path / "new" / "k.pem", generate_dev_key=True)
    )
    token = DevIssuer(tmp_path / "new" / "k.pem").issue(COUNTY_USER)
    assert created.verify(token) == COUNTY_USER


def test_misconfiguration_is_refused_up_front() -> None:
    with pytest.raises(ValueError, match="at least one role"):
        require_roles()
    with pytest.raises(ValueError, match="HS256"):
        AuthSettings(algorithms=("EdDSA", "HS256"))
    with pytest.raises(ValueError, match="leeway"):
        AuthSettings(leeway_seconds=61)


@pytest.fixture
def jwks_url(issuer: DevIssuer) -> Iterator[str]:
    """A local HTTP server publishing the development issuer's JWKS."""
    body = json.dumps(issuer.public_jwks()).encode()

    class JwksHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), JwksHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("source", ["jwks_file", "jwks_url"])
def test_published_jwks_verifies_and_refuses_strangers(
    issuer: DevIssuer, tmp_path: Path, source: str, request: pytest.FixtureRequest
) -> None:
    if source == "jwks_file":
        jwks_file = tmp_path / "jwks.json"
        jwks_file.write_text(json.dumps(issuer.public_jwks()))
        verifier = TokenVerifier(AuthSettings(jwks_file=jwks_file))
    else:
        verifier = TokenVerifier(AuthSettings(jwks_url=request.getfixturevalue("jwks_url")))
    assert verifier.verify(issuer.issue(COUNTY_USER)) == COUNTY_USER
    with pytest.raises(UnauthorizedError):
        verifier.verify(DevIssuer(tmp_path / "other.pem").issue(COUNTY_USER))


def test_unreachable_jwks_url_is_503_not_401(issuer: DevIssuer) -> None:
    verifier = TokenVerifier(AuthSettings(jwks_url="http://127.0.0.1:9/jwks.json"))
    with pytest.raises(ServiceUnavailableError):
        verifier.verify(issuer.issue(COUNTY_USER))


def parse_token_command(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kpd")
    token_command.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


@pytest.mark.parametrize("key_from_env", [False, True])
def test_kpd_token_prints_a_token_the_verifier_accepts(
    key_path: Path,
    key_from_env: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = ["token", "--role", "county", "--unit", "yaodu", "--ttl-hours", "1"]
    if key_from_env:
        monkeypatch.setenv("KPD_JWT_DEV_KEY", str(key_path))
    else:
        argv += ["--key", str(key_path)]
    args = parse_token_command(argv)
    assert args.func(args) == 0
    printed = capsys.readouterr().out.strip()
    principal = TokenVerifier(AuthSettings(dev_key_path=key_path)).verify(printed)
    assert principal == Principal(user="dev-county", role=Role.COUNTY, unit="yaodu")


def test_kpd_token_refuses_scoped_role_without_unit(
    key_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse_token_command(["token", "--role", "county", "--key", str(key_path)])
    assert token_command.run(args) == 2
    assert capsys.readouterr().out == ""
    assert not key_path.exists()


def test_kpd_token_signs_with_the_key_services_under_the_same_var_dir_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One variable per setting: KPD_VAR_DIR moves the services' key and the CLI's alike."""
    from servicekit.core.settings import ServiceSettings

    monkeypatch.delenv("KPD_JWT_DEV_KEY", raising=False)
    monkeypatch.setenv("KPD_VAR_DIR", str(tmp_path))
    args = parse_token_command(["token", "--role", "office"])
    assert args.func(args) == 0
    printed = capsys.readouterr().out.strip()
    services_key = ServiceSettings(service="issues").dev_key_path
    assert services_key == tmp_path / "keys" / "dev-jwt-ed25519.pem"
    principal = TokenVerifier(AuthSettings(dev_key_path=services_key)).verify(printed)
    assert principal.role == Role.OFFICE
