package io.deltacat.mcp.server.internal;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.TableInfo;
import io.deltacat.mcp.tools.ToolJson;
import io.deltacat.mcp.tools.ToolResults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resources (the OpenAPI document; each table's schema, read with the caller's rights) and the
 * "explore a table" prompt.
 */
final class Extras {
    static final String OPENAPI_URI = "deltacat://openapi";
    static final String SCHEMA_TEMPLATE = "deltacat://tables/{namespace}/{table}/schema";
    private static final Pattern SCHEMA_URI = Pattern.compile("deltacat://tables/([^/]+)/([^/]+)/schema");

    private Extras() {
    }

    static SyncResourceSpecification openapi() {
        McpSchema.Resource r = McpSchema.Resource.builder().uri(OPENAPI_URI).name("openapi")
                .title("DeltaCAT REST API (OpenAPI 3)")
                .description("The OpenAPI document of the server's REST API, which every tool calls.")
                .mimeType("application/yaml").build();
        return new SyncResourceSpecification(r, (exchange, request) -> {
            try (InputStream in = Extras.class.getResourceAsStream("deltacat-api.yaml")) {
                if (in == null) {
                    throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(-32603,
                            "the OpenAPI document is not packaged with this server", null));
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new McpSchema.ReadResourceResult(List.of(
                        new McpSchema.TextResourceContents(OPENAPI_URI, "application/yaml", text)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static SyncResourceTemplateSpecification tableSchema(Callers callers) {
        McpSchema.ResourceTemplate t = McpSchema.ResourceTemplate.builder().uriTemplate(SCHEMA_TEMPLATE)
                .name("table-schema").title("A table's schema")
                .description("The table's schema (Arrow JSON), merge keys, partition and sort keys, as get_table.")
                .mimeType("application/json").build();
        return new SyncResourceTemplateSpecification(t, (exchange, request) -> {
            Matcher m = SCHEMA_URI.matcher(request.uri());
            if (!m.matches()) {
                throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(-32602,
                        "not a table schema URI: " + request.uri() + " (" + SCHEMA_TEMPLATE + ")", null));
            }
            DeltacatClient c = callers.client(authorization(exchange));
            TableInfo table = c.catalog().getTable(decode(m.group(1)), decode(m.group(2)));
            String json = ToolJson.lenient().writeValueAsString(new ToolResults.Table(table, table.mergeKeys()));
            return new McpSchema.ReadResourceResult(List.of(
                    new McpSchema.TextResourceContents(request.uri(), "application/json", json)));
        });
    }

    static SyncPromptSpecification exploreTable() {
        McpSchema.Prompt p = new McpSchema.Prompt("explore_table", "Explore a table",
                "Walk through a table: its schema and keys, its history, a plan and a small sample.",
                List.of(new McpSchema.PromptArgument("namespace", "the table's namespace", true),
                        new McpSchema.PromptArgument("table", "the table's name", true)));
        return new SyncPromptSpecification(p, (exchange, request) -> {
            Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
            String ns = String.valueOf(args.getOrDefault("namespace", "default"));
            String table = String.valueOf(args.getOrDefault("table", ""));
            String text = "Explore the DeltaCAT table " + ns + "." + table + " step by step, reading only:\n"
                    + "1. get_table {namespace: \"" + ns + "\", table: \"" + table + "\"}: the columns and types, the"
                    + " merge keys (upserts and deletes are by them), partition and sort keys, properties.\n"
                    + "2. table_history: the deltas of the current snapshot (appends, upserts, deletes, compactions).\n"
                    + "3. plan_read: how many files and rows a full read would touch; add a filter to see pruning.\n"
                    + "4. sample_rows with limit 10: what the data looks like.\n"
                    + "Then summarize what the table holds, its keys and how it changes over time. Do not stage or"
                    + " commit writes unless asked to.";
            return new McpSchema.GetPromptResult("Explore " + ns + "." + table,
                    List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
        });
    }

    static String authorization(McpSyncServerExchange exchange) {
        return (String) exchange.transportContext().get(ToolKit.AUTHORIZATION);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
