"""Does the deployed site work? Run by run.sh on the host after the install.

    verify.py APP1_SOCKET APP2_SOCKET ADMIN_SOCKET HOST ADMIN_HOST ADMIN_FILE
    verify.py home HOST ADDRESS...      (check 1 only, over TCP)

Talks HTTP to gunicorn over the unix sockets the document's units made (as
tor does), with the Host a visitor's Tor Browser sends, and checks:

1. both app servers answer /en/;
2. a journal started and saved with a code on app1 is continued on app2;
3. an administrator signs in to the admin instance (password and a code
   from the authenticator key `createadmin` printed), changes a Finnish
   translation in the translators' editor, and both app servers show it
   within a few seconds.

Standard library only: it runs on any host with Python 3.
"""

import base64
import hashlib
import hmac
import http.client
import re
import secrets
import socket
import struct
import sys
import time
import urllib.parse
from html import unescape
from html.parser import HTMLParser

BOUND = 5.0  # seconds for an edit to reach every server ("a few seconds")


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(self.path)


class Browser:
    """One visitor's browser: cookies kept, redirects followed."""

    def __init__(self, host):
        self.host = host
        self.cookies = {}

    def request(self, sock, method, path, data=None):
        for _ in range(5):
            if sock.startswith("/"):
                conn = UnixHTTPConnection(sock)
            else:  # an app server's private address (way A of section 12)
                conn = http.client.HTTPConnection(sock, timeout=60)
            headers = {"Host": self.host}
            if self.cookies:
                headers["Cookie"] = "; ".join(
                    f"{k}={v}" for k, v in self.cookies.items()
                )
            body = None
            if data is not None:
                body = urllib.parse.urlencode(data, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Origin"] = f"http://{self.host}"
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            conn.close()
            if response.status in (301, 302, 303):
                location = urllib.parse.urlsplit(response.getheader("Location"))
                path = location.path + (f"?{location.query}" if location.query else "")
                method, data = "GET", None
                continue
            return response.status, text, path
        raise AssertionError(f"too many redirects at {path}")

    def get(self, sock, path):
        return self.request(sock, "GET", path)

    def post(self, sock, path, data):
        return self.request(sock, "POST", path, data)


class Forms(HTMLParser):
    """Every form of a page: its id, action, method and fields (name -> values,
    as a browser would send them unchanged), and its text areas by name."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "id": a.get("id"),
                "action": a.get("action", ""),
                "method": (a.get("method") or "get").lower(),
                "fields": {},
                "textareas": [],
                "radios": {},
                "checkboxes": {},
            }
            self.forms.append(self._form)
        elif self._form is None or ("name" not in a and tag != "option"):
            return
        elif tag == "input":
            self._input(a)
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["textareas"].append(a["name"])
            self._form["fields"][a["name"]] = [""]
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and ("selected" in a):
            self._form["fields"][self._select] = [a.get("value", "")]

    def _input(self, a):
        kind, form = a.get("type", "text"), self._form
        value = a.get("value", "on" if kind in ("radio", "checkbox") else "")
        if kind == "radio":
            form["radios"].setdefault(a["name"], []).append(value)
            if "checked" in a:
                form["fields"][a["name"]] = [value]
        elif kind == "checkbox":
            form["checkboxes"].setdefault(a["name"], []).append(value)
            if "checked" in a:
                form["fields"].setdefault(a["name"], []).append(value)
        elif kind not in ("submit", "button", "reset", "image"):
            form["fields"].setdefault(a["name"], []).append(value)

    def handle_data(self, data):
        if self._textarea and self._form:
            self._form["fields"][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def get(self, form_id=None, *, has_textarea=False):
        for form in self.forms:
            if form["method"] != "post":
                continue
            if form_id and form["id"] != form_id:
                continue
            if has_textarea and not form["textareas"]:
                continue
            return form
        return None


def ok(message):
    print(f"  ok: {message}")


LANGUAGES = ("en", "fi", "es", "ar", "ru", "de", "pl", "sv", "pt", "fr")


def check_home(browser, sockets):
    for name, sock in sockets.items():
        status, html, _ = browser.get(sock, "/en/")
        assert status == 200, f"{name} /en/ answered {status}"
        assert '<html lang="en"' in html, f"{name} /en/ is not the English home page"
        ok(f"{name} answers /en/ (200)")
    # A language is offered once its catalogues are complete: every one this
    # release ships is, so a deploy by the document offers all ten.
    served = [c for c in LANGUAGES if browser.get(sock, f"/{c}/")[0] == 200]
    assert served == list(LANGUAGES), f"languages served: {' '.join(served)}"
    ok(f"every language is offered: {' '.join(served)}")


def links(html, prefix):
    return [
        unescape(h)
        for h in re.findall(r'href="(/[^"#?]*)"', html)
        if h.startswith(prefix)
    ]


def find_step_with_text(browser, sock):
    """Walk the program from /en/ to a step with a text answer."""
    seen, queue = set(), ["/en/"]
    while queue and len(seen) < 60:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        status, html, _ = browser.get(sock, path)
        if status != 200:
            continue
        form = Forms(html).get(has_textarea=True)
        if form and "/program/" in path:
            return path, form
        queue += [p for p in links(html, "/en/program/") if p not in seen]
    raise AssertionError("no step with a text answer found from /en/")


def check_journal(host, app1, app2):
    visitor = Browser(host)
    step, form = find_step_with_text(visitor, app1)
    marker = f"deploycheck-{secrets.token_hex(4)}"
    data = dict(form["fields"])
    data[form["textareas"][0]] = [marker]
    for name, values in form["radios"].items():
        data.setdefault(name, [values[0]])
    status, _html, _ = visitor.post(app1, form["action"] or step, data)
    assert status == 200, f"answering {step} on app1 gave {status}"
    status, html, _ = visitor.get(app1, "/en/save/")
    save = Forms(html).get()
    assert status == 200 and save, "no save form on app1"
    status, html, _ = visitor.post(app1, save["action"] or "/en/save/", save["fields"])
    code = re.search(r'class="save-code"[^>]*>([^<]+)<', html)
    assert status == 200 and code, f"no code from /en/save/ on app1 ({status})"
    ok(f"app1: answered {step} and saved the journal with a code")

    other = Browser(host)  # another device: no cookie from app1
    status, html, _ = other.get(app2, "/en/continue/")
    form = Forms(html).get()
    data = dict(form["fields"], code=[code.group(1).strip()])
    status, html, _where = other.post(app2, form["action"] or "/en/continue/", data)
    assert status == 200, f"continuing with the code on app2 gave {status}"
    status, html, _ = other.get(app2, step)
    assert marker in html, f"app2 does not show the answer saved on app1 at {step}"
    ok(f"app2: continued with the code and shows the answer at {step}")


def totp(secret_b32, at=None):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8), casefold=True)
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(admin_host, admin_sock, username, password, secret):
    staff = Browser(admin_host)
    status, html, _ = staff.get(admin_sock, "/admin/login/")
    assert status == 200, f"admin login page answered {status}"
    form = Forms(html).get()
    data = dict(
        form["fields"],
        username=[username],
        password=[password],
        otp_token=[totp(secret)],
    )
    status, html, where = staff.post(admin_sock, "/admin/login/?next=/admin/", data)
    assert status == 200 and not where.startswith("/admin/login"), (
        "admin sign-in failed"
    )
    ok("admin: signed in with password and authenticator code")
    return staff


def check_translation(host, apps, staff, admin_sock):
    # A page title: shown on its page, and one of the content entries.
    visitor = Browser(host)
    _s, html, _ = visitor.get(apps["app1"], "/en/")
    pages = links(html, "/en/pages/")
    assert pages, "the home page links to no page"
    path = pages[0]
    _s, html, _ = visitor.get(apps["app1"], path)
    title = unescape(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()
    query = urllib.parse.urlencode({"show": "all", "q": title})
    editor = f"/admin/translations/fi/?{query}"
    status, html, _ = staff.get(admin_sock, editor)
    assert status == 200, f"translators' editor answered {status}"
    form = Forms(html).get("translation-form")
    assert form, "no translation form in the editor"
    field = next(
        n
        for n in form["fields"]
        if n.startswith("msgstr::page:") and n.endswith(":title")
    )
    new = f"Käännös {secrets.token_hex(3)}"
    data = dict(form["fields"])
    data[field] = [new]
    status, html, _ = staff.post(admin_sock, editor, data)
    assert status == 200, f"saving the translation answered {status}"
    since = time.monotonic()
    fi_path = "/fi/" + path.split("/", 2)[2]
    for name, sock in apps.items():
        while True:
            _s, html, _ = visitor.get(sock, fi_path)
            if new in html:
                break
            assert time.monotonic() - since < BOUND, f"{name} lacks the new translation"
            time.sleep(0.2)
        ok(
            f"{name} shows the admin's new Finnish title after {time.monotonic() - since:.1f} s"
        )


def main():
    if sys.argv[1] == "home":
        host, *addresses = sys.argv[2:]
        check_home(Browser(host), {a: a for a in addresses})
        return
    app1, app2, admin_sock, host, admin_host, admin_file = sys.argv[1:]
    username, password, secret = open(admin_file).read().split()
    apps = {"app1": app1, "app2": app2}
    check_home(Browser(host), apps)
    check_journal(host, app1, app2)
    staff = sign_in(admin_host, admin_sock, username, password, secret)
    check_translation(host, apps, staff, admin_sock)
    print("The deployed site works.")


if __name__ == "__main__":
    main()
