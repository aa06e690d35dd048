/**
 * Bearer-token providers for deltacat-java clients: a fixed token, an environment variable, a token
 * file that may be rotated, and a chain of these. Entry point: {@link io.deltacat.auth.TokenProviders}.
 */
module io.deltacat.auth {
    requires transitive io.deltacat.api;

    exports io.deltacat.auth;
}
