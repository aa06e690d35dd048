module io.deltacat.io.lance {
    requires io.deltacat.io.spi;
}
