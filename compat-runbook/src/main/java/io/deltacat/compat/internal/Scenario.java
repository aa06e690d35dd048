package io.deltacat.compat.internal;

import java.util.List;
import java.util.Objects;

/**
 * One packaged client-versus-server scenario.
 *
 * @param name         a path such as {@code catalog/namespaces}, matched by {@code --scenarios} globs
 * @param description  what it checks, for the report
 * @param capabilities the {@code /v1/config} capabilities the server must advertise, else it is skipped
 * @param readOnly     whether it changes nothing on the server (only these run under {@code --read-only})
 * @param body         the scenario itself: calls the API and checks the results ({@link Checks})
 */
public record Scenario(String name, String description, List<String> capabilities, boolean readOnly, Body body) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        capabilities = List.copyOf(capabilities);
        Objects.requireNonNull(body, "body");
    }

    /** A scenario's steps; throwing fails it ({@link SkipException} skips it instead). */
    @FunctionalInterface
    public interface Body {
        void run(ScenarioContext ctx) throws Exception;
    }

    /** A scenario that changes data (namespaces, tables, jobs, ...) and needs these capabilities. */
    static Scenario writing(String name, String description, List<String> capabilities, Body body) {
        return new Scenario(name, description, capabilities, false, body);
    }

    /** A scenario that only reads. */
    static Scenario reading(String name, String description, List<String> capabilities, Body body) {
        return new Scenario(name, description, capabilities, true, body);
    }
}
