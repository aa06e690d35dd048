package io.deltacat.packds.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.packds.InvalidResumeTokenException;
import io.deltacat.packds.internal.LoaderPlan.Segment;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A loader's state: what one rank of one generation (the ranks that split the same segments) has
 * left of an epoch of a table version. Encoded as URL-safe base64 of a small JSON object.
 */
public record ResumeToken(String namespace, String table, long version, int epoch, long seed, boolean shuffle,
                          int window, long generation, int worldSize, int rank, List<Segment> segments) {
    static final int FORMAT = 1;

    public ResumeToken {
        segments = List.copyOf(segments);
    }

    public String encode() {
        ObjectNode n = ManifestState.MAPPER.createObjectNode();
        n.put("v", FORMAT).put("ns", namespace).put("table", table).put("version", version).put("epoch", epoch)
                .put("seed", seed).put("shuffle", shuffle).put("window", window).put("gen", generation)
                .put("world", worldSize).put("rank", rank);
        ArrayNode segs = n.putArray("segs");
        segments.forEach(s -> segs.addArray().add(s.start()).add(s.end()).add(s.skip()));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ManifestState.MAPPER.writeValueAsBytes(n));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws InvalidResumeTokenException when {@code token} is not a token of this format
     */
    public static ResumeToken decode(String token) {
        try {
            JsonNode n = ManifestState.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
            if (n.path("v").asInt() != FORMAT) {
                throw new InvalidResumeTokenException("not a packds loader token of format " + FORMAT);
            }
            List<Segment> segs = new ArrayList<>();
            for (JsonNode s : n.path("segs")) {
                segs.add(new Segment(s.get(0).asLong(), s.get(1).asLong(), s.get(2).asLong()));
            }
            return new ResumeToken(n.path("ns").asText(), n.path("table").asText(), n.path("version").asLong(),
                    n.path("epoch").asInt(), n.path("seed").asLong(), n.path("shuffle").asBoolean(),
                    n.path("window").asInt(), n.path("gen").asLong(), n.path("world").asInt(), n.path("rank").asInt(),
                    segs);
        } catch (java.io.IOException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidResumeTokenException("not a readable packds loader token");
        }
    }
}
