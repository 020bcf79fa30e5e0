#!/usr/bin/env python3
"""The Responses API through the proxy with the official OpenAI Python SDK.

Usage: openai_responses_check.py --base-url URL --api-key KEY [--model M] [--skip-parse]

The worker behind the proxy (fake-codex, or the real codex with the mock Responses API) answers
"Hello world", and calls the client's function when the input holds `CALLFN:<name>`. Checks
`responses.create` with and without `stream=True` (event order, `output_text`), a function loop
with `function_call_output`, `responses.parse(text_format=…)` (unless --skip-parse: its answer must
be JSON, which only a model that follows the schema gives), and that `previous_response_id`
raises `BadRequestError`. Prints "all checks passed" and exits 0, or names the failed check and
exits 1.
"""

import argparse

import openai
import pydantic

from sdk_check import add_connection_arguments, check


class Answer(pydantic.BaseModel):
    """The structured answer responses.parse asks for."""

    text: str


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_connection_arguments(parser)
    parser.add_argument("--skip-parse", action="store_true")
    args = parser.parse_args()
    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=60)

    response = client.responses.create(model=args.model, input="say hi", instructions="Be brief.")
    check(response.status == "completed" and response.output_text == "Hello world", f"create: output_text, got {response.output_text!r}")
    check(response.usage is not None and response.usage.total_tokens > 0, "create: usage")

    kinds = [event.type for event in client.responses.create(model=args.model, input="say hi", stream=True)]
    check(kinds[:2] == ["response.created", "response.in_progress"] and kinds[-1] == "response.completed", f"stream: event order {kinds}")
    check("response.output_text.delta" in kinds, "stream: text deltas")

    tools = [{"type": "function", "name": "lookup", "description": "Look something up",
              "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}}]
    first = client.responses.create(model=args.model, input="CALLFN:lookup", tools=tools)
    calls = [item for item in first.output if item.type == "function_call"]
    check(len(calls) == 1 and calls[0].name == "lookup", "function loop: the model calls lookup")
    history = [{"role": "user", "content": "CALLFN:lookup"}, calls[0].model_dump(exclude_none=True),
               {"type": "function_call_output", "call_id": calls[0].call_id, "output": "42"}]
    second = client.responses.create(model=args.model, input=history, tools=tools)
    check(second.output_text == "Hello world", "function loop: the output brings the answer")

    if not args.skip_parse:
        parsed = client.responses.parse(model=args.model, input='REPLY:{"text": "hi"}', text_format=Answer)
        check(parsed.output_parsed == Answer(text="hi"), f"parse: output_parsed, got {parsed.output_parsed!r}")

    try:
        client.responses.create(model=args.model, input="hi", previous_response_id=first.id)
        check(False, "previous_response_id is refused")
    except openai.BadRequestError as error:
        check(error.code == "unsupported_parameter", "previous_response_id raises BadRequestError (unsupported_parameter)")
    print("all checks passed")


if __name__ == "__main__":
    main()
