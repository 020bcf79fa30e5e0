"""What the OpenAI SDK check scripts share: one line per check, the first failure ends the run."""

import sys


def check(condition, what):
    """Print the outcome of one check; stop the run with exit status 1 when it failed."""
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        sys.exit(1)


def add_connection_arguments(parser, default_model="gpt-5.1-codex"):
    """The arguments every check takes: where the proxy is, the key, the model."""
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--model", default=default_model)
