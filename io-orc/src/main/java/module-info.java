module io.deltacat.io.orc {
    requires io.deltacat.io.spi;
}
