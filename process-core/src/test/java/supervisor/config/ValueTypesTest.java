package supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import supervisor.testing.Json;
import supervisor.testing.ReferencePython;

/**
 * The value types, %-expansion and environment syntax against supervisor's own functions:
 * each case is evaluated by Python and by us, results and error messages must be equal.
 */
class ValueTypesTest {
    private static final String EVAL = """
            import sys, json
            from supervisor import datatypes as d
            from supervisor.options import expand
            def auto(v):
                r = d.auto_restart(v)
                return {d.RestartUnconditionally: 'ALWAYS', d.RestartWhenExitUnexpected: 'UNEXPECTED'}.get(r, 'NEVER')
            def level(v):
                from supervisor.loggers import LevelsByName
                n = d.logging_level(v)
                return [k for k, x in vars(LevelsByName).items() if x == n and not k.startswith('_')][0]
            funcs = {'boolean': d.boolean, 'integer': d.integer, 'byte_size': d.byte_size,
                     'octal': d.octal_type, 'signal': d.signal_number, 'exitcodes': d.list_of_exitcodes,
                     'autorestart': auto, 'loglevel': level, 'name': d.process_or_group_name,
                     'inet': lambda v: list(d.inet_address(v)), 'uid': d.name_to_uid,
                     'env': d.dict_of_key_value_pairs,
                     'positive_integer': d.RangeCheckedConversion(d.integer, min=1)}
            for line in sys.stdin:
                case = json.loads(line)
                try:
                    if case[0] == 'expand':
                        r = expand(case[1], case[2], 'program:x.command')
                    else:
                        r = funcs[case[0]](case[1])
                    print('OK ' + json.dumps(r))
                except Exception as e:
                    print('ERR ' + json.dumps(str(e)))
            """;

    private static final Map<String, Object> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("here", "/etc/sup");
        NAMES.put("program_name", "web");
        NAMES.put("process_num", 7);
        NAMES.put("numprocs", 12);
        NAMES.put("ENV_HOME", "/home/u");
    }

    @BeforeAll
    static void reference() {
        ReferencePython.assumeAvailable();
    }

    private static Object ours(String type, String arg) throws ConfigException {
        return switch (type) {
            case "boolean" -> Datatypes.bool(arg);
            case "integer" -> Datatypes.integer(arg);
            case "positive_integer" -> Datatypes.positiveInteger(arg);
            case "byte_size" -> Datatypes.byteSize(arg);
            case "octal" -> Datatypes.octal(arg);
            case "signal" -> Datatypes.signal(arg);
            case "exitcodes" -> Datatypes.exitCodes(arg);
            case "autorestart" -> Datatypes.autoRestart(arg).name();
            case "loglevel" -> Datatypes.logLevel(arg).tag;
            case "name" -> Datatypes.processOrGroupName(arg);
            case "inet" -> {
                Datatypes.InetAddress a = Datatypes.inetAddress(arg);
                yield List.of(a.host(), a.port());
            }
            case "uid" -> UserDb.uidOf(arg);
            case "env" -> KeyValuePairs.parse(arg);
            case "expand" -> Expansion.expand(arg, NAMES, "program:x.command");
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static void compare(String type, String... args) throws Exception {
        StringBuilder input = new StringBuilder();
        for (String arg : args) {
            input.append(type.equals("expand") ? Json.write(List.of(type, arg, NAMES))
                    : Json.write(List.of(type, arg))).append('\n');
        }
        String[] expected = ReferencePython.run(EVAL, input.toString()).split("\n");
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String actual;
            try {
                actual = "OK " + Json.write(ours(type, args[i]));
            } catch (ConfigException e) {
                actual = "ERR " + Json.write(e.getMessage());
            }
            if (!actual.equals(expected[i])) {
                mismatches.add(type + "(" + args[i] + "): python " + expected[i] + " / ours " + actual);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void booleans() throws Exception {
        compare("boolean", "true", "YES", "On", "1", "false", "no", "OFF", "0", "maybe", "", " true", "tRuE");
    }

    @Test
    void integers() throws Exception {
        compare("integer", "10", " 42 ", "-3", "+7", "1_000", "1__0", "_1", "abc", "", "3.5", "0x10", "010",
                "٣", "1 2");
    }

    /** backoff_max's type (an extension), judged against supervisord's own range-checked integer. */
    @Test
    void positiveIntegers() throws Exception {
        compare("positive_integer", "1", " 30 ", "+7", "1_000", "0", "-0", "-5", "abc", "", "3.5",
                "-99999999999999999999999");
    }

    @Test
    void byteSizes() throws Exception {
        compare("byte_size", "50MB", "1kb", "2GB", "1024", "0", "50XB", "MB", "abcMB", "1 MB", " 5kb", "5b", "1.5MB");
    }

    @Test
    void octals() throws Exception {
        compare("octal", "022", "0o22", "0O777", "777", "8", "abc", "", "-7", " 17 ", "0x1f", "0o_7");
    }

    @Test
    void signals() throws Exception {
        compare("signal", "TERM", "sigterm", "SIGKILL", "9", "usr1", " hup ", "0", "33", "34", "64", "40", "65",
                "FOO", "SIG", "RTMIN", "CLD", "IOT", "POLL", "_DFL", "-1", "", "STKFLT");
    }

    @Test
    void exitCodes() throws Exception {
        compare("exitcodes", "0", "0,2", "1, 2", "", "256", "-1", "0,,1", "a", "0,255");
    }

    @Test
    void autorestartAndLevels() throws Exception {
        compare("autorestart", "unexpected", "true", "FALSE", "sometimes", "Unexpected", "1");
        compare("loglevel", "info", "WARN", "blather", "loud", "Critical", "");
    }

    @Test
    void namesAndPorts() throws Exception {
        compare("name", "web", " web ", "a b", "a:b", "a/b", " a b ", "x\ty");
        compare("inet", "9001", "*:9001", ":9001", "LocalHost:80", "127.0.0.1:70000", "0", "abc", "host:", "host:abc",
                "::1:80", "65535", "-1");
    }

    @Test
    void users() throws Exception {
        compare("uid", "root", "0", "nosuchuser", "99999", "-5", "nobody");
    }

    @Test
    void environmentSyntax() throws Exception {
        compare("env", "A=1,B=2", "A=\"1,2\",B='x y',C=plain", "", "A=1,B", "A=x=y", "A=\"open", "A=1 B=2",
                "A=1;B=2", "A=a@b", "PATH=/usr/bin:/bin", "A=1,", " A = 1 , B = 2 ", "A='it''s'", "K=v#comment,B=2",
                "A=\"x\"y", "A=$HOME", "A=1,A=2", "A=-x+y.z(1)");
    }

    @Test
    void expansions() throws Exception {
        compare("expand", "plain", "%(program_name)s_%(process_num)02d", "%(here)s/x", "100%%", "%(nope)s",
                "%(program_name)", "%(program_name", "%(program_name)z", "%(program_name)d", "%(process_num)x",
                "%(process_num)#o", "%(process_num)+5d|", "%(process_num)-4d|", "%(program_name).1s",
                "%(program_name)8s", "%(process_num)s", "%(process_num)r", "%(program_name)r", "trailing %",
                "%(program_name)s%s", "%(process_num)f", "%(process_num).2e", "%(process_num)g",
                "%(program_name)c", "%(process_num)c", "%5%", "%(a(b))s", "%(ENV_HOME)s", "%(process_num)ld");
    }
}
