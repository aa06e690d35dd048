package io.deltacat.server.internal.auth;

import io.deltacat.api.error.ForbiddenException;
import io.deltacat.api.model.NamespaceRole;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call each route, checked before the route runs (so a refused read or write is refused
 * before any storage access is vended). Every route the server serves must have a rule here: the
 * server refuses to start otherwise ({@link #requireRules}), so a new route cannot go unguarded.
 *
 * <p>Roles: a user's global role ({@code admin}: everything; {@code worker}: runs jobs and node runs;
 * {@code user}) and a role per namespace ({@code owner} > {@code writer} > {@code reader}).
 */
public final class AccessRules {
    /** What a route requires. */
    public enum Rule {
        /** Anyone, even without a token. */
        PUBLIC,
        /** Any user with a valid token. */
        AUTHENTICATED,
        /** An admin. */
        ADMIN,
        /** An admin or a worker. */
        WORKER,
        /** Reader (or more) of the path's {@code {namespace}}. */
        NAMESPACE_READER,
        /** Writer (or more) of the path's {@code {namespace}}. */
        NAMESPACE_WRITER,
        /** Owner of the path's {@code {namespace}}. */
        NAMESPACE_OWNER,
        /** Writer (or more) of the namespace the path's {@code {writeId}} writes to. */
        WRITE_WRITER,
        /** The user who began the path's {@code {transactionId}}, or an admin. */
        TRANSACTION_OWNER,
        /**
         * An admin, or the owner of every namespace the path's {@code {jobId}} run writes to (its
         * node's sink tables'); a job that is no node run, admins only.
         */
        RUN_OWNER,
        /** The path's {@code {user}} itself, or an admin. */
        SELF,
        /**
         * A job submission: a compaction needs writer of the namespace its body names; any other job
         * an admin or a worker.
         */
        JOB_SUBMIT
    }

    /**
     * What a rule may need to know about a request beyond the principal.
     *
     * @param params              the path's parameters
     * @param compactionNamespace the namespace of a compaction job the body submits; empty otherwise
     */
    public record Request(Map<String, String> params, Optional<String> compactionNamespace) {
        String param(String name) {
            return params.get(name);
        }
    }

    /** Filled once, below; read only after. */
    private static final Map<String, Rule> RULES = new HashMap<>();

    static {
        rule(Rule.PUBLIC, "GET /v1/config");
        rule(Rule.AUTHENTICATED, "GET /v1/catalogs/{catalog}", "GET /v1/namespaces", "GET /v1/auth/whoami",
                "POST /v1/transactions", "GET /v1/jobs/{jobId}");
        rule(Rule.ADMIN, "POST /v1/namespaces", "GET /v1/users", "POST /v1/users", "POST /v1/users/{user}/disable",
                "POST /v1/users/{user}/enable", "GET /v1/jobs", "POST /v1/jobs/{jobId}/cancel",
                "POST /v1/nodes", "DELETE /v1/nodes/{nodeId}", "POST /v1/nodes/{nodeId}/pause",
                "POST /v1/nodes/{nodeId}/resume", "POST /v1/nodes/{nodeId}/trigger", "POST /v1/nodes/{nodeId}/watermark",
                "POST /v1/pipelines", "DELETE /v1/pipelines/{pipelineId}", "POST /v1/pipelines/{pipelineId}/pause",
                "POST /v1/pipelines/{pipelineId}/resume", "POST /v1/dispatch/{mode}/payloads");
        rule(Rule.WORKER, "POST /v1/jobs/claim", "POST /v1/jobs/batch", "POST /v1/jobs/batch/claim",
                "POST /v1/jobs/batch/end", "GET /v1/jobs/{jobId}/events", "POST /v1/jobs/{jobId}/events",
                "POST /v1/jobs/{jobId}/heartbeat", "POST /v1/jobs/{jobId}/complete", "POST /v1/jobs/{jobId}/fail",
                "GET /v1/jobs/{jobId}/inputs", "POST /v1/writes/{writeId}/prepare", "GET /v1/nodes",
                "GET /v1/nodes/{nodeId}", "GET /v1/nodes/{nodeId}/watermark", "POST /v1/pipelines/discover",
                "GET /v1/pipelines", "GET /v1/pipelines/{pipelineId}", "GET /v1/pipelines/{pipelineId}/status");
        rule(Rule.NAMESPACE_READER, "GET /v1/namespaces/{namespace}", "GET /v1/namespaces/{namespace}/tables",
                "GET /v1/namespaces/{namespace}/tables/{table}", "POST /v1/namespaces/{namespace}/tables/{table}/plan",
                "POST /v1/namespaces/{namespace}/tables/{table}/credentials",
                "GET /v1/namespaces/{namespace}/tables/{table}/replication");
        rule(Rule.NAMESPACE_WRITER, "POST /v1/namespaces/{namespace}/tables",
                "POST /v1/namespaces/{namespace}/tables/{table}/writes");
        rule(Rule.NAMESPACE_OWNER, "DELETE /v1/namespaces/{namespace}", "DELETE /v1/namespaces/{namespace}/tables/{table}",
                "POST /v1/namespaces/{namespace}/tables/{table}/alter",
                "POST /v1/namespaces/{namespace}/tables/{table}/rename",
                "POST /v1/namespaces/{namespace}/tables/{table}/undrop", "GET /v1/namespaces/{namespace}/grants",
                "POST /v1/namespaces/{namespace}/grants", "DELETE /v1/namespaces/{namespace}/grants/{user}",
                "POST /v1/namespaces/{namespace}/tables/{table}/placements",
                "DELETE /v1/namespaces/{namespace}/tables/{table}/placements/{root}");
        rule(Rule.WRITE_WRITER, "GET /v1/writes/{writeId}", "DELETE /v1/writes/{writeId}",
                "POST /v1/writes/{writeId}/commit", "POST /v1/writes/{writeId}/credentials",
                "POST /v1/writes/{writeId}/uploads");
        rule(Rule.TRANSACTION_OWNER, "GET /v1/transactions/{transactionId}", "DELETE /v1/transactions/{transactionId}",
                "POST /v1/transactions/{transactionId}/heartbeat", "POST /v1/transactions/{transactionId}/commit");
        rule(Rule.SELF, "GET /v1/users/{user}", "GET /v1/users/{user}/tokens", "POST /v1/users/{user}/tokens",
                "DELETE /v1/users/{user}/tokens/{tokenId}");
        rule(Rule.JOB_SUBMIT, "POST /v1/jobs");
        rule(Rule.RUN_OWNER, "GET /v1/jobs/{jobId}/dispatch-access", "POST /v1/jobs/{jobId}/dispatch-commands");
    }

    /** What a remotely dispatched run's token may call (its own run's routes; see {@link #checkRun}). */
    private static final java.util.Set<String> RUN_OWN_JOB = java.util.Set.of("GET /v1/jobs/{jobId}",
            "GET /v1/jobs/{jobId}/inputs");
    private static final java.util.Set<String> RUN_ITS_TABLES = java.util.Set.of(
            "GET /v1/namespaces/{namespace}/tables/{table}", "POST /v1/namespaces/{namespace}/tables/{table}/plan",
            "POST /v1/namespaces/{namespace}/tables/{table}/credentials");
    private static final java.util.Set<String> RUN_ITS_SINK_WRITES = java.util.Set.of("GET /v1/writes/{writeId}",
            "DELETE /v1/writes/{writeId}", "POST /v1/writes/{writeId}/credentials", "POST /v1/writes/{writeId}/uploads",
            "POST /v1/writes/{writeId}/prepare");

    private final Users users;
    private final RunTokens runTokens;

    public AccessRules(Users users, RunTokens runTokens) {
        this.users = users;
        this.runTokens = runTokens;
    }

    private static void rule(Rule rule, String... routes) {
        for (String r : routes) {
            if (RULES.put(r, rule) != null) {
                throw new IllegalStateException("two rules for route " + r);
            }
        }
    }

    /** The rule of a route, e.g. {@code "GET /v1/namespaces/{namespace}"}; empty when it has none. */
    public static Optional<Rule> of(String route) {
        return Optional.ofNullable(RULES.get(route));
    }

    /** @throws IllegalStateException naming every served route without a rule */
    public static void requireRules(List<String> servedRoutes) {
        List<String> missing = servedRoutes.stream().filter(r -> of(r).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("routes without an access rule: " + missing);
        }
    }

    /**
     * Checks that {@code who} may call {@code route}.
     *
     * @throws ForbiddenException naming what is missing
     */
    public void check(Principal who, String route, Request request) throws SQLException {
        Rule rule = of(route).orElseThrow(() -> new IllegalStateException("route " + route + " has no access rule"));
        if (who.runId().isPresent()) {
            checkRun(who.runId().get(), who, route, request, rule);
            return;
        }
        if (who.isAdmin() || rule == Rule.PUBLIC || rule == Rule.AUTHENTICATED) {
            return;
        }
        switch (rule) {
            case ADMIN -> refuseUnless(false, who, route, "the admin role");
            case WORKER -> refuseUnless(who.isWorker(), who, route, "the worker or admin role");
            case NAMESPACE_READER -> namespace(who, route, request.param("namespace"), NamespaceRole.READER);
            case NAMESPACE_WRITER -> namespace(who, route, request.param("namespace"), NamespaceRole.WRITER);
            case NAMESPACE_OWNER -> namespace(who, route, request.param("namespace"), NamespaceRole.OWNER);
            case WRITE_WRITER -> {
                // an unknown write is refused too: whether it exists is not for everyone to learn
                Optional<String> ns = users.namespaceOfWrite(request.param("writeId"));
                namespace(who, route, ns.orElse(null), NamespaceRole.WRITER);
            }
            case TRANSACTION_OWNER -> {
                Optional<String> owner = users.transactionOwner(request.param("transactionId"));
                refuseUnless(owner.isPresent() && owner.get().equals(who.user()), who, route,
                        "to be the user who began the transaction");
            }
            case RUN_OWNER -> {
                java.util.Set<io.deltacat.api.model.TableRef> sinks = runTokens.tables(request.param("jobId")).sinks();
                refuseUnless(!sinks.isEmpty() && sinks.stream().allMatch(t -> who.holds(t.namespace(), NamespaceRole.OWNER)),
                        who, route, "the admin role, or the owner role in every namespace the run writes to");
            }
            case SELF -> refuseUnless(who.user().equals(request.param("user")), who, route,
                    "to be that user, or the admin role");
            case JOB_SUBMIT -> {
                Optional<String> ns = request.compactionNamespace();
                if (ns.isPresent()) {
                    namespace(who, route, ns.get(), NamespaceRole.WRITER);
                } else {
                    refuseUnless(who.isWorker(), who, route, "the worker or admin role");
                }
            }
            default -> throw new IllegalStateException("unhandled rule " + rule);
        }
    }

    /**
     * A run token's principal: its own job and inputs, its node's source and sink tables (read, plan,
     * credentials), write sessions on its sink tables (begin, status, abort, credentials, uploads,
     * prepare for the run; the prepare route also checks the run named in the body is this one), and
     * the public routes. Nothing else: no commit (the server commits a run's prepared writes when its
     * remote execution succeeds), no other table, no job or pipeline administration.
     */
    private void checkRun(String runId, Principal who, String route, Request request, Rule rule) throws SQLException {
        boolean allowed;
        if (rule == Rule.PUBLIC || route.equals("GET /v1/auth/whoami")) {
            allowed = true;
        } else if (RUN_OWN_JOB.contains(route)) {
            allowed = runId.equals(request.param("jobId"));
        } else if (RUN_ITS_TABLES.contains(route)) {
            RunTokens.RunTables t = runTokens.tables(runId);
            io.deltacat.api.model.TableRef ref = io.deltacat.api.model.TableRef.of(request.param("namespace"),
                    request.param("table"));
            allowed = t.sources().contains(ref) || t.sinks().contains(ref);
        } else if (route.equals("POST /v1/namespaces/{namespace}/tables/{table}/writes")) {
            allowed = runTokens.tables(runId).sinks().contains(io.deltacat.api.model.TableRef.of(
                    request.param("namespace"), request.param("table")));
        } else if (RUN_ITS_SINK_WRITES.contains(route)) {
            Optional<io.deltacat.api.model.TableRef> table = runTokens.tableOfWrite(request.param("writeId"));
            allowed = table.isPresent() && runTokens.tables(runId).sinks().contains(table.get());
        } else {
            allowed = false;
        }
        refuseUnless(allowed, who, route, "a user's token: a run's token reaches only its own run's job, inputs,"
                + " source and sink tables");
    }

    private static void namespace(Principal who, String route, String namespace, NamespaceRole needed) {
        refuseUnless(namespace != null && who.holds(namespace, needed), who, route,
                "the " + needed.wireName() + " role" + (namespace == null ? "" : " in namespace '" + namespace + "'"));
    }

    private static void refuseUnless(boolean allowed, Principal who, String route, String needs) {
        if (!allowed) {
            throw new ForbiddenException("user '" + who.user() + "' may not call " + route + ": it needs " + needs);
        }
    }
}
