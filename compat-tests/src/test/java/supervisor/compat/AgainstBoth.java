package supervisor.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A scenario run once per {@link Implementation}: REAL first (its transcript is kept), then OURS
 * (compared with REAL's). The method takes the Implementation and calls {@link CompatSuite#scenario}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@EnumSource(Implementation.class)
public @interface AgainstBoth {
}
