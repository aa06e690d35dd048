package io.deltacat.api.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class PredicateTest {
    static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", new ArrowType.Utf8()),
            Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("ok", new ArrowType.Bool()),
            Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
            Field.nullable("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
            Field.nullable("blob", new ArrowType.Binary())));

    @Test
    void wireFormRoundTrips() {
        Predicate p = Predicate.and(Predicate.eq("name", "pick"), Predicate.or(Predicate.in("id", 1, 2),
                Predicate.not(Predicate.isNull("score"))), Predicate.between("id", 1, 9), Predicate.like("name", "p%"));
        Map<String, Object> wire = PredicateCodec.toWire(p);
        assertThat(wire).containsOnlyKeys("and");
        assertThat(PredicateCodec.fromWire(wire)).isEqualTo(p);
        assertThat(PredicateCodec.toWire(Predicate.eq("task", "pick_screwdriver")))
                .isEqualTo(Map.of("eq", List.of("task", "pick_screwdriver")));
        assertThat(PredicateCodec.toWire(Predicate.eq("day", LocalDate.of(2024, 1, 2))))
                .isEqualTo(Map.of("eq", List.of("day", "2024-01-02")));
    }

    @Test
    void malformedWireFormsNameTheProblem() {
        assertThatThrownBy(() -> PredicateCodec.fromWire(Map.of("sounds_like", List.of("a", "b"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("sounds_like");
        assertThatThrownBy(() -> PredicateCodec.fromWire(Map.of("eq", List.of("a"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("2 arguments");
        assertThatThrownBy(() -> PredicateCodec.fromWire(Map.of("eq", List.of("a", Map.of()))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("invalid literal");
        assertThatThrownBy(() -> PredicateCodec.fromWire(List.of()))
                .isInstanceOf(InvalidRequestException.class);
        Map<String, Object> two = new HashMap<>();
        two.put("eq", List.of("a", 1));
        two.put("ne", List.of("a", 1));
        assertThatThrownBy(() -> PredicateCodec.fromWire(two)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void bindingChecksColumnsAndLiteralTypes() {
        assertThatThrownBy(() -> Predicate.eq("nope", 1).bind(SCHEMA))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> Predicate.eq("id", "one").bind(SCHEMA))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'id'").hasMessageContaining("int64");
        assertThatThrownBy(() -> Predicate.eq("id", 1.5).bind(SCHEMA)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Predicate.eq("ok", 1).bind(SCHEMA)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Predicate.eq("blob", "x").bind(SCHEMA))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot be compared");
        assertThatThrownBy(() -> Predicate.like("id", "1%").bind(SCHEMA)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Predicate.eq("day", "yesterday").bind(SCHEMA)).isInstanceOf(InvalidRequestException.class);
        assertThat(Predicate.isNull("blob").bind(SCHEMA)).isEqualTo(Predicate.isNull("blob"));
    }

    @Test
    void bindingNormalizesLiterals() {
        assertThat(Predicate.eq("id", 3).bind(SCHEMA)).isEqualTo(Predicate.eq("id", 3L));
        assertThat(Predicate.eq("id", 3.0).bind(SCHEMA)).isEqualTo(Predicate.eq("id", 3L));
        assertThat(Predicate.gt("score", 1).bind(SCHEMA)).isEqualTo(Predicate.gt("score", 1.0));
        assertThat(Predicate.eq("day", "1970-01-11").bind(SCHEMA)).isEqualTo(Predicate.eq("day", 10L));
        assertThat(Predicate.eq("at", Instant.ofEpochSecond(2, 5000)).bind(SCHEMA)).isEqualTo(Predicate.eq("at", 2_000_005L));
        assertThat(Predicate.eq("at", "1970-01-01T00:00:01Z").bind(SCHEMA)).isEqualTo(Predicate.eq("at", 1_000_000L));
    }

    @Test
    void evaluationUsesThreeValuedLogic() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", 5L);
        row.put("name", null);
        assertThat(Predicate.gt("id", 4L).evaluate(row::get)).isTrue();
        assertThat(Predicate.eq("name", "x").evaluate(row::get)).isNull();
        assertThat(Predicate.not(Predicate.eq("name", "x")).evaluate(row::get)).isNull();
        assertThat(Predicate.and(Predicate.eq("name", "x"), Predicate.lt("id", 0L)).evaluate(row::get)).isFalse();
        assertThat(Predicate.or(Predicate.eq("name", "x"), Predicate.gt("id", 0L)).evaluate(row::get)).isTrue();
        assertThat(Predicate.isNull("name").evaluate(row::get)).isTrue();
        assertThat(Predicate.in("id", 1L, 5L).evaluate(row::get)).isTrue();
        assertThat(Predicate.between("id", 5L, 5L).evaluate(row::get)).isTrue();
        row.put("name", "a.b_c");
        assertThat(Predicate.like("name", "a.__c").evaluate(row::get)).isTrue();
        assertThat(Predicate.like("name", "a%").evaluate(row::get)).isTrue();
        assertThat(Predicate.like("name", "a.b").evaluate(row::get)).isFalse();
    }

    @Test
    void statisticsPruneOnlyWhatCannotMatch() {
        Map<String, ColumnRange> stats = Map.of("id", new ColumnRange(10L, 20L, 0, 100),
                "name", new ColumnRange(null, null, 100, 100));
        java.util.function.Function<String, ColumnRange> s = c -> stats.getOrDefault(c, ColumnRange.UNKNOWN);
        assertThat(Predicate.eq("id", 15L).mightMatch(s)).isTrue();
        assertThat(Predicate.eq("id", 25L).mightMatch(s)).isFalse();
        assertThat(Predicate.lt("id", 10L).mightMatch(s)).isFalse();
        assertThat(Predicate.le("id", 10L).mightMatch(s)).isTrue();
        assertThat(Predicate.gt("id", 20L).mightMatch(s)).isFalse();
        assertThat(Predicate.in("id", 1L, 30L).mightMatch(s)).isFalse();
        assertThat(Predicate.between("id", 21L, 30L).mightMatch(s)).isFalse();
        assertThat(Predicate.isNull("id").mightMatch(s)).isFalse();
        assertThat(Predicate.eq("name", "x").mightMatch(s)).isFalse();
        assertThat(Predicate.isNotNull("name").mightMatch(s)).isFalse();
        assertThat(Predicate.or(Predicate.eq("id", 25L), Predicate.eq("id", 12L)).mightMatch(s)).isTrue();
        assertThat(Predicate.and(Predicate.eq("id", 25L), Predicate.eq("id", 12L)).mightMatch(s)).isFalse();
        assertThat(Predicate.eq("other", 1L).mightMatch(s)).isTrue();
        assertThat(Predicate.not(Predicate.eq("id", 25L)).mightMatch(s)).isTrue();
    }
}
