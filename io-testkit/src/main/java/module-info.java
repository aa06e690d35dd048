/** Test support for format providers: generated Arrow data covering every type, with nulls. */
module io.deltacat.io.testkit {
    requires transitive io.deltacat.api;

    exports io.deltacat.io.testkit;
}
