package io.deltacat.mcp.client;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.ProblemType;
import java.util.Set;

/** The server did not list a tool this client needs (an older or differently configured server). */
public final class McpToolMissingException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public McpToolMissingException(String tool, Set<String> offered) {
        super(ProblemType.UNSUPPORTED, "the MCP server offers no tool '" + tool + "' (it offers "
                + offered.stream().sorted().toList() + ")", null);
    }
}
