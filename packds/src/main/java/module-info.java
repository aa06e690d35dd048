/**
 * PackDS, a table layout for training data: merge-keyed rows packed into shards of whole episodes,
 * merges and deletes that write only the episodes they change, a shard manifest and episode index per
 * commit (plain JSON next to the data) and a distributed, resumable loader. Writes reach it through
 * the client ({@code layout("packds")}, found as a {@link io.deltacat.io.spi.LayoutProvider}); reads
 * start at {@link io.deltacat.packds.PackDS}.
 */
module io.deltacat.packds {
    requires transitive io.deltacat.api;
    requires io.deltacat.io.spi;
    requires com.fasterxml.jackson.databind;
    requires org.apache.arrow.memory.unsafe;

    exports io.deltacat.packds;

    provides io.deltacat.io.spi.LayoutProvider with io.deltacat.packds.internal.PackdsLayoutProvider;
}
