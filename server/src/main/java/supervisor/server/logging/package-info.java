/**
 * The daemon's one logging path for messages no code hands a log to: libraries logging through
 * SLF4J (Jetty) and uncaught exceptions reach the activity log of the running supervisor. Our
 * own code writes to the {@link supervisor.logging.ActivityLog} it is given.
 */
package supervisor.server.logging;
