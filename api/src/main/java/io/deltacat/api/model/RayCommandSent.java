package io.deltacat.api.model;

import java.util.List;

/**
 * Commands sent to a {@code ray} run's cluster ({@code jobs().sendManagedRaySsmCommand}).
 *
 * @param commandId   the SSM command id (follow it with {@code aws ssm list-command-invocations})
 * @param instanceIds the instances it runs on
 */
public record RayCommandSent(String commandId, List<String> instanceIds) {
    public RayCommandSent {
        instanceIds = List.copyOf(instanceIds);
    }
}
