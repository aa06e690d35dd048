package io.deltacat.api.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the server's Ray cluster provider knows of the cluster a {@code ray} run executes on
 * ({@code jobs().getManagedRayAccess(jobId)}, owner/admin callers only). The AWS facts are empty for a
 * cluster the server did not provision (provider {@code existing}).
 *
 * @param jobId             the run
 * @param provider          the cluster provider, e.g. {@code existing} or {@code aws}
 * @param dashboardUrl      the Ray dashboard (Jobs API) the server uses
 * @param region            the AWS region
 * @param clusterName       the cluster's name (its {@code ray-cluster-name} tag)
 * @param headInstanceId    the head's EC2 instance id
 * @param headPrivateIp     the head's private IP
 * @param workerInstanceIds the workers' EC2 instance ids
 * @param launchTemplate    the head's launch template (id or name), when it was launched from one
 * @param details           everything the provider said, as it said it
 */
public record ManagedRayAccess(String jobId, String provider, String dashboardUrl, Optional<String> region,
                               Optional<String> clusterName, Optional<String> headInstanceId,
                               Optional<String> headPrivateIp, List<String> workerInstanceIds,
                               Optional<String> launchTemplate, Map<String, String> details) {
    public ManagedRayAccess {
        workerInstanceIds = List.copyOf(workerInstanceIds);
        details = Map.copyOf(details);
    }
}
