module io.deltacat.server {
    requires io.deltacat.api;
}
