package dev.protekt.servlet;

import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import java.nio.file.Files;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The filter in a real embedded Tomcat 10.1 (Spring Boot 3.5's container) on a real port: how it
 * writes its answers there, where Tomcat differs from Jetty.
 */
class ProtektFilterTomcatTest implements AnswerWritingContract {
  private static final InterruptProbe INTERRUPTS = new InterruptProbe();

  private static LocalTenant tenant;
  private static Tomcat tomcat;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    tenant = LocalTenant.start();
    ProtektAuth protekt = ProtektAuth.builder()
        .domain(tenant.domain())
        .audience(tenant.apiAudience())
        .retryAttempts(0)
        .build();
    ContextHandlers fromContext = new ContextHandlersGuard(new SampleHandlers(), protekt);

    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    addFilter(context, "interrupts", INTERRUPTS, "/interrupted/*");
    addFilter(context, "protekt", new ProtektFilter("test-api"), "/*");
    Tomcat.addServlet(context, "writer", new WriterFirstServlet(fromContext));
    context.addServletMappingDecoded("/writer/*", "writer");
    Tomcat.addServlet(context, "interrupted", new RoutingServlet(Map.of(
        "/profile", request -> {
          Thread.currentThread().interrupt();
          return fromContext.profile();
        })));
    context.addServletMappingDecoded("/interrupted/*", "interrupted");
    tomcat.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  private static void addFilter(Context context, String name, jakarta.servlet.Filter filter,
      String pattern) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern(pattern);
    context.addFilterMap(map);
  }

  @AfterAll
  static void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (tenant != null) {
      tenant.close();
    }
  }

  @Override
  public String containerBase() {
    return base;
  }

  @Override
  public LocalTenant containerTenant() {
    return tenant;
  }

  @Override
  public InterruptProbe interrupts() {
    return INTERRUPTS;
  }
}
