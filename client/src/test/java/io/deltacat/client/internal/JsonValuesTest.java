package io.deltacat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plain Java values to JSON and back, as event metadata and watermarks travel. */
class JsonValuesTest {

    @Test
    void jsonKindsRoundTripAsPlainValues() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("s", "x");
        in.put("i", 42);
        in.put("l", Long.MAX_VALUE);
        in.put("big", BigInteger.TWO.pow(70));
        in.put("d", 0.5);
        in.put("f", 1.5f);
        in.put("b", true);
        in.put("n", null);
        in.put("list", List.of(1, "two", List.of()));
        in.put("set", Set.of("only"));
        in.put("array", new Object[] {"a", null});
        in.put("nested", Map.of("analytics.events", 42));
        Object back = JsonValues.plain(JsonValues.toJson(in, "metadata"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "x");
        expected.put("i", 42L);
        expected.put("l", Long.MAX_VALUE);
        expected.put("big", BigInteger.TWO.pow(70));
        expected.put("d", 0.5);
        expected.put("f", 1.5);
        expected.put("b", true);
        expected.put("n", null);
        expected.put("list", List.of(1L, "two", List.of()));
        expected.put("set", List.of("only"));
        expected.put("array", Arrays.asList("a", null));
        expected.put("nested", Map.of("analytics.events", 42L));
        assertThat(back).isEqualTo(expected);
        assertThat(new ArrayList<Object>(((Map<?, ?>) back).keySet())).containsExactlyElementsOf(in.keySet());
        assertThatThrownBy(() -> ((Map<Object, Object>) back).put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(JsonValues.plain(JsonValues.toJson("offset-100", "watermark"))).isEqualTo("offset-100");
        assertThat(JsonValues.object(null, "metadata").isEmpty()).isTrue();
    }

    @Test
    void whatJsonCannotHoldIsRefusedNamingIt() {
        assertThatThrownBy(() -> JsonValues.object(Map.of("when", Instant.EPOCH), "metadata"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata.when")
                .hasMessageContaining("java.time.Instant");
        Map<Object, Object> intKeys = new HashMap<>();
        intKeys.put(1, "x");
        assertThatThrownBy(() -> JsonValues.toJson(List.of(intKeys), "watermark"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys of watermark[0]");
        assertThatThrownBy(() -> JsonValues.toJson(Double.NaN, "watermark"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        List<Object> self = new ArrayList<>();
        self.add(self);
        assertThatThrownBy(() -> JsonValues.toJson(self, "watermark"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested");
    }
}
