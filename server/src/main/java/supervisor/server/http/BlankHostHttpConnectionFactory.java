package supervisor.server.http;

import java.net.InetSocketAddress;

import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.HostPort;
import org.eclipse.jetty.util.StringUtil;

/**
 * HTTP/1.1 connections that accept an empty {@code Host:} header, and, on a unix socket, an
 * HTTP/1.0 request without one.
 *
 * <p>supervisorctl's {@code tail -f} and {@code maintail -f} over a unix socket send
 * {@code Host: } with nothing after it. Jetty answers such requests with 400 "Blank Host" and
 * offers no compliance mode to relax that, so the blank value is replaced by {@code localhost}
 * while the header is parsed. This reaches into Jetty's internal HttpConnection; a regression
 * test sends supervisorctl's exact bytes so a Jetty upgrade that breaks it is noticed.
 *
 * <p>An HTTP/1.0 request may name no host at all; Jetty then takes the connection's local
 * address, which on a unix socket is a path it cannot parse (400 "Bad Authority", and a warning
 * in the log). medusa answers such a request, so it gets {@code localhost} too.
 */
final class BlankHostHttpConnectionFactory extends HttpConnectionFactory {

    BlankHostHttpConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new BlankHostConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static final class BlankHostConnection extends HttpConnection {
        private static final HostPort LOCALHOST = new HostPort("localhost");

        BlankHostConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        public HostPort getServerAuthority() {
            return getLocalSocketAddress() instanceof InetSocketAddress ? super.getServerAuthority() : LOCALHOST;
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
            return new HttpStreamOverHTTP1(method, uri, version) {
                @Override
                public void parsedHeader(HttpField field) {
                    if (field.getHeader() == HttpHeader.HOST && StringUtil.isBlank(field.getValue()))
                        field = new HostPortHttpField("localhost");
                    super.parsedHeader(field);
                }
            };
        }
    }
}
