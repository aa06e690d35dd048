package io.deltacat.ray.internal;

import io.deltacat.server.dispatch.RunDispatcher;
import io.deltacat.server.dispatch.RunDispatcherProvider;
import java.util.Map;

/** Mode {@code ray}: {@link RayDispatcher} (its settings are documented there). */
public final class RayDispatcherProvider implements RunDispatcherProvider {
    @Override
    public String mode() {
        return "ray";
    }

    @Override
    public RunDispatcher open(Map<String, String> settings) {
        return new RayDispatcher(settings);
    }
}
