package io.deltacat.packds.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.MergeKeysRequiredException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A PackDS table's settings, from its properties: {@code packds.episode_key} (default: the first merge
 * key; must be a merge key), {@code packds.order_key} (optional column ordering rows in an episode),
 * {@code packds.target_shard_bytes} (default 256 MiB).
 */
record Settings(List<String> mergeKeys, String episodeKey, String orderKey, long targetShardBytes) {
    static final String EPISODE_KEY = "packds.episode_key";
    static final String ORDER_KEY = "packds.order_key";
    static final String TARGET_SHARD_BYTES = "packds.target_shard_bytes";
    static final long DEFAULT_TARGET_SHARD_BYTES = 256L << 20;

    /**
     * Reads and checks the settings against {@code schema} and its merge keys.
     *
     * @throws MergeKeysRequiredException when the table has no merge keys
     * @throws InvalidRequestException    naming a bad setting
     */
    static Settings of(Schema schema, List<String> keys, Map<String, String> properties) {
        if (keys.isEmpty()) {
            throw new MergeKeysRequiredException("a table of layout packds needs merge keys (e.g. episode_id, step)");
        }
        String episode = properties.getOrDefault(EPISODE_KEY, keys.get(0));
        if (!keys.contains(episode)) {
            throw new InvalidRequestException("packds episode key '" + episode + "' must be one of the merge keys "
                    + keys);
        }
        String order = properties.get(ORDER_KEY);
        if (order != null && (order.equals(episode)
                || schema.getFields().stream().map(Field::getName).noneMatch(order::equals))) {
            throw new InvalidRequestException("packds order key '" + order + "' must be a column other than the"
                    + " episode key");
        }
        long target = DEFAULT_TARGET_SHARD_BYTES;
        String t = properties.get(TARGET_SHARD_BYTES);
        if (t != null) {
            try {
                target = Long.parseLong(t);
            } catch (NumberFormatException e) {
                target = -1;
            }
            if (target <= 0) {
                throw new InvalidRequestException("packds.target_shard_bytes='" + t + "' is not a positive number of bytes");
            }
        }
        return new Settings(List.copyOf(keys), episode, order, target);
    }
}
