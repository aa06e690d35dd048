package io.deltacat.api;

import java.util.Optional;

/**
 * Supplies the bearer token sent with each request; empty when the server runs without auth. Called
 * once per request, so an implementation may refresh. Implementations live in the {@code auth}
 * module.
 */
@FunctionalInterface
public interface TokenProvider {
    /** The token to present now. */
    Optional<String> token();

    /** No token: for servers with auth off. */
    static TokenProvider none() {
        return Optional::empty;
    }
}
