package dev.s2reactive.testkit;

import dev.s2reactive.server.S2Server;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one in-process {@link S2Server} on a free loopback port for a test
 * class, and injects it into test and lifecycle methods that declare an {@code S2Server}
 * parameter.
 *
 * <pre>{@code
 * @ExtendWith(S2ServerExtension.class)
 * class MyTest {
 *   @Test void reads(S2Server server) { ... server.endpoint() ... }
 * }
 * }</pre>
 *
 * Or, to configure the server, register an instance: {@code @RegisterExtension static
 * S2ServerExtension s2 = S2ServerExtension.configured(b -> b.cors(false));}. The server starts
 * before the first test of the class and closes after the last; it is safe to use from parallel
 * tests of that class.
 */
public final class S2ServerExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final UnaryOperator<S2Server.Builder> configuration;
  private volatile S2Server server;

  /** An extension with the server's defaults (used by {@code @ExtendWith}). */
  public S2ServerExtension() {
    this(UnaryOperator.identity());
  }

  private S2ServerExtension(UnaryOperator<S2Server.Builder> configuration) {
    this.configuration = configuration;
  }

  /** An extension whose server is configured by {@code configuration}. */
  public static S2ServerExtension configured(UnaryOperator<S2Server.Builder> configuration) {
    return new S2ServerExtension(configuration);
  }

  /** The running server; only valid between the class's first and last test. */
  public S2Server server() {
    S2Server current = server;
    if (current == null) {
      throw new IllegalStateException("the S2 server is not running");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = configuration.apply(S2Server.builder()).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    S2Server current = server;
    server = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == S2Server.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server();
  }
}
