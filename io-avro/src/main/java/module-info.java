module io.deltacat.io.avro {
    requires io.deltacat.io.spi;
}
