package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.count;
import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.server.internal.catalog.Model.Namespace;
import io.deltacat.server.internal.catalog.Rows.NsRow;
import io.deltacat.server.internal.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Namespaces: create, list, get, drop (with their tables when asked). Not transactional. */
public final class Namespaces {
    /** The namespace a request without one uses; it always exists. */
    public static final String DEFAULT_NAMESPACE = "default";

    private final CatalogStore store;
    private final Database db;

    Namespaces(CatalogStore store) {
        this.store = store;
        this.db = store.db();
    }

    /** Creates the "default" namespace when it does not exist. */
    public void ensureDefaultNamespace() throws SQLException {
        db.tx(c -> {
            if (store.findNamespace(c, DEFAULT_NAMESPACE).isEmpty()) {
                store.insertNamespace(c, DEFAULT_NAMESPACE, Map.of());
            }
            return null;
        });
    }

    public Namespace createNamespace(String name, Map<String, String> properties) throws SQLException {
        Names.check("namespace", name);
        return db.tx(c -> {
            if (store.findNamespace(c, name).isPresent()) {
                throw new AlreadyExistsException("namespace '" + name + "' already exists");
            }
            return store.insertNamespace(c, name, properties).ns();
        });
    }

    public List<Namespace> listNamespaces() throws SQLException {
        return db.tx(c -> {
            List<Namespace> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, properties, created_at FROM namespaces"
                    + " WHERE dropped_at IS NULL ORDER BY name")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(CatalogStore.nsRow(rs).ns());
                    }
                }
            }
            return out;
        });
    }

    public Namespace getNamespace(String name) throws SQLException {
        Names.check("namespace", name);
        return db.tx(c -> store.requireNamespace(c, name).ns());
    }

    public void dropNamespace(String name, boolean cascade) throws SQLException {
        Names.check("namespace", name);
        db.tx(c -> {
            NsRow ns = store.requireNamespace(c, name);
            if (name.equals(DEFAULT_NAMESPACE)) {
                throw new ConflictException("the 'default' namespace cannot be dropped");
            }
            long live = count(c, "SELECT COUNT(*) FROM tables WHERE namespace_id = ? AND dropped_at IS NULL", ns.id());
            if (live > 0 && !cascade) {
                throw new ConflictException("namespace '" + name + "' is not empty (" + live
                        + " table(s)); drop its tables first or pass cascade=true");
            }
            long now = store.nextTime(c);
            update(c, "UPDATE tables SET dropped_at = ? WHERE namespace_id = ? AND dropped_at IS NULL", now, ns.id());
            update(c, "UPDATE namespaces SET dropped_at = ? WHERE id = ?", now, ns.id());
            return null;
        });
    }
}
