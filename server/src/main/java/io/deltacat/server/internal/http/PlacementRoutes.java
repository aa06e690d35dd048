package io.deltacat.server.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.server.internal.placement.Placements;
import io.deltacat.server.internal.placement.wire.PlacementWire.PlaceRequest;
import io.deltacat.server.internal.placement.wire.PlacementWire.ReplicationStatusList;
import io.deltacat.server.internal.placement.wire.PlacementWire.RootReplication;
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
                HttpResult.json(200, Json.MAPPER.valueToTree(answer(placements.status(c.param("namespace"),
                        c.param("table"))))));
    }

    private HttpResult place(Router.Call c) throws Exception {
        PlaceRequest req;
        try {
            req = Json.MAPPER.readValue(c.body(), PlaceRequest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("PlaceRequest is not valid: " + e.getOriginalMessage());
        }
        if (req == null) {
            throw new InvalidRequestException("PlaceRequest must be a JSON object");
        }
        List<Placements.Status> out = placements.place(c.param("namespace"), c.param("table"), req.roots(),
                req.backfill() == null || req.backfill());
        return HttpResult.json(200, Json.MAPPER.valueToTree(answer(out)));
    }

    private static ReplicationStatusList answer(List<Placements.Status> status) {
        return new ReplicationStatusList(status.stream().map(s -> new RootReplication(s.root(), s.state(),
                s.placedAt(), s.backfill(), s.lastReplicatedCommitTime(), s.commitsBehind(), s.bytesBehind(),
                s.lastError(), s.deleteAfter())).toList());
    }
}
