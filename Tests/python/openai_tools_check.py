#!/usr/bin/env python3
"""Function calling through the proxy with the official OpenAI Python SDK.

Usage: openai_tools_check.py --base-url URL --api-key KEY [--model M]

The worker behind the proxy (fake-codex, or the real codex with the mock Responses API) calls the
client's function when the user message holds `CALLFN:<name>` and answers "Hello world" once the
result is in the conversation. Checks, each a full loop (call → run the tool → send the result →
answer): `chat.completions.create`, the same with `stream=True` (the SDK's own accumulation of
`tool_calls` deltas), and `chat.completions.stream(...)` with `openai.pydantic_function_tool`
(`parsed_arguments`). Prints "all checks passed" and exits 0, or names the failed check and exits 1.
"""

import argparse
import json

import openai
import pydantic

from sdk_check import add_connection_arguments, check


class Lookup(pydantic.BaseModel):
    """Look something up."""

    q: str


def finish(client, model, tools, messages, call_id, name, arguments):
    """Run the 'tool' and send the result: the answer must come back in text."""
    messages = messages + [
        {"role": "assistant", "content": None,
         "tool_calls": [{"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}]},
        {"role": "tool", "tool_call_id": call_id, "content": json.dumps({"answer": 42})},
    ]
    answer = client.chat.completions.create(model=model, messages=messages, tools=tools)
    check(answer.choices[0].finish_reason == "stop", "the result brings a final answer (finish_reason stop)")
    check(answer.choices[0].message.content == "Hello world", f"the answer is the model's text, got {answer.choices[0].message.content!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_connection_arguments(parser)
    args = parser.parse_args()
    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=60)
    tools = [openai.pydantic_function_tool(Lookup, name="lookup")]
    messages = [{"role": "user", "content": "CALLFN:lookup"}]

    completion = client.chat.completions.create(model=args.model, messages=messages, tools=tools)
    choice = completion.choices[0]
    check(choice.finish_reason == "tool_calls", "create: finish_reason tool_calls")
    call = choice.message.tool_calls[0]
    check(call.function.name == "lookup" and json.loads(call.function.arguments) == {"q": "lookup"}, "create: the call and its arguments")
    check(completion.usage is not None and completion.usage.total_tokens > 0, "create: usage")
    finish(client, args.model, tools, messages, call.id, call.function.name, call.function.arguments)

    calls = {}
    finish_reason = None
    for chunk in client.chat.completions.create(model=args.model, messages=messages, tools=tools, stream=True):
        if not chunk.choices:
            continue
        for delta in chunk.choices[0].delta.tool_calls or []:
            entry = calls.setdefault(delta.index, {"id": None, "name": "", "arguments": ""})
            entry["id"] = delta.id or entry["id"]
            entry["name"] += delta.function.name or ""
            entry["arguments"] += delta.function.arguments or ""
        finish_reason = chunk.choices[0].finish_reason or finish_reason
    check(finish_reason == "tool_calls" and list(calls) == [0], "stream=True: one call accumulated from the deltas")
    finish(client, args.model, tools, messages, calls[0]["id"], calls[0]["name"], calls[0]["arguments"])

    with client.chat.completions.stream(model=args.model, messages=messages, tools=tools) as stream:
        final = stream.get_final_completion()
    parsed = final.choices[0].message.tool_calls[0].function.parsed_arguments
    check(isinstance(parsed, Lookup) and parsed.q == "lookup", "chat.completions.stream: parsed_arguments is the pydantic model")
    print("all checks passed")


if __name__ == "__main__":
    main()
