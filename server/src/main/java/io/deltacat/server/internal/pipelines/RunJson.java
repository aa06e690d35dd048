package io.deltacat.server.internal.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.pipelines.PipelineModel.Input;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.server.internal.store.StoredJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON a run keeps in the database: its inputs and sinks in the job context, its target watermark
 * on the job, and the commits of sink writes prepared for its completion. A worker reads the context
 * as it was written, so the shapes here are stable.
 */
final class RunJson {
    private final StoredJson json;

    RunJson(StoredJson json) {
        this.json = json;
    }

    /** A run's watermark as stored with the job: {@code [{"namespace","table","position"}]}. */
    String watermark(List<Input> inputs) {
        ArrayNode a = json.newArray();
        for (Input in : inputs) {
            a.addObject().put("namespace", in.table().namespace()).put("table", in.table().table())
                    .put("position", in.to());
        }
        return a.toString();
    }

    String inputs(List<Input> inputs) {
        ArrayNode a = json.newArray();
        for (Input in : inputs) {
            a.addObject().put("namespace", in.table().namespace()).put("table", in.table().table())
                    .put("from", in.from()).put("to", in.to());
        }
        return a.toString();
    }

    List<Input> parseInputs(String s) {
        List<Input> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (JsonNode n : json.tree(s)) {
            out.add(new Input(new TableRef(n.get("namespace").asText(), n.get("table").asText()),
                    n.get("from").asLong(), n.get("to").asLong()));
        }
        return out;
    }

    String tables(List<TableRef> tables) {
        ArrayNode a = json.newArray();
        tables.forEach(t -> a.addObject().put("namespace", t.namespace()).put("table", t.table()));
        return a.toString();
    }

    List<TableRef> parseTables(String s) {
        List<TableRef> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (JsonNode n : json.tree(s)) {
            out.add(new TableRef(n.get("namespace").asText(), n.get("table").asText()));
        }
        return out;
    }

    String commit(Model.Commit commit) {
        ObjectNode n = json.newObject();
        n.put("commitId", commit.commitId());
        ArrayNode files = n.putArray("files");
        for (Model.CommitFile f : commit.files()) {
            ObjectNode fn = files.addObject().put("path", f.path()).put("format", f.format())
                    .put("rowCount", f.rowCount()).put("sizeBytes", f.sizeBytes());
            if (f.columns() != null) {
                fn.set("columns", f.columns());
            }
            if (f.partitionValues() != null) {
                fn.set("partitionValues", f.partitionValues());
            }
        }
        return n.toString();
    }

    Model.Commit parseCommit(String s) {
        JsonNode n = json.tree(s);
        List<Model.CommitFile> files = new ArrayList<>();
        for (JsonNode f : n.get("files")) {
            files.add(new Model.CommitFile(f.get("path").asText(), f.get("format").asText(), f.get("rowCount").asLong(),
                    f.get("sizeBytes").asLong(), f.has("columns") ? (ObjectNode) f.get("columns") : null,
                    f.get("partitionValues")));
        }
        return new Model.Commit(n.get("commitId").asText(), files);
    }

    /** Parses JSON text; malformed text is the caller's error. */
    JsonNode tree(String s) {
        return json.tree(s);
    }
}
