package io.deltacat.mcp.server.internal;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.StagedFilesWriter;
import io.deltacat.api.error.ProblemType;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import io.deltacat.wire.catalog.BeginWriteRequest;
import io.deltacat.mcp.server.internal.ToolKit.Kind;
import io.deltacat.mcp.server.internal.ToolKit.ToolException;
import io.deltacat.mcp.tools.ToolArgs;
import io.deltacat.mcp.tools.ToolResults;
import io.deltacat.mcp.tools.Tools;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Write tools: an agent's write is two explicit steps. {@code stage_write} turns JSON rows into one
 * staged data file of the table's format (through the client's distributed-write calls, so the server
 * checks mode and schema at begin and the file at commit as for any client); nothing is visible until
 * {@code commit_write}; {@code abort_write} deletes what was staged.
 */
final class WriteTools {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WriteTools() {
    }

    static List<SyncToolSpecification> all(ToolKit kit, StagedWrites staged, int maxRows) {
        return List.of(
                kit.tool(Tools.STAGE_WRITE, "Stage a small write (at most " + maxRows + " rows) into an existing"
                        + " table from JSON rows, with a mode: append (default), merge (upsert by merge key), delete"
                        + " (rows carry the merge key columns only) or replace (the rows become the whole table)."
                        + " Nothing changes until commit_write with the answered writeId; abort_write discards it.",
                        ToolArgs.StageWrite.class, ToolResults.StagedWrite.class,
                        WireMirror.of("POST", "/v1/namespaces/{namespace}/tables/{table}/writes").body(BeginWriteRequest.class)
                                .own("rows", "the rows the tool writes as one staged data file of the table's format")
                                .ownResult(),
                        Kind.ADDITIVE, (call, a) -> stage(call, a, staged, maxRows)),
                kit.tool(Tools.COMMIT_WRITE, "Commit a write staged by stage_write, atomically (its mode applies:"
                        + " delete and replace remove data). Destructive for those modes.", ToolArgs.Write.class,
                        WriteResult.class, WireMirror.of("POST", "/v1/writes/{writeId}/commit"), Kind.DESTRUCTIVE, (call, a) -> {
                            StagedWrites.Entry e = take(staged, a.writeId(), call.caller());
                            try {
                                return call.client().catalog().commitStagedWrite(e.target(), e.files());
                            } catch (ServiceUnavailableException busy) {
                                staged.restore(e); // the write is still open: the agent may try again
                                throw busy;
                            }
                        }),
                kit.tool(Tools.ABORT_WRITE, "Abort a write staged by stage_write: its staged files are deleted and"
                        + " nothing is committed.", ToolArgs.Write.class, ToolResults.Aborted.class,
                        WireMirror.of("DELETE", "/v1/writes/{writeId}").ownResult(), Kind.ADDITIVE, (call, a) -> {
                            StagedWrites.Entry e = take(staged, a.writeId(), call.caller());
                            call.client().catalog().abortStagedWrite(e.target());
                            return new ToolResults.Aborted(a.writeId(), true);
                        }));
    }

    private static StagedWrites.Entry take(StagedWrites staged, String writeId, String caller) throws ToolException {
        return staged.take(writeId, caller).orElseThrow(() -> new ToolException(ProblemType.NOT_FOUND,
                "no open write '" + writeId + "' staged by you through MCP (stage_write answers the id; a write"
                        + " is committed or aborted once, and expires after the server's staging lifetime)"));
    }

    private static ToolResults.StagedWrite stage(ToolKit.Call call, ToolArgs.StageWrite a, StagedWrites staged,
                                                 int maxRows) throws Exception {
        ToolArgs.Mode mode = a.mode() == null ? ToolArgs.Mode.append : a.mode();
        if (a.rows().size() > maxRows) {
            throw new ToolException(ProblemType.PAYLOAD_TOO_LARGE, a.rows().size() + " rows is over this server's"
                    + " cap of " + maxRows + " rows per staged write; write larger data with a client");
        }
        if (a.rows().isEmpty() && mode != ToolArgs.Mode.replace) {
            throw new ToolException(ProblemType.INVALID_REQUEST, "no rows to write (only replace may write none)");
        }
        if (staged.full()) {
            throw new ToolException(ProblemType.UNAVAILABLE, "too many writes staged through MCP and not yet"
                    + " committed or aborted (" + StagedWrites.MAX + "); commit or abort some first");
        }
        CatalogClient catalog = call.client().catalog();
        TableInfo table = catalog.getTable(a.namespace(), a.table());
        Schema schema = table.schema();
        if (mode == ToolArgs.Mode.delete && !table.mergeKeys().isEmpty()) {
            Set<String> keys = Set.copyOf(table.mergeKeys());
            schema = new Schema(schema.getFields().stream().filter(f -> keys.contains(f.getName())).toList());
        }
        WriteMode writeMode = WriteMode.valueOf(mode.name().toUpperCase(java.util.Locale.ROOT));
        // the rows are checked against the table before anything is begun on the server
        JsonRows.toArrow(schema, a.rows(), call.client().allocator()).close();
        Schema requested = schema;
        StagedWriteTarget target = catalog.beginStagedWrite(requested,
                w -> w.namespace(a.namespace()).table(a.table()).mode(writeMode));
        List<StagedFile> files;
        // the batch takes the write's effective schema (the server's field ids and metadata)
        try (VectorSchemaRoot batch = JsonRows.toArrow(target.schema(), a.rows(), call.client().allocator());
             StagedFilesWriter out = catalog.openStagedFiles(target, "mcp-" + HexFormat.of().formatHex(bytes()) + "-")) {
            if (batch.getRowCount() > 0) {
                out.write(batch);
            }
            files = out.finish();
        } catch (RuntimeException e) {
            catalog.abortStagedWrite(target);
            throw e;
        }
        long rows = a.rows().size();
        staged.put(new StagedWrites.Entry(call.caller(), target, files, mode.name(), rows, System.nanoTime()));
        return new ToolResults.StagedWrite(target.writeId(), a.namespace(), a.table(), mode.name(), rows,
                files.size(), files.stream().mapToLong(StagedFile::sizeBytes).sum());
    }

    private static byte[] bytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }
}
