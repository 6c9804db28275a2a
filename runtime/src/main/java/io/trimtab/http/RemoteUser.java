package io.trimtab.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.security.Principal;

/**
 * Shows a mounted servlet who was authenticated: {@code getRemoteUser()}, {@code getUserPrincipal()} and
 * {@code getAuthType()} answer from {@link FrontDoor#USER_ATTRIBUTE}; all are {@code null} without credentials.
 */
final class RemoteUser implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        Object user = request.getAttribute(FrontDoor.USER_ATTRIBUTE);
        if (user instanceof String name && request instanceof HttpServletRequest http) {
            chain.doFilter(new Authenticated(http, name), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class Authenticated extends HttpServletRequestWrapper {
        private final String user;

        Authenticated(HttpServletRequest request, String user) {
            super(request);
            this.user = user;
        }

        @Override
        public String getRemoteUser() {
            return user;
        }

        @Override
        public Principal getUserPrincipal() {
            return () -> user;
        }

        @Override
        public String getAuthType() {
            return HttpServletRequest.BASIC_AUTH;
        }
    }
}
