package supervisor.config;

/**
 * A configuration error. The message is exactly the text supervisord prints after
 * {@code Error: } (and returns after {@code CANT_REREAD: }).
 */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
