package supervisor.server.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import supervisor.config.LogLevel;

/**
 * The SLF4J binding of the daemon: what Jetty logs goes to the activity log, at the level
 * supervisord gives its own HTTP server's messages. Errors and warnings keep their level;
 * information goes at TRACE, as medusa's does; Jetty's debug output is not wanted anywhere.
 * Registered through {@code META-INF/services}.
 */
public final class Slf4jToActivityLog implements SLF4JServiceProvider {
    private final ILoggerFactory loggers = Library::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: messages are routed when they are logged
    }

    /** supervisord's level for a library's message, or null for none. */
    static LogLevel levelOf(Level level) {
        return switch (level) {
            case ERROR -> LogLevel.ERROR;
            case WARN -> LogLevel.WARN;
            case INFO -> LogLevel.TRACE;
            case DEBUG, TRACE -> null;
        };
    }

    /** One named logger of a library; the Marker variants of the checks ask these. */
    private static final class Library extends LegacyAbstractLogger {
        Library(String name) {
            this.name = name;
        }

        private static boolean on(Level level) {
            LogLevel ours = levelOf(level);
            return ours != null && ActivityLogRoute.enabled(ours);
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable failure) {
            LogLevel ours = levelOf(level);
            if (ours != null) {
                String message = MessageFormatter.basicArrayFormat(pattern, arguments);
                ActivityLogRoute.log(ours, name + ": " + message + (failure == null ? "" : ": "), failure);
            }
        }
    }
}
