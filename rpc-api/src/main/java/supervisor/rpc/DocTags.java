package supervisor.rpc;

import java.util.ArrayList;
import java.util.List;
import supervisor.python.PyStr;

/**
 * Reads a method's signature from its documentation, the way supervisord does: every line that,
 * once stripped, starts with {@code @} is a tag; its first word after the tag is the type.
 * {@code @return <type>} gives the return type (the last one wins), each {@code @param <type>}
 * adds a parameter type in order.
 */
final class DocTags {
    private DocTags() {
    }

    /** {@code [returnType, paramType...]}, or null when the doc has no {@code @return} line. */
    static List<String> signature(String doc) {
        String returnType = null;
        List<String> paramTypes = new ArrayList<>();
        for (String line : doc.split("\n", -1)) {
            String stripped = PyStr.strip(line);
            if (!stripped.startsWith("@")) {
                continue;
            }
            String[] words = stripped.split("\\s+", 3);
            String tag = words[0].substring(1);
            String type = words.length > 1 ? words[1] : "";
            switch (tag) {
                case "return" -> returnType = type;
                case "param" -> paramTypes.add(type);
                default -> {
                    // other tags carry no type information
                }
            }
        }
        if (returnType == null) {
            return null;
        }
        List<String> signature = new ArrayList<>(paramTypes.size() + 1);
        signature.add(returnType);
        signature.addAll(paramTypes);
        return signature;
    }
}
