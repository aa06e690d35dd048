module io.deltacat.transport.http {
    requires io.deltacat.api;
}
