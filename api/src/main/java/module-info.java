/**
 * The public API of deltacat-java: the client interfaces, the immutable model, options, predicates,
 * exceptions and the SPIs that implementations plug into. Arrow types are part of the API.
 */
module io.deltacat.api {
    requires transitive org.apache.arrow.vector;
    requires transitive org.apache.arrow.memory.core;
    // Arrow finds its allocator by name; without this module on the graph it finds none.
    requires org.apache.arrow.memory.unsafe;

    exports io.deltacat.api;
    exports io.deltacat.api.model;
    exports io.deltacat.api.options;
    exports io.deltacat.api.expr;
    exports io.deltacat.api.error;
    exports io.deltacat.api.spi;

    uses io.deltacat.api.spi.ClientProvider;
}
