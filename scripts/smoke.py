#!/usr/bin/env python3
"""Smoke test of what users run: the README's run command (`make run`, i.e.
scripts/run.sh) started exactly as a new user starts it, but on a fresh data
directory and a free port. It checks that the demo logins are printed, that
the home, sign-in, answering and report pages answer 200, answers one pulse
with a code card printed by the administrator, and that the server stops
cleanly on SIGTERM. Then it copies the release binary alone into an empty
folder and starts it there, and checks that it serves the site from itself.
Standard library only.

Usage: scripts/smoke.py  (from the repository root; the release build must
exist — `scripts/run.sh` rebuilds only what changed).
"""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

DEMO_PASSWORD = "trivsel-demo-2026"
LOGINS = [
    "admin@demo.trivsel.test",
    "leder@demo.trivsel.test",
    "udvalg@demo.trivsel.test",
    "handler@demo.trivsel.test",
]


def fail(msg):
    print(f"smoke test FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, method, path, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Accept-Language", "en")
        try:
            with self.opener.open(req, timeout=30) as res:
                return res.status, dict(res.headers), res.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode(errors="replace")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)


class FormFields(HTMLParser):
    """The answering form's hidden fields and, per radio group, its first value."""

    def __init__(self):
        super().__init__()
        self.hidden = {}
        self.radios = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag != "input":
            return
        if a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"]] = a.get("value", "")
        if a.get("type") == "radio" and a.get("name"):
            self.radios.setdefault(a["name"], a.get("value", ""))


def wait_ready(process, base, seconds, what, output):
    """Waits until `process` answers /healthz with 200; fails if it exits first
    or takes longer than `seconds`."""
    deadline = time.time() + seconds
    while True:
        if process.poll() is not None:
            fail(f"{what} exited with {process.returncode}:\n{output()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.time() > deadline:
            fail(f"{what} did not answer /healthz within {seconds} s")
        time.sleep(0.5)


def check_log(text, secrets):
    """The README's privacy rules for the log, on what the real binary wrote:
    no line of its own for a request to the answering and reporting routes
    (only daily counts), and nowhere a code, a round, a client address or a
    user agent."""
    anonymous = {"/", "/a", "/r", "/report", "/lang", "/pkg", "/favicon.svg", "/api/answer", "/api/report"}
    lines = [l for l in text.splitlines() if l.startswith("{")]
    if not lines:
        fail("the server wrote no JSON log lines")
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            fail(f"a log line is not JSON: {line}")
        area = entry.get("fields", {}).get("area")
        if area in anonymous:
            fail(f"a request to {area} was logged on its own: {line}")
        for secret in secrets + ["Python-urllib", "user_agent", "x-forwarded-for"]:
            if secret in line:
                fail(f"the log names {secret!r}: {line}")
        if re.search(r"\b127\.0\.0\.1:\d+\b", line) and "listening" not in line:
            fail(f"the log names a client address: {line}")


def bundle_paths(html):
    """The stylesheet, script and wasm a page asks for (named after their content)."""
    paths = set(re.findall(r'"(/pkg/trivsel-[0-9a-f]{16}\.(?:css|js|wasm))"', html))
    if {p.rsplit(".", 1)[1] for p in paths} != {"css", "js", "wasm"}:
        fail(f"the home page does not name the stylesheet, script and wasm: {sorted(paths)}")
    return sorted(paths)


def check_bundle(c):
    _, _, home = c.get("/")
    for path in bundle_paths(home) + ["/favicon.svg"]:
        status, headers, _ = c.get(path)
        if status != 200:
            fail(f"GET {path} answered {status}")
        cache = headers.get("Cache-Control", headers.get("cache-control", ""))
        if path.startswith("/pkg/") and "immutable" not in cache:
            fail(f"{path} is not served as immutable: {cache!r}")


def binary_alone(root):
    """The release binary copied into an empty folder and started there, as a
    service manager starts it: it serves the site from itself."""
    work = tempfile.mkdtemp(prefix="trivsel-alone-")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    binary = os.path.join(work, "server")
    subprocess.run(["cp", os.path.join(target, "release", "server"), binary], check=True)
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite://data/trivsel.db"}
    out = open(os.path.join(work, "server.out"), "w")
    alone = subprocess.Popen(
        [binary, "serve", "--demo", "--addr", f"127.0.0.1:{port}"],
        cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
    )
    try:
        wait_ready(alone, f"http://127.0.0.1:{port}", 120, "the binary alone", lambda: "")
        check_bundle(Client(f"http://127.0.0.1:{port}"))
        if sorted(os.listdir(work)) != ["data", "server", "server.out"]:
            fail(f"the binary alone wrote more than its data: {sorted(os.listdir(work))}")
        print("smoke: the binary alone in an empty folder serves the site from itself")
    finally:
        alone.send_signal(signal.SIGTERM)
        try:
            alone.wait(timeout=30)
        except subprocess.TimeoutExpired:
            alone.kill()
        out.close()
        subprocess.run(["rm", "-rf", work], check=False)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = tempfile.mkdtemp(prefix="trivsel-smoke-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite://{data}/trivsel.db"
    env["TRIVSEL_SECRET_FILE"] = f"{data}/secret.key"
    # The log as operators collect it, with request lines (info).
    env["TRIVSEL_LOG_FORMAT"] = "json"
    env["TRIVSEL_LOG"] = "info"
    log_path = os.path.join(data, "server.out")
    log = open(log_path, "w")
    # The README's command, as `make run` runs it; extra arguments reach `serve`.
    server = subprocess.Popen(
        ["scripts/run.sh", "--addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def output():
        with open(log_path) as f:
            return f.read()

    try:
        # run.sh checks the set-up and rebuilds only what changed first.
        wait_ready(server, base, 600, "the server", output)
        started = output()
        for login in LOGINS:
            if login not in started:
                fail(f"the demo login {login} was not printed:\n{started}")
        if DEMO_PASSWORD not in started:
            fail("the demo password was not printed")
        print("smoke: server up, demo logins printed")

        c = Client(base)
        for path in ["/", "/login", "/a", "/report"]:
            status, _, _ = c.get(path)
            if status != 200:
                fail(f"GET {path} answered {status}")
        check_bundle(c)
        print("smoke: home, sign-in, answering, report pages and the site bundle answer 200")

        admin = Client(base)
        status, _, body = admin.post("/api/login", {"email": LOGINS[0], "password": DEMO_PASSWORD})
        if status not in (200, 302, 303):
            fail(f"signing in as the administrator answered {status}: {body[:300]}")
        status, _, html = admin.get("/surveys")
        rounds = re.findall(r'href="/surveys/round/([^"/]+)"', html)
        if status != 200 or not rounds:
            fail(f"no open round on /surveys ({status})")
        round_id = rounds[0]
        status, _, html = admin.get(f"/surveys/round/{round_id}")
        units = re.findall(r'<option value="([^"]+)"', html)
        if status != 200 or not units:
            fail(f"the round page has no unit to print cards for ({status})")
        status, _, sheet = admin.post(f"/surveys/round/{round_id}/cards", {"unit": units[0], "count": "1"})
        codes = re.findall(r'data-testid="card-code">([^<]+)<', sheet)
        if status != 200 or len(codes) != 1:
            fail(f"printing one code card answered {status} with {len(codes)} codes")
        print("smoke: the administrator printed a code card")

        respondent = Client(base)
        status, _, page = respondent.get(f"/a/{urllib.parse.quote(codes[0])}")
        if status != 200:
            fail(f"the questionnaire answered {status}")
        fields = FormFields()
        fields.feed(page)
        if "round" not in fields.hidden or not fields.radios:
            fail("the questionnaire has no round or no questions")
        form = dict(fields.hidden)
        form.update(fields.radios)
        status, headers, _ = respondent.post("/a/submit", form)
        if status != 303 or headers.get("Location", headers.get("location")) != "/a/thanks":
            fail(f"submitting the answers answered {status} → {headers.get('Location')}")
        status, headers, _ = respondent.post("/a/submit", form)
        if headers.get("Location", headers.get("location")) != "/a/refused":
            fail("the same code answered twice")
        print(f"smoke: one pulse answered by card ({len(fields.radios)} questions), a second answer refused")
        check_log(output(), [codes[0], round_id])
        print("smoke: the JSON log has no line about the answering routes, no code, round or client")
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                fail("the server did not stop within 30 s of SIGTERM")
        log.close()
    if server.returncode != 0:
        fail(f"the server stopped with exit code {server.returncode}:\n{output()[-2000:]}")
    print("smoke: the server stopped cleanly")
    subprocess.run(["rm", "-rf", data], check=False)
    binary_alone(root)


if __name__ == "__main__":
    main()
