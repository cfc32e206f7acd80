/**
 * The XML-RPC wire contract, without I/O: the value model and its codec (our own hardened XML
 * reader that refuses DTDs and entities, a writer byte for byte like Python's xmlrpc.client
 * but always well-formed: the characters XML 1.0 cannot carry go as stand-ins, XmlChars),
 * fault codes, the method registry with supervisord's dispatch rules and the built-in
 * {@code system.*} namespace, the dispatcher that turns a request body into a response body,
 * and a small client. Knows nothing of processes or HTTP; depends only on the JDK.
 */
package supervisor.rpc;
