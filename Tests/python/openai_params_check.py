"""Drive codex-proxy's request parameters and image parts with the official OpenAI Python SDK.

Usage: python3 openai_params_check.py --base-url http://127.0.0.1:PORT/v1 --api-key KEY [--model M]

Expects a worker that answers "REPLY:<text>" with <text> (fake-codex, or the real codex with the
mock Responses API). Checks chat.completions.parse() with a pydantic response_format plus
reasoning_effort and service_tier, an image data URL, and the typed 400s for json_object, an
http(s) image URL and n=2. Prints one line per check and exits 1 on the first failure.
"""

import argparse

import openai
import pydantic

from sdk_check import add_connection_arguments, check

# A 1x1 PNG.
PNG_URL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMB"
           "AQDJ/pLvAAAAAElFTkSuQmCC")


class Answer(pydantic.BaseModel):
    a: str


def expect_bad_request(call, param, code, what):
    """`call` must raise BadRequestError naming `param` with `code`."""
    try:
        call()
        check(False, what)
    except openai.BadRequestError as error:
        body = error.body if isinstance(error.body, dict) else {}
        check(error.status_code == 400 and body.get("param") == param and body.get("code") == code,
              f"{what} (param {body.get('param')}, code {body.get('code')})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_connection_arguments(parser)
    args = parser.parse_args()
    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=60)

    parsed = client.chat.completions.parse(
        model=args.model, messages=[{"role": "user", "content": 'REPLY:{"a":"b"}'}], response_format=Answer,
        reasoning_effort="high", service_tier="flex",
    )
    check(parsed.choices[0].message.parsed == Answer(a="b"), f"parse() with a pydantic model: {parsed.choices[0].message.parsed!r}")
    check(parsed.service_tier == "flex", f"service_tier echoed: {parsed.service_tier!r}")

    image = client.chat.completions.create(model=args.model, messages=[{"role": "user", "content": [
        {"type": "text", "text": "REPLY:seen"}, {"type": "image_url", "image_url": {"url": PNG_URL}},
    ]}])
    check(image.choices[0].message.content == "seen", f"an image data URL: {image.choices[0].message.content!r}")

    user_hi = [{"role": "user", "content": "hi"}]
    expect_bad_request(lambda: client.chat.completions.create(model=args.model, messages=user_hi, response_format={"type": "json_object"}),
                       "response_format", "unsupported_value", "json_object raises BadRequestError")
    expect_bad_request(lambda: client.chat.completions.create(model=args.model, messages=[{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]}]),
        "messages[0].content[0].image_url.url", "unsupported_value", "an https image URL raises BadRequestError")
    expect_bad_request(lambda: client.chat.completions.create(model=args.model, messages=user_hi, n=2),
                       "n", "unsupported_parameter", "n=2 raises BadRequestError")
    expect_bad_request(lambda: client.chat.completions.create(model=args.model, messages=user_hi, reasoning_effort="turbo"),
                       "reasoning_effort", "invalid_value", "an unknown reasoning_effort raises BadRequestError")

    print("all checks passed")


if __name__ == "__main__":
    main()
