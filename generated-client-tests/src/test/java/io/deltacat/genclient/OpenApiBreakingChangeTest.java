package io.deltacat.genclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The wire document may grow but not break: {@code openapi/deltacat-api.yaml} is compared with the
 * document of the baseline commit ({@code .ci/compat-baseline}, copied to
 * {@code openapi/baseline/deltacat-api.yaml}) by openapi-diff, which classifies each change (a removed
 * operation or response field, a new required request field, a narrowed type or enum...) as
 * compatible or not. A client built from the baseline keeps working against this server only if
 * nothing is incompatible; {@code .ci/version-matrix} checks the same with the two runbooks.
 */
class OpenApiBreakingChangeTest {
    private static final Path DOCUMENT = Path.of(System.getProperty("deltacat.openapi.document"));
    private static final Path BASELINE = Path.of(System.getProperty("deltacat.openapi.baseline"));

    @Test
    void theDocumentStaysCompatibleWithTheBaseline() throws IOException {
        ChangedOpenApi diff = OpenApiCompare.fromContents(Files.readString(BASELINE), Files.readString(DOCUMENT));
        assertThat(diff.isIncompatible())
                .as("breaking changes against the baseline's document (%s):%n%s", BASELINE, render(diff))
                .isFalse();
    }

    /** The check can fail: each kind of break a client would notice is reported as incompatible. */
    @Test
    void breakingChangesAreCaught() throws IOException {
        String current = Files.readString(DOCUMENT);
        List<String> missed = new ArrayList<>();

        OpenAPI removedRoute = parse(current);
        removedRoute.getPaths().remove("/v1/namespaces/{namespace}");
        check("a removed route", current, removedRoute, "/v1/namespaces/{namespace}", missed);

        OpenAPI newRequired = parse(current);
        Schema<?> request = newRequired.getComponents().getSchemas().get("CreateNamespaceRequest");
        request.addProperty("owner", new Schema<>().type("string"));
        request.addRequiredItem("owner");
        check("a new required request field", current, newRequired, "owner", missed);

        OpenAPI removedAnswerField = parse(current);
        Schema<?> table = removedAnswerField.getComponents().getSchemas().get("Table");
        table.getProperties().remove("rowCount");
        table.getRequired().remove("rowCount");
        check("a response field removed", current, removedAnswerField, "rowCount", missed);

        assertThat(missed).as("breaks the check did not flag").isEmpty();
    }

    private static void check(String what, String current, OpenAPI changed, String named, List<String> missed) {
        ChangedOpenApi diff = OpenApiCompare.fromSpecifications(parse(current), changed);
        if (!diff.isIncompatible() || !render(diff).contains(named)) {
            missed.add(what + ":\n" + render(diff));
        }
    }

    private static OpenAPI parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIV3Parser().readContents(document, null, options).getOpenAPI();
        assertThat(api).as("the document parses").isNotNull();
        return api;
    }

    private static String render(ChangedOpenApi diff) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
