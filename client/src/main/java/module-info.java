module io.deltacat.client {
    requires io.deltacat.api;
}
