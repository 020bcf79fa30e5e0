"""The official OpenAI Python SDK against a rate-limited codex-proxy key.

Usage: python3 openai_ratelimit_check.py --base-url http://127.0.0.1:PORT/v1 --api-key KEY --rpm N

The key must allow N requests per minute (N between 2 and 12) and be unused. Checks that the SDK
sees the x-ratelimit-* headers on a success, raises RateLimitError (status 429, code
rate_limit_exceeded) once the budget is spent, exposes Retry-After and the headers on it, and,
with retries on, waits out Retry-After by itself and then succeeds.
Prints one line per check and exits 1 on the first failure.
"""

import argparse
import time

import openai

from sdk_check import add_connection_arguments, check


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_connection_arguments(parser)
    parser.add_argument("--rpm", type=int, required=True)
    args = parser.parse_args()
    messages = [{"role": "user", "content": "say hi"}]

    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=60)
    # The budget is spent on the cheap route so the burst fits in one refill interval on a busy
    # machine (every /v1 request takes a request token); the completion comes first, for its headers.
    for index in range(args.rpm):
        if index == 0:
            raw = client.chat.completions.with_raw_response.create(model=args.model, messages=messages)
        else:
            raw = client.models.with_raw_response.list()
        headers = raw.headers
        check(headers.get("x-ratelimit-limit-requests") == str(args.rpm), f"request {index + 1}: x-ratelimit-limit-requests = {args.rpm}")
        check(
            headers.get("x-ratelimit-remaining-requests") == str(args.rpm - index - 1),
            f"request {index + 1}: x-ratelimit-remaining-requests = {headers.get('x-ratelimit-remaining-requests')}",
        )
        if index == 0:
            check(raw.parse().choices[0].message.content == "Hello world", "completion parsed from the raw response")

    try:
        client.chat.completions.create(model=args.model, messages=messages)
        check(False, "the request over the limit raised RateLimitError")
    except openai.RateLimitError as error:
        check(error.status_code == 429, "RateLimitError with status 429")
        check(error.code == "rate_limit_exceeded", f"error code rate_limit_exceeded: {error.code}")
        check(error.type == "requests", f"error type requests: {error.type}")
        headers = error.response.headers
        retry_after = int(headers.get("retry-after", "0"))
        check(1 <= retry_after <= 60 // args.rpm, f"Retry-After within one refill interval: {retry_after}")
        check(headers.get("x-should-retry") == "true", "x-should-retry: true")
        check(headers.get("x-ratelimit-remaining-requests") == "0", "x-ratelimit-remaining-requests: 0")
        check(headers.get("x-ratelimit-reset-requests", "") != "", f"x-ratelimit-reset-requests: {headers.get('x-ratelimit-reset-requests')}")

    retrying = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=3, timeout=60)
    started = time.monotonic()
    completion = retrying.chat.completions.create(model=args.model, messages=messages)
    waited = time.monotonic() - started
    check(completion.choices[0].message.content == "Hello world", f"with retries the SDK got through after {waited:.1f} s")
    check(waited >= 1.0, "the SDK waited (Retry-After) before it got through")
    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
