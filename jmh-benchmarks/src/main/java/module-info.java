module io.deltacat.benchmarks {
    requires io.deltacat.io.spi;
}
