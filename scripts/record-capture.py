#!/usr/bin/env python3
"""Record a transcript of `codex app-server` driven by a script, against the loopback mock model.

Usage:
    scripts/record-capture.py SCRIPT OUTPUT [--codex PATH] [--wait-timeout 20] [--dump-dir DIR]
                              [-c KEY=VALUE]...

codex runs as `codex app-server` with the settings of PROTOCOL.md section 7 (mock provider, no
retries, analytics off) plus features.plugins=false (no curated-plugin sync from GitHub, which
otherwise fails here and delays the exit after stdin EOF by about 5 s); -c adds more settings.

Safety: the real codex binary may only run in a network namespace that has loopback alone. Unless
this process already is in such a namespace, it re-executes itself under
`unshare --net --mount --propagation private`, remounts /sys there (so /sys/class/net shows the new
namespace), brings `lo` up, and refuses to start anything unless /sys/class/net and /proc/net/dev
both list `lo` alone. In its private mount namespace it mounts a tmpfs on /srv, so codex gets the
fresh, isolated homes /srv/codex/home (CODEX_HOME) and /srv/codex/userhome (HOME) and the work
directory /srv/codex/work, the same paths as the reference captures; when it cannot (already in an
isolated namespace without a private mount namespace) it uses temporary directories instead.

Script format (one step per line; blank lines and lines starting with `#` are ignored):
    C> <text>       send <text> as one line to codex's stdin, after replacing the placeholders
                    {{thread}}  id of the thread in the most recent thread/start result
                    {{turn}}    id of the turn in the most recent turn/start result
                    {{request}} JSON id of the most recent server->client request
                    {{cwd}}     the work directory given to codex
    W> <method>     wait until a message with that method arrived since the previous step began
    W> response    wait for the response (or error) to the last request sent
    SLEEP <ms>      pause
Waits are bounded (--wait-timeout); a wait that times out aborts the script with exit status 1.

Transcript format (as in the reference captures): `C> ` + each line sent, `S> ` + each line
received, in the order they happened, then `EXIT <code>` after stdin is closed and codex exited.
The mock's and codex's stderr, and the timing of every transcript line, go to OUTPUT with the suffix
`.log` instead, never into the transcript.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK = os.path.join(HERE, "..", "Tests", "RealCodex", "mock_responses_api.py")
EXIT_TIMEOUT = 20


def default_codex():
    """Path of the codex binary shipped in the PyPI package openai-codex-cli-bin."""
    import codex_cli_bin  # imported lazily so --codex works without the package

    return codex_cli_bin.bundled_codex_path()


def net_interfaces():
    """Interfaces seen by /sys/class/net and by /proc/net/dev (which is always per namespace)."""
    sys_view = sorted(os.listdir("/sys/class/net"))
    with open("/proc/net/dev", encoding="ascii") as dev:
        proc_view = sorted(line.split(":")[0].strip() for line in dev.readlines()[2:])
    return sys_view, proc_view


def loopback_only():
    """True when both views of the network namespace list the loopback interface alone."""
    sys_view, proc_view = net_interfaces()
    return sys_view == ["lo"] and proc_view == ["lo"]


def current_namespaces():
    """Identities of our network and mount namespaces, e.g. "net:[4026531833],mnt:[4026531832]"."""
    return ",".join(os.readlink(f"/proc/self/ns/{kind}") for kind in ("net", "mnt"))


def enter_namespace(parent_namespaces):
    """Make sure we run with loopback alone: re-execute under unshare if needed, else refuse.

    `parent_namespaces` is set in the re-executed child (the parent's current_namespaces()); only
    there, and only after checking that both namespaces really are new, do we mount anything
    (a fresh sysfs now, a tmpfs in make_dirs).
    """
    if not parent_namespaces:
        if loopback_only():
            subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
            return
        argv = ["unshare", "--net", "--mount", "--propagation", "private",
                sys.executable, os.path.abspath(__file__), *sys.argv[1:],
                "--in-namespace", current_namespaces()]
        os.execvp("unshare", argv)
    ours = current_namespaces().split(",")
    if any(ns in parent_namespaces.split(",") for ns in ours):
        sys.exit(f"refusing to run: namespaces {ours} are not new ({parent_namespaces})")
    subprocess.run(["mount", "-t", "sysfs", "sysfs", "/sys"], check=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    if not loopback_only():
        sys.exit(f"refusing to run: network interfaces {net_interfaces()} are not just lo")


def make_dirs(in_namespace):
    """Create fresh CODEX_HOME, HOME and work directories; return them (and their root)."""
    root = "/srv/codex"
    if in_namespace and os.path.isdir("/srv"):
        subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/srv"], check=True)
    else:
        root = tempfile.mkdtemp(prefix="record-capture-")
    dirs = {"home": f"{root}/home", "userhome": f"{root}/userhome", "work": f"{root}/work"}
    for path in dirs.values():
        os.makedirs(path, exist_ok=True)
    return dict(dirs, root=root)


def codex_command(codex, port, extra_settings=()):
    """The app-server command line, configured for the mock provider (plus `extra_settings`)."""
    settings = [
        'model="gpt-5.1-codex"',
        'model_provider="mock"',
        'model_providers.mock.name="mock"',
        f'model_providers.mock.base_url="http://127.0.0.1:{port}/v1"',
        'model_providers.mock.wire_api="responses"',
        "model_providers.mock.request_max_retries=0",
        "model_providers.mock.stream_max_retries=0",
        "analytics.enabled=false",
        # Without this, codex tries to sync curated plugins from GitHub at startup (it fails in
        # the namespace) and its exit after stdin EOF is delayed by about 5 s.
        "features.plugins=false",
        *extra_settings,
    ]
    command = [codex, "app-server"]
    for setting in settings:
        command += ["-c", setting]
    return command


class Recorder:
    """Talks to one codex process and writes the transcript and the timing log."""

    def __init__(self, process, transcript, log, wait_timeout, cwd):
        self.process = process
        self.transcript = transcript
        self.log = log
        self.wait_timeout = wait_timeout
        self.cwd = cwd
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.messages = []  # parsed messages received, in order (None for non-JSON lines)
        self.pending = {}  # JSON-encoded id of each request we sent -> its method
        self.last_request_id = None
        self.responded = set()
        self.ids = {"thread": None, "turn": None, "request": None}
        self.reader = threading.Thread(target=self.read_stdout, daemon=True)
        self.reader.start()

    def record(self, prefix, line):
        """Append one transcript line, and its time (ms since spawn) to the log; lock held."""
        self.transcript.write(f"{prefix}{line}\n")
        self.transcript.flush()
        elapsed = (time.monotonic() - self.started) * 1000
        self.log.write(f"record-capture: +{elapsed:9.1f} ms {prefix}{line[:160]}\n")
        self.log.flush()

    def read_stdout(self):
        """Reader thread: record every stdout line and remember what it tells us."""
        for raw in self.process.stdout:
            line = raw.rstrip("\n")
            with self.arrived:
                self.record("S> ", line)
                try:
                    message = json.loads(line)
                except ValueError:
                    message = None
                self.note(message)
                self.messages.append(message)
                self.arrived.notify_all()

    def note(self, message):
        """Track ids for placeholders and responses to our requests (lock held)."""
        if not isinstance(message, dict):
            return
        if "method" in message and "id" in message:
            self.ids["request"] = json.dumps(message["id"])
            return
        key = json.dumps(message.get("id"))
        method = self.pending.pop(key, None)
        if method is None:
            return
        self.responded.add(key)
        result = message.get("result") or {}
        if method == "thread/start" and "thread" in result:
            self.ids["thread"] = result["thread"]["id"]
        if method == "turn/start" and "turn" in result:
            self.ids["turn"] = result["turn"]["id"]

    def send(self, text):
        """Fill in placeholders, record and send one line."""
        with self.lock:
            for name, value in self.ids.items():
                if "{{%s}}" % name in text and value is None:
                    raise RuntimeError(f"placeholder {{{{{name}}}}} has no value yet: {text}")
                text = text.replace("{{%s}}" % name, value or "")
            text = text.replace("{{cwd}}", self.cwd)
            try:
                message = json.loads(text)
            except ValueError:
                message = None
            if isinstance(message, dict) and "method" in message and "id" in message:
                key = json.dumps(message["id"])
                self.pending[key] = message["method"]
                self.last_request_id = key
            self.record("C> ", text)
        # Written outside the lock (the reader must never wait for us), but after recording,
        # so nothing codex says in reply can precede this line in the transcript.
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def wait_for(self, what, since):
        """Block until `what` (a method name, or `response`) is seen; False on timeout."""
        def seen():
            if what == "response":
                return self.last_request_id in self.responded
            return any(isinstance(m, dict) and m.get("method") == what
                       for m in self.messages[since:])

        with self.arrived:
            return self.arrived.wait_for(seen, timeout=self.wait_timeout)

    def run_script(self, steps):
        """Execute the script steps in order; raise RuntimeError on a failed wait."""
        step_began = 0  # messages received before the current step began
        for step in steps:
            with self.lock:
                since, step_began = step_began, len(self.messages)  # W> looks back one step
            if step.startswith("C> "):
                self.send(step[3:])
            elif step.startswith("W> "):
                what = step[3:].strip()
                if not self.wait_for(what, since):
                    raise RuntimeError(f"timed out waiting for {what}")
            elif step.startswith("SLEEP "):
                time.sleep(int(step.split()[1]) / 1000)
            else:
                raise RuntimeError(f"bad script line: {step}")

    def finish(self):
        """Close stdin, wait for codex to exit, drain stdout; return the exit code."""
        elapsed = (time.monotonic() - self.started) * 1000
        self.log.write(f"record-capture: +{elapsed:9.1f} ms closing stdin\n")
        self.process.stdin.close()
        try:
            code = self.process.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.log.write("record-capture: codex did not exit after stdin EOF; killing it\n")
            self.process.kill()
            code = self.process.wait()
        self.reader.join(timeout=5)
        elapsed = (time.monotonic() - self.started) * 1000
        self.log.write(f"record-capture: +{elapsed:9.1f} ms EXIT {code}\n")
        return code


def read_script(path):
    """Script steps: stripped lines without blanks and comments."""
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle]
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def start_mock(log, dump_dir):
    """Start the mock model server; return (process, port)."""
    command = [sys.executable, MOCK, "--port", "0"]
    if dump_dir:
        os.makedirs(dump_dir, exist_ok=True)
        command += ["--dump-dir", dump_dir]
    mock = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    first = mock.stdout.readline().split()
    if len(first) != 2 or first[0] != "PORT":
        mock.kill()
        raise RuntimeError(f"mock did not announce its port: {first}")
    return mock, int(first[1])


def record(args):
    """Run the whole recording; return this tool's exit status."""
    steps = read_script(args.script)
    dirs = make_dirs(args.in_namespace)
    env = dict(os.environ, HOME=dirs["userhome"], CODEX_HOME=dirs["home"])
    for name in ("OPENAI_API_KEY", "CODEX_API_KEY", "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"):
        env.pop(name, None)
    with open(args.output + ".log", "w", encoding="utf-8", buffering=1) as log, \
            open(args.output, "w", encoding="utf-8") as transcript:
        mock, port = start_mock(log, args.dump_dir)
        status = 0
        try:
            command = codex_command(str(args.codex), port, args.config)
            log.write(f"record-capture: cwd={dirs['work']} HOME={dirs['userhome']} "
                      f"CODEX_HOME={dirs['home']}\nrecord-capture: {command}\n")
            log.flush()
            process = subprocess.Popen(command, cwd=dirs["work"], env=env, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=log, bufsize=1)
            try:
                recorder = Recorder(process, transcript, log, args.wait_timeout, dirs["work"])
                try:
                    recorder.run_script(steps)
                except (RuntimeError, BrokenPipeError) as error:
                    log.write(f"record-capture: ERROR {error}\n")
                    print(f"record-capture: {error}", file=sys.stderr)
                    status = 1
                code = recorder.finish()
                transcript.write(f"EXIT {code}\n")
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        finally:
            mock.terminate()
            mock.wait(timeout=10)
    if not args.in_namespace:
        shutil.rmtree(dirs["root"], ignore_errors=True)  # in the namespace, the tmpfs just goes
    return status


def main():
    """Parse arguments, isolate the network, then record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", help="script of client steps")
    parser.add_argument("output", help="transcript to write (log goes to OUTPUT.log)")
    parser.add_argument("--codex", help="codex binary (default: the one from openai-codex-cli-bin)")
    parser.add_argument("--wait-timeout", type=float, default=20.0, help="seconds per W> step")
    parser.add_argument("--dump-dir", help="let the mock save every request body here")
    parser.add_argument("--config", "-c", action="append", default=[], metavar="KEY=VALUE",
                        help="extra `codex -c` setting (repeatable), e.g. 'model=\"gpt-5\"'")
    parser.add_argument("--in-namespace", help=argparse.SUPPRESS)  # set by the re-exec only
    args = parser.parse_args()
    args.script = os.path.abspath(args.script)
    args.output = os.path.abspath(args.output)
    args.dump_dir = args.dump_dir and os.path.abspath(args.dump_dir)
    args.codex = os.path.abspath(args.codex) if args.codex else default_codex()
    enter_namespace(args.in_namespace)
    sys.exit(record(args))


if __name__ == "__main__":
    main()
