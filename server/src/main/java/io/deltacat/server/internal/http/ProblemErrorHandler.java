package io.deltacat.server.internal.http;

import io.deltacat.api.error.ProblemType;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors Jetty raises itself (bad URIs, bad messages) as problem+json instead of HTML pages. */
public final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        ProblemType type = ProblemType.forStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResult.PROBLEM_JSON);
        response.write(true, ByteBuffer.wrap(Json.problem(type, code, type.title(),
                message == null ? "HTTP " + code : message)), callback);
    }
}
