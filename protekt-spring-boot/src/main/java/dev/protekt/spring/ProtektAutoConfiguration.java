package dev.protekt.spring;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.metrics.ProtektMetrics;
import dev.protekt.servlet.ProtektFilter;
import dev.protekt.servlet.ProtektWarmUpListener;
import dev.protekt.users.Users;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Protekt for Spring Boot, without Spring Security: builds {@link ProtektAuth} from the {@code
 * protekt.*} properties ({@link ProtektProperties}), exposes it and its {@link Users} client as
 * beans, and in a servlet web application registers the {@link ProtektFilter} (which hands each
 * request's bearer token to guards annotated {@code @TokenFromContext}) and the {@link
 * ProtektExceptionResolver} (which answers their failures with RFC 6750 responses). Every bean backs
 * off when the application declares its own. {@link ProtektSecurityAutoConfiguration} adds Spring
 * Security's side.
 */
@AutoConfiguration(afterName = {
    // Spring Boot 4 and 3: where the application's MeterRegistry is declared.
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@EnableConfigurationProperties(ProtektProperties.class)
public class ProtektAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger("dev.protekt.spring");

  /**
   * The client, from the {@code protekt.*} properties, reporting to the application's {@link
   * ProtektMetrics} bean if it has one (with Micrometer, {@link MicrometerConfiguration}'s).
   *
   * @throws dev.protekt.ConfigurationException naming the property to fix, which stops the
   *     application from starting with a useless client
   */
  @Bean
  @ConditionalOnMissingBean
  public ProtektAuth protektAuth(ProtektProperties properties,
      ObjectProvider<ProtektMetrics> metrics, Environment environment) {
    BlankOverrides.refuse(environment);
    ProtektAuth protekt;
    try {
      ProtektAuth.Builder builder = properties.toBuilder();
      metrics.ifUnique(builder::metrics);
      protekt = builder.build();
    } catch (ConfigurationException e) {
      throw PropertyRefusal.of(e);
    }
    if (!properties.verifiesTokens()) {
      // Not a startup failure: an application may use the client for the Users API alone.
      LOG.warn("protekt.audience is not set, so no token can be verified and every guarded"
          + " request that carries one answers 500 until it is: set protekt.audience"
          + " (PROTEKT_AUDIENCE) to the API identifier tokens are issued for, or"
          + " protekt.accept-any-audience=true. An application that only uses the Users API can"
          + " ignore this.");
    }
    return protekt;
  }

  /**
   * The tenant's Users API, {@link ProtektAuth#users()}; of the {@code @Primary} client when the
   * application declares several, and none when no one of them is primary.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(ProtektAuth.class)
  public Users protektUsers(ProtektAuth protekt) {
    return protekt.users();
  }

  /**
   * Warns of unknown {@code protekt.*} properties ({@link UnknownProperties}) as the context starts
   * to refresh: before any bean reads the properties, so that the warning about a misspelt
   * {@code protekt.domian} comes before the failure it causes.
   */
  @Bean
  static BeanFactoryPostProcessor protektUnknownProperties(ConfigurableEnvironment environment) {
    return beanFactory -> UnknownProperties.warn(environment);
  }

  /**
   * Warms every {@link ProtektAuth} bean up ({@code protekt.warm-up.*}), side by side within the
   * one timeout, once all singletons exist, before the web server takes requests; see {@link
   * ProtektWarmUpListener#warmUp}. Closing the context (a SIGTERM's shutdown hook does) cuts the
   * wait short and ends the start ({@link WarmUps}). A configuration the warm-up of the client
   * built here refuses is reported by the {@code protekt.*} properties at fault.
   */
  @Bean
  @ConditionalOnBooleanProperty(name = "protekt.warm-up.enabled", matchIfMissing = true)
  public SmartInitializingSingleton protektWarmUp(ObjectProvider<ProtektAuth> clients,
      ProtektProperties properties, ConfigurableListableBeanFactory beanFactory) {
    ProtektProperties.WarmUp warmUp = properties.getWarmUp();
    Duration timeout = warmUp.checkedTimeout();
    return () -> WarmUps.warmUp(clients.orderedStream().toList(), timeout, warmUp.isRequired(),
        builtFromProperties(beanFactory));
  }

  /**
   * Which client is the one {@link #protektAuth} built, rather than one of the application's own
   * beans, whose options no {@code protekt.*} property sets.
   */
  private static Predicate<ProtektAuth> builtFromProperties(
      ConfigurableListableBeanFactory beanFactory) {
    for (String name : beanFactory.getBeanNamesForType(ProtektAuth.class)) {
      if (!beanFactory.containsBeanDefinition(name)) {
        continue; // a singleton registered as an object, which no property built
      }
      BeanDefinition definition = beanFactory.getMergedBeanDefinition(name);
      String factory = definition.getFactoryBeanName();
      if ("protektAuth".equals(definition.getFactoryMethodName()) && factory != null
          && beanFactory.isTypeMatch(factory, ProtektAutoConfiguration.class)) {
        Object built = beanFactory.getBean(name);
        return client -> client == built;
      }
    }
    return client -> false;
  }

  /**
   * Micrometer, when the application has it and one {@link MeterRegistry} (Spring Boot Actuator
   * provides it): the client's {@code protekt.*} meters go there.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class MicrometerConfiguration {

    /** The registry's meters; declare your own {@link ProtektMetrics} bean to report elsewhere. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(MeterRegistry.class)
    ProtektMetrics protektMetrics(MeterRegistry registry) {
      return MicrometerMetrics.of(registry);
    }
  }

  /** The web half: only in servlet applications. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(FilterRegistrationBean.class)
  static class ServletConfiguration {

    /** Registers the {@link ProtektFilter} on {@code protekt.filter.url-patterns}. */
    @Bean
    @ConditionalOnMissingFilterBean(ProtektFilter.class)
    @ConditionalOnBooleanProperty(name = "protekt.filter.enabled", matchIfMissing = true)
    FilterRegistrationBean<ProtektFilter> protektFilter(ProtektProperties properties) {
      FilterRegistrationBean<ProtektFilter> registration =
          new FilterRegistrationBean<>(new ProtektFilter(properties.checkedRealm()));
      registration.setName("protektFilter");
      // Also on the dispatch where Spring MVC writes an async handler's result (Callable,
      // DeferredResult), so that a failure it carries is answered as on the request. The async
      // work itself ran on another thread, where no token is bound.
      registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
      registration.setUrlPatterns(properties.getFilter().checkedUrlPatterns());
      registration.setOrder(properties.getFilter().getOrder());
      return registration;
    }

  }

  /** The Spring MVC half: only where the application runs a {@link DispatcherServlet}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(DispatcherServlet.class)
  static class MvcConfiguration {

    /** Answers the SDK's exceptions thrown by controllers. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "protekt.exception-resolver.enabled", matchIfMissing = true)
    ProtektExceptionResolver protektExceptionResolver(ProtektProperties properties) {
      return new ProtektExceptionResolver(properties.checkedRealm());
    }
  }
}
