package io.deltacat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.expr.Predicate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    @Test
    void parsesComparisonsWithPrecedenceAndParentheses() {
        assertThat(FilterParser.parse("age > 4 and (name like 'F%' or name is null)")).isEqualTo(Predicate.and(
                Predicate.gt("age", 4L), Predicate.or(Predicate.like("name", "F%"), Predicate.isNull("name"))));
        assertThat(FilterParser.parse("a = 1 or b = 2 and c = 3")).isEqualTo(Predicate.or(Predicate.eq("a", 1L),
                Predicate.and(Predicate.eq("b", 2L), Predicate.eq("c", 3L))));
        assertThat(FilterParser.parse("NOT x <> 'it''s'")).isEqualTo(Predicate.not(Predicate.ne("x", "it's")));
    }

    @Test
    void parsesInBetweenNullsBooleansAndNumbers() {
        assertThat(FilterParser.parse("id in (1, 2, -3)")).isEqualTo(Predicate.in("id", List.of(1L, 2L, -3L)));
        assertThat(FilterParser.parse("score not between 0.5 and 1e2")).isEqualTo(
                Predicate.not(Predicate.between("score", 0.5, 100.0)));
        assertThat(FilterParser.parse("\"odd name\" is not null and ok == true")).isEqualTo(
                Predicate.and(Predicate.isNotNull("odd name"), Predicate.eq("ok", true)));
        assertThat(FilterParser.parse("day >= '2024-01-01'")).isEqualTo(Predicate.ge("day", "2024-01-01"));
    }

    @Test
    void mistakesNameThePosition() {
        assertThatThrownBy(() -> FilterParser.parse("age >")).isInstanceOf(CliUsageException.class)
                .hasMessageContaining("expected a value").hasMessageContaining("position 6");
        assertThatThrownBy(() -> FilterParser.parse("age > 4 4")).hasMessageContaining("unexpected '4'");
        assertThatThrownBy(() -> FilterParser.parse("name = 'open")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> FilterParser.parse("name = null")).hasMessageContaining("IS NULL");
        assertThatThrownBy(() -> FilterParser.parse("(a = 1")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> FilterParser.parse("a ~ 1")).hasMessageContaining("unexpected character '~'");
        assertThatThrownBy(() -> FilterParser.parse("a = bob")).hasMessageContaining("quote text");
    }
}
