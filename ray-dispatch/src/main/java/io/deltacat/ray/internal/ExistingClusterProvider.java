package io.deltacat.ray.internal;

import io.deltacat.ray.RayClusterProvider;
import java.net.URI;
import java.util.Map;

/**
 * {@code existing}: every run goes to the Ray cluster at the dispatcher setting {@code address} (the
 * dashboard URL, e.g. {@code http://127.0.0.1:8265}); nothing is provisioned or terminated.
 */
public final class ExistingClusterProvider implements RayClusterProvider {
    public static final String ADDRESS = "address";

    @Override
    public String name() {
        return "existing";
    }

    @Override
    public RayCluster acquire(ClusterRequest request) {
        return new RayCluster(name(), address(request.settings()), Map.of());
    }

    static String address(Map<String, String> settings) {
        String a = settings.get(ADDRESS);
        if (a == null || a.isBlank()) {
            throw new IllegalArgumentException(ADDRESS + ": the existing cluster provider needs the Ray dashboard's"
                    + " URL, e.g. http://127.0.0.1:8265");
        }
        URI u = URI.create(a.trim());
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw new IllegalArgumentException(ADDRESS + ": '" + a + "' is not an http(s) URL");
        }
        return a.trim().replaceAll("/+$", "");
    }
}
