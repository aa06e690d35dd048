package io.deltacat.io.spi;

import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table layout that decides itself which files a write stages, beyond the client's plain rolling
 * writer: e.g. {@code packds}, which packs merge-keyed rows into shards of whole episodes and rewrites
 * only the episodes a merge touches. A table names its layout in its property {@link #PROPERTY}; the
 * client hands every write to such a table to the provider of that name (found with
 * {@link java.util.ServiceLoader}, see {@link Layouts}) and commits what it staged, together with the
 * provider's sidecar file (a manifest the catalog keeps with the commit), on condition that the table
 * is still at the snapshot the provider built on.
 *
 * <p>A plugin is a module with {@code provides io.deltacat.io.spi.LayoutProvider with ...}.
 */
public interface LayoutProvider {

    /** The table property naming a table's layout, e.g. {@code layout=packds}. */
    String PROPERTY = "layout";

    /** The layout's name, lower case, as {@link #PROPERTY} holds it. */
    String name();

    /** The format of a table of this layout when the write or create does not name one. */
    String defaultFormat();

    /**
     * Checks a table's schema, merge keys and layout properties before anything is created or written.
     *
     * @throws io.deltacat.api.error.InvalidRequestException naming what is wrong
     */
    void checkTable(Schema schema, java.util.List<String> mergeKeys, Map<String, String> properties);

    /**
     * Stages the files of one write into {@link LayoutWrite#stagingUri()}. Nothing is visible until the
     * caller commits the answer; on failure the caller aborts the write, which removes the staged files.
     */
    LayoutResult write(LayoutWrite write);
}
