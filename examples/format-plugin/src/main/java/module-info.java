module io.deltacat.example.plugin {
    requires io.deltacat.io.spi;
}
