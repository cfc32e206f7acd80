/**
 * supervisord's web interface: the status page and its actions, {@code tail.html}, the
 * stylesheet and images. It reads and changes the supervisor only through the XML-RPC methods
 * of the registry, so a page shows and does exactly what the API would.
 */
package supervisor.server.web;
