package io.deltacat.api.model;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/config} reports: versions, capabilities, the endpoints served (as
 * {@code "METHOD /v1/path/{param}"}), defaults and data roots.
 */
public record ServerInfo(String apiVersion, String serverVersion, String minimumClientVersion,
                         List<String> capabilities, List<String> endpoints, Map<String, String> defaults,
                         List<DataRoot> roots) {
    public ServerInfo {
        capabilities = List.copyOf(capabilities);
        endpoints = List.copyOf(endpoints);
        defaults = Map.copyOf(defaults);
        roots = List.copyOf(roots);
    }

    /** Whether the server serves {@code method path}, path given as its template. */
    public boolean supports(String method, String pathTemplate) {
        return endpoints.contains(method + " " + pathTemplate);
    }
}
