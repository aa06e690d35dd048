package io.deltacat.server.internal.http;

import io.deltacat.api.error.ProblemType;
import io.deltacat.server.internal.auth.Users;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link io.deltacat.server.ServerExtension}'s handler behind the server's authentication: a
 * request under the extension's path without a valid bearer token gets the same 401 problem as a REST
 * request; any other request under it goes to the extension. Requests elsewhere are not this gate's
 * (it answers false, so the next handler, the REST API, takes them).
 */
public final class ExtensionGate extends Handler.Wrapper {
    private static final Logger ACCESS = LoggerFactory.getLogger(ApiHandler.ACCESS_LOGGER);
    private final String prefix;
    private final Authenticator authenticator;

    public ExtensionGate(String prefix, Handler extension, String authToken, Users users) {
        super(extension);
        this.prefix = prefix;
        this.authenticator = new Authenticator(authToken, users);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path == null || !(path.equals(prefix) || path.startsWith(prefix + "/"))) {
            return false;
        }
        if (authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION)).isEmpty()) {
            HttpResult r = HttpResult.problem(ProblemType.UNAUTHORIZED,
                    "a valid 'Authorization: Bearer <token>' header is required");
            response.setStatus(r.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
            response.getHeaders().put("WWW-Authenticate", "Bearer");
            ACCESS.info("{} {} {}", request.getMethod(), prefix, r.status());
            response.write(true, ByteBuffer.wrap(r.body()), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
