/**
 * supervisord's events: the types and their payloads, the bus they are raised on (every
 * process state change is an event there), the envelopes sent to listeners, and the
 * {@code [eventlistener:x]} side: the pool's buffer and dispatch, and the listener protocol
 * read from a listener's stdout. Loop thread only. Depends on {@code config} and {@code logging}.
 */
package supervisor.events;
