package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** supervisord's dispatch rules, through the whole handle() path: bytes in, bytes out. */
class DispatchTest {
    private final RpcRegistry registry = new RpcRegistry();
    private final XmlRpcDispatcher dispatcher = new XmlRpcDispatcher(registry);

    DispatchTest() {
        registry.register("supervisor.echo", 1, 2, Docstring.of("Echo.", "@return string x"),
                args -> args.size() == 1 ? args.get(0) : args.asList());
        registry.register("supervisor.fail", 0, 0, "", args -> {
            throw new RpcFault(FaultCode.BAD_NAME, "foo:*");
        });
        registry.register("supervisor.crash", 0, 0, "", args -> {
            throw new IllegalStateException("boom");
        });
        registry.register("supervisor.tooBig", 0, 0, "", args -> 1L << 40);
        registry.register("supervisor.nothing", 0, 0, "", args -> null);
        registry.register("supervisor.name", 1, 1, "", args -> args.string(0));
    }

    private byte[] request(String method, Object... params) {
        return XmlRpcCodec.encodeCall(method, List.of(params));
    }

    private Object answer(String method, Object... params) throws Exception {
        CompletableFuture<byte[]> response = dispatcher.handle(request(method, params));
        assertTrue(response.isDone(), "an immediate method answers before handle() returns");
        return XmlRpcCodec.decodeResponse(response.get());
    }

    private RpcFault fault(String method, Object... params) {
        return assertThrows(RpcFault.class, () -> answer(method, params));
    }

    @Test
    void callsReturnEncodedValues() throws Exception {
        assertEquals("hi", answer("supervisor.echo", "hi"));
        assertEquals(List.of("a", 2), answer("supervisor.echo", "a", 2));
    }

    @Test
    void namesNeedExactlyTwoPartsAndAPublicMethod() {
        for (String name : List.of("supervisor", "supervisor.echo.extra", "supervisor.", ".echo", "supervisor..echo",
                "supervisor._hidden", "supervisor.__init__", "nosuch.echo", "supervisor.nosuch", "Supervisor.echo",
                "system._listMethods")) {
            RpcFault f = fault(name, "x");
            assertEquals(1, f.faultCode(), name);
            assertEquals("UNKNOWN_METHOD", f.faultString(), name);
        }
    }

    @Test
    void underscoreNamesCannotEvenBeRegistered() {
        assertThrows(IllegalArgumentException.class, () -> registry.register("a._b", 0, 0, "", args -> 1));
        assertThrows(IllegalArgumentException.class, () -> registry.register("a.b.c", 0, 0, "", args -> 1));
        assertThrows(IllegalArgumentException.class, () -> registry.register("supervisor.echo", 0, 0, "", args -> 1));
    }

    @Test
    void wrongArgumentCountIsABareIncorrectParameters() {
        for (Object[] params : List.of(new Object[0], new Object[] {1, 2, 3})) {
            RpcFault f = fault("supervisor.echo", params);
            assertEquals(2, f.faultCode());
            assertEquals("INCORRECT_PARAMETERS", f.faultString());
        }
        assertEquals("INCORRECT_PARAMETERS", fault("system.listMethods", 1).faultString());
    }

    @Test
    void aMethodsFaultIsAnHttp200Fault() {
        RpcFault f = fault("supervisor.fail");
        assertEquals(10, f.faultCode());
        assertEquals("BAD_NAME: foo:*", f.faultString());
        assertEquals(FaultCode.BAD_NAME, f.code());
        assertEquals("foo:*", f.detail());
    }

    @Test
    void aWronglyTypedStringIsAFault() {
        assertEquals("INCORRECT_PARAMETERS", fault("supervisor.name", 5).faultString());
    }

    @Test
    void otherExceptionsAndUnencodableValuesFailTheFuture() {
        ExecutionException crash = assertThrows(ExecutionException.class,
                () -> dispatcher.handle(request("supervisor.crash")).get());
        assertInstanceOf(IllegalStateException.class, crash.getCause());
        for (String method : List.of("supervisor.tooBig", "supervisor.nothing")) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> dispatcher.handle(request(method)).get());
            assertInstanceOf(IllegalArgumentException.class, e.getCause(), method);
        }
    }

    @Test
    void aDeferredAnswerCompletesWhenTheMethodsStageDoes() throws Exception {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        registry.register("supervisor.wait", 0, 0, "", args -> pending);
        CompletableFuture<byte[]> response = dispatcher.handle(request("supervisor.wait"));
        assertFalse(response.isDone());
        pending.complete(true);
        assertEquals(true, XmlRpcCodec.decodeResponse(response.get()));
    }

    @Test
    void aDeferredFaultIsStillAFault() {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        registry.register("supervisor.wait", 0, 0, "", args -> pending);
        CompletableFuture<byte[]> response = dispatcher.handle(request("supervisor.wait"));
        pending.completeExceptionally(new RpcFault(FaultCode.SPAWN_ERROR, "cat"));
        RpcFault f = assertThrows(RpcFault.class, () -> XmlRpcCodec.decodeResponse(response.get()));
        assertEquals("SPAWN_ERROR: cat", f.faultString());
    }

    @Test
    void aDeferredCrashFailsTheFutureWithTheCauseItself() {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        registry.register("supervisor.wait", 0, 0, "", args -> pending);
        CompletableFuture<byte[]> response = dispatcher.handle(request("supervisor.wait"));
        IOException cause = new IOException("disk gone");
        pending.completeExceptionally(new java.util.concurrent.CompletionException(cause));
        ExecutionException e = assertThrows(ExecutionException.class, response::get);
        assertSame(cause, e.getCause());
    }

    @Test
    void paramsMayBeOmitted() throws Exception {
        byte[] body = "<methodCall><methodName>system.listMethods</methodName></methodCall>".getBytes();
        assertInstanceOf(List.class, XmlRpcCodec.decodeResponse(dispatcher.handle(body).get()));
    }

    @Test
    void nilArgumentsReachTheMethod() throws Exception {
        registry.register("supervisor.isNil", 2, 2, "", args -> List.of(args.get(0) == null, args.get(1)));
        byte[] body = ("<methodCall><methodName>supervisor.isNil</methodName><params><param><value><nil/></value>"
                + "</param><param><value>x</value></param></params></methodCall>").getBytes();
        assertEquals(List.of(true, "x"), XmlRpcCodec.decodeResponse(dispatcher.handle(body).get()));
    }

    @Test
    void argsConvertLikePython() {
        Args args = Args.of("12", " -3 ", true, 2.9, "x", 0, "", "false", List.of(), null, 1L << 40, "1_0");
        assertEquals(12, args.integer(0));
        assertEquals(-3, args.integer(1));
        assertEquals(1, args.integer(2));
        assertEquals(2, args.integer(3));
        assertEquals(10, args.integer(11));
        assertThrows(RpcFault.class, () -> args.integer(4));
        assertThrows(RpcFault.class, () -> args.integer(8));
        assertThrows(RpcFault.class, () -> args.integer(9));
        assertThrows(RpcFault.class, () -> args.integer(10));
        assertThrows(RpcFault.class, () -> args.integer(12));
        assertTrue(args.bool(2, false));
        assertFalse(args.bool(5, true));
        assertFalse(args.bool(6, true));
        assertTrue(args.bool(7, false), "a non-empty string is true, as in Python");
        assertFalse(args.bool(8, true));
        assertFalse(args.bool(9, true));
        assertTrue(args.bool(99, true));
        assertFalse(args.bool(99, false));
        assertEquals("x", args.string(4));
        assertEquals(FaultCode.INCORRECT_PARAMETERS, assertThrows(RpcFault.class, () -> args.string(5)).code());
        assertEquals(FaultCode.INCORRECT_PARAMETERS, assertThrows(RpcFault.class, () -> args.get(12)).code());
        assertNull(args.get(9));
    }
}
