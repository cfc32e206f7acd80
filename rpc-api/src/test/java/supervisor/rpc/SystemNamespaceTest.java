package supervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import supervisor.testing.ReferencePython;

class SystemNamespaceTest {
    private final RpcRegistry registry = new RpcRegistry();
    private final XmlRpcDispatcher dispatcher = new XmlRpcDispatcher(registry);

    private Object answer(String method, Object... params) throws Exception {
        return XmlRpcCodec.decodeResponse(dispatcher.handle(XmlRpcCodec.encodeCall(method, List.of(params))).get());
    }

    private static Map<String, Object> call(String method, Object... params) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("methodName", method);
        call.put("params", List.of(params));
        return call;
    }

    private static Map<String, Object> fault(int code, String text) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("faultCode", code);
        fault.put("faultString", text);
        return fault;
    }

    @Test
    void withNothingRegisteredOnlyTheSystemMethodsExist() throws Exception {
        assertEquals(List.of("system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"),
                answer("system.listMethods"));
    }

    @Test
    void listMethodsIsSortedByCodePointAndIncludesAliases() throws Exception {
        registry.register("supervisor.getAllConfigInfo", 0, 0, "", args -> 1);
        registry.register("supervisor.getAPIVersion", 0, 0, "", args -> "3.0");
        registry.alias("supervisor.getVersion", "supervisor.getAPIVersion");
        registry.register("abc.x", 0, 0, "", args -> 1);
        assertEquals(List.of("abc.x", "supervisor.getAPIVersion", "supervisor.getAllConfigInfo", "supervisor.getVersion",
                "system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"),
                answer("system.listMethods"));
        assertEquals("3.0", answer("supervisor.getVersion"));
    }

    @Test
    void codePointOrderDiffersFromUtf16OrderAboveTheBmp() {
        List<String> names = new ArrayList<>(List.of("a.\uFF61", "a.\uD83D\uDE00"));
        names.sort(RpcRegistry.CODE_POINT_ORDER);
        assertEquals(List.of("a.\uFF61", "a.\uD83D\uDE00"), names);
    }

    @Test
    void methodHelpReturnsTheDocVerbatimAndAliasesShareIt() throws Exception {
        String doc = " Get a thing\n\n        @param string name  The name\n        @return struct info  The info\n        ";
        registry.register("supervisor.getThing", 1, 1, doc, args -> 1);
        registry.alias("supervisor.getThingAgain", "supervisor.getThing");
        registry.register("supervisor.undocumented", 0, 0, null, args -> 1);
        assertEquals(doc, answer("system.methodHelp", "supervisor.getThing"));
        assertEquals(doc, answer("system.methodHelp", "supervisor.getThingAgain"));
        assertEquals("None", answer("system.methodHelp", "supervisor.undocumented"));
        for (Object name : List.of("supervisor.nosuch", "nosuch", 5)) {
            RpcFault f = assertThrows(RpcFault.class, () -> answer("system.methodHelp", name));
            assertEquals(4, f.faultCode());
            assertEquals("SIGNATURE_UNSUPPORTED", f.faultString());
        }
    }

    @Test
    void systemSignaturesAreThoseOfSupervisord() throws Exception {
        assertEquals(List.of("array"), answer("system.methodSignature", "system.listMethods"));
        assertEquals(List.of("string", "string"), answer("system.methodSignature", "system.methodHelp"));
        assertEquals(List.of("array", "string"), answer("system.methodSignature", "system.methodSignature"));
        assertEquals(List.of("array", "array"), answer("system.methodSignature", "system.multicall"));
        String help = (String) answer("system.methodHelp", "system.multicall");
        assertTrue(help.startsWith(" ") && help.endsWith("\n        "), help);
    }

    @Test
    void signatureWithoutReturnIsUnsupported() {
        registry.register("supervisor.noReturn", 0, 0, " Does things.\n        @param string x\n        ", args -> 1);
        RpcFault f = assertThrows(RpcFault.class, () -> answer("system.methodSignature", "supervisor.noReturn"));
        assertEquals("SIGNATURE_UNSUPPORTED", f.faultString());
        assertEquals("SIGNATURE_UNSUPPORTED",
                assertThrows(RpcFault.class, () -> answer("system.methodSignature", "x.y")).faultString());
    }

    /** supervisord's gettags + methodSignature logic, applied to docs at test time. */
    private static final String SIGNATURES = """
            import sys
            from supervisor.xmlrpc import gettags
            from supervisor.rpcinterface import SupervisorNamespaceRPCInterface as S
            def signature(doc):
                rtype, ptypes = None, []
                for t in gettags(doc):
                    if t[1] == 'return': rtype = t[2]
                    elif t[1] == 'param': ptypes.append(t[2])
                return 'UNSUPPORTED' if rtype is None else ' '.join([rtype] + ptypes)
            docs = [bytes.fromhex(l).decode() for l in sys.stdin.read().split()]
            docs += [getattr(S, n).__doc__ for n in sorted(dir(S)) if not n.startswith('_') and callable(getattr(S, n))]
            for d in docs:
                print(d.encode().hex() + ' ' + signature(d))
            """;

    @Test
    void signaturesAreReadFromDocsLikeSupervisordReadsThem() throws Exception {
        List<String> docs = List.of(
                " x\n  @return   array   result   text\n  @param int a\n\t@param   string b more words\n",
                "@return\n@param",
                "@return int\n@return string\n",
                " @returns int\n @param int a\n",
                "   @param struct s\n\n   @return boolean ok",
                "no tags at all",
                Docstring.of("Example.", "", "@param string name  The name", "@return boolean result  Always true"));
        StringBuilder in = new StringBuilder();
        for (String d : docs) {
            in.append(HexFormat.of().formatHex(d.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        String[] lines = ReferencePython.run(SIGNATURES, in.toString()).split("\n");
        assertTrue(lines.length > docs.size() + 30, "supervisord's own docs are part of the comparison");
        for (String line : lines) {
            String[] parts = line.split(" ", 2);
            String doc = new String(HexFormat.of().parseHex(parts[0]), StandardCharsets.UTF_8);
            List<String> ours = DocTags.signature(doc);
            assertEquals(parts[1], ours == null ? "UNSUPPORTED" : String.join(" ", ours), doc);
        }
    }

    @Test
    void multicallAnswersBareValuesAndFaultStructsInOrder() throws Exception {
        registry.register("supervisor.echo", 1, 1, "", args -> args.get(0));
        registry.register("supervisor.fail", 0, 0, "", args -> {
            throw new RpcFault(FaultCode.NOT_RUNNING, "cat");
        });
        registry.register("supervisor.crash", 0, 0, "", args -> {
            throw new IllegalStateException("boom");
        });
        Map<String, Object> noName = new LinkedHashMap<>();
        noName.put("params", List.of());
        Map<String, Object> noParams = new LinkedHashMap<>();
        noParams.put("methodName", "system.listMethods");
        Object result = answer("system.multicall", List.of(
                call("supervisor.echo", "a"),
                call("supervisor.echo", List.of(1, 2)),
                call("supervisor.fail"),
                noName,
                call("system.multicall", List.of()),
                call("supervisor.crash"),
                call("supervisor.nosuch"),
                call("supervisor.echo"),
                noParams));
        assertEquals(List.of(
                "a",
                List.of(1, 2),
                fault(70, "NOT_RUNNING: cat"),
                fault(2, "INCORRECT_PARAMETERS: No methodName"),
                fault(2, "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"),
                fault(30, "FAILED: <class 'java.lang.IllegalStateException'>:boom"),
                fault(1, "UNKNOWN_METHOD"),
                fault(2, "INCORRECT_PARAMETERS"),
                answer("system.listMethods")), result);
    }

    @Test
    void multicallOfNothingIsEmpty() throws Exception {
        assertEquals(List.of(), answer("system.multicall", List.of()));
    }

    @Test
    void multicallRefusesWhatIsNotAListOfStructs() {
        assertEquals("INCORRECT_PARAMETERS",
                assertThrows(RpcFault.class, () -> answer("system.multicall", "calls")).faultString());
        List<Object> calls = new ArrayList<>();
        registry.register("supervisor.count", 0, 0, "", args -> calls.add("ran"));
        assertThrows(RpcFault.class, () -> answer("system.multicall", List.of(call("supervisor.count"), "junk")));
        assertEquals(List.of(), calls, "nothing runs when the batch is refused");
    }

    @Test
    void aDeferredCallDelaysTheFollowingOnes() throws Exception {
        List<String> ran = new ArrayList<>();
        CompletableFuture<Object> slow = new CompletableFuture<>();
        CompletableFuture<Object> slowFault = new CompletableFuture<>();
        registry.register("supervisor.slow", 0, 0, "", args -> {
            ran.add("slow");
            return slow;
        });
        registry.register("supervisor.slowFault", 0, 0, "", args -> {
            ran.add("slowFault");
            return slowFault;
        });
        registry.register("supervisor.fast", 0, 0, "", args -> {
            ran.add("fast");
            return "fast";
        });
        CompletableFuture<byte[]> response = dispatcher.handle(XmlRpcCodec.encodeCall("system.multicall", List.of(List.of(
                call("supervisor.fast"), call("supervisor.slow"), call("supervisor.fast"),
                call("supervisor.slowFault"), call("supervisor.fast")))));
        assertEquals(List.of("fast", "slow"), ran);
        assertFalse(response.isDone());
        slow.complete(true);
        assertEquals(List.of("fast", "slow", "fast", "slowFault"), ran);
        assertFalse(response.isDone());
        slowFault.completeExceptionally(new RpcFault(FaultCode.SPAWN_ERROR, "cat"));
        assertEquals(List.of("fast", "slow", "fast", "slowFault", "fast"), ran);
        assertEquals(List.of("fast", true, "fast", fault(50, "SPAWN_ERROR: cat"), "fast"),
                XmlRpcCodec.decodeResponse(response.get()));
    }
}
