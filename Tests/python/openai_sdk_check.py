"""Drive codex-proxy with the official OpenAI Python SDK, as a real client would.

Usage: python3 openai_sdk_check.py --base-url http://127.0.0.1:PORT/v1 --api-key KEY [--model M] [--expect TEXT]

Checks non-streaming and streaming completions (with include_usage), models.list(),
and that the SDK raises its typed errors for an unknown model and a wrong key.
Prints one line per check and exits 1 on the first failure.
"""

import argparse

import openai

from sdk_check import add_connection_arguments, check


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_connection_arguments(parser)
    parser.add_argument("--prompt", default="say hi")
    parser.add_argument("--expect", default="Hello world", help="the reply the worker gives to the prompt")
    parser.add_argument("--expect-stream-error", metavar="CODE", help="only check that a stream fails with this error code")
    parser.add_argument(
        "--expect-attempts", type=int, metavar="N",
        help="only check that one completion with --prompt fails with --expect-status (max_retries=2; the caller counts the attempts)",
    )
    parser.add_argument("--expect-status", type=int, default=400)
    args = parser.parse_args()

    if args.expect_stream_error:
        check_stream_error(args)
        return
    if args.expect_attempts is not None:
        check_attempts(args)
        return

    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=60)

    models = [model.id for model in client.models.list()]
    check(args.model in models, f"models.list() contains {args.model}: {models}")

    completion = client.chat.completions.create(
        model=args.model, messages=[{"role": "user", "content": args.prompt}]
    )
    check(completion.choices[0].message.content == args.expect, f"non-streaming content: {completion.choices[0].message.content!r}")
    check(completion.choices[0].finish_reason == "stop", "non-streaming finish_reason is stop")
    check(completion.usage is not None and completion.usage.total_tokens > 0, f"non-streaming usage: {completion.usage}")
    check(
        completion.usage.prompt_tokens_details is not None and completion.usage.prompt_tokens_details.cached_tokens is not None,
        "cached tokens reported",
    )

    stream = client.chat.completions.create(
        model=args.model,
        messages=[{"role": "system", "content": "be brief"}, {"role": "user", "content": args.prompt}],
        stream=True,
        stream_options={"include_usage": True},
    )
    pieces, finish_reasons, usage = [], [], None
    for chunk in stream:
        for choice in chunk.choices:
            if choice.delta.content:
                pieces.append(choice.delta.content)
            if choice.finish_reason:
                finish_reasons.append(choice.finish_reason)
        if chunk.usage is not None:
            usage = chunk.usage
    check("".join(pieces) == args.expect, f"streamed content: {''.join(pieces)!r} in {len(pieces)} deltas")
    check(finish_reasons == ["stop"], f"stream finish reasons: {finish_reasons}")
    check(usage is not None and usage.total_tokens > 0, f"stream usage chunk: {usage}")

    try:
        client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
        check(False, "unknown model raises NotFoundError")
    except openai.NotFoundError as error:
        check(error.status_code == 404 and "no-such-model" in str(error), "unknown model raises NotFoundError")

    bad_client = openai.OpenAI(base_url=args.base_url, api_key="wrong-key", max_retries=0)
    try:
        bad_client.models.list()
        check(False, "wrong key raises AuthenticationError")
    except openai.AuthenticationError as error:
        check(error.status_code == 401, "wrong key raises AuthenticationError")

    try:
        client.chat.completions.create(model=args.model, messages=[])
        check(False, "empty messages raises BadRequestError")
    except openai.BadRequestError as error:
        check(error.status_code == 400 and "messages" in str(error), "empty messages raises BadRequestError naming 'messages'")

    print("all checks passed")


def check_stream_error(args):
    """A stream that fails mid-way must raise openai.APIError carrying the proxy's error code."""
    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=60)
    pieces = []
    try:
        for chunk in client.chat.completions.create(
            model=args.model, messages=[{"role": "user", "content": args.prompt}], stream=True
        ):
            for choice in chunk.choices:
                pieces.append(choice.delta.content or "")
        check(False, f"stream raised APIError {args.expect_stream_error}")
    except openai.APIError as error:
        code = (error.body or {}).get("code") if isinstance(error.body, dict) else None
        check(code == args.expect_stream_error, f"stream raised APIError with code {code!r} after {''.join(pieces)!r}")
    print("all checks passed")


def check_attempts(args):
    """One failing completion with the SDK's default retry policy (max_retries=2): it must fail
    with --expect-status. The proxy's log counts the attempts the SDK made."""
    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=2, timeout=60)
    try:
        client.chat.completions.create(model=args.model, messages=[{"role": "user", "content": args.prompt}])
        check(False, f"the completion fails with {args.expect_status}")
    except openai.APIStatusError as error:
        should_retry = error.response.headers.get("x-should-retry")
        check(error.status_code == args.expect_status, f"status {error.status_code} (x-should-retry: {should_retry}), expected {args.expect_status}")
    print("all checks passed")


if __name__ == "__main__":
    main()
