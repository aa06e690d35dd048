module io.deltacat.io.text {
    requires io.deltacat.io.spi;
}
