"""An MCP session with the reference server, driven by the Python `mcp` package (a client this
project did not write). Usage: mcp_session.py URL TOKEN. Prints one JSON object with what it saw;
the Java test (PythonMcpClientTest) checks it. Exits non-zero on any unexpected answer."""
import asyncio
import json
import sys

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


def structured(result):
    if result.is_error:
        raise SystemExit("tool error: " + json.dumps([c.model_dump() for c in result.content]))
    return result.structured_content


async def main(url, token):
    seen = {}
    http = create_mcp_http_client(headers={"Authorization": "Bearer " + token})
    async with http:
        async with streamable_http_client(url, http_client=http) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                seen["server"] = init.server_info.name
                tools = await session.list_tools()
                seen["tools"] = sorted(t.name for t in tools.tools)
                seen["destructive"] = sorted(t.name for t in tools.tools
                                             if t.annotations and t.annotations.destructive_hint)
                sample = structured(await session.call_tool(
                    "sample_rows", {"namespace": "shop", "table": "items", "limit": 2,
                                    "filter": {"ge": ["id", 2]}}))
                seen["sample"] = sample
                staged = structured(await session.call_tool(
                    "stage_write", {"namespace": "shop", "table": "items", "mode": "merge",
                                    "rows": [{"id": 3, "name": "PLUM", "score": 7.5},
                                             {"id": 9, "name": "kiwi", "score": 1.25}]}))
                seen["staged"] = staged
                seen["committed"] = structured(await session.call_tool(
                    "commit_write", {"writeId": staged["writeId"]}))
                after = structured(await session.call_tool(
                    "sample_rows", {"namespace": "shop", "table": "items"}))
                seen["after"] = after
                bad = await session.call_tool("sample_rows", {"namespace": "shop", "table": "nope"})
                seen["missing_table_is_error"] = bad.is_error
                seen["missing_table_text"] = " ".join(getattr(c, "text", "") for c in bad.content)
                resources = await session.list_resources()
                seen["resources"] = sorted(str(r.uri) for r in resources.resources)
    print(json.dumps(seen))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
