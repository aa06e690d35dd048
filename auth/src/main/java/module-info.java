module io.deltacat.auth {
    requires io.deltacat.api;
}
