/**
 * A selective application: it requires only the API. The client, the HTTP transport and the Parquet
 * provider are bound at start-up through ServiceLoader because their jars are on the module path;
 * a format plugin jar added there is bound the same way.
 */
module io.deltacat.example.selective {
    requires io.deltacat.api;
}
