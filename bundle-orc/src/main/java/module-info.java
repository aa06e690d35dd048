module io.deltacat.bundle.orc.placeholder {
    requires io.deltacat.io.spi;
}
