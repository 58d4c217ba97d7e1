"""Sign-in, sign-out, CSRF, throttling and disabled accounts against the running stack."""

from __future__ import annotations

import httpx
import pytest

from tests.workbench_support import WorkbenchStack, csrf_of, login

pytestmark = [pytest.mark.nats]


def test_office_signs_in_sees_home_and_signs_out(workbench_stack: WorkbenchStack) -> None:
    client = workbench_stack.signed_in("office")
    session_cookie = client.cookies.get("kpd_session")
    assert session_cookie
    home = client.get("/")
    assert home.status_code == 200
    assert "我的工作" in home.text
    assert "指挥部办公室" in home.text
    out = client.post("/logout", data={"csrf_token": csrf_of(home.text)})
    assert out.status_code == 303
    assert client.get("/").status_code == 303


def test_session_cookie_is_httponly_and_samesite(workbench_stack: WorkbenchStack) -> None:
    username = workbench_stack.add_user("office")
    client = workbench_stack.client()
    response = login(client, username, workbench_stack.passwords[username])
    cookie = response.headers["set-cookie"].lower()
    assert "kpd_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_wrong_password_is_refused_in_chinese(workbench_stack: WorkbenchStack) -> None:
    username = workbench_stack.add_user("office")
    response = login(workbench_stack.client(), username, "not-the-password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text
    assert "kpd_session" not in response.headers.get("set-cookie", "")


def test_repeated_failures_lock_the_name_even_for_the_right_password(
    workbench_stack: WorkbenchStack,
) -> None:
    username = workbench_stack.add_user("county", "yaodu")
    client = workbench_stack.client()
    for _ in range(5):
        assert login(client, username, "wrong-password-1").status_code == 401
    locked = login(client, username, workbench_stack.passwords[username])
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.text


def test_login_without_csrf_token_is_refused(workbench_stack: WorkbenchStack) -> None:
    username = workbench_stack.add_user("office")
    client = workbench_stack.client()
    client.get("/login")
    response = client.post(
        "/login", data={"username": username, "password": workbench_stack.passwords[username]}
    )
    assert response.status_code == 403
    assert "安全校验码" in response.text


def test_form_without_csrf_token_changes_nothing(workbench_stack: WorkbenchStack) -> None:
    client = workbench_stack.signed_in("office")
    response = client.post("/logout", data={})
    assert response.status_code == 403
    assert "未做任何更改" in response.text
    assert client.get("/").status_code == 200, "the session must still be there"


def test_disabled_account_loses_its_session_at_once(workbench_stack: WorkbenchStack) -> None:
    username = workbench_stack.add_user("office")
    client = workbench_stack.client()
    login(client, username, workbench_stack.passwords[username])
    assert client.get("/").status_code == 200
    workbench_stack.disable_user(username)
    response = client.get("/")
    assert response.status_code == 303
    assert "/login" in response.headers["location"]
    assert "reason=expired" in response.headers["location"]
    again = login(workbench_stack.client(), username, workbench_stack.passwords[username])
    assert again.status_code == 401


def test_next_only_leads_to_this_site(workbench_stack: WorkbenchStack) -> None:
    username = workbench_stack.add_user("office")
    client = workbench_stack.client()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": workbench_stack.passwords[username],
            "csrf_token": csrf_of(page.text),
            "next": "//evil.example/",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_pages_need_a_session(workbench_stack: WorkbenchStack) -> None:
    response = httpx.get(workbench_stack.url + "/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
