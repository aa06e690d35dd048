package io.deltacat.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTypeTest {
    @Test
    void everyKindRoundTripsThroughItsUriAndMapsToItsException() {
        for (ProblemType t : ProblemType.values()) {
            assertThat(ProblemType.fromUri(t.uri())).hasValue(t);
            DeltacatException e = t.toException("detail", null);
            assertThat(e.problemType()).isEqualTo(t);
            assertThat(e.status()).isEqualTo(t.status());
            assertThat(e).hasMessage("detail");
        }
        assertThat(ProblemType.NOT_FOUND.toException("x", null)).isInstanceOf(NotFoundException.class);
        assertThat(ProblemType.CONFLICT.toException("x", null)).isInstanceOf(ConflictException.class);
        assertThat(ProblemType.ALREADY_EXISTS.toException("x", null)).isInstanceOf(AlreadyExistsException.class);
        assertThat(ProblemType.FORBIDDEN.toException("x", null)).isInstanceOf(ForbiddenException.class);
        assertThat(ProblemType.UNAUTHORIZED.toException("x", null)).isInstanceOf(UnauthorizedException.class);
        assertThat(ProblemType.INVALID_REQUEST.toException("x", null)).isInstanceOf(InvalidRequestException.class);
        assertThat(ProblemType.SERVER_ERROR.toException("x", null)).isInstanceOf(ServerException.class);
    }

    @Test
    void unknownTypesFallBackToTheStatus() {
        assertThat(ProblemType.fromUri("urn:deltacat:problem:from-the-future")).isEmpty();
        assertThat(ProblemType.forStatus(404)).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(ProblemType.forStatus(418)).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(ProblemType.forStatus(429)).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(ProblemType.forStatus(599)).isEqualTo(ProblemType.SERVER_ERROR);
    }
}
