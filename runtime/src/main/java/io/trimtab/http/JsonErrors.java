package io.trimtab.http;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to what Jetty itself refuses (a malformed request, a body that outgrew the limit, an unknown path): the
 * Jolokia JSON shape with the status and its reason, never an exception's class or stack trace.
 */
final class JsonErrors extends ErrorHandler {

    private final long maxBodyBytes;

    JsonErrors(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        String message = status == 413 ? "Request body exceeds the limit of " + maxBodyBytes + " bytes"
                : status + " " + HttpStatus.getMessage(status);
        response.getHeaders().clear();
        return Refusals.refuse(response, callback, status, message);
    }
}
