package io.deltacat.wire.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deltacat.wire.WireSchema;
import java.util.List;

/** {@code CommitRequest}. */
@WireSchema("CommitRequest")
public record CommitRequest(
        @JsonProperty(value = "commitId", required = true) String commitId,
        @JsonProperty(value = "files", required = true) List<CommittedFile> files,
        @JsonProperty("layoutManifest") String layoutManifest,
        @JsonProperty("expectedSnapshot") Long expectedSnapshot) {
}
