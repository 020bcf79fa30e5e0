#!/usr/bin/env python3
"""Loopback mock of the OpenAI Responses API, used as the model behind a real `codex app-server`.

Usage:
    python3 mock_responses_api.py [--port 0] [--dump-dir DIR]

Binds 127.0.0.1 (port 0 = any free port), prints exactly one line `PORT <n>` on stdout once it is
listening, then serves (one thread per connection) until killed or sent SIGTERM. Standard library
only. Point codex at it with
    -c model_provider="mock" -c model_providers.mock.name="mock"
    -c model_providers.mock.base_url="http://127.0.0.1:<n>/v1"
    -c model_providers.mock.wire_api="responses"
    -c model_providers.mock.request_max_retries=0 -c model_providers.mock.stream_max_retries=0

Only `POST /v1/responses` is served, as a stream of server-sent events (`response.created`,
`response.output_item.added`, `response.output_text.delta`..., `response.output_item.done`,
`response.completed` with `usage`). Any other path gets a 404 JSON error and is logged on stderr.
Every request is summarised on stderr; with --dump-dir each request body is also saved there.

What to answer is chosen from the text of the LAST user message in the request's `input`
(triggers are checked in the order FAIL400, CALLFN2:/CALLFN:, CALLTOOL/ASKAPPROVAL/RUNCMD:, SLOW,
REPLY:):
    (default)        assistant message "Hello world", streamed as "Hel", "lo ", "world"
    REPLY:<text>     assistant message <text> (up to the end of that line), deltas of <= 4 chars
    FAIL400          HTTP 400 with body MOCK_400_BODY (codex reports that text as the turn error)
    CALLTOOL /       first an `exec_command` function call running
    ASKAPPROVAL        python3 -c 'print(42)' > <cwd>/out.txt
                     (cwd taken from codex's <environment_context>); once the request carries a
                     `function_call_output` after that user message, the default "Hello world"
    RUNCMD:<command> the same, with <command> (up to the end of that line) as the `cmd`; used by
                     the real-binary tests only (fake-codex treats it as plain text)
    CALLFN:<name>    a call of the client function <name> (a dynamic tool), arguments
                     {"q": "<name>"}; once the request carries a `function_call_output` after that
                     user message, the default "Hello world"
    CALLFN2:<a>,<b>  the same with two calls, <a> then <b>, in one response (parallel calls)
    SLOW             30 deltas "tick1 ", "tick2 ", ...: 0.5 s before the first, 1 s between the
                     others, so a client can interrupt; a dropped connection ends it quietly
Every response reports usage input 100 (10 cached), output 7 (2 reasoning), total 107.
Item ids come from one process-wide counter: msg_1, msg_2, call_3, ...
"""

import argparse
import itertools
import json
import os
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MOCK_400_BODY = ('{"error": {"message": "mock bad request", '
                 '"type": "invalid_request_error", "code": "bad"}}')
USAGE = {
    "input_tokens": 100,
    "input_tokens_details": {"cached_tokens": 10},
    "output_tokens": 7,
    "output_tokens_details": {"reasoning_tokens": 2},
    "total_tokens": 107,
}
TOOL_COMMAND = "python3 -c 'print(42)' > {cwd}/out.txt"

_counters = {"item": itertools.count(1), "response": itertools.count(1),
             "request": itertools.count(1)}
_counter_lock = threading.Lock()


def next_number(kind="item"):
    """Return the next value of a process-wide counter (`item`, `response` or `request`)."""
    with _counter_lock:
        return next(_counters[kind])


def log(message):
    """Write one diagnostic line to stderr."""
    sys.stderr.write(f"mock: {message}\n")
    sys.stderr.flush()


def message_text(item):
    """Concatenate the text parts of a Responses API input message item."""
    content = item.get("content")
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content or [] if isinstance(part, dict))


def last_user_index(items):
    """Index of the last `message` item with role `user` in `items`, or -1."""
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if item.get("type", "message") == "message" and item.get("role") == "user":
            return index
    return -1


def find_cwd(items):
    """The working directory codex announced in an <environment_context> message, else ".". """
    for item in items:
        match = re.search(r"<cwd>(.*?)</cwd>", message_text(item) if "content" in item else "")
        if match:
            return match.group(1)
    return "."


def choose_behaviour(body):
    """Map a request body to (behaviour, argument) following the triggers in the docstring."""
    items = [item for item in body.get("input", []) if isinstance(item, dict)]
    index = last_user_index(items)
    text = message_text(items[index]) if index >= 0 else ""
    answered_tool = any(item.get("type") == "function_call_output" for item in items[index + 1:])
    reply = re.search(r"REPLY:(.*)", text)
    command = re.search(r"RUNCMD:(.*)", text)
    functions = re.search(r"CALLFN2?:([A-Za-z0-9_,-]+)", text)
    if "FAIL400" in text:
        return "fail400", None
    if functions and not answered_tool:
        names = functions.group(1).split(",")
        return "functions", names[:2] if "CALLFN2:" in text else names[:1]
    if command and command.group(1).strip() and not answered_tool:
        return "tool", command.group(1).strip()
    if ("CALLTOOL" in text or "ASKAPPROVAL" in text) and not answered_tool:
        return "tool", TOOL_COMMAND.format(cwd=find_cwd(items))
    if "SLOW" in text:
        return "slow", None
    if reply:
        text = reply.group(1)
        return "text", [text[i:i + 4] for i in range(0, len(text), 4)]
    return "text", ["Hel", "lo ", "world"]


def sse(event):
    """Encode one Responses API event as a server-sent-events frame."""
    return f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()


def message_events(deltas, delays):
    """Yield (delay_seconds, event) pairs for one streamed assistant message."""
    item_id = f"msg_{next_number()}"
    item = {"type": "message", "role": "assistant", "id": item_id, "status": "in_progress",
            "content": []}
    yield 0, {"type": "response.output_item.added", "output_index": 0, "item": item}
    for delay, delta in zip(delays, deltas):
        yield delay, {"type": "response.output_text.delta", "item_id": item_id,
                      "output_index": 0, "content_index": 0, "delta": delta}
    done = dict(item, status="completed",
                content=[{"type": "output_text", "text": "".join(deltas), "annotations": []}])
    yield 0, {"type": "response.output_item.done", "output_index": 0, "item": done}


def tool_call_events(command):
    """Yield (delay_seconds, event) pairs for one `exec_command` function call."""
    call_id = f"call_{next_number()}"
    item = {"type": "function_call", "id": f"fc_{call_id}", "call_id": call_id,
            "name": "exec_command", "arguments": json.dumps({"cmd": command}),
            "status": "completed"}
    yield 0, {"type": "response.output_item.added", "output_index": 0, "item": item}
    yield 0, {"type": "response.output_item.done", "output_index": 0, "item": item}


def function_call_events(names):
    """Yield (delay_seconds, event) pairs for calls of client functions, one output item each."""
    for index, name in enumerate(names):
        call_id = f"call_{next_number()}"
        item = {"type": "function_call", "id": f"fc_{call_id}", "call_id": call_id,
                "name": name, "arguments": json.dumps({"q": name}), "status": "completed"}
        yield 0, {"type": "response.output_item.added", "output_index": index, "item": item}
        yield 0, {"type": "response.output_item.done", "output_index": index, "item": item}


def response_events(behaviour, argument):
    """Yield (delay_seconds, event) pairs for a whole streamed response."""
    response_id = f"resp_{next_number('response')}"
    yield 0, {"type": "response.created", "response": {"id": response_id}}
    if behaviour == "tool":
        yield from tool_call_events(argument)
    elif behaviour == "functions":
        yield from function_call_events(argument)
    elif behaviour == "slow":
        deltas = [f"tick{i} " for i in range(1, 31)]
        yield from message_events(deltas, [0.5] + [1.0] * 29)
    else:
        yield from message_events(argument, [0] * len(argument))
    yield 0, {"type": "response.completed",
              "response": {"id": response_id, "status": "completed", "usage": USAGE}}


class Handler(BaseHTTPRequestHandler):
    """Serves POST /v1/responses; everything else is a logged 404."""

    dump_dir = None

    def log_message(self, format, *args):  # noqa: A002 (signature from the base class)
        """Silence the default per-request access log (we log our own summary)."""

    def send_json(self, status, text):
        """Send a complete JSON response with the given status and body text."""
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def not_found(self):
        """Answer an unexpected request with 404 and make it visible on stderr."""
        log(f"unexpected {self.command} {self.path} -> 404")
        self.send_json(404, json.dumps({"error": {"message": f"mock: no route {self.path}",
                                                  "type": "not_found", "code": "not_found"}}))

    def do_GET(self):
        """Every GET is unexpected."""
        self.not_found()

    def do_POST(self):
        """Serve the Responses API streaming endpoint."""
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.split("?")[0] != "/v1/responses":
            self.not_found()
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            log(f"unreadable body ({self.headers.get('Content-Encoding', 'no encoding')}) -> 400")
            self.send_json(400, json.dumps({"error": {"message": "mock: body is not JSON"}}))
            return
        behaviour, argument = choose_behaviour(body)
        self.log_request_summary(body, behaviour)
        if behaviour == "fail400":
            self.send_json(400, MOCK_400_BODY)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        try:
            for delay, event in response_events(behaviour, argument):
                time.sleep(delay)
                self.wfile.write(sse(event))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            log(f"client went away during {behaviour} response")

    def log_request_summary(self, body, behaviour):
        """Log the request shape on stderr and optionally dump the whole body."""
        number = next_number("request")
        headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        log(f"#{number} POST {self.path} -> {behaviour}; body keys {sorted(body)}; "
            f"input types {[i.get('type', 'message') for i in body.get('input', [])]}; "
            f"headers {sorted(headers)}")
        if self.dump_dir:
            path = os.path.join(self.dump_dir, f"request_{number:03d}.json")
            with open(path, "w", encoding="utf-8") as out:
                json.dump({"path": self.path, "headers": headers, "body": body}, out, indent=1)


def main():
    """Parse arguments, bind, announce the port and serve forever."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = any free)")
    parser.add_argument("--dump-dir", help="save every request (headers, body) as JSON here")
    args = parser.parse_args()
    Handler.dump_dir = args.dump_dir
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    main()
