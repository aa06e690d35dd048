package io.deltacat.ray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed model of a Ray cluster-launcher YAML as a {@code ray} node's dispatch configuration uses
 * it (the Ray launcher's keys plus DeltaCAT's {@code cluster_shutdown_policy} and {@code payload}).
 * Parsed with Jackson's YAML data format; every key this model does not know is kept, at every level,
 * and written back by {@link #toYaml()}, so {@code parse(toYaml())} gives the same document (as a
 * tree; YAML comments and key order of unknown keys among known ones are not kept).
 *
 * <p>{@link #validate} checks what a node needs before it is created and names the offending key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"cluster_name", "max_workers", "cluster_shutdown_policy", "provider", "docker", "payload",
        "head_node_type", "available_node_types"})
public final class RayLauncherConfig extends KeptKeys {
    /** Terminate the cluster after the run (the default). */
    public static final String SHUTDOWN_TERMINATE = "terminate";
    /** Keep the cluster for the next runs of the node. */
    public static final String SHUTDOWN_KEEP = "keep";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @JsonProperty("cluster_name")
    public String clusterName;
    @JsonProperty("max_workers")
    public Integer maxWorkers;
    @JsonProperty("cluster_shutdown_policy")
    public String clusterShutdownPolicy;
    @JsonProperty("provider")
    public Provider provider;
    @JsonProperty("docker")
    public Docker docker;
    @JsonProperty("payload")
    public Payload payload;
    @JsonProperty("head_node_type")
    public String headNodeType;
    @JsonProperty("available_node_types")
    public LinkedHashMap<String, NodeType> availableNodeTypes;

    /** The cloud provider section ({@code provider.type}, {@code provider.region}, ...). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "region"})
    public static final class Provider extends KeptKeys {
        @JsonProperty("type")
        public String type;
        @JsonProperty("region")
        public String region;
    }

    /** The container the nodes run ({@code docker.image}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"image", "container_name"})
    public static final class Docker extends KeptKeys {
        @JsonProperty("image")
        public String image;
        @JsonProperty("container_name")
        public String containerName;
    }

    /** Code staged for the run: {@code payload.py_modules}, URIs under the deployment's payload roots. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Payload extends KeptKeys {
        @JsonProperty("py_modules")
        public List<String> pyModules;
    }

    /** One entry of {@code available_node_types}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"min_workers", "max_workers", "resources", "node_config"})
    public static final class NodeType extends KeptKeys {
        @JsonProperty("min_workers")
        public Integer minWorkers;
        @JsonProperty("max_workers")
        public Integer maxWorkers;
        @JsonProperty("resources")
        public Map<String, Object> resources;
        @JsonProperty("node_config")
        public Map<String, Object> nodeConfig;
    }

    /**
     * What a deployment allows: the URI prefixes payloads may come from, and whether images must be
     * pinned by digest ({@code image@sha256:...}).
     */
    public record Policy(List<String> payloadRoots, boolean requireImageDigest) {
        public Policy {
            payloadRoots = List.copyOf(payloadRoots);
        }
    }

    /** Parses a launcher YAML document. */
    public static RayLauncherConfig parse(String yaml) {
        try {
            RayLauncherConfig c = YAML.readValue(yaml, RayLauncherConfig.class);
            if (c == null) {
                throw new RayConfigException("(document)", "the cluster config is empty");
            }
            return c;
        } catch (JsonProcessingException e) {
            throw new RayConfigException("(document)", "not a YAML mapping of the launcher's keys: "
                    + e.getOriginalMessage());
        }
    }

    /** The document as YAML, unknown keys included. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document as a tree (what {@code parse(toYaml())} preserves). */
    public JsonNode toTree() {
        return YAML.valueToTree(this);
    }

    /** Parses YAML text into a tree, for comparing documents. */
    public static JsonNode tree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new RayConfigException("(document)", e.getOriginalMessage());
        }
    }

    /** The shutdown policy: {@link #SHUTDOWN_TERMINATE} unless the document says {@link #SHUTDOWN_KEEP}. */
    public String shutdownPolicy() {
        return clusterShutdownPolicy == null ? SHUTDOWN_TERMINATE : clusterShutdownPolicy;
    }

    /** The payload's {@code py_modules}, empty when none. */
    public List<String> pyModules() {
        return payload == null || payload.pyModules == null ? List.of() : payload.pyModules;
    }

    /**
     * Checks the document against the deployment's policy.
     *
     * @throws RayConfigException naming the first offending key
     */
    public void validate(Policy policy) {
        if (clusterShutdownPolicy != null && !List.of(SHUTDOWN_TERMINATE, SHUTDOWN_KEEP).contains(clusterShutdownPolicy)) {
            throw new RayConfigException("cluster_shutdown_policy", "must be '" + SHUTDOWN_TERMINATE + "' or '"
                    + SHUTDOWN_KEEP + "', got '" + clusterShutdownPolicy + "'");
        }
        if (headNodeType == null || headNodeType.isBlank()) {
            throw new RayConfigException("head_node_type", "is required");
        }
        if (availableNodeTypes == null || !availableNodeTypes.containsKey(headNodeType)) {
            throw new RayConfigException("head_node_type", "'" + headNodeType + "' is not one of available_node_types "
                    + (availableNodeTypes == null ? "[]" : new ArrayList<>(availableNodeTypes.keySet())));
        }
        for (Map.Entry<String, NodeType> e : availableNodeTypes.entrySet()) {
            NodeType t = e.getValue();
            String key = "available_node_types." + e.getKey();
            if (t == null) {
                throw new RayConfigException(key, "is empty");
            }
            if (t.minWorkers != null && t.minWorkers < 0) {
                throw new RayConfigException(key + ".min_workers", "must be >= 0, got " + t.minWorkers);
            }
            if (t.minWorkers != null && t.maxWorkers != null && t.minWorkers > t.maxWorkers) {
                throw new RayConfigException(key + ".min_workers", t.minWorkers + " is more than max_workers "
                        + t.maxWorkers);
            }
        }
        if (maxWorkers != null && maxWorkers < 0) {
            throw new RayConfigException("max_workers", "must be >= 0, got " + maxWorkers);
        }
        List<String> modules = pyModules();
        for (int i = 0; i < modules.size(); i++) {
            String uri = modules.get(i);
            if (uri == null || policy.payloadRoots().stream().noneMatch(root -> underRoot(uri, root))) {
                throw new RayConfigException("payload.py_modules[" + i + "]", "'" + uri + "' is not under a payload"
                        + " root of this deployment " + policy.payloadRoots());
            }
        }
        if (policy.requireImageDigest()) {
            String image = docker == null ? null : docker.image;
            if (image == null || !image.matches(".+@sha256:[0-9a-f]{64}")) {
                throw new RayConfigException("docker.image", "this deployment requires an image pinned by digest"
                        + " (name@sha256:<64 hex>), got '" + image + "'");
            }
        }
    }

    private static boolean underRoot(String uri, String root) {
        String r = root.endsWith("/") ? root : root + "/";
        // a URI with dot segments could climb out of the root
        return uri.startsWith(r) && !uri.substring(r.length()).matches("(.*/)?\\.\\.?(/.*)?");
    }
}
