package io.deltacat.wire.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;
import io.deltacat.wire.catalog.CommittedFile;

/** {@code PrepareWriteRequest}. */
@WireSchema("PrepareWriteRequest")
public record PrepareWriteRequest(
        @JsonProperty(value = "jobId", required = true) String jobId,
        @JsonProperty(value = "commitId", required = true) String commitId,
        @JsonProperty(value = "files", required = true) List<CommittedFile> files) {
}
