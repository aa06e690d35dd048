package io.deltacat.mcp.server.internal;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.mcp.tools.ToolJson;
import io.deltacat.mcp.tools.ToolResults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Makes the SDK's tool specifications from (name, description, argument record, result type, mirrored
 * REST route, handler): the input schema from the record and the route's wire types, the output schema
 * from the result type ({@link ToolSchemas}; the SDK checks each structured result against it), the
 * arguments bound to the record (strictly: an unknown property or a wrong type is refused), the
 * structured result from the handler's record with a short text rendering, and every failure as a tool
 * error ({@code isError}) whose structured content is the problem as the REST API states it. Nothing a
 * caller sends makes the server fail.
 */
final class ToolKit {
    /** The transport context key of the caller's {@code Authorization} header. */
    static final String AUTHORIZATION = "authorization";
    private static final Logger LOG = LoggerFactory.getLogger(ToolKit.class);
    private static final int TEXT_LIMIT = 4000;

    private final Callers callers;
    private final List<Described> described = new ArrayList<>();

    ToolKit(Callers callers) {
        this.callers = callers;
    }

    /** What a tool does with its bound arguments, as the caller. */
    @FunctionalInterface
    interface Handler<A extends Record, R> {
        R handle(Call call, A args) throws Exception;
    }

    /** One tool call: who calls, through which REST client. */
    record Call(String caller, DeltacatClient client) {
    }

    /** Hints: {@code readOnly} tools change nothing; {@code destructive} ones may delete or replace data. */
    enum Kind {
        READ_ONLY, ADDITIVE, DESTRUCTIVE
    }

    /** A tool as made: its argument record, result type and the REST route it mirrors. */
    record Described(String name, Class<? extends Record> args, Class<?> result, WireMirror mirror,
                     Map<String, Object> inputSchema, Map<String, Object> outputSchema) {
    }

    /** The tools made so far, in order (what the document guard checks). */
    List<Described> described() {
        return List.copyOf(described);
    }

    <A extends Record, R> SyncToolSpecification tool(String name, String description, Class<A> argType,
                                                     Class<R> resultType, WireMirror mirror, Kind kind,
                                                     Handler<A, ? extends R> handler) {
        Map<String, Object> input = ToolSchemas.input(argType, mirror);
        Map<String, Object> output = ToolSchemas.output(resultType);
        described.add(new Described(name, argType, resultType, mirror, input, output));
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(name)
                .description(description)
                .inputSchema(input)
                .outputSchema(output)
                .annotations(new McpSchema.ToolAnnotations(null, kind == Kind.READ_ONLY, kind == Kind.DESTRUCTIVE,
                        kind == Kind.READ_ONLY, false, null))
                .build();
        return new SyncToolSpecification(tool, (exchange, request) -> call(name, argType, handler, exchange,
                request.arguments()));
    }

    private <A extends Record> McpSchema.CallToolResult call(String name, Class<A> argType, Handler<A, ?> handler,
                                                             McpSyncServerExchange exchange,
                                                             Map<String, Object> arguments) {
        A args;
        try {
            args = ToolJson.strict().convertValue(arguments == null ? Map.of() : arguments, argType);
        } catch (JacksonException | IllegalArgumentException e) {
            return error(ProblemType.INVALID_REQUEST, "invalid arguments for " + name + ": " + firstLine(e));
        }
        try {
            String authorization = (String) exchange.transportContext().get(AUTHORIZATION);
            Call call = new Call(Callers.identity(authorization), callers.client(authorization));
            Object result = handler.handle(call, args);
            return ok(result);
        } catch (DeltacatException e) {
            return error(e.problemType(), e.getMessage());
        } catch (ToolException e) {
            return error(e.type, e.getMessage());
        } catch (JacksonException | IllegalArgumentException e) {
            return error(ProblemType.INVALID_REQUEST, firstLine(e));
        } catch (Exception e) {
            LOG.error("MCP tool {} failed", name, e);
            return error(ProblemType.SERVER_ERROR, "the tool failed: " + e.getClass().getSimpleName()
                    + "; see the server's log");
        }
    }

    static McpSchema.CallToolResult ok(Object result) {
        Object structured = ToolJson.lenient().convertValue(result, Map.class);
        String text = ToolJson.lenient().writeValueAsString(result);
        if (text.length() > TEXT_LIMIT) {
            text = text.substring(0, TEXT_LIMIT) + " ... (" + text.length() + " characters; see structuredContent)";
        }
        return McpSchema.CallToolResult.builder().addTextContent(text).structuredContent(structured).build();
    }

    static McpSchema.CallToolResult error(ProblemType type, String detail) {
        ToolResults.Error e = new ToolResults.Error(new ToolResults.Problem(type.uri(), type.status(), type.title(), detail));
        return McpSchema.CallToolResult.builder()
                .addTextContent(type.title() + ": " + detail)
                .structuredContent(ToolJson.lenient().convertValue(e, Map.class))
                .isError(true)
                .build();
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A refusal of the tool's own (before any REST call), with the problem type to state. */
    static final class ToolException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ProblemType type;

        ToolException(ProblemType type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }
}
