package io.deltacat.packds.internal;

import io.deltacat.io.spi.LayoutProvider;
import io.deltacat.io.spi.LayoutResult;
import io.deltacat.io.spi.LayoutWrite;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/** The {@code packds} layout, found by the client with ServiceLoader; the work is {@link PackWrite}'s. */
public final class PackdsLayoutProvider implements LayoutProvider {
    static final String NAME = "packds";
    /** The manifest's file name in each write's staging prefix. */
    static final String MANIFEST_NAME = "packds-manifest.json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultFormat() {
        return "lance";
    }

    @Override
    public void checkTable(Schema schema, java.util.List<String> mergeKeys, Map<String, String> properties) {
        Settings.of(schema, mergeKeys, properties);
    }

    @Override
    public LayoutResult write(LayoutWrite write) {
        return new PackWrite(write).run();
    }
}
