package io.deltacat.server.internal.http;

import io.deltacat.server.internal.placement.Placements;
import io.deltacat.wire.placement.PlaceRequest;
import io.deltacat.wire.placement.ReplicationStatusList;
import io.deltacat.wire.placement.RootReplication;
import io.deltacat.wire.placement.RootReplicationState;
import java.util.List;

/**
 * The routes of data placement: place a table on more roots, unplace it from one, and its
 * replication status per root. Only a namespace owner (or an admin) places and unplaces
 * ({@code AccessRules}); readers see the status.
 */
final class PlacementRoutes {
    private final Placements placements;

    PlacementRoutes(Placements placements) {
        this.placements = placements;
    }

    void register(Router router) {
        // ATOMIC: placing and unplacing change rows only (the copying is a job's); the answer is stored
        // with them, so a resend replays it and a placement is never made twice by one request
        router.add("POST", "/v1/namespaces/{namespace}/tables/{table}/placements", this::place);
        router.add("DELETE", "/v1/namespaces/{namespace}/tables/{table}/placements/{root}", c -> {
            placements.unplace(c.param("namespace"), c.param("table"), c.param("root"));
            return HttpResult.noContent();
        });
        router.add("GET", "/v1/namespaces/{namespace}/tables/{table}/replication", Router.Resend.READ, c ->
                HttpResult.wire(200, answer(placements.status(c.param("namespace"), c.param("table")))));
    }

    private HttpResult place(Router.Call c) throws Exception {
        PlaceRequest req = Json.read(c.body(), PlaceRequest.class);
        List<Placements.Status> out = placements.place(c.param("namespace"), c.param("table"), req.roots(),
                req.backfill() == null || req.backfill());
        return HttpResult.wire(200, answer(out));
    }

    private static ReplicationStatusList answer(List<Placements.Status> status) {
        return new ReplicationStatusList(status.stream().map(s -> new RootReplication(s.root(), RootReplicationState.of(s.state()),
                s.placedAt(), s.backfill(), s.lastReplicatedCommitTime(), s.commitsBehind(), s.bytesBehind(),
                s.lastError(), s.deleteAfter())).toList());
    }
}
