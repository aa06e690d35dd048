package io.deltacat.io.spi;

/** A finished data file: its URI, rows and bytes. */
public record WrittenFile(String uri, long rowCount, long sizeBytes) {
}
